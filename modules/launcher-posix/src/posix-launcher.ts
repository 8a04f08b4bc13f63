import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConflictError, type ExecOutput, type ExitRecord, idOf, InvalidError, isAlive, type Launcher, type LauncherRequest as Req, type LauncherResponse as Res, type Logger, MonitoredLauncher, type MonitoredOptions, type MonitoredRecord, pipeExec, PlateauError, procStartTime, pushStream, type RecoveredState, type Termination, terminationOf, UnsupportedError, which, writeFileAtomic, writeGate } from '@plateau/kernel';

type LaunchInfo = NonNullable<Req<'launch'>['launchInfo']>;

export { CONTAINER_ID_RE } from '@plateau/kernel';

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
export type PosixLauncherOptions = MonitoredOptions;

interface LaunchRecord extends MonitoredRecord {
  /** The process group (= session) of the container's process: its pid. */
  pgid?: number;
  cwd: string;
  env: string[];
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
/** The warning logged at this launcher's first launch. */
export const NO_ISOLATION_WARNING =
  'launcher.posix provides NO ISOLATION: tasks run as plain host processes (no namespaces, no rootfs, no seccomp, no capability limits). Use launcher.runc on machines with root and runc.';

export class PosixLauncher extends MonitoredLauncher<LaunchRecord, PosixLauncherOptions> implements Launcher {
  private readonly monitor: string;
  private warned = false;

  constructor(
    o: PosixLauncherOptions,
    private readonly tools: Tools,
    log: Logger,
  ) {
    super(o, 'launcher.posix', log);
    this.monitor = monitorScript(tools);
  }

  protected started(id: string): boolean {
    return fs.existsSync(path.join(this.dirOf(id), 'started'));
  }

  protected initPid(id: string): number | undefined {
    try {
      return Number(fs.readFileSync(path.join(this.dirOf(id), 'init.pid'), 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  }

  protected termination(ex: ExitRecord): Termination {
    return terminationOf(ex);
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
    // Said when it matters: an agent that loads this launcher as a fallback but never uses it stays quiet.
    if (!this.warned) {
      this.warned = true;
      this.log.warn({ containerId: id }, NO_ISOLATION_WARNING);
    }
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
    const dir = this.newDir(id);
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
      const got = await this.created(id, `the process of container ${id} to be created`, 50).catch((e: unknown) => {
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
    return this.startAtGate(id, `container ${id} to start`);
  }

  protected async signal(id: string, rec: LaunchRecord, sig: { num: number }, _started: boolean, all: boolean): Promise<void> {
    const pid = rec.pid ?? this.initPid(id);
    if (!pid || !isAlive(pid, rec.pidStartTime)) return;
    try {
      process.kill(all ? -pid : pid, sig.num);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
    }
  }

  async destroy(req: Req<'destroy'>): Promise<Res<'destroy'>> {
    const id = idOf(req.containerId);
    const rec = this.record(id);
    if (!this.started(id) && !this.exitRecord(id)) this.abortAtGate(rec.dir, 9);
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
    await this.settleWait(id);
    fs.rmSync(rec.dir, { recursive: true, force: true });
    return {};
  }

  protected recoverContainer(id: string, rec: LaunchRecord | undefined, ex: ExitRecord | undefined): RecoveredState {
    if (ex || !rec) return { running: false, termination: ex ? terminationOf(ex) : null, pid: 0 };
    const running = isAlive(rec.monitorPid, rec.monitorStartTime) || (rec.pid !== undefined && isAlive(rec.pid, rec.pidStartTime));
    const again = running ? undefined : this.exitRecord(id);
    return { running, termination: again ? terminationOf(again) : null, pid: running ? (rec.pid ?? 0) : 0 };
  }

  /** Interactive execs are not offered (Exec refuses `interactive`). */
  async execInput(_req: Req<'execInput'>): Promise<Res<'execInput'>> {
    throw new UnsupportedError('ExecInput: the posix launcher has no interactive execs');
  }

  /** Runs a command beside the container (same environment and working dir; no isolation to enter). */
  exec(req: Req<'exec'>): AsyncIterable<ExecOutput> {
    return pushStream<ExecOutput>((push, end) => {
      let child: ReturnType<typeof spawn> | undefined;
      let finished = false;
      try {
        // No terminal, no open stdin: refused by name rather than run without them.
        if (req.tty) throw new UnsupportedError('exec tty: the posix launcher runs commands without a terminal');
        if (req.interactive) throw new UnsupportedError('exec interactive: the posix launcher closes an exec\'s stdin after ExecRequest.stdin');
        const id = idOf(req.containerId);
        const rec = this.record(id);
        if (this.exitRecord(id) || !rec.pid || !isAlive(rec.pid, rec.pidStartTime)) throw new ConflictError(`container ${id} is not running`);
        if (!req.args?.length || !req.args[0]) throw new InvalidError('exec args must name a command');
        const env = new Map(rec.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
        for (const e of req.environment ?? []) if (e.name) env.set(e.name, e.value ?? '');
        const argv = this.wrap({ user: req.user ?? null }, [...req.args]);
        child = spawn(argv[0]!, argv.slice(1), { cwd: req.workingDir || rec.cwd, env: Object.fromEntries(env), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
        pipeExec(child, req.stdin, push, end, () => {
          finished = true;
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
}
