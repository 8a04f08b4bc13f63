// runc and the cgroups isolator together: the isolator creates the container's cgroup and hands
// its path and limits over in LaunchInfo.cgroups; runc, told that path (linux.cgroupsPath) and
// those limits (linux.resources), joins the same cgroup. Checked from outside (the cgroup files,
// the container's pid) and from inside (/proc/self/cgroup).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openCgroupFs } from '../src/cgroupfs';
import { withDefaults } from '../src/config';
import { CgroupsIsolator } from '../src/isolator';
import type { CgroupSettingsOut } from '../src/types';
import { readCg, realCgroupsSkipReason, removeRoot, rootLeft, scalar, testLog, uniqueRoot, waitFor } from '@plateau/testkit/cgroups';
import { printSkip } from '@plateau/testkit/skip';

const MP = '/sys/fs/cgroup';
const ROOT = uniqueRoot('runc');
const MiB = 1024 * 1024;

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir, cmd);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

function skipReason(): string | undefined {
  const why = realCgroupsSkipReason();
  if (why) return why;
  if (!which('runc')) return 'runc is not installed';
  const busybox = which('busybox');
  if (!busybox) return 'busybox is not installed (the test rootfs is busybox)';
  const cg = openCgroupFs({ mountPoint: MP, version: 'auto' });
  if (typeof cg === 'string') return cg;
  if (cg.version !== 'v1') return `this test reads v1 cgroup files; this host runs ${cg.version}`;
  return undefined;
}

/** A bundle whose rootfs is busybox-static, with the command and cgroups from the isolator. */
function bundle(dir: string, args: string[], cg: CgroupSettingsOut): void {
  const rootfs = path.join(dir, 'rootfs');
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp']) fs.mkdirSync(path.join(rootfs, d), { recursive: true });
  fs.copyFileSync(which('busybox')!, path.join(rootfs, 'bin', 'busybox'));
  fs.chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
  for (const t of ['sh', 'cat', 'sleep', 'echo']) fs.symlinkSync('busybox', path.join(rootfs, 'bin', t));
  const n = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const spec = {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args,
      env: ['PATH=/bin'],
      cwd: '/',
      capabilities: { bounding: ['CAP_KILL'], effective: ['CAP_KILL'], permitted: ['CAP_KILL'] },
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'mode=755'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    ],
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'mount' }, { type: 'ipc' }, { type: 'uts' }],
      // The convention of every launcher: LaunchInfo.cgroups.path, made absolute.
      cgroupsPath: `/${cg.path}`,
      resources: {
        devices: [{ allow: false, access: 'rwm' }],
        memory: { limit: n(cg.memoryLimitBytes), reservation: n(cg.memoryReservationBytes) },
        cpu: { shares: cg.cpuShares, quota: n(cg.cpuQuotaUs), period: cg.cpuPeriodUs },
        pids: cg.pidsLimit !== undefined ? { limit: Number(cg.pidsLimit) } : undefined,
        blockIO: cg.blkioWeight !== undefined ? { weight: cg.blkioWeight } : undefined,
      },
    },
  };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(spec, null, 2));
}

test('runc joins the cgroup prepared by the isolator, with its limits (outside: cgroup files; inside: /proc/self/cgroup)', async () => {
  const SKIP = skipReason();
  if (SKIP) {
    printSkip('runc joins the isolator\'s cgroup', SKIP);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-cgroups-runc-'));
  const runcRoot = path.join(tmp, 'runc-state');
  const id = `runc-${process.pid}`;
  const runcId = `plateau-${id}`;
  const cfg = withDefaults({ root: ROOT, cfsQuota: true, pidsLimit: 32, blkioWeight: 200 });
  const cgfs = openCgroupFs(cfg);
  if (typeof cgfs === 'string') throw new Error(cgfs);
  const iso = new CgroupsIsolator(cfg, cgfs, testLog());
  let runc: ReturnType<typeof spawn> | undefined;
  try {
    const res = await iso.prepare({
      containerId: { value: id },
      config: { containerId: { value: id }, directory: tmp, resources: [scalar('cpus', 0.5), scalar('mem', 48)] },
    });
    const cg = res.launchInfo!.cgroups!;
    bundle(path.join(tmp, 'bundle'), ['sh', '-c', 'cat /proc/self/cgroup; echo READY; exec sleep 100'], cg);
    let out = '';
    runc = spawn('runc', ['--root', runcRoot, 'run', '--bundle', path.join(tmp, 'bundle'), runcId], { stdio: ['ignore', 'pipe', 'pipe'] });
    runc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    runc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('READY'), `the container to print READY (output so far: ${JSON.stringify(out)})`, 15_000);

    // Inside: the container's process sits in <root>/<id> in every controller.
    const inside = out.split('\n').filter((l) => /^\d+:/.test(l));
    for (const c of ['memory', 'cpu', 'pids']) {
      const line = inside.find((l) => l.split(':')[1]!.split(',').includes(c));
      assert.is(line?.split(':')[2], `/${ROOT}/${id}`, `inside, the ${c} cgroup (lines: ${inside.join(' | ')})`);
    }
    // Outside: the limits the isolator wrote are the ones in force, and runc's pid is in the cgroup.
    const rel = `${ROOT}/${id}`;
    assert.is(readCg(`${MP}/memory`, rel, 'memory.limit_in_bytes'), String(48 * MiB));
    assert.is(readCg(`${MP}/cpu`, rel, 'cpu.shares'), '512');
    assert.is(readCg(`${MP}/cpu`, rel, 'cpu.cfs_quota_us'), '50000');
    assert.is(readCg(`${MP}/pids`, rel, 'pids.max'), '32');
    const state = JSON.parse(execFileSync('runc', ['--root', runcRoot, 'state', runcId], { encoding: 'utf8' })) as { pid: number };
    assert.ok(readCg(`${MP}/memory`, rel, 'cgroup.procs').split('\n').includes(String(state.pid)), 'the container init is in the memory cgroup');
    // Isolate after runc has put the process there is a no-op that succeeds.
    await iso.isolate({ containerId: { value: id }, pid: state.pid });
    const stats = await iso.usage({ containerId: { value: id } });
    assert.ok((stats.processes ?? 0) >= 1, `processes ${stats.processes}`);
    assert.is(stats.memLimitBytes, String(48 * MiB));
  } finally {
    try {
      execFileSync('runc', ['--root', runcRoot, 'delete', '-f', runcId], { stdio: 'ignore' });
    } catch {
      /* never created, or gone */
    }
    if (runc && runc.exitCode === null) {
      await new Promise((r) => {
        runc!.once('exit', r);
        setTimeout(r, 5000);
      });
    }
    await iso.cleanup({ containerId: { value: id } }).catch(() => undefined);
    removeRoot(ROOT);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  assert.equal(rootLeft(`${ROOT}/${id}`), [], 'no cgroup left');
});

test.run();
