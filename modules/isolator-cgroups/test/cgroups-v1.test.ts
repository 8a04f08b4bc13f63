// The cgroups isolator on this host's real cgroup v1 hierarchies: limits written, real processes
// moved in, real usage, live resize, a real OOM kill reported by Watch, cleanup, recovery.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openCgroupFs, type CgroupFs } from '../src/cgroupfs';
import { withDefaults, type CgroupsConfig } from '../src/config';
import { CgroupsIsolator } from '../src/isolator';
import {
  cgroupOf,
  exitWithin,
  nextWithin,
  readCg,
  realCgroupsSkipReason,
  rejectsCode,
  removeRoot,
  rootLeft,
  scalar,
  start,
  testLog,
  uniqueRoot,
  waitFor,
} from '@plateau/testkit/cgroups';
import { printSkip } from '@plateau/testkit/skip';

const MP = '/sys/fs/cgroup';
const ROOT = uniqueRoot('v1');
const MiB = 1024 * 1024;

function skipReason(): string | undefined {
  const why = realCgroupsSkipReason();
  if (why) return why;
  const fsys = openCgroupFs({ mountPoint: MP, version: 'auto' });
  if (typeof fsys === 'string') return fsys;
  if (fsys.version !== 'v1') return `this host runs cgroup ${fsys.version}; the v1 path is tested here only on v1 hosts (v2: see cgroups-v2-fake)`;
  return undefined;
}
const SKIP = skipReason();

function isolator(extra: Partial<CgroupsConfig> = {}): { iso: CgroupsIsolator; cg: CgroupFs } {
  const cfg = withDefaults({ root: ROOT, watchPollMs: 50, ...extra });
  const cg = openCgroupFs(cfg);
  if (typeof cg === 'string') throw new Error(cg);
  return { iso: new CgroupsIsolator(cfg, cg, testLog()), cg };
}

const cid = (value: string) => ({ containerId: { value } });
const config = (value: string, cpus: number, mem: number) => ({
  containerId: { value },
  config: { containerId: { value }, directory: '/tmp', resources: [scalar('cpus', cpus), scalar('mem', mem)] },
});

/** Runs `body` unless this host cannot; removes the test's cgroup root afterwards whatever happens. */
function realTest(title: string, body: () => Promise<void>): void {
  test(title, async () => {
    if (SKIP) {
      printSkip(title, SKIP);
      return;
    }
    try {
      await body();
    } finally {
      removeRoot(ROOT);
    }
  });
}

realTest('prepare creates the cgroup, writes the limits and returns them as LaunchInfo.cgroups', async () => {
  const { iso } = isolator({ cfsQuota: true, pidsLimit: 64, blkioWeight: 300 });
  const res = await iso.prepare(config('c1', 0.5, 64));
  const cg = res.launchInfo?.cgroups;
  assert.ok(cg, 'launchInfo.cgroups');
  assert.is(cg.path, `${ROOT}/c1`);
  assert.is(cg.cpuShares, 512);
  assert.is(cg.cpuQuotaUs, '50000');
  assert.is(cg.cpuPeriodUs, 100000);
  assert.is(cg.memoryLimitBytes, String(64 * MiB));
  assert.is(cg.memoryReservationBytes, String(64 * MiB));
  assert.is(cg.pidsLimit, '64');
  const rel = `${ROOT}/c1`;
  assert.is(readCg(`${MP}/cpu`, rel, 'cpu.shares'), '512');
  assert.is(readCg(`${MP}/cpu`, rel, 'cpu.cfs_quota_us'), '50000');
  assert.is(readCg(`${MP}/cpu`, rel, 'cpu.cfs_period_us'), '100000');
  assert.is(readCg(`${MP}/memory`, rel, 'memory.limit_in_bytes'), String(64 * MiB));
  assert.is(readCg(`${MP}/pids`, rel, 'pids.max'), '64');
  // The blkio weight goes where the host has a weight file (BFQ's or CFQ's), and stays out of the
  // LaunchInfo where it has none, or runc would fail writing it.
  const weightFile = ['blkio.bfq.weight', 'blkio.weight'].find((f) => fs.existsSync(`${MP}/blkio/${ROOT}/${f}`));
  if (weightFile) {
    assert.is(cg.blkioWeight, 300);
    assert.is(readCg(`${MP}/blkio`, rel, weightFile), '300');
  } else {
    assert.is(cg.blkioWeight, undefined);
  }
  await iso.cleanup(cid('c1'));
});

realTest('a small mem request gets the minimum memory limit; a +Inf mem limit is unlimited; limits set the CFS quota', async () => {
  const { iso } = isolator();
  const small = await iso.prepare(config('small', 0.001, 4));
  assert.is(small.launchInfo?.cgroups?.memoryLimitBytes, String(32 * MiB), 'minMemoryMb (32) applies');
  assert.is(small.launchInfo?.cgroups?.cpuShares, 2, 'cpu.shares never below 2');
  assert.is(small.launchInfo?.cgroups?.cpuQuotaUs, undefined, 'no quota without cfsQuota or a cpus limit');
  const req = config('limited', 1, 64);
  const limited = await iso.prepare({ ...req, config: { ...req.config, limits: { cpus: 2, mem: Infinity } } });
  assert.is(limited.launchInfo?.cgroups?.cpuQuotaUs, '200000', 'a cpus limit sets the quota');
  assert.is(limited.launchInfo?.cgroups?.memoryLimitBytes, '-1', '+Inf mem limit: unlimited');
  assert.is(readCg(`${MP}/cpu`, `${ROOT}/limited`, 'cpu.cfs_quota_us'), '200000');
  assert.ok(BigInt(readCg(`${MP}/memory`, `${ROOT}/limited`, 'memory.limit_in_bytes')) > 1n << 60n, 'memory unlimited');
  await iso.cleanup(cid('small'));
  await iso.cleanup(cid('limited'));
});

realTest('isolate moves a real process into every managed controller, idempotently', async () => {
  const { iso } = isolator();
  const p = start('sleep', ['100']);
  try {
    await iso.prepare(config('c2', 1, 64));
    await iso.isolate({ ...cid('c2'), pid: p.pid });
    await iso.isolate({ ...cid('c2'), pid: p.pid });
    for (const c of ['cpu', 'cpuacct', 'memory', 'pids', 'blkio', 'cpuset', 'freezer']) {
      if (!fs.existsSync(`${MP}/${c}/${ROOT}`)) continue;
      assert.is(cgroupOf(p.pid, c), `/${ROOT}/c2`, `${c} cgroup of the process`);
    }
    assert.equal(await iso.status(cid('c2')), { networkInfos: [], executorPid: p.pid });
    await rejectsCode('PLT_ERR_INVALID', () => iso.isolate({ ...cid('c2'), pid: 0 }), 'isolate pid 0');
  } finally {
    await p.kill();
    await iso.cleanup(cid('c2'));
  }
});

realTest('usage reports real CPU time, memory, limits and process counts', async () => {
  const { iso } = isolator();
  // Once told to (so that all of it is charged to the container's cgroup), builds a 1 MB string
  // (memory is charged when allocated, not when a process moves in), then burns CPU.
  const script = 'read go; x=aaaaaaaa; i=0; while [ $i -lt 17 ]; do x=$x$x; i=$((i+1)); done; while :; do :; done';
  const p = start('busybox', ['sh', '-c', script], { stdin: true });
  try {
    await iso.prepare(config('c3', 0.5, 64));
    await iso.isolate({ ...cid('c3'), pid: p.pid });
    p.child.stdin!.write('go\n');
    const stats = await waitFor(async () => {
      const s = await iso.usage(cid('c3'));
      return (s.cpusUserTimeSecs ?? 0) > 0 && Number(s.memTotalBytes) >= 1024 * 1024 ? s : undefined;
    }, 'the process to be charged CPU time and its 1 MB string');
    assert.ok(Math.abs(stats.timestamp - Date.now() / 1000) < 60, 'timestamp in seconds');
    assert.ok((stats.cpusUserTimeSecs ?? 0) > 0, `cpus_user_time_secs ${stats.cpusUserTimeSecs}`);
    assert.is(stats.cpusLimit, 0.5);
    assert.is(stats.memLimitBytes, String(64 * MiB));
    assert.ok(Number(stats.memTotalBytes) > 0, `mem_total_bytes ${stats.memTotalBytes}`);
    assert.type(stats.memRssBytes, 'string');
    assert.type(stats.memCacheBytes, 'string');
    assert.is(stats.processes, 1);
    assert.ok((stats.threads ?? 0) >= 1);
    assert.type(stats.cpusNrPeriods, 'number');
  } finally {
    await p.kill();
    await iso.cleanup(cid('c3'));
  }
});

realTest('update resizes cpu shares and the memory limit of a running container live', async () => {
  const { iso } = isolator({ cfsQuota: true });
  const p = start('sleep', ['100']);
  try {
    await iso.prepare(config('c4', 1, 64));
    await iso.isolate({ ...cid('c4'), pid: p.pid });
    const rel = `${ROOT}/c4`;
    await iso.update({ ...cid('c4'), resourceRequests: [scalar('cpus', 2), scalar('mem', 128)] });
    assert.is(readCg(`${MP}/cpu`, rel, 'cpu.shares'), '2048');
    assert.is(readCg(`${MP}/cpu`, rel, 'cpu.cfs_quota_us'), '200000');
    assert.is(readCg(`${MP}/memory`, rel, 'memory.limit_in_bytes'), String(128 * MiB));
    await iso.update({ ...cid('c4'), resourceRequests: [scalar('cpus', 0.25), scalar('mem', 48)] });
    assert.is(readCg(`${MP}/cpu`, rel, 'cpu.shares'), '256');
    assert.is(readCg(`${MP}/memory`, rel, 'memory.limit_in_bytes'), String(48 * MiB));
    const stats = await iso.usage(cid('c4'));
    assert.is(stats.memLimitBytes, String(48 * MiB));
    assert.is(stats.cpusLimit, 0.25);
    assert.ok(p.child.exitCode === null && p.child.signalCode === null, 'the process still runs');
  } finally {
    await p.kill();
    await iso.cleanup(cid('c4'));
  }
});

realTest('a memory hog is OOM-killed at its limit and Watch reports REASON_CONTAINER_LIMITATION_MEMORY', async () => {
  const { iso } = isolator();
  const hog = start('busybox', ['sh', '-c', 'read go; x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done'], { stdin: true });
  let watch: AsyncIterator<unknown> | undefined;
  try {
    await iso.prepare(config('oom', 0.5, 32));
    watch = iso.watch(cid('oom'))[Symbol.asyncIterator]();
    await iso.isolate({ ...cid('oom'), pid: hog.pid });
    hog.child.stdin!.write('go\n');
    const r = await nextWithin(watch, 20_000, 'a limitation after the hog started');
    assert.not.ok(r.done, 'watch yielded a limitation');
    const l = r.value as { reason: string; message: string; resources: Array<{ name: string; scalar: number }> };
    assert.is(l.reason, 'REASON_CONTAINER_LIMITATION_MEMORY');
    assert.match(l.message, /Memory limit exceeded/);
    assert.match(l.message, /32 MB/);
    assert.is(l.resources[0]?.name, 'mem');
    const exit = await exitWithin(hog, 10_000);
    assert.is(exit?.signal, 'SIGKILL', `the hog was killed by the kernel (exit: ${JSON.stringify(exit)})`);
    // A watch opened after the fact still learns of it.
    const late = iso.watch(cid('oom'))[Symbol.asyncIterator]();
    try {
      const again = await nextWithin(late, 5000, 'the limitation on a late watch');
      assert.is((again.value as { reason: string }).reason, 'REASON_CONTAINER_LIMITATION_MEMORY');
    } finally {
      await late.return?.();
    }
  } finally {
    await watch?.return?.();
    await hog.kill();
    await iso.cleanup(cid('oom'));
  }
});

realTest('cleanup kills what is left, removes the cgroup from every hierarchy, ends watches, and is idempotent', async () => {
  const { iso } = isolator();
  const p = start('sleep', ['100']);
  try {
    await iso.prepare(config('c5', 1, 64));
    await iso.isolate({ ...cid('c5'), pid: p.pid });
    const watch = iso.watch(cid('c5'))[Symbol.asyncIterator]();
    const ended = watch.next();
    await iso.cleanup(cid('c5'));
    assert.ok((await ended).done, 'watch ended without a limitation');
    const exit = await exitWithin(p, 5000);
    assert.is(exit?.signal, 'SIGKILL', 'the process left in the container was killed');
    assert.equal(rootLeft(`${ROOT}/c5`), [], 'no cgroup dir left');
    await iso.cleanup(cid('c5'));
    await iso.cleanup(cid('never-seen'));
    await rejectsCode('PLT_ERR_NOT_FOUND', () => iso.usage(cid('c5')), 'usage after cleanup');
  } finally {
    await p.kill();
  }
});

realTest('recover keeps the cgroups of known containers and removes (and empties) the others', async () => {
  const first = isolator().iso;
  const a = start('sleep', ['100']);
  const b = start('sleep', ['100']);
  try {
    await first.prepare(config('keep', 1, 64));
    await first.isolate({ ...cid('keep'), pid: a.pid });
    await first.prepare(config('orphan', 1, 64));
    await first.isolate({ ...cid('orphan'), pid: b.pid });
    await first.close();
    // The agent restarted: a new instance learns of `keep` only.
    const second = isolator().iso;
    const state = config('keep', 1, 64);
    await second.recover({ states: [{ containerId: state.containerId, pid: a.pid, config: state.config }], orphans: [] });
    assert.equal(rootLeft(`${ROOT}/orphan`), [], 'the unknown cgroup is gone');
    const exit = await exitWithin(b, 5000);
    assert.is(exit?.signal, 'SIGKILL', "the unknown cgroup's process was killed");
    assert.ok(rootLeft(`${ROOT}/keep`).length > 0, 'the known cgroup stays');
    assert.is(a.child.exitCode, null, "the known container's process still runs");
    const stats = await second.usage(cid('keep'));
    assert.is(stats.processes, 1);
    assert.is(stats.memLimitBytes, String(64 * MiB));
    assert.equal(await second.status(cid('keep')), { networkInfos: [], executorPid: a.pid });
    await second.cleanup(cid('keep'));
    assert.equal(rootLeft(`${ROOT}/keep`), []);
  } finally {
    await a.kill();
    await b.kill();
  }
});

realTest("a nested container's cgroup lies under its parent's, with its own limits, and is recovered there", async () => {
  const { iso } = isolator();
  await iso.prepare(config('outer', 1, 256));
  const chain = { value: 'inner', parent: { value: 'outer' } };
  const res = await iso.prepare({ containerId: chain, config: { containerId: chain, directory: '/tmp', resources: [scalar('cpus', 0.1), scalar('mem', 48)] } });
  assert.is(res.launchInfo?.cgroups?.path, `${ROOT}/outer/inner`);
  assert.is(readCg(`${MP}/memory`, `${ROOT}/outer/inner`, 'memory.limit_in_bytes'), String(48 * MiB));
  assert.is(readCg(`${MP}/memory`, `${ROOT}/outer`, 'memory.limit_in_bytes'), String(256 * MiB));
  // Another instance recovers both where they are and keeps the nested one.
  const { iso: again } = isolator();
  await again.recover({ states: [{ containerId: { value: 'outer' }, config: { containerId: { value: 'outer' } } }, { containerId: chain, config: { containerId: chain } }], orphans: [] });
  assert.ok(fs.existsSync(`${MP}/memory/${ROOT}/outer/inner`), 'the nested cgroup is kept');
  await again.cleanup({ containerId: chain });
  assert.not.ok(fs.existsSync(`${MP}/memory/${ROOT}/outer/inner`), 'the nested cgroup is removed');
  assert.ok(fs.existsSync(`${MP}/memory/${ROOT}/outer`), "the parent's stays");
  await again.cleanup(cid('outer'));
});

realTest('ids: malformed is PLT_ERR_INVALID, twice is PLT_ERR_CONFLICT, unknown is PLT_ERR_NOT_FOUND', async () => {
  const { iso } = isolator();
  for (const bad of ['../x', 'a/b', '..', '.', '', 'sp ace']) {
    await rejectsCode('PLT_ERR_INVALID', () => iso.prepare(config(bad, 1, 64)), `prepare '${bad}'`);
  }
  assert.not.ok(fs.existsSync(path.join(MP, 'memory', 'x')), 'nothing created outside the root');
  await iso.prepare(config('twice', 1, 64));
  await rejectsCode('PLT_ERR_CONFLICT', () => iso.prepare(config('twice', 1, 64)), 'second prepare');
  await rejectsCode('PLT_ERR_NOT_FOUND', () => iso.usage(cid('nope')), 'usage');
  await rejectsCode('PLT_ERR_NOT_FOUND', () => iso.update({ ...cid('nope'), resourceRequests: [] }), 'update');
  await rejectsCode('PLT_ERR_NOT_FOUND', () => iso.status(cid('nope')), 'status');
  await iso.cleanup(cid('twice'));
});

test.after(() => {
  if (!SKIP) removeRoot(ROOT);
});

test.run();
