/**
 * Helpers shared by the posix launcher and its monitor: exit records, terminations, signals,
 * process liveness, the start gate and file waits. (The runc launcher has the same helpers; a
 * module imports only the kernel, so each keeps its own copy.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidError, type Launcher } from '@plateau/kernel';

/** A Termination as the launcher kind returns it. */
export type Termination = Awaited<ReturnType<Launcher['wait']>>;

/** What the monitor wrote when the process ended. */
export interface ExitRecord {
  /** The exit code as sh reports it (128+N for a death by signal N). */
  code: number;
  /** Whether the process had passed the start gate. */
  started: boolean;
  /** Signal number Kill/Destroy asked for before Start, or null. */
  abort: number | null;
}

/** Reads and parses a JSON file; undefined when it does not exist (or is being written). */
export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Name of a signal number ("SIGTERM"), or "signal N". */
export function signalName(n: number): string {
  const e = Object.entries(os.constants.signals).find(([, v]) => v === n);
  return e ? e[0] : `signal ${n}`;
}

/** Parses "SIGTERM", "TERM", "term" or "15" (empty = SIGTERM) into a signal number and name. */
export function parseSignal(sig: string | undefined): { num: number; name: string } {
  const s = (sig ?? '').trim();
  if (!s) return { num: os.constants.signals.SIGTERM, name: 'SIGTERM' };
  if (/^\d+$/.test(s)) {
    const num = Number(s);
    if (num < 1 || num > 64) throw new InvalidError(`invalid signal number ${s}`);
    return { num, name: signalName(num) };
  }
  const name = (s.toUpperCase().startsWith('SIG') ? s.toUpperCase() : `SIG${s.toUpperCase()}`) as keyof typeof os.constants.signals;
  const num = os.constants.signals[name];
  if (num === undefined) throw new InvalidError(`unknown signal "${sig}"`);
  return { num, name };
}

/** A termination by exit code. */
export function exited(code: number, message?: string): Termination {
  return { status: (code & 0xff) << 8, exitCode: code, message: message ?? `exited with status ${code}` };
}

/** A termination by signal. */
export function signaled(sig: number, message?: string): Termination {
  return { status: sig & 0x7f, signal: sig, message: message ?? `killed by ${signalName(sig)}` };
}

/** A termination whose status nobody can know (status -1, neither exit code nor signal). */
export function unknownTermination(message: string): Termination {
  return { status: -1, message };
}

/**
 * Turns what the monitor recorded into a Termination: an aborted, never-started container is
 * killed by the requested signal; codes 129..192 are deaths by signal (code - 128); a
 * process that failed before starting gives `failure` as the message.
 */
export function terminationOf(rec: ExitRecord, failure?: string): Termination {
  if (!rec.started && rec.abort) return signaled(rec.abort, `killed by ${signalName(rec.abort)} before it started`);
  if (!rec.started && rec.code !== 0) {
    return exited(rec.code, `the container failed to start (status ${rec.code})${failure ? `: ${failure}` : ''}`);
  }
  if (rec.code > 128 && rec.code <= 128 + 64) return signaled(rec.code - 128);
  return exited(rec.code);
}

/** The start time of a process (clock ticks since boot), or undefined when it is gone or a zombie. */
export function procStartTime(pid: number): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

/** Whether the process `pid` that started at `startTime` still runs (not a reused pid). */
export function isAlive(pid: number, startTime: number | undefined): boolean {
  const t = procStartTime(pid);
  return t !== undefined && (startTime === undefined || t === startTime);
}

/**
 * Opens the gate FIFO without blocking and writes `word`. Returns false when no hook holds it
 * open (ENXIO) or it is gone, so the caller can tell a dead hook from a slow one.
 */
export function writeGate(dir: string, word: 'go' | 'abort'): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path.join(dir, 'gate'), fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENXIO' || code === 'ENOENT') return false;
    throw e;
  }
  try {
    fs.writeSync(fd, `${word}\n`);
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Waits until `probe()` returns a value, re-checking on every change in `dir` (inotify) and at
 * least every `pollMs`; rejects with `what` after `timeoutMs` (0 = never).
 */
export function waitUntil<T>(dir: string, probe: () => T | undefined, timeoutMs: number, what: string, pollMs = 200): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let watcher: fs.FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    let deadline: NodeJS.Timeout | undefined;
    const finish = (err: unknown, v?: T) => {
      if (done) return;
      done = true;
      watcher?.close();
      if (timer) clearInterval(timer);
      if (deadline) clearTimeout(deadline);
      if (err) reject(err);
      else resolve(v as T);
    };
    const check = () => {
      if (done) return;
      try {
        const v = probe();
        if (v !== undefined) finish(undefined, v);
      } catch (e) {
        finish(e);
      }
    };
    try {
      watcher = fs.watch(dir, check);
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined; // polling alone still works
    }
    timer = setInterval(check, pollMs);
    if (timeoutMs > 0) deadline = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    check();
  });
}

/** Finds an executable by name on PATH (or checks a path); undefined when there is none. */
export function which(cmd: string): string | undefined {
  const candidates = cmd.includes('/') ? [cmd] : (process.env.PATH || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':').map((d) => path.join(d, cmd));
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (fs.statSync(c).isFile()) return path.resolve(c);
    } catch {
      // next
    }
  }
  return undefined;
}
