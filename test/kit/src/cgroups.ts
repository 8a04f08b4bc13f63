// Small helpers for this module's tests: a silent logger, processes that are always killed,
// bounded waits, and removal of a test's cgroup root from every hierarchy.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '@plateau/kernel';

/** A logger that drops everything (PLATEAU_TEST_LOG=1 prints to stderr). */
export function testLog(): Logger {
  const print = process.env.PLATEAU_TEST_LOG === '1';
  const fn = (...args: unknown[]) => {
    if (print) process.stderr.write(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
  };
  const log: Record<string, unknown> = { trace: fn, debug: fn, info: fn, warn: fn, error: fn, fatal: fn, level: 'info' };
  log.child = () => log;
  return log as unknown as Logger;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; fails after `ms` saying what it waited for. */
export async function waitFor<T>(fn: () => T | Promise<T>, what: string, ms = 10_000, every = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await sleep(every);
  }
}

/** A started process, killed (with its group) by kill() or at exit. */
export interface Proc {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): Promise<void>;
}

const started = new Set<number>();
process.on('exit', () => {
  for (const pid of started) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/** Starts `cmd args` in its own process group; stdin is a pipe when `stdin` is true. */
export function start(cmd: string, args: string[], opts: { stdin?: boolean } = {}): Proc {
  const child = spawn(cmd, args, { detached: true, stdio: [opts.stdin ? 'pipe' : 'ignore', 'ignore', 'ignore'] });
  if (!child.pid) throw new Error(`could not start ${cmd}`);
  const pid = child.pid;
  started.add(pid);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      started.delete(pid);
      resolve({ code, signal });
    });
  });
  return {
    child,
    pid,
    exited,
    async kill() {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await Promise.race([exited, sleep(5000)]);
    },
  };
}

/** How `p` exited, or undefined if it is still running after `ms`. */
export async function exitWithin(p: Proc, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([p.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The next item of `it`, failing after `ms` with `what`. */
export async function nextWithin<T>(it: AsyncIterator<T>, ms: number, what: string): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([it.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The cgroup line of /proc/<pid>/cgroup for `controller` (v1), e.g. "/plateau/c1". */
export function cgroupOf(pid: number, controller: string): string | undefined {
  const text = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8');
  for (const line of text.split('\n')) {
    const [, ctrls, p] = line.split(':');
    if (ctrls !== undefined && ctrls.split(',').includes(controller)) return p;
  }
  return undefined;
}

/** Reads a cgroup file, trimmed. */
export function readCg(mount: string, rel: string, file: string): string {
  return fs.readFileSync(path.join(mount, rel, file), 'utf8').trim();
}

/** Every mounted hierarchy under `mountPoint` (v1 controllers, named and the hybrid unified one). */
export function hierarchies(mountPoint = '/sys/fs/cgroup'): string[] {
  const out = new Set<string>();
  for (const n of fs.readdirSync(mountPoint)) {
    const d = path.join(mountPoint, n);
    if (fs.existsSync(path.join(d, 'cgroup.procs'))) out.add(fs.realpathSync(d));
  }
  return [...out];
}

function pidsOf(dir: string): number[] {
  try {
    return fs
      .readFileSync(path.join(dir, 'cgroup.procs'), 'utf8')
      .split('\n')
      .map(Number)
      .filter((n) => n > 1 && n !== process.pid);
  } catch {
    return [];
  }
}

function removeTreeSync(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) removeTreeSync(path.join(dir, e.name));
  for (const pid of pidsOf(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Kills what runs under `root` and removes it from every hierarchy (real cgroupfs). */
export function removeRoot(root: string, mountPoint = '/sys/fs/cgroup'): void {
  for (const h of hierarchies(mountPoint)) removeTreeSync(path.join(h, root));
}

/** Whether `root` exists in any hierarchy. */
export function rootLeft(root: string, mountPoint = '/sys/fs/cgroup'): string[] {
  return hierarchies(mountPoint)
    .map((h) => path.join(h, root))
    .filter((d) => fs.existsSync(d));
}

/** A cgroup root name unique to this test process. */
export function uniqueRoot(tag: string): string {
  return `plateau-test-${tag}-${process.pid}`;
}

/** A scalar resource as the wire carries it. */
export function scalar(name: string, value: number) {
  return { name, type: 'SCALAR' as const, scalar: value };
}

/** Expects `fn` to fail with the Plateau error `code`. */
export async function rejectsCode(code: string, fn: () => Promise<unknown>, what = 'call'): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    if ((err as { code?: string }).code !== code) {
      throw new Error(`${what}: expected ${code}, got ${(err as { code?: string }).code}: ${(err as Error).message}`);
    }
    return err as Error;
  }
  throw new Error(`${what}: expected ${code}, but it succeeded`);
}

/** Whether the test may touch the host's real cgroups (v1 or v2 mounted and writable, root). */
export function realCgroupsSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to create cgroups';
  if (!fs.existsSync('/sys/fs/cgroup')) return 'no /sys/fs/cgroup';
  return undefined;
}
