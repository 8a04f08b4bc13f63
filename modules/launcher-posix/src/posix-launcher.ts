import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ConflictError,
  InvalidError,
  NotFoundError,
  PlateauError,
  UnsupportedError,
  pushStream,
  writeFileAtomic,
  type Launcher,
  type Logger,
} from '@plateau/kernel';
import {
  isAlive,
  parseSignal,
  procStartTime,
  readJson,
  terminationOf,
  unknownTermination,
  waitUntil,
  which,
  writeGate,
  type ExitRecord,
  type Termination,
} from './common';

type Req<M extends keyof Launcher> = Parameters<Launcher[M]>[0];
type Res<M extends keyof Launcher> = Awaited<ReturnType<Launcher[M]>>;
type ExecOutput = Launcher['exec'] extends (r: never) => AsyncIterable<infer O> ? O : never;
type LaunchInfo = NonNullable<Req<'launch'>['launchInfo']>;

/** Container ids the launcher accepts (they become file names). */
export const CONTAINER_ID_RE = /^[A-Za-z0-9_.-]+$/;

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Host tools the monitor uses, by absolute path (the monitor runs with the task's environment). */
interface Tools {
  sh: string;
  mv: string;
  rm: string;
  mkfifo: string;
  setsid: string;
  setpriv?: string;
  prlimit?: string;
}

/** Settings of a PosixLauncher. */
export interface PosixLauncherOptions {
  /** Directory of the launcher's per-container records. */
  stateDir: string;
  /** Bound on Launch's and Start's waits. */
  launchTimeoutMs: number;
}

interface LaunchRecord {
  containerId: string;
  dir: string;
  monitorPid: number;
  monitorStartTime?: number;
  pid?: number;
  pidStartTime?: number;
  /** The process group (= session) of the container's process: its pid. */
  pgid?: number;
  cwd: string;
  env: string[];
  stdout: string;
  stderr: string;
  createdAt: string;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Finds the host tools, or says which is missing. */
export function findTools(): Tools | string {
  const need = { sh: '/bin/sh', mv: 'mv', rm: 'rm', mkfifo: 'mkfifo', setsid: 'setsid' } as const;
  const t: Partial<Tools> = {};
  for (const [k, v] of Object.entries(need)) {
    const p = which(v);
    if (!p) return `${v} not found on PATH`;
    t[k as keyof typeof need] = p;
  }
  t.setpriv = which('setpriv');
  t.prlimit = which('prlimit');
  return t as Tools;
}

/**
 * The monitor (args: dir stdout stderr cmd...): starts the command through the gate in its own
 * session (setsid, so the command's pid is its process group and session id), waits for it and
 * records how it ended in exit.json (temp + rename). See launcher-runc's monitor.ts for why a
 * detached monitor: it outlives the agent, and only a parent can read an exit status.
 */
function monitorScript(t: Tools): string {
  const gate = [
    'dir=$1 cwd=$2; shift 2',
    'exec 3<>"$dir/gate" || exit 126',
    `echo $$ >"$dir/init.pid.tmp" && ${q(t.mv)} -f "$dir/init.pid.tmp" "$dir/init.pid" || exit 126`,
    'read -r x <&3',
    'exec 3<&-',
    '[ "$x" = go ] || exit 125',
    ': >"$dir/started"',
    'cd "$cwd" || exit 126',
    'exec "$@"',
  ].join('\n');
  return [
    'dir=$1 out=$2 err=$3; shift 3',
    'exec </dev/null >>"$out" 2>>"$err"',
    `${q(t.rm)} -f "$dir/gate" && ${q(t.mkfifo)} -m 600 "$dir/gate" || exit 1`,
    `${q(t.setsid)} ${q(t.sh)} -c ${q(gate)} plateau-gate "$dir" "$@" &`,
    'wait $!',
    'code=$?',
    'started=false; [ -e "$dir/started" ] && started=true',
    'abort=null; [ -s "$dir/abort" ] && read -r abort <"$dir/abort" && case $abort in *[!0-9]*|"") abort=null;; esac',
    'printf \'{"code":%d,"started":%s,"abort":%s}\\n\' "$code" "$started" "${abort:-null}" >"$dir/exit.json.tmp" &&',
    `  ${q(t.mv)} -f "$dir/exit.json.tmp" "$dir/exit.json"`,
  ].join('\n');
}

function idOf(cid: { value?: string } | null | undefined, what = 'containerId'): string {
  const id = cid?.value ?? '';
  if (!CONTAINER_ID_RE.test(id)) throw new InvalidError(`${what} "${id}" must match ${CONTAINER_ID_RE}`);
  return id;
}

/** Looks a host user up by name ("name" or "name:group") in /etc/passwd and /etc/group. */
function hostUser(spec: string): { uid: number; gid: number } {
  const [u, g] = spec.split(':', 2) as [string, string | undefined];
  const read = (f: string) => fs.readFileSync(f, 'utf8').split('\n').map((l) => l.split(':'));
  const pw = read('/etc/passwd').find((f) => f[0] === u || f[2] === u);
  if (!pw) throw new InvalidError(`user "${u}" is not in /etc/passwd`);
  let gid = Number(pw[3]);
  if (g !== undefined) {
    const gr = /^\d+$/.test(g) ? [g, '', g] : read('/etc/group').find((f) => f[0] === g);
    if (!gr) throw new InvalidError(`group "${g}" is not in /etc/group`);
    gid = Number(gr[2]);
  }
  return { uid: Number(pw[2]), gid };
}

/** Fields of LaunchInfo that need isolation this launcher does not have. */
const UNSUPPORTED: (keyof LaunchInfo)[] = [
  'rootfs', 'mounts', 'namespaces', 'devices', 'seccompProfileJson', 'capabilities', 'uidMappings',
  'gidMappings', 'maskedPaths', 'readonlyPaths', 'hostname', 'sysctls',
];

function isSet(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/**
 * PosixLauncher runs each container as a plain host process in its own session, under a detached
 * monitor, without any isolation. LaunchInfo's environment, workingDir, user (via setpriv, root
 * only), rlimits (via prlimit), noNewPrivileges (setpriv) and preExecCommands apply; cgroups are
 * left to isolators (they move the pid at Isolate); anything that needs namespaces or a rootfs is
 * refused with Unsupported, naming the fields.
 */
export class PosixLauncher implements Launcher {
  private readonly waits = new Map<string, Promise<Termination>>();
  private readonly monitor: string;

  constructor(
    private readonly o: PosixLauncherOptions,
    private readonly tools: Tools,
    private readonly log: Logger,
  ) {
    fs.mkdirSync(path.join(o.stateDir, 'containers'), { recursive: true });
    this.monitor = monitorScript(tools);
  }

  private dirOf(id: string): string {
    return path.join(this.o.stateDir, 'containers', id);
  }

  private record(id: string): LaunchRecord {
    const rec = readJson<LaunchRecord>(path.join(this.dirOf(id), 'launch.json'));
    if (!rec) throw new NotFoundError(`container ${id} is unknown to launcher.posix`);
    return rec;
  }

  private exitRecord(id: string): ExitRecord | undefined {
    return readJson<ExitRecord>(path.join(this.dirOf(id), 'exit.json'));
  }

  private started(id: string): boolean {
    return fs.existsSync(path.join(this.dirOf(id), 'started'));
  }

  private initPid(id: string): number | undefined {
    try {
      return Number(fs.readFileSync(path.join(this.dirOf(id), 'init.pid'), 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  }

  /** The argv prefix that applies user, rlimits and no_new_privs, then the pre-exec commands. */
  private wrap(li: LaunchInfo, args: string[]): string[] {
    const pre: string[] = [];
    const rl = li.rlimits ?? [];
    if (rl.length) {
      if (!this.tools.prlimit) throw new UnsupportedError('rlimits need prlimit (util-linux), which is not installed');
      pre.push(this.tools.prlimit);
      for (const r of rl) {
        const m = /^RLIMIT_([A-Z]+)$/.exec(r.type ?? '');
        if (!m) throw new InvalidError(`invalid rlimit type "${r.type}"`);
        pre.push(`--${m[1]!.toLowerCase()}=${String(r.soft ?? 0)}:${String(r.hard ?? 0)}`);
      }
      pre.push('--');
    }
    const u = li.user;
    let ids: { uid: number; gid: number; groups?: number[] } | undefined;
    if (u && (u.uid !== undefined && u.uid !== null ? true : Boolean(u.name))) {
      const base = u.uid !== undefined && u.uid !== null ? { uid: u.uid, gid: u.gid ?? 0 } : hostUser(u.name!);
      ids = { ...base, groups: u.additionalGids?.length ? [...u.additionalGids] : undefined };
      if (u.gid !== undefined && u.gid !== null) ids.gid = u.gid;
    }
    const me = process.getuid?.() ?? 0;
    if (ids && ids.uid === me && ids.gid === (process.getgid?.() ?? 0) && !ids.groups) ids = undefined;
    if (ids || li.noNewPrivileges) {
      if (!this.tools.setpriv) throw new UnsupportedError('user switching and no_new_privs need setpriv (util-linux), which is not installed');
      if (ids && me !== 0) throw new UnsupportedError(`running as uid ${ids.uid} needs root; this agent runs as uid ${me}`);
      pre.push(this.tools.setpriv);
      if (ids) {
        pre.push(`--reuid=${ids.uid}`, `--regid=${ids.gid}`, ids.groups ? `--groups=${ids.groups.join(',')}` : '--clear-groups');
      }
      if (li.noNewPrivileges) pre.push('--no-new-privs');
      pre.push('--');
    }
    const cmds = (li.preExecCommands ?? []).filter((c) => c.args?.length);
    if (cmds.length) {
      const script = ['set -e', ...cmds.map((c) => c.args!.map(q).join(' ')), 'exec "$@"'].join('\n');
      pre.push(this.tools.sh, '-c', script, 'sh');
    }
    return [...pre, ...args];
  }

  async launch(req: Req<'launch'>): Promise<Res<'launch'>> {
    const id = idOf(req.containerId);
    const args = [...(req.args ?? [])];
    if (!args.length || !args[0]) throw new InvalidError('args must name a command');
    if (!req.directory || !path.isAbsolute(req.directory)) throw new InvalidError('directory must be an absolute host path');
    const li = req.launchInfo ?? {};
    const bad = UNSUPPORTED.filter((k) => isSet(li[k]));
    if (bad.length) throw new UnsupportedError(`launcher.posix provides no isolation and cannot apply LaunchInfo ${bad.join(', ')}`);
    const cwd = li.workingDir || req.directory;
    if (!path.isAbsolute(cwd)) throw new InvalidError(`workingDir must be absolute, got "${cwd}"`);
    const envMap = new Map<string, string>([['PATH', DEFAULT_PATH], ['MESOS_SANDBOX', req.directory]]);
    for (const e of li.environment ?? []) {
      if (!e.name) throw new InvalidError('environment variable without a name');
      envMap.set(e.name, e.value ?? '');
    }
    const argv = this.wrap(li, args);
    const dir = this.dirOf(id);
    try {
      fs.mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new ConflictError(`container ${id} already exists`);
      throw e;
    }
    try {
      const stdout = req.stdoutPath || path.join(req.directory, 'stdout');
      const stderr = req.stderrPath || path.join(req.directory, 'stderr');
      for (const f of [stdout, stderr]) fs.closeSync(fs.openSync(f, 'a'));
      const child = spawn(this.tools.sh, ['-c', this.monitor, 'plateau-monitor', dir, stdout, stderr, cwd, ...argv], {
        detached: true,
        stdio: 'ignore',
        cwd: dir,
        env: Object.fromEntries(envMap),
      });
      child.unref();
      if (!child.pid) throw new PlateauError('PLT_ERR_LAUNCH', 'could not start the container monitor');
      const rec: LaunchRecord = {
        containerId: id,
        dir,
        monitorPid: child.pid,
        monitorStartTime: procStartTime(child.pid),
        cwd,
        env: [...envMap].map(([k, v]) => `${k}=${v}`),
        stdout,
        stderr,
        createdAt: new Date().toISOString(),
      };
      writeFileAtomic(path.join(dir, 'launch.json'), JSON.stringify(rec));
      const got = await waitUntil(
        dir,
        () => {
          const pid = this.initPid(id);
          if (pid) return { pid };
          const ex = this.exitRecord(id);
          if (ex) return { exit: ex };
          return undefined;
        },
        this.o.launchTimeoutMs,
        `the process of container ${id} to be created`,
        50,
      ).catch((e: unknown) => {
        writeGate(dir, 'abort');
        throw new PlateauError('PLT_ERR_LAUNCH', (e as Error).message);
      });
      if ('exit' in got) throw new PlateauError('PLT_ERR_LAUNCH', `container ${id} could not be created (monitor status ${got.exit!.code})`);
      rec.pid = got.pid;
      rec.pgid = got.pid;
      rec.pidStartTime = procStartTime(got.pid);
      writeFileAtomic(path.join(dir, 'launch.json'), JSON.stringify(rec));
      return { pid: got.pid, launcherState: JSON.stringify({ dir }) };
    } catch (e) {
      await this.waitMonitorGone(id, 5000);
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  async start(req: Req<'start'>): Promise<Res<'start'>> {
    const id = idOf(req.containerId);
    const rec = this.record(id);
    if (this.started(id)) return {};
    const ex = this.exitRecord(id);
    if (ex) throw new ConflictError(`container ${id} ended before it started: ${terminationOf(ex).message}`);
    await waitUntil(rec.dir, () => (writeGate(rec.dir, 'go') ? true : this.exitRecord(id) ? true : undefined), this.o.launchTimeoutMs, `the start gate of ${id}`, 10);
    const r = await waitUntil(
      rec.dir,
      () => (this.started(id) ? 'started' : this.exitRecord(id) ? 'exited' : undefined),
      this.o.launchTimeoutMs,
      `container ${id} to start`,
      20,
    );
    if (r === 'exited' && !this.started(id)) throw new ConflictError(`container ${id} did not start: ${terminationOf(this.exitRecord(id)!).message}`);
    return {};
  }

  async wait(req: Req<'wait'>): Promise<Res<'wait'>> {
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

  private probeExit(id: string, rec: LaunchRecord): Termination | undefined {
    const ex = this.exitRecord(id);
    if (ex) return terminationOf(ex);
    if (!fs.existsSync(rec.dir)) return unknownTermination(`container ${id} was destroyed`);
    if (isAlive(rec.monitorPid, rec.monitorStartTime)) return undefined;
    const again = this.exitRecord(id);
    if (again) return terminationOf(again);
    if (rec.pid && isAlive(rec.pid, rec.pidStartTime)) return undefined;
    return unknownTermination(`exit status of container ${id} is unknown: its monitor (pid ${rec.monitorPid}) ended without recording it`);
  }

  async kill(req: Req<'kill'>): Promise<Res<'kill'>> {
    const id = idOf(req.containerId);
    const sig = parseSignal(req.signal);
    const rec = this.record(id);
    if (this.exitRecord(id)) return {};
    if (!this.started(id)) {
      fs.writeFileSync(path.join(rec.dir, 'abort'), String(sig.num));
      if (writeGate(rec.dir, 'abort') || this.exitRecord(id)) return {};
    }
    const pid = rec.pid ?? this.initPid(id);
    if (!pid || !isAlive(pid, rec.pidStartTime)) return {};
    try {
      process.kill(req.all ? -pid : pid, sig.num);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
    return {};
  }

  private async waitMonitorGone(id: string, timeoutMs: number): Promise<void> {
    const rec = readJson<LaunchRecord>(path.join(this.dirOf(id), 'launch.json'));
    if (!rec) return;
    const deadline = Date.now() + timeoutMs;
    while (isAlive(rec.monitorPid, rec.monitorStartTime)) {
      if (Date.now() > deadline) {
        this.log.warn({ containerId: id, monitorPid: rec.monitorPid }, 'container monitor still running; killing it');
        try {
          process.kill(-rec.monitorPid, 'SIGKILL');
        } catch {
          // gone
        }
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async destroy(req: Req<'destroy'>): Promise<Res<'destroy'>> {
    const id = idOf(req.containerId);
    const rec = this.record(id);
    if (!this.started(id) && !this.exitRecord(id)) {
      fs.writeFileSync(path.join(rec.dir, 'abort'), '9');
      writeGate(rec.dir, 'abort');
    }
    // Every process of the container's process group (its session leader's group).
    const pgid = rec.pgid ?? this.initPid(id);
    if (pgid) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // none left
      }
    }
    await this.waitMonitorGone(id, 10_000);
    const w = this.waits.get(id);
    if (w) await Promise.race([w, new Promise((r) => setTimeout(r, 1000))]);
    fs.rmSync(rec.dir, { recursive: true, force: true });
    return {};
  }

  async recover(req: Req<'recover'>): Promise<Res<'recover'>> {
    const known = new Set<string>();
    const containers: Res<'recover'>['containers'] = [];
    for (const c of req.containers ?? []) {
      const id = idOf(c.containerId, 'containers[].containerId');
      known.add(id);
      const rec = readJson<LaunchRecord>(path.join(this.dirOf(id), 'launch.json'));
      const ex = this.exitRecord(id);
      if (ex || !rec) {
        containers.push({ containerId: { value: id, parent: null }, running: false, termination: ex ? terminationOf(ex) : null, pid: 0 });
        continue;
      }
      const running = isAlive(rec.monitorPid, rec.monitorStartTime) || (rec.pid !== undefined && isAlive(rec.pid, rec.pidStartTime));
      const again = running ? undefined : this.exitRecord(id);
      containers.push({
        containerId: { value: id, parent: null },
        running,
        termination: again ? terminationOf(again) : null,
        pid: running ? (rec.pid ?? 0) : 0,
      });
    }
    let dirs: string[] = [];
    try {
      dirs = fs.readdirSync(path.join(this.o.stateDir, 'containers'));
    } catch {
      // none
    }
    const orphans = dirs.filter((id) => !known.has(id) && CONTAINER_ID_RE.test(id)).sort();
    return { containers, orphans: orphans.map((value) => ({ value, parent: null })) };
  }

  /** Runs a command beside the container (same environment and working dir; no isolation to enter). */
  exec(req: Req<'exec'>): AsyncIterable<ExecOutput> {
    return pushStream<ExecOutput>((push, end) => {
      let child: ReturnType<typeof spawn> | undefined;
      let finished = false;
      try {
        const id = idOf(req.containerId);
        const rec = this.record(id);
        if (this.exitRecord(id) || !rec.pid || !isAlive(rec.pid, rec.pidStartTime)) throw new ConflictError(`container ${id} is not running`);
        if (!req.args?.length || !req.args[0]) throw new InvalidError('exec args must name a command');
        const env = new Map(rec.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
        for (const e of req.environment ?? []) if (e.name) env.set(e.name, e.value ?? '');
        const argv = this.wrap({ user: req.user ?? null }, [...req.args]);
        child = spawn(argv[0]!, argv.slice(1), { cwd: req.workingDir || rec.cwd, env: Object.fromEntries(env), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
        child.stdout!.on('data', (b: Buffer) => push({ stdout: b, output: 'stdout' }));
        child.stderr!.on('data', (b: Buffer) => push({ stderr: b, output: 'stderr' }));
        child.stdin!.on('error', () => undefined);
        child.stdin!.end(req.stdin && req.stdin.length ? Buffer.from(req.stdin as Uint8Array) : undefined);
        child.on('error', (e) => {
          finished = true;
          end(e);
        });
        child.on('close', (code, signal) => {
          finished = true;
          const rc = code ?? 128 + (signal ? os.constants.signals[signal] : 9);
          push({ exit: terminationOf({ code: rc, started: true, abort: null }), output: 'exit' });
          end();
        });
      } catch (e) {
        finished = true;
        end(e);
      }
      return () => {
        if (finished || !child?.pid) return;
        finished = true;
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
      };
    });
  }

  /** Nothing to release: containers and their monitors outlive the launcher by design. */
  close(): void {
    this.waits.clear();
  }
}
