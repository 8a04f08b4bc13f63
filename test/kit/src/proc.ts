import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

// Processes started by tests: each in its own process group, so that stop() takes its children
// and grandchildren too, and every group still alive is killed when the test process exits
// (including on an uncaught error, SIGINT or SIGTERM). Under test/run.js the groups are also
// recorded in PLATEAU_TEST_PGID_FILE, so that the runner can kill them if the test file itself
// is killed (timeout).

export interface StartOptions {
  cwd?: string;
  /** Added to process.env; a key set to undefined is removed. */
  env?: NodeJS.ProcessEnv;
  /** Name for messages (default: the command's basename). */
  name?: string;
  /** Lines of output kept for messages and output() (default 200). */
  tailLines?: number;
  /** 'pipe' to write to the process through child.stdin (default 'ignore'). */
  stdin?: 'ignore' | 'pipe';
  /** Copy the output to this process's stderr as it comes (default: PLATEAU_TEST_ECHO=1). */
  echo?: boolean;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartedProcess {
  readonly name: string;
  /** Pid of the process, also the id of its process group (-1 if it could not be started). */
  readonly pid: number;
  readonly child: ChildProcess;
  /** Set once the process (the group leader) has exited or failed to start. */
  readonly exitStatus: ExitStatus | undefined;
  /** The last lines of stdout and stderr together, in arrival order. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Calls `fn` for every line from now on (either stream); returns an unsubscribe function. */
  onLine(fn: (line: string, stream: 'stdout' | 'stderr') => void): () => void;
  /**
   * Resolves with the match of the first line (among those still kept, then new ones) that matches
   * `re`. Rejects if the process exits first or after `timeoutMs` (default 10 000), quoting the output.
   */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process exits; rejects after `timeoutMs` (default: never). */
  waitForExit(timeoutMs?: number): Promise<ExitStatus>;
  /**
   * Sends `signal` (default SIGTERM) to the whole process group, waits up to `graceMs` (default
   * 5000) for every member to be gone, then SIGKILLs the group. Resolves with the leader's status.
   */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ExitStatus>;
}

const live = new Map<number, Proc>(); // pgid → process whose group may still have members
let hooked = false;

function record(op: '+' | '-', pgid: number): void {
  const file = process.env.PLATEAU_TEST_PGID_FILE;
  if (!file) return;
  try {
    fs.appendFileSync(file, `${op}${pgid}\n`);
  } catch {
    /* runner gone or file removed: nothing to record into */
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals | number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

// State and process group of a pid, from /proc/<pid>/stat; undefined if it is gone.
function procStat(pid: string | number): { state: string; pgrp: number } | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgrp: Number(fields[2]) };
}

const dead = (state: string) => state === 'Z' || state === 'X' || state === 'x';

/** Pids of the processes in group `pgid` that are not zombies (Linux: from /proc). */
export function groupMembers(pgid: number): number[] {
  if (!killGroup(pgid, 0)) return [];
  if (process.platform !== 'linux') return [pgid];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [pgid];
  }
  const members: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const st = procStat(e);
    if (st && st.pgrp === pgid && !dead(st.state)) members.push(Number(e));
  }
  return members;
}

/** Whether a process with this pid exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  const st = procStat(pid);
  return st !== undefined && !dead(st.state);
}

/** SIGKILLs every group this process started and has not stopped. Synchronous. */
export function killAllStarted(): void {
  for (const [pgid, p] of live) {
    killGroup(pgid, 'SIGKILL');
    p.forget();
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAllStarted);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Kill the groups, then let the signal do what it would have done without this handler.
    process.once(sig, () => {
      killAllStarted();
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

type LineListener = (line: string, stream: 'stdout' | 'stderr') => void;

class Proc implements StartedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  exitStatus: ExitStatus | undefined;
  private closed = false;
  private spawnError: Error | undefined;
  private readonly tail: string[] = [];
  private readonly outTail: string[] = [];
  private readonly errTail: string[] = [];
  private readonly tailLines: number;
  private readonly listeners = new Set<LineListener>();
  private readonly exitWaiters = new Set<() => void>();
  private readonly cmdline: string;

  constructor(cmd: string, args: string[], opts: StartOptions) {
    this.name = opts.name ?? cmd.split('/').pop() ?? cmd;
    this.cmdline = [cmd, ...args].join(' ');
    this.tailLines = opts.tailLines ?? 200;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    this.child = spawn(cmd, args, {
      cwd: opts.cwd,
      env,
      detached: true,
      stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
    });
    this.pid = this.child.pid ?? -1;
    const echo = opts.echo ?? process.env.PLATEAU_TEST_ECHO === '1';
    this.readLines(this.child.stdout!, 'stdout', echo);
    this.readLines(this.child.stderr!, 'stderr', echo);
    this.child.on('error', (err) => {
      if (this.exitStatus) return;
      this.spawnError = err;
      this.closed = true;
      this.setExited({ code: null, signal: null });
    });
    this.child.on('exit', (code, signal) => this.setExited({ code, signal }));
    this.child.on('close', () => {
      this.closed = true;
    });
    if (this.pid > 0) {
      hookExit();
      live.set(this.pid, this);
      record('+', this.pid);
    }
  }

  private setExited(status: ExitStatus): void {
    if (this.exitStatus) return;
    this.exitStatus = status;
    for (const w of [...this.exitWaiters]) w();
    this.exitWaiters.clear();
  }

  forget(): void {
    if (live.delete(this.pid)) record('-', this.pid);
  }

  private readLines(stream: NodeJS.ReadableStream, which: 'stdout' | 'stderr', echo: boolean): void {
    let buf = '';
    const emit = (raw: string) => {
      const line = raw.replace(/\r$/, '');
      for (const t of [this.tail, which === 'stdout' ? this.outTail : this.errTail]) {
        t.push(line);
        if (t.length > this.tailLines) t.shift();
      }
      if (echo) process.stderr.write(`[${this.name}] ${line}\n`);
      for (const fn of [...this.listeners]) fn(line, which);
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        emit(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    stream.on('end', () => {
      if (buf) emit(buf);
      buf = '';
    });
  }

  output(): string {
    return this.tail.join('\n');
  }

  stdout(): string {
    return this.outTail.join('\n');
  }

  stderr(): string {
    return this.errTail.join('\n');
  }

  onLine(fn: LineListener): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  private describeExit(): string {
    if (this.spawnError) return `could not start (${this.spawnError.message})`;
    const s = this.exitStatus;
    if (!s) return 'is running';
    return s.signal ? `was killed by ${s.signal}` : `exited with code ${s.code}`;
  }

  private withTail(msg: string): string {
    const out = this.output();
    return `${msg}\n--- ${this.name} (${this.cmdline}): last ${this.tailLines} lines of output ---\n${out || '(no output)'}\n---`;
  }

  waitForLine(re: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const match = (line: string) => {
      re.lastIndex = 0;
      return line.match(re);
    };
    for (const line of this.tail) {
      const m = match(line);
      if (m) return Promise.resolve(m);
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = () => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        off();
        this.exitWaiters.delete(onExit);
        this.child.off('close', failExited);
        return true;
      };
      const off = this.onLine((line) => {
        const m = match(line);
        if (m && settle()) resolve(m);
      });
      const failExited = () => {
        if (settle()) {
          reject(new Error(this.withTail(`${this.name} ${this.describeExit()} before printing a line matching ${re}`)));
        }
      };
      const timer = setTimeout(() => {
        if (settle()) {
          const state = this.exitStatus ? ` (it ${this.describeExit()})` : '';
          reject(
            new Error(this.withTail(`timed out after ${timeoutMs}ms waiting for ${this.name} to print a line matching ${re}${state}`)),
          );
        }
      }, timeoutMs);
      // Output still in the pipes when the process exits comes before 'close': fail only after it.
      const onExit = () => {
        if (this.closed) failExited();
        else this.child.once('close', failExited);
      };
      if (this.exitStatus) onExit();
      else this.exitWaiters.add(onExit);
    });
  }

  waitForExit(timeoutMs?: number): Promise<ExitStatus> {
    if (this.exitStatus) return Promise.resolve(this.exitStatus);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onExit = () => {
        clearTimeout(timer);
        resolve(this.exitStatus!);
      };
      this.exitWaiters.add(onExit);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.exitWaiters.delete(onExit);
          reject(new Error(this.withTail(`timed out after ${timeoutMs}ms waiting for ${this.name} to exit`)));
        }, timeoutMs);
      }
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5_000): Promise<ExitStatus> {
    if (this.pid <= 0) return this.exitStatus ?? { code: null, signal: null };
    const gone = () => this.exitStatus !== undefined && groupMembers(this.pid).length === 0;
    const waitGone = async (ms: number) => {
      const deadline = Date.now() + ms;
      while (!gone() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return gone();
    };
    if (!gone()) {
      killGroup(this.pid, signal);
      if (!(await waitGone(graceMs))) {
        killGroup(this.pid, 'SIGKILL');
        if (!(await waitGone(5_000))) {
          const left = groupMembers(this.pid);
          throw new Error(
            this.withTail(`${this.name}: process group ${this.pid} still there 5s after SIGKILL (pids: ${left.join(' ') || 'none'}; leader ${this.describeExit()})`),
          );
        }
      }
    }
    this.forget();
    return this.exitStatus ?? { code: null, signal: 'SIGKILL' };
  }
}

/**
 * Starts `cmd args` in its own process group, output captured (see StartedProcess). The group is
 * SIGKILLed when this process exits if stop() has not been called. A command that cannot be
 * started (ENOENT) gives a process whose exitStatus is set and whose waitForLine rejects saying so.
 */
export function startProcess(cmd: string, args: string[] = [], opts: StartOptions = {}): StartedProcess {
  return new Proc(cmd, args, opts);
}
