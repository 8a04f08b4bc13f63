// The cgroup v2 code path against a fake cgroupfs: a plain directory tree with the v2 interface
// files this isolator reads and writes. This host runs cgroup v1, where cgroups-v1.test.ts
// drives real cgroups; this checks that the v2 files get the right names and values.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Limitation } from '@plateau/kernel';
import { openCgroupFs } from '../src/cgroupfs';
import { withDefaults, type CgroupsConfig } from '../src/config';
import { CgroupsIsolator } from '../src/isolator';
import { blkioToIoWeight, sharesToWeight } from '../src/limits';
import { exitWithin, nextWithin, scalar, start, testLog } from '@plateau/testkit/cgroups';
import { printSkip } from '@plateau/testkit/skip';

const MiB = 1024 * 1024;
const T = '(fake cgroupfs, v1 real test elsewhere)';

/** A fake unified hierarchy: root files, and the parent `plateau` as a v2 kernel would show it. */
function fakeTree(): string {
  const mp = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-fake-cgroup2-'));
  fs.writeFileSync(path.join(mp, 'cgroup.controllers'), 'cpuset cpu io memory hugetlb pids rdma misc\n');
  fs.writeFileSync(path.join(mp, 'cgroup.subtree_control'), '');
  fs.writeFileSync(path.join(mp, 'cgroup.procs'), '');
  fs.mkdirSync(path.join(mp, 'plateau'));
  fs.writeFileSync(path.join(mp, 'plateau', 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
  fs.writeFileSync(path.join(mp, 'plateau', 'memory.swap.max'), 'max\n');
  fs.writeFileSync(path.join(mp, 'plateau', 'io.weight'), 'default 100\n');
  return mp;
}

function isolator(mp: string, extra: Partial<CgroupsConfig> = {}): CgroupsIsolator {
  const cfg = withDefaults({ mountPoint: mp, version: 'v2', watchPollMs: 20, ...extra });
  const cg = openCgroupFs(cfg);
  if (typeof cg === 'string') throw new Error(cg);
  assert.is(cg.version, 'v2');
  return new CgroupsIsolator(cfg, cg, testLog());
}

const read = (mp: string, rel: string) => fs.readFileSync(path.join(mp, rel), 'utf8').trim();
const cid = (value: string) => ({ containerId: { value } });
const prep = (value: string, cpus: number, mem: number) => ({
  containerId: { value },
  config: { containerId: { value }, directory: '/tmp', resources: [scalar('cpus', cpus), scalar('mem', mem)] },
});

test(`v2: start enables the controllers for the subtree ${T}`, async () => {
  const mp = fakeTree();
  try {
    const features = await isolator(mp).start();
    assert.is(read(mp, 'cgroup.subtree_control'), '+cpu +memory +pids +io +cpuset');
    assert.is(read(mp, 'plateau/cgroup.subtree_control'), '+cpu +memory +pids +io +cpuset');
    assert.equal(features, { cpu: true, cfs: true, memory: true, swap: true, pids: true, blkioWeight: true, cpuset: true });
  } finally {
    fs.rmSync(mp, { recursive: true, force: true });
  }
});

test(`v2: a nested container is refused, naming cgroups v1 ${T}`, async () => {
  const mp = fakeTree();
  try {
    const chain = { value: 'inner', parent: { value: 'outer' } };
    const err = await isolator(mp).prepare({ containerId: chain, config: { containerId: chain, directory: '/tmp', resources: [] } }).then(() => undefined, (e: Error) => e);
    assert.match(String(err?.message), /nested container 'inner': a cgroup under its parent's needs cgroups v1/);
  } finally {
    fs.rmSync(mp, { recursive: true, force: true });
  }
});

test(`v2: prepare writes cpu.weight, cpu.max, memory.max/low/swap.max, pids.max, io.weight, cpuset ${T}`, async () => {
  const mp = fakeTree();
  try {
    const iso = isolator(mp, { cfsQuota: true, pidsLimit: 100, blkioWeight: 500, limitSwap: true, cpusetCpus: '0', cpusetMems: '0' });
    const res = await iso.prepare(prep('c1', 1.5, 100));
    const cg = res.launchInfo!.cgroups!;
    // LaunchInfo speaks v1 units whatever the host: runc converts them itself.
    assert.is(cg.path, 'plateau/c1');
    assert.is(cg.cpuShares, 1536);
    assert.is(cg.cpuQuotaUs, '150000');
    assert.is(cg.memoryLimitBytes, String(100 * MiB));
    assert.is(cg.memorySwapBytes, String(100 * MiB));
    assert.is(cg.blkioWeight, 500);
    assert.is(cg.cpusetCpus, '0');
    assert.is(read(mp, 'plateau/c1/cpu.weight'), String(sharesToWeight(1536)));
    assert.is(sharesToWeight(1536), 59);
    assert.is(read(mp, 'plateau/c1/cpu.max'), '150000 100000');
    assert.is(read(mp, 'plateau/c1/memory.max'), String(100 * MiB));
    assert.is(read(mp, 'plateau/c1/memory.low'), String(100 * MiB));
    assert.is(read(mp, 'plateau/c1/memory.swap.max'), '0', 'memory+swap = memory: no swap');
    assert.is(read(mp, 'plateau/c1/pids.max'), '100');
    assert.is(read(mp, 'plateau/c1/io.weight'), `default ${blkioToIoWeight(500)}`);
    assert.is(blkioToIoWeight(500), 4950);
    assert.is(read(mp, 'plateau/c1/cpuset.cpus'), '0');
    assert.is(read(mp, 'plateau/c1/cpuset.mems'), '0');
    await iso.cleanup(cid('c1'));
    assert.not.ok(fs.existsSync(path.join(mp, 'plateau/c1')));
  } finally {
    fs.rmSync(mp, { recursive: true, force: true });
  }
});

test(`v2: isolate writes the pid to cgroup.procs; usage parses cpu.stat, memory.* and counts ${T}`, async () => {
  const mp = fakeTree();
  const p = start('sleep', ['100']);
  try {
    const iso = isolator(mp);
    await iso.prepare(prep('c2', 2, 256));
    await iso.isolate({ ...cid('c2'), pid: p.pid });
    assert.is(read(mp, 'plateau/c2/cgroup.procs'), String(p.pid));
    const d = path.join(mp, 'plateau/c2');
    fs.writeFileSync(path.join(d, 'cpu.stat'), 'usage_usec 3000000\nuser_usec 2000000\nsystem_usec 1000000\nnr_periods 10\nnr_throttled 2\nthrottled_usec 500000\n');
    fs.writeFileSync(path.join(d, 'memory.current'), '4096\n');
    fs.writeFileSync(path.join(d, 'memory.swap.current'), '0\n');
    fs.writeFileSync(path.join(d, 'memory.stat'), 'anon 1000\nfile 2000\nkernel 500\nfile_mapped 300\nunevictable 7\n');
    fs.writeFileSync(path.join(d, 'cgroup.threads'), `${p.pid}\n${p.pid + 100000}\n`);
    const s = await iso.usage(cid('c2'));
    assert.is(s.cpusUserTimeSecs, 2);
    assert.is(s.cpusSystemTimeSecs, 1);
    assert.is(s.cpusNrPeriods, 10);
    assert.is(s.cpusNrThrottled, 2);
    assert.is(s.cpusThrottledTimeSecs, 0.5);
    assert.is(s.cpusLimit, 2);
    assert.is(s.memTotalBytes, '4096');
    assert.is(s.memTotalMemswBytes, '4096');
    assert.is(s.memRssBytes, '1000');
    assert.is(s.memAnonBytes, '1000');
    assert.is(s.memCacheBytes, '2000');
    assert.is(s.memFileBytes, '2000');
    assert.is(s.memMappedFileBytes, '300');
    assert.is(s.memUnevictableBytes, '7');
    assert.is(s.memLimitBytes, String(256 * MiB));
    assert.is(s.memSoftLimitBytes, String(256 * MiB));
    assert.is(s.processes, 1);
    assert.is(s.threads, 2);
    // update: live resize writes the same files again.
    await iso.update({ ...cid('c2'), resourceRequests: [scalar('cpus', 0.5), scalar('mem', 64)] });
    assert.is(read(mp, 'plateau/c2/memory.max'), String(64 * MiB));
    assert.is(read(mp, 'plateau/c2/cpu.weight'), String(sharesToWeight(512)));
    // Cleanup kills what the cgroup still lists (the real sleep) before removing it.
    await iso.cleanup(cid('c2'));
    const exit = await exitWithin(p, 5000);
    assert.is(exit?.signal, 'SIGKILL');
    assert.not.ok(fs.existsSync(d));
  } finally {
    await p.kill();
    fs.rmSync(mp, { recursive: true, force: true });
  }
});

test(`v2: an oom_kill in memory.events is a REASON_CONTAINER_LIMITATION_MEMORY limitation ${T}`, async () => {
  const mp = fakeTree();
  const iso = isolator(mp);
  try {
    await iso.prepare(prep('c3', 1, 64));
    const d = path.join(mp, 'plateau/c3');
    fs.writeFileSync(path.join(d, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 0\noom_kill 0\n');
    fs.writeFileSync(path.join(d, 'memory.peak'), String(64 * MiB));
    const it = iso.watch(cid('c3'))[Symbol.asyncIterator]();
    try {
      await new Promise((r) => setTimeout(r, 100));
      fs.writeFileSync(path.join(d, 'memory.events'), 'low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\n');
      const r = await nextWithin(it, 5000, 'a limitation');
      const l = r.value as Limitation;
      assert.is(l.reason, 'REASON_CONTAINER_LIMITATION_MEMORY');
      assert.match(l.message, /memory limit of 64 MB \(maximum used: 64 MB\)/);
      assert.equal(l.resources.map((x) => [x.name, x.scalar]), [['mem', 64]]);
    } finally {
      await it.return?.();
    }
    await iso.cleanup(cid('c3'));
  } finally {
    fs.rmSync(mp, { recursive: true, force: true });
  }
});

test(`v2: recover removes cgroups under the root that no container owns ${T}`, async () => {
  const mp = fakeTree();
  try {
    const iso = isolator(mp);
    fs.mkdirSync(path.join(mp, 'plateau/orphan'));
    fs.mkdirSync(path.join(mp, 'plateau/known'));
    await iso.recover({ states: [{ containerId: { value: 'known' }, pid: 0, config: { resources: [scalar('mem', 64)] } }], orphans: [] });
    assert.not.ok(fs.existsSync(path.join(mp, 'plateau/orphan')));
    assert.ok(fs.existsSync(path.join(mp, 'plateau/known')));
    await iso.cleanup(cid('known'));
    assert.not.ok(fs.existsSync(path.join(mp, 'plateau/known')));
  } finally {
    fs.rmSync(mp, { recursive: true, force: true });
  }
});

test('detection: auto finds this host\'s hierarchy (v1 or v2); a plain directory is no cgroupfs', () => {
  const found = openCgroupFs({ mountPoint: '/sys/fs/cgroup', version: 'auto' });
  if (typeof found === 'string') {
    printSkip('detection of this host\'s cgroups', found);
  } else {
    const unified = fs.existsSync('/sys/fs/cgroup/cgroup.controllers');
    assert.is(found.version, unified ? 'v2' : 'v1');
  }
  const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-not-cgroup-'));
  try {
    assert.type(openCgroupFs({ mountPoint: plain, version: 'auto' }), 'string');
    assert.type(openCgroupFs({ mountPoint: plain, version: 'v2' }), 'string');
    assert.type(openCgroupFs({ mountPoint: plain, version: 'v1' }), 'string');
  } finally {
    fs.rmSync(plain, { recursive: true, force: true });
  }
});

test.run();
