// Helpers for tests that run real busybox containers with runc: a busybox rootfs, the runc
// launcher's LaunchInfo → config.json converter, and runc runs that always clean up (runc delete
// -f, the container's cgroups, the temp dirs), even when a test fails. Module tests load this from
// its compiled output (test/lib/helpers/runc-container.js); see their test/runc.ts.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Directories to remove at exit. */
const tempDirs = new Set<string>();
/** runc containers (root, id) to force-delete at exit. */
const liveContainers = new Map<string, string>();

process.on('exit', () => {
  for (const [id, root] of liveContainers) spawnSync('runc', ['--root', root, 'delete', '-f', id], { stdio: 'ignore' });
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A temp dir (mode 0755, so a user-namespaced container root can traverse it), removed at exit. */
export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(d, 0o755);
  tempDirs.add(d);
  return d;
}

/** Removes a temp dir now. */
export function removeDir(d: string): void {
  fs.rmSync(d, { recursive: true, force: true });
  tempDirs.delete(d);
}

/** Why container tests cannot run here, or undefined when they can. */
export function containerSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (runc, cgroups, namespaces)';
  if (spawnSync('runc', ['--version']).status !== 0) return 'runc is not installed (apt-get install runc)';
  if (!findStaticBusybox()) return 'no static busybox (apt-get install busybox-static)';
  if (!loadSpec()) return 'the runc launcher\'s spec converter is not built (@plateau/launcher-runc)';
  return undefined;
}

/** The runc launcher's LaunchInfo → OCI config converter, loaded at run time from its built package. */
export type OciSpecFn = (launchInfo: unknown, args: string[], opts: { containerId: string; sandbox?: string }) => Record<string, any>;

export function loadSpec(): OciSpecFn | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@plateau/launcher-runc') as { ociSpec: OciSpecFn }).ociSpec;
  } catch {
    return undefined;
  }
}

function isStaticElf(file: string): boolean {
  try {
    const buf = fs.readFileSync(file);
    if (buf.subarray(0, 4).toString('latin1') !== '\x7fELF') return false;
    return !buf.includes(Buffer.from('/lib64/ld-linux')) && !buf.includes(Buffer.from('/lib/ld-linux'));
  } catch {
    return false;
  }
}

function findStaticBusybox(): string | undefined {
  return ['/bin/busybox', '/usr/bin/busybox'].find(isStaticElf);
}

const APPLETS = ['sh', 'cat', 'echo', 'sleep', 'true', 'ps', 'id', 'mount', 'grep', 'head', 'dd', 'hostname', 'ls', 'mkdir', 'wc', 'stat', 'touch', 'readlink'];

/** A read-only-usable busybox rootfs in a fresh temp dir: /bin/busybox, applet links, /etc/passwd. */
export function makeRootfs(): string {
  const bb = findStaticBusybox();
  if (!bb) throw new Error('no static busybox');
  const dir = path.join(tempDir('plateau-rootfs-'), 'rootfs');
  // mnt/mesos/sandbox: with a user namespace runc creates missing mount points as the mapped root,
  // which cannot write this host-root-owned rootfs, so the sandbox mount point must pre-exist.
  for (const d of ['bin', 'etc', 'proc', 'dev', 'sys', 'tmp', 'mnt/mesos/sandbox', 'root']) fs.mkdirSync(path.join(dir, d), { recursive: true, mode: 0o755 });
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'tmp'), 0o1777);
  fs.copyFileSync(bb, path.join(dir, 'bin/busybox'));
  fs.chmodSync(path.join(dir, 'bin/busybox'), 0o755);
  for (const a of APPLETS) fs.symlinkSync('busybox', path.join(dir, 'bin', a));
  fs.writeFileSync(path.join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
  fs.writeFileSync(path.join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  return dir;
}

/** C source of the syscall probe: prints the errno name of each probed call (never a real reboot). */
const PROBE_C = String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>
static const char *name(long r, int e) {
  if (r >= 0) return "OK";
  switch (e) { case EPERM: return "EPERM"; case EINVAL: return "EINVAL"; case ENOSYS: return "ENOSYS";
    case EACCES: return "EACCES"; case EFAULT: return "EFAULT"; default: return strerror(e); }
}
int main(void) {
  long r; int e;
  /* Invalid magic numbers: EINVAL where reboot(2) is allowed, EPERM where it is denied. */
  errno = 0; r = syscall(SYS_reboot, 0xdeadL, 0xbeefL, 0L, NULL); e = errno; printf("reboot=%s\n", name(r, e));
  errno = 0; r = mount("none", "/mnt", "tmpfs", 0, NULL); e = errno; printf("mount=%s\n", name(r, e));
  errno = 0; r = unshare(CLONE_NEWUTS); e = errno; printf("unshare=%s\n", name(r, e));
  fflush(stdout);
  return 0;
}
`;

/** Compiles the probe statically into `rootfs/bin/probe`; returns why not when gcc cannot. */
export function buildProbe(rootfs: string): string | undefined {
  if (spawnSync('gcc', ['--version']).status !== 0) return 'gcc is not installed (apt-get install gcc libc6-dev) to build the static syscall probe';
  const dir = tempDir('plateau-probe-');
  fs.writeFileSync(path.join(dir, 'probe.c'), PROBE_C);
  const r = spawnSync('gcc', ['-static', '-O1', '-o', path.join(rootfs, 'bin/probe'), path.join(dir, 'probe.c')], { encoding: 'utf8' });
  if (r.status !== 0) return `gcc -static failed (static libc missing?): ${r.stderr.trim().split('\n').slice(-2).join(' ')}`;
  return undefined;
}

/** Result of a container run. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let counter = 0;

/** A unique container id for this test process. */
export function newContainerId(prefix = 'lx'): string {
  return `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A runc bundle for the LaunchInfo and args: its dir, runc root, and the runc container id. */
export function writeBundle(containerId: string, launchInfo: Record<string, any>, args: string[], sandbox?: string): { bundle: string; root: string; runcId: string; spec: Record<string, any> } {
  const ociSpec = loadSpec();
  if (!ociSpec) throw new Error('launcher-runc spec converter not built');
  const spec = ociSpec(launchInfo, args, { containerId, sandbox });
  const bundle = tempDir('plateau-bundle-');
  // The launcher's writer keeps 64-bit rlimits exact (plain JSON.stringify cannot).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { specJson } = require('@plateau/launcher-runc') as { specJson: (spec: unknown) => string };
  fs.writeFileSync(path.join(bundle, 'config.json'), specJson(spec));
  const root = path.join(bundle, 'runc-root');
  fs.mkdirSync(root);
  return { bundle, root, runcId: `plateau-${containerId}`, spec };
}

function rmCgroups(containerId: string): void {
  for (const base of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    let ctrls: string[] = [];
    try {
      ctrls = fs.readdirSync(base);
    } catch {
      continue;
    }
    for (const c of ctrls) {
      const p = path.join(base, c, 'plateau', containerId);
      try {
        fs.rmdirSync(p);
      } catch {
        // absent or busy
      }
    }
    try {
      fs.rmdirSync(path.join(base, 'plateau', containerId));
    } catch {
      // absent
    }
  }
}

/** Deletes a container and its cgroups (best effort, idempotent). */
export function destroy(root: string, runcId: string, containerId: string): void {
  spawnSync('runc', ['--root', root, 'delete', '-f', runcId], { stdio: 'ignore' });
  liveContainers.delete(runcId);
  rmCgroups(containerId);
}

/**
 * Runs the container in the foreground (`runc run`) until it exits, within `timeoutMs`; returns
 * its exit code and output. The container is deleted afterwards whatever happens.
 */
export async function runContainer(containerId: string, launchInfo: Record<string, any>, args: string[], opts: { timeoutMs?: number; sandbox?: string } = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const { bundle, root, runcId } = writeBundle(containerId, launchInfo, args, opts.sandbox);
  liveContainers.set(runcId, root);
  try {
    return await new Promise<RunResult>((resolve, reject) => {
      const child = spawn('runc', ['--root', root, 'run', '--bundle', bundle, runcId], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => {
        spawnSync('runc', ['--root', root, 'kill', runcId, 'KILL'], { stdio: 'ignore' });
        reject(new Error(`container ${runcId} did not exit within ${timeoutMs} ms; output so far:\n${stdout}\n${stderr}`));
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  } finally {
    destroy(root, runcId, containerId);
    removeDir(bundle);
  }
}

/** A detached container and how to reach it from the host. */
export interface Running {
  pid: number;
  runcId: string;
  spec: Record<string, any>;
  /** Deletes the container (runc delete -f), its cgroups and its bundle. */
  destroy(): void;
}

/** Starts the container detached (`runc run -d`); the caller must destroy() it (in a finally). */
export function startContainer(containerId: string, launchInfo: Record<string, any>, args: string[]): Running {
  const { bundle, root, runcId, spec } = writeBundle(containerId, launchInfo, args);
  liveContainers.set(runcId, root);
  const pidFile = path.join(bundle, 'pid');
  // A file, not a pipe, for stderr: the container inherits it, and a pipe would stay open.
  const logFile = path.join(bundle, 'stderr.log');
  const fd = fs.openSync(logFile, 'w');
  const r = spawnSync('runc', ['--root', root, 'run', '-d', '--pid-file', pidFile, '--bundle', bundle, runcId], { stdio: ['ignore', 'ignore', fd], timeout: 30_000 });
  fs.closeSync(fd);
  const cleanup = () => {
    destroy(root, runcId, containerId);
    removeDir(bundle);
  };
  if (r.status !== 0) {
    const err = fs.readFileSync(logFile, 'utf8');
    cleanup();
    throw new Error(`runc run -d ${runcId} failed (${r.status}): ${err}`);
  }
  return { pid: Number(fs.readFileSync(pidFile, 'utf8').trim()), runcId, spec, destroy: cleanup };
}

/** The `Key:\tvalue` lines of a /proc/<pid>/status text, by key. */
export function statusFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}
