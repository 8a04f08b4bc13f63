/**
 * The per-container monitor and the files it shares with the launcher.
 *
 * Why a shell monitor running `runc run` in the foreground: a container's exit status can only be
 * read by its parent (or a subreaper, which Node cannot become), and `runc create`/`run -d` leave
 * the container's init re-parented to pid 1, its status lost. So each container gets a monitor,
 * started detached in its own session so that it outlives the agent, whose child `runc run --keep`
 * stays the init's parent and exits with its status; the monitor then writes `exit.json`
 * atomically (temp + rename). /bin/sh rather than Node keeps a monitor at about a megabyte and a
 * millisecond to start.
 *
 * Launch must return a pid before the command runs (isolators act on it), so the OCI config has a
 * createRuntime hook, run by runc once the init exists in its namespaces and cgroup but before it
 * runs anything: the hook records runc's state (with the pid) in `hookstate.json`, then blocks
 * reading the FIFO `gate`. Start writes "go" to the gate; anything else makes the hook fail, so
 * runc tears the half-made container down (Kill or Destroy before Start).
 *
 * runc run (and sh) fold a death by signal N into exit code 128+N; codes 129..192 are therefore
 * reported as signals. A command that calls exit(137) itself is reported as killed by SIGKILL.
 *
 * Files in a container's directory:
 *   launch.json     written by Launch: ids, paths, the monitor's pid and start time
 *   gate            FIFO the hook waits on (made by the monitor)
 *   hookstate.json  runc's state when the hook ran: {pid, ...}; the init exists
 *   pid             written by runc once the command was started
 *   abort           the signal number, written by Kill/Destroy before Start
 *   exit.json       written by the monitor: {code, started, abort}
 *   runc.log        runc's own log (JSON lines)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidError, type Launcher } from '@plateau/kernel';

/** A Termination as the launcher kind returns it. */
export type Termination = Awaited<ReturnType<Launcher['wait']>>;

/** Arguments: dir runc root runcId stdout stderr. */
export const MONITOR_SCRIPT = [
  'dir=$1 runc=$2 root=$3 id=$4 out=$5 err=$6',
  'exec </dev/null >>"$out" 2>>"$err"',
  'mkfifo -m 600 "$dir/gate" || exit 1',
  '"$runc" --root "$root" --log "$dir/runc.log" --log-format json run --keep --bundle "$dir/bundle" --pid-file "$dir/pid" "$id"',
  'code=$?',
  'started=false; [ -s "$dir/pid" ] && started=true',
  'abort=null; [ -s "$dir/abort" ] && read -r abort <"$dir/abort"; case $abort in *[!0-9]*|"") abort=null;; esac',
  'printf \'{"code":%d,"started":%s,"abort":%s}\\n\' "$code" "$started" "$abort" >"$dir/exit.json.tmp" &&',
  '  mv -f "$dir/exit.json.tmp" "$dir/exit.json"',
].join('\n');

/**
 * Arguments (after $0): dir. Records runc's state (one JSON line on stdin, written with shell
 * builtins only: readers retry until it parses), then waits at the gate.
 */
export const GATE_SCRIPT = [
  'exec 3<>"$1/gate" || exit 1',
  'IFS= read -r state || [ -n "$state" ] || exit 1',
  'printf \'%s\\n\' "$state" >"$1/hookstate.json" || exit 1',
  'read -r x <&3',
  '[ "$x" = go ]',
].join('\n');

/** What the monitor wrote when runc run returned. */
export interface ExitRecord {
  /** runc run's exit code. */
  code: number;
  /** Whether runc had started the command (its pid file was written). */
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
 * killed by the requested signal; codes 129..192 are deaths by signal (code - 128); a runc that
 * failed before starting the command gives `failure` (runc's error) as the message.
 */
export function terminationOf(rec: ExitRecord, failure?: string): Termination {
  if (!rec.started && rec.abort) return signaled(rec.abort, `killed by ${signalName(rec.abort)} before it started`);
  if (!rec.started && rec.code !== 0) {
    return exited(rec.code, `the container failed to start (runc exited with ${rec.code})${failure ? `: ${failure}` : ''}`);
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

/** The last error runc logged (its JSON log lines at level error), if any. */
export function runcError(dir: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'runc.log'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.trim().split('\n').reverse();
  for (const l of lines) {
    try {
      const j = JSON.parse(l) as { level?: string; msg?: string };
      if (j.level === 'error' && j.msg) return j.msg;
    } catch {
      // not JSON: skip
    }
  }
  return undefined;
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
