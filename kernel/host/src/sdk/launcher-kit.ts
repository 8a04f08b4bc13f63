/**
 * Launcher kit: the detached monitor that launchers (launcher-runc, launcher-posix) run each
 * container under, and the files it shares with the launcher. Part of the module SDK, so that a
 * launcher module builds on it without importing another launcher.
 *
 * Why a monitor: a container's exit status can only be read by its parent (or a subreaper, which
 * Node cannot become). So each container gets a monitor, started detached in its own session so
 * that it outlives the agent, whose child runs the container and exits with its status; the
 * monitor then writes `exit.json` atomically (temp + rename). /bin/sh rather than Node keeps a
 * monitor at about a megabyte and a millisecond to start.
 *
 * Launch must return a pid before the command runs (isolators act on it), so the container's
 * first process waits at a gate: it blocks reading the FIFO `gate` until Start writes "go";
 * anything else ("abort", from Kill or Destroy before Start) makes it give up.
 *
 * The shell folds a death by signal N into exit code 128+N; codes 129..192 are therefore reported
 * as signals. A command that calls exit(137) itself is reported as killed by SIGKILL.
 *
 * Files in a container's directory `<stateDir>/containers/<id>/` (each launcher adds its own):
 *   launch.json  written by Launch: ids, paths, the monitor's pid and start time
 *   gate         FIFO the container's first process waits on before the command runs
 *   abort        the signal number, written by Kill/Destroy before Start
 *   exit.json    written by the monitor: {code, started, abort}
 */
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConflictError, InvalidError, NotFoundError } from '../contract/errors';
import type { Logger } from '../contract/services';
import type { Launcher } from '../generated/kinds';
import { CONTAINER_ID_PATTERN } from './container-id';

/** The request of a Launcher method. */
export type LauncherRequest<M extends keyof Launcher> = Parameters<Launcher[M]>[0];
/** The answer of a Launcher method. */
export type LauncherResponse<M extends keyof Launcher> = Awaited<ReturnType<Launcher[M]>>;
/** What Exec streams. */
export type ExecOutput = Launcher['exec'] extends (r: never) => AsyncIterable<infer O> ? O : never;

/** Container ids the launchers accept (they become runc ids, cgroup and file names). */
export const CONTAINER_ID_RE = CONTAINER_ID_PATTERN;

/** The checked value of a container id; InvalidError naming `what` otherwise. */
export function idOf(cid: { value?: string } | null | undefined, what = 'containerId'): string {
  const id = cid?.value ?? '';
  if (!CONTAINER_ID_RE.test(id)) throw new InvalidError(`${what} "${id}" must match ${CONTAINER_ID_RE}`);
  return id;
}

/** A Termination as the launcher kind returns it. */
export type Termination = Awaited<ReturnType<Launcher['wait']>>;

/** What the monitor wrote when the container's process ended. */
export interface ExitRecord {
  /** The exit code as the shell reports it (128+N for a death by signal N). */
  code: number;
  /** Whether the command had started (passed the gate). */
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
 * killed by the requested signal; one that failed before its command started exited with
 * `notStarted` as the message (default: its status); codes 129..192 are deaths by signal
 * (code - 128).
 */
export function terminationOf(rec: ExitRecord, notStarted?: string): Termination {
  if (!rec.started && rec.abort) return signaled(rec.abort, `killed by ${signalName(rec.abort)} before it started`);
  if (!rec.started && rec.code !== 0) return exited(rec.code, notStarted ?? `the container failed to start (status ${rec.code})`);
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

/**
 * Streams an exec'd child: its output as ExecOutput messages and `stdin` written to it, then its
 * termination (a death by signal N read as exit code 128+N, as the monitor does) as the last
 * message. `settle` runs first when the child has closed or failed.
 */
export function pipeExec(
  child: ChildProcess,
  stdin: LauncherRequest<'exec'>['stdin'],
  push: (o: ExecOutput) => void,
  end: (err?: unknown) => void,
  settle: () => void,
): void {
  child.stdout!.on('data', (b: Buffer) => push({ stdout: b, output: 'stdout' }));
  child.stderr!.on('data', (b: Buffer) => push({ stderr: b, output: 'stderr' }));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(stdin && stdin.length ? Buffer.from(stdin as Uint8Array) : undefined);
  child.on('error', (e) => {
    settle();
    end(e);
  });
  child.on('close', (code, signal) => {
    settle();
    const rc = code ?? 128 + (signal ? os.constants.signals[signal] : 9);
    push({ exit: terminationOf({ code: rc, started: true, abort: null }), output: 'exit' });
    end();
  });
}

/** What Launch records in launch.json, whatever the launcher. */
export interface MonitoredRecord {
  containerId: string;
  dir: string;
  monitorPid: number;
  monitorStartTime?: number;
  pid?: number;
  pidStartTime?: number;
  stdout: string;
  stderr: string;
  createdAt: string;
}

/** What Recover reports of one container, but its id. */
export type RecoveredState = Omit<LauncherResponse<'recover'>['containers'][number], 'containerId'>;

/** Settings every monitor-based launcher has. */
export interface MonitoredOptions {
  /** Directory of the launcher's per-container records. */
  stateDir: string;
  /** Bound on Launch's and Start's waits. */
  launchTimeoutMs: number;
}

/**
 * What launchers that run each container under a monitor share. All state lives in files under
 * `<stateDir>/containers/<id>/`, so any instance on the same state dir (an agent after a restart)
 * can wait for, kill and destroy a container. A launcher says how it tells that the command
 * started, what the pid of the process at the gate is, how a recorded exit reads, how it signals
 * a container, and what Recover reports of one.
 */
export abstract class MonitoredLauncher<R extends MonitoredRecord, O extends MonitoredOptions> {
  private readonly waits = new Map<string, Promise<Termination>>();

  /** `name` names the launcher in NotFoundError messages ("launcher.runc"). */
  constructor(
    protected readonly o: O,
    private readonly name: string,
    protected readonly log: Logger,
  ) {
    fs.mkdirSync(path.join(o.stateDir, 'containers'), { recursive: true });
  }

  /** Whether the container's command has started (passed the gate). */
  protected abstract started(id: string): boolean;

  /** The pid of the container's process waiting at the gate, once it exists. */
  protected abstract initPid(id: string): number | undefined;

  /** The termination an exit record means; `dir` is the container's directory where the launcher may add why it failed to start. */
  protected abstract termination(ex: ExitRecord, dir: string | undefined): Termination;

  protected dirOf(id: string): string {
    return path.join(this.o.stateDir, 'containers', id);
  }

  /** The container's launch record; NotFoundError when there is none. */
  protected record(id: string): R {
    const rec = readJson<R>(path.join(this.dirOf(id), 'launch.json'));
    if (!rec) throw new NotFoundError(`container ${id} is unknown to ${this.name}`);
    return rec;
  }

  protected exitRecord(id: string): ExitRecord | undefined {
    return readJson<ExitRecord>(path.join(this.dirOf(id), 'exit.json'));
  }

  /** Creates the container's directory and returns it; ConflictError when the container exists. */
  protected newDir(id: string): string {
    const dir = this.dirOf(id);
    try {
      fs.mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new ConflictError(`container ${id} already exists`);
      throw e;
    }
    return dir;
  }

  /**
   * Kill or Destroy before Start: records the signal in `abort` and refuses the gate. True when the
   * process at the gate took the refusal; false when none holds the gate (not there yet, or gone).
   */
  protected abortAtGate(dir: string, signal: number): boolean {
    fs.writeFileSync(path.join(dir, 'abort'), String(signal));
    return writeGate(dir, 'abort');
  }

  /** Waits (within launchTimeoutMs) until the container's process is at the gate (its pid) or its monitor has recorded an exit. */
  protected created(id: string, what: string, pollMs: number) {
    return waitUntil(
      this.dirOf(id),
      () => {
        const pid = this.initPid(id);
        if (pid) return { pid };
        const ex = this.exitRecord(id);
        if (ex) return { exit: ex };
        return undefined;
      },
      this.o.launchTimeoutMs,
      what,
      pollMs,
    );
  }

  /**
   * Start: opens the gate and waits (`what`) until the command has started; ConflictError when the
   * container ended before.
   */
  protected async startAtGate(id: string, what: string): Promise<LauncherResponse<'start'>> {
    const rec = this.record(id);
    if (this.started(id)) return {};
    const ex = this.exitRecord(id);
    if (ex) throw new ConflictError(`container ${id} ended before it started: ${this.termination(ex, rec.dir).message}`);
    await waitUntil(rec.dir, () => (writeGate(rec.dir, 'go') ? true : this.exitRecord(id) ? true : undefined), this.o.launchTimeoutMs, `the start gate of ${id}`, 10);
    const r = await waitUntil(rec.dir, () => (this.started(id) ? 'started' : this.exitRecord(id) ? 'exited' : undefined), this.o.launchTimeoutMs, what, 20);
    if (r === 'exited' && !this.started(id)) throw new ConflictError(`container ${id} did not start: ${this.termination(this.exitRecord(id)!, rec.dir).message}`);
    return {};
  }

  /**
   * Sends `sig` to a container that has not ended and, when it has not `started`, whose gate no
   * process took the refusal at (not there yet, or gone). `all`: every process of the container.
   */
  protected abstract signal(id: string, rec: R, sig: { num: number; name: string }, started: boolean, all: boolean): Promise<void>;

  /**
   * Kill: nothing to do once the container has ended; before Start, the signal is recorded and the
   * gate refused, so the container ends without running its command; otherwise the launcher signals it.
   */
  async kill(req: LauncherRequest<'kill'>): Promise<LauncherResponse<'kill'>> {
    const id = idOf(req.containerId);
    const sig = parseSignal(req.signal);
    const rec = this.record(id);
    if (this.exitRecord(id)) return {};
    const started = this.started(id);
    if (!started && (this.abortAtGate(rec.dir, sig.num) || this.exitRecord(id))) return {};
    await this.signal(id, rec, sig, started, Boolean(req.all));
    return {};
  }

  async wait(req: LauncherRequest<'wait'>): Promise<LauncherResponse<'wait'>> {
    const id = idOf(req.containerId);
    const rec = this.record(id);
    let p = this.waits.get(id);
    if (!p) {
      p = waitUntil(rec.dir, () => this.probeExit(id, rec), 0, `container ${id} to exit`, 250);
      this.waits.set(id, p);
      const forget = () => this.waits.delete(id);
      p.then(forget, forget);
    }
    return p;
  }

  /** Lets a pending Wait read the exit record (for up to a second) before Destroy removes the files. */
  protected async settleWait(id: string): Promise<void> {
    const w = this.waits.get(id);
    if (w) await Promise.race([w, new Promise((r) => setTimeout(r, 1000))]);
  }

  /** The termination once known; unknown when the monitor and the container are both gone without a record. */
  private probeExit(id: string, rec: R): Termination | undefined {
    const ex = this.exitRecord(id);
    if (ex) return this.termination(ex, rec.dir);
    if (!fs.existsSync(rec.dir)) return unknownTermination(`container ${id} was destroyed`);
    if (isAlive(rec.monitorPid, rec.monitorStartTime)) return undefined;
    const again = this.exitRecord(id);
    if (again) return this.termination(again, rec.dir);
    if (rec.pid && isAlive(rec.pid, rec.pidStartTime)) return undefined;
    return unknownTermination(`exit status of container ${id} is unknown: its monitor (pid ${rec.monitorPid}) ended without recording it`);
  }

  /** Waits up to `timeoutMs` for the container's monitor to end, then kills its process group. */
  protected async waitMonitorGone(id: string, timeoutMs: number): Promise<void> {
    const rec = readJson<R>(path.join(this.dirOf(id), 'launch.json'));
    if (!rec) return;
    const deadline = Date.now() + timeoutMs;
    while (isAlive(rec.monitorPid, rec.monitorStartTime)) {
      if (Date.now() > deadline) {
        this.log.warn({ containerId: id, monitorPid: rec.monitorPid }, 'container monitor still running; killing it');
        try {
          process.kill(-rec.monitorPid, 'SIGKILL');
        } catch {
          // already gone
        }
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** What Recover reports of a container the agent names, given its launch and exit records as the files have them. */
  protected abstract recoverContainer(id: string, rec: R | undefined, ex: ExitRecord | undefined): RecoveredState | Promise<RecoveredState>;

  /** Containers of this launcher the agent did not name (`known`): by default their directories. */
  protected async orphans(known: Set<string>): Promise<Iterable<string>> {
    return this.unknownDirs(known);
  }

  /** Recover: the state of each container the agent names, then this launcher's other containers, sorted, as orphans. */
  async recover(req: LauncherRequest<'recover'>): Promise<LauncherResponse<'recover'>> {
    const known = new Set<string>();
    const containers: LauncherResponse<'recover'>['containers'] = [];
    for (const c of req.containers ?? []) {
      const id = idOf(c.containerId, 'containers[].containerId');
      known.add(id);
      const rec = readJson<R>(path.join(this.dirOf(id), 'launch.json'));
      const ex = this.exitRecord(id);
      containers.push({ containerId: { value: id, parent: null }, ...(await this.recoverContainer(id, rec, ex)) });
    }
    const orphans = [...(await this.orphans(known))].sort();
    return { containers, orphans: orphans.map((value) => ({ value, parent: null })) };
  }

  /** Container directories of ids not in `known` (orphans for Recover). */
  protected unknownDirs(known: Set<string>): string[] {
    let dirs: string[] = [];
    try {
      dirs = fs.readdirSync(path.join(this.o.stateDir, 'containers'));
    } catch {
      // none
    }
    return dirs.filter((id) => !known.has(id) && CONTAINER_ID_RE.test(id));
  }

  /** Nothing to release: containers and their monitors outlive the launcher by design. */
  close(): void {
    this.waits.clear();
  }
}
