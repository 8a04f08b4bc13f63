import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConflictError, CONTAINER_ID_RE, type ExecOutput, type ExitRecord, idOf, InvalidError, isAlive, type Launcher, type LauncherRequest as Req, type LauncherResponse as Res, type Logger, MonitoredLauncher, type MonitoredOptions, type MonitoredRecord, NotFoundError, pipeExec, PlateauError, procStartTime, pushStream, readJson, type RecoveredState, type Termination, writeFileAtomic, writeGate } from '@plateau/kernel';
import { GATE_SCRIPT, MONITOR_SCRIPT, runcError, runcTermination } from './runc-monitor';
import { ensureHostTarget, HOST_ROOT_ANNOTATION, hostRootEntries, prepareHostRootDir } from './host-root';
import { ociSpec, type OciSpec, prepareMountTargets, resolveUser, SANDBOX_TARGET, specJson } from './spec';
import { InteractiveExecs, terminalCommand } from './interactive-exec';

/** Settings of a RuncLauncher, resolved from its config. */
export interface RuncLauncherOptions extends MonitoredOptions {
  /** Absolute path of the runc binary. */
  runc: string;
  /** runc's state root. */
  root: string;
  /** Host path of a static init for pid 1, or undefined for none. */
  init?: string;
  /** Create a network namespace when LaunchInfo asks for none. */
  newNetworkNamespace: boolean;
  /** Cgroup parent when LaunchInfo.cgroups.path is unset. */
  cgroupParent: string;
  /** Tasks without an image get the host's / writable (default: read-only). */
  hostRootfsWritable?: boolean;
}

/** What Launch records in launch.json. */
interface LaunchRecord extends MonitoredRecord {
  runcId: string;
}

/** The runc container id of a container: `plateau-<id>`. */
export const runcIdOf = (id: string): string => `plateau-${id}`;

const RUNC_PREFIX = 'plateau-';

/**
 * RuncLauncher runs each container with runc under a detached monitor (see monitor.ts and
 * runc-monitor.ts for the design). All state lives in files under `<stateDir>/containers/<id>/`,
 * so any instance on the same state dir (an agent after a restart) can wait for, kill, exec in and
 * destroy a container.
 */
export class RuncLauncher extends MonitoredLauncher<LaunchRecord, RuncLauncherOptions> implements Launcher {
  /** Execs with a terminal or an open stdin, for ExecInput. */
  private readonly interactive = new InteractiveExecs();

  constructor(o: RuncLauncherOptions, log: Logger) {
    super(o, 'launcher.runc', log);
    fs.mkdirSync(o.root, { recursive: true, mode: 0o700 });
  }

  protected initPid(id: string): number | undefined {
    return readJson<{ pid?: number }>(path.join(this.dirOf(id), 'hookstate.json'))?.pid || undefined;
  }

  protected started(id: string): boolean {
    try {
      return fs.statSync(path.join(this.dirOf(id), 'pid')).size > 0;
    } catch {
      return false;
    }
  }

  protected termination(ex: ExitRecord, dir: string | undefined): Termination {
    return runcTermination(ex, dir === undefined ? undefined : runcError(dir));
  }

  /** Runs runc with the launcher's root; resolves stdout, rejects with runc's stderr. */
  private runc(args: string[], timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(this.o.runc, ['--root', this.o.root, ...args], { timeout: timeoutMs, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        if (err) {
          const msg = String(stderr).trim().split('\n').pop() || err.message;
          reject(Object.assign(new PlateauError('PLT_ERR_RUNC', `runc ${args[0]}: ${msg}`), { stderr: String(stderr) }));
        } else resolve(String(stdout));
      });
    });
  }

  /** runc's status of a container ("created", "running", "stopped", ...), or undefined when runc has none. */
  private async runcStatus(runcId: string): Promise<{ status: string; pid: number } | undefined> {
    try {
      const s = JSON.parse(await this.runc(['state', runcId])) as { status: string; pid: number };
      return s;
    } catch {
      return undefined;
    }
  }

  async launch(req: Req<'launch'>): Promise<Res<'launch'>> {
    const id = idOf(req.containerId);
    const args = [...(req.args ?? [])];
    if (!req.directory || !path.isAbsolute(req.directory)) throw new InvalidError('directory must be an absolute host path');
    const li = req.launchInfo ?? {};
    const runcId = runcIdOf(id);
    const dir = this.dirOf(id);
    const hook = { path: '/bin/sh', args: ['sh', '-c', GATE_SCRIPT, 'plateau-gate', dir], env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] };
    // A task without an image: the host's / as its root (see host-root.ts).
    const writable = this.o.hostRootfsWritable ?? false;
    const hostRoot = li.rootfs ? undefined : { dir: path.join(dir, 'bundle', 'rootfs'), entries: hostRootEntries(writable), writable };
    const spec = ociSpec(li, args, {
      containerId: id,
      sandbox: req.directory,
      newNetworkNamespace: this.o.newNetworkNamespace,
      cgroupParent: this.o.cgroupParent,
      init: this.o.init,
      hooks: { createRuntime: [hook] },
      hostRoot,
      annotations: hostRoot ? { [HOST_ROOT_ANNOTATION]: writable ? 'rw' : 'ro' } : undefined,
    });
    this.newDir(id);
    try {
      fs.mkdirSync(path.join(dir, 'bundle'));
      fs.writeFileSync(path.join(dir, 'bundle', 'config.json'), specJson(spec));
      if (hostRoot) {
        prepareHostRootDir(hostRoot.dir, hostRoot.entries);
        if (hostRoot.entries.mounts.some((m) => m.destination === '/mnt')) ensureHostTarget(SANDBOX_TARGET);
      }
      if (spec.linux.namespaces.some((n) => n.type === 'user')) {
        prepareMountTargets(spec);
        // The host's root in a user namespace (a container nested in one that has it): its mapped
        // root cannot create the runtime's own targets in the root directory, which the host's root owns.
        if (hostRoot) for (const own of ['proc', 'sys', 'dev', 'tmp']) fs.mkdirSync(path.join(hostRoot.dir, own), { recursive: true, mode: 0o755 });
      }
      const stdout = req.stdoutPath || path.join(req.directory, 'stdout');
      const stderr = req.stderrPath || path.join(req.directory, 'stderr');
      for (const f of [stdout, stderr]) fs.closeSync(fs.openSync(f, 'a'));
      const child = spawn('/bin/sh', ['-c', MONITOR_SCRIPT, 'plateau-monitor', dir, this.o.runc, this.o.root, runcId, stdout, stderr], {
        detached: true,
        stdio: 'ignore',
        cwd: dir,
        env: { PATH: process.env.PATH || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' },
      });
      child.unref();
      const monitorPid = child.pid;
      if (!monitorPid) throw new PlateauError('PLT_ERR_RUNC', 'could not start the container monitor');
      const rec: LaunchRecord = {
        containerId: id,
        runcId,
        dir,
        monitorPid,
        monitorStartTime: procStartTime(monitorPid),
        stdout,
        stderr,
        createdAt: new Date().toISOString(),
      };
      writeFileAtomic(path.join(dir, 'launch.json'), JSON.stringify(rec));
      const got = await this.created(id, `runc to create container ${id}`, 5).catch(async (e: unknown) => {
        writeGate(dir, 'abort');
        await this.runc(['delete', '-f', runcId]).catch(() => undefined);
        throw new PlateauError('PLT_ERR_RUNC', `${(e as Error).message}${runcError(dir) ? `: ${runcError(dir)}` : ''}`);
      });
      if ('exit' in got) {
        // Checked only now: a `runc state` before every launch would cost as much as the launch.
        if (await this.runcStatus(runcId)) throw new ConflictError(`runc already has a container ${runcId}`);
        throw new PlateauError('PLT_ERR_RUNC', `runc could not create container ${id}: ${runcError(dir) ?? `runc exited with ${got.exit!.code}`}`);
      }
      rec.pid = got.pid;
      rec.pidStartTime = procStartTime(got.pid);
      writeFileAtomic(path.join(dir, 'launch.json'), JSON.stringify(rec));
      this.log.debug({ containerId: id, pid: got.pid }, 'container created');
      return { pid: got.pid, launcherState: JSON.stringify({ dir, runcId }) };
    } catch (e) {
      await this.waitMonitorGone(id, 5000).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  async start(req: Req<'start'>): Promise<Res<'start'>> {
    const id = idOf(req.containerId);
    return this.startAtGate(id, `runc to start container ${id}`);
  }

  protected async signal(id: string, rec: LaunchRecord, sig: { num: number; name: string }, started: boolean, all: boolean): Promise<void> {
    if (!started) {
      // The init waits at the gate, but the hook has not opened it yet (or is gone): signal the init directly.
      if (rec.pid && isAlive(rec.pid, rec.pidStartTime)) process.kill(rec.pid, 'SIGKILL');
      return;
    }
    try {
      await this.runc(['kill', ...(all ? ['--all'] : []), rec.runcId, sig.name]);
    } catch (e) {
      if (this.exitRecord(id)) return;
      const st = await this.runcStatus(rec.runcId);
      if (!st || st.status === 'stopped') return;
      throw e;
    }
  }

  async destroy(req: Req<'destroy'>): Promise<Res<'destroy'>> {
    const id = idOf(req.containerId);
    const dir = this.dirOf(id);
    const runcId = runcIdOf(id);
    const known = fs.existsSync(dir);
    if (!known && !(await this.runcStatus(runcId))) throw new NotFoundError(`container ${id} is unknown to launcher.runc`);
    if (known && !this.started(id) && !this.exitRecord(id)) this.abortAtGate(dir, 9);
    // Deleted without asking runc first (each runc run forks the agent's whole process): a delete
    // that fails is an error only when runc still has the container.
    await this.runc(['delete', '--force', runcId]).catch(async (e: unknown) => {
      if (await this.runcStatus(runcId)) throw e;
    });
    if (known) {
      await this.waitMonitorGone(id, 10_000);
      // Let a pending Wait read the record before the files go.
      if (readJson<LaunchRecord>(path.join(dir, 'launch.json'))) await this.settleWait(id);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return {};
  }

  protected async recoverContainer(id: string, rec: LaunchRecord | undefined, ex: ExitRecord | undefined): Promise<RecoveredState> {
    if (ex) return { running: false, termination: this.termination(ex, rec?.dir), pid: 0 };
    const st = await this.runcStatus(runcIdOf(id));
    const monitorAlive = rec ? isAlive(rec.monitorPid, rec.monitorStartTime) : false;
    const pid = rec?.pid ?? this.initPid(id) ?? 0;
    const running = monitorAlive || (st !== undefined && st.status !== 'stopped');
    if (running) return { running: true, termination: null, pid };
    const again = this.exitRecord(id);
    return { running: false, termination: again ? this.termination(again, undefined) : null, pid: 0 };
  }

  /** Orphans: runc's containers of ours and the container directories the agent did not name. */
  protected override async orphans(known: Set<string>): Promise<Iterable<string>> {
    const orphans = new Set<string>();
    const out = await this.runc(['list', '--format', 'json']).catch(() => 'null');
    for (const c of (JSON.parse(out || 'null') as { id: string }[] | null) ?? []) {
      if (c.id.startsWith(RUNC_PREFIX)) {
        const id = c.id.slice(RUNC_PREFIX.length);
        if (!known.has(id) && CONTAINER_ID_RE.test(id)) orphans.add(id);
      }
    }
    for (const id of this.unknownDirs(known)) orphans.add(id);
    return orphans;
  }

  /** Input for an interactive exec: stdin bytes, its end, a new terminal size. */
  async execInput(req: Req<'execInput'>): Promise<Res<'execInput'>> {
    const id = idOf(req.containerId);
    if (!req.execId) throw new InvalidError('exec_id must name the exec');
    await this.interactive.input(`${id}/${req.execId}`, { stdin: req.stdin ?? null, closeStdin: req.closeStdin ?? false, windowSize: req.windowSize ? { rows: req.windowSize.rows ?? 24, columns: req.windowSize.columns ?? 80 } : null });
    return {};
  }

  exec(req: Req<'exec'>): AsyncIterable<ExecOutput> {
    return pushStream<ExecOutput>((push, end) => {
      let child: ReturnType<typeof spawn> | undefined;
      let tmp: string | undefined;
      let finished = false;
      const cleanupFiles = () => {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
        tmp = undefined;
      };
      void (async () => {
        const id = idOf(req.containerId);
        const rec = this.record(id);
        const st = await this.runcStatus(rec.runcId);
        if (!st || st.status !== 'running') throw new ConflictError(`container ${id} is not running`);
        if (!req.args?.length || !req.args[0]) throw new InvalidError('exec args must name a command');
        if (req.interactive && !req.execId) throw new InvalidError('exec_id is required with interactive (ExecInput names the exec by it)');
        const spec = readJson<OciSpec>(path.join(rec.dir, 'bundle', 'config.json'));
        if (!spec) throw new NotFoundError(`container ${id} has no bundle`);
        const env = new Map(spec.process.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
        for (const e of req.environment ?? []) if (e.name) env.set(e.name, e.value ?? '');
        let user = spec.process.user;
        if (req.user) {
          if (req.user.uid !== undefined && req.user.uid !== null) user = { uid: req.user.uid, gid: req.user.gid ?? 0 };
          // A container without an image has the host's /etc under its empty root directory.
          else if (req.user.name) user = resolveUser(spec.annotations?.[HOST_ROOT_ANNOTATION] ? '/' : spec.root.path, req.user.name);
          if (req.user.additionalGids?.length) user = { ...user, additionalGids: [...req.user.additionalGids] };
        }
        const proc = {
          ...spec.process,
          terminal: Boolean(req.tty),
          args: [...req.args],
          env: [...env].map(([k, v]) => `${k}=${v}`),
          cwd: req.workingDir || spec.process.cwd,
          user,
        };
        tmp = fs.mkdtempSync(path.join(rec.dir, 'exec-'));
        fs.writeFileSync(path.join(tmp, 'process.json'), specJson(proc));
        if (finished) return cleanupFiles();
        const runcArgs = ['--root', this.o.root, 'exec', '--process', path.join(tmp, 'process.json'), '--pid-file', path.join(tmp, 'pid'), rec.runcId];
        const settle = () => {
          finished = true;
          cleanupFiles();
        };
        if (req.tty || req.interactive) {
          const t = req.tty ? terminalCommand(this.o.runc, runcArgs, { rows: req.tty.rows ?? 24, columns: req.tty.columns ?? 80 }, tmp) : undefined;
          child = this.interactive.run(`${id}/${req.execId || tmp}`, t?.cmd ?? this.o.runc, t?.args ?? runcArgs, req.stdin ?? undefined, t?.ttyFile, push, end, settle);
          return;
        }
        child = spawn(this.o.runc, runcArgs, {
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        pipeExec(child, req.stdin, push, end, settle);
      })().catch((e: unknown) => {
        finished = true;
        cleanupFiles();
        end(e);
      });
      return () => {
        if (finished) return;
        finished = true;
        // The consumer went away: SIGKILL the exec'd process itself (runc exec cannot forward
        // SIGKILL). runc writes its pid file only after the process started, so wait for it a bit.
        const dir = tmp;
        const c = child;
        void (async () => {
          const deadline = Date.now() + 5000;
          while (dir && c && c.exitCode === null && c.signalCode === null && Date.now() < deadline) {
            try {
              const pid = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8').trim() || 0);
              if (pid) {
                process.kill(pid, 'SIGKILL');
                break;
              }
            } catch {
              // not written yet, or the process is gone
            }
            await new Promise((r) => setTimeout(r, 20));
          }
          c?.kill('SIGKILL');
          cleanupFiles();
        })();
      };
    });
  }
}
