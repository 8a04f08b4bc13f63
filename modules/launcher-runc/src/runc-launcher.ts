import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ConflictError,
  InvalidError,
  NotFoundError,
  PlateauError,
  pushStream,
  writeFileAtomic,
  type Launcher,
  type Logger,
} from '@plateau/kernel';
import {
  GATE_SCRIPT,
  MONITOR_SCRIPT,
  isAlive,
  parseSignal,
  procStartTime,
  readJson,
  runcError,
  terminationOf,
  unknownTermination,
  waitUntil,
  writeGate,
  type ExitRecord,
  type Termination,
} from './monitor';
import { CONTAINER_ID_RE, ociSpec, prepareMountTargets, resolveUser, specJson, type OciSpec } from './spec';

type Req<M extends keyof Launcher> = Parameters<Launcher[M]>[0];
type Res<M extends keyof Launcher> = Awaited<ReturnType<Launcher[M]>>;
type ExecOutput = Launcher['exec'] extends (r: never) => AsyncIterable<infer O> ? O : never;

/** Settings of a RuncLauncher, resolved from its config. */
export interface RuncLauncherOptions {
  /** Absolute path of the runc binary. */
  runc: string;
  /** runc's state root. */
  root: string;
  /** Directory of the launcher's per-container records. */
  stateDir: string;
  /** Host path of a static init for pid 1, or undefined for none. */
  init?: string;
  /** Create a network namespace when LaunchInfo asks for none. */
  newNetworkNamespace: boolean;
  /** Cgroup parent when LaunchInfo.cgroups.path is unset. */
  cgroupParent: string;
  /** Bound on Launch's and Start's waits. */
  launchTimeoutMs: number;
}

/** What Launch records in launch.json. */
interface LaunchRecord {
  containerId: string;
  runcId: string;
  dir: string;
  monitorPid: number;
  monitorStartTime?: number;
  pid?: number;
  pidStartTime?: number;
  stdout: string;
  stderr: string;
  createdAt: string;
}

/** The runc container id of a container: `plateau-<id>`. */
export const runcIdOf = (id: string): string => `plateau-${id}`;

const RUNC_PREFIX = 'plateau-';

function idOf(cid: { value?: string } | null | undefined, what = 'containerId'): string {
  const id = cid?.value ?? '';
  if (!CONTAINER_ID_RE.test(id)) throw new InvalidError(`${what} "${id}" must match ${CONTAINER_ID_RE}`);
  return id;
}

/**
 * RuncLauncher runs each container with runc under a detached monitor (see monitor.ts for the
 * design). All state lives in files under `<stateDir>/containers/<id>/`, so any instance on the
 * same state dir (an agent after a restart) can wait for, kill, exec in and destroy a container.
 */
export class RuncLauncher implements Launcher {
  private readonly waits = new Map<string, Promise<Termination>>();

  constructor(
    private readonly o: RuncLauncherOptions,
    private readonly log: Logger,
  ) {
    fs.mkdirSync(path.join(o.stateDir, 'containers'), { recursive: true });
    fs.mkdirSync(o.root, { recursive: true, mode: 0o700 });
  }

  private dirOf(id: string): string {
    return path.join(this.o.stateDir, 'containers', id);
  }

  private record(id: string): LaunchRecord {
    const rec = readJson<LaunchRecord>(path.join(this.dirOf(id), 'launch.json'));
    if (!rec) throw new NotFoundError(`container ${id} is unknown to launcher.runc`);
    return rec;
  }

  private exitRecord(id: string): ExitRecord | undefined {
    return readJson<ExitRecord>(path.join(this.dirOf(id), 'exit.json'));
  }

  private initPid(id: string): number | undefined {
    return readJson<{ pid?: number }>(path.join(this.dirOf(id), 'hookstate.json'))?.pid || undefined;
  }

  private started(id: string): boolean {
    try {
      return fs.statSync(path.join(this.dirOf(id), 'pid')).size > 0;
    } catch {
      return false;
    }
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
    const spec = ociSpec(li, args, {
      containerId: id,
      sandbox: req.directory,
      newNetworkNamespace: this.o.newNetworkNamespace,
      cgroupParent: this.o.cgroupParent,
      init: this.o.init,
      hooks: { createRuntime: [hook] },
    });
    try {
      fs.mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new ConflictError(`container ${id} already exists`);
      throw e;
    }
    try {
      fs.mkdirSync(path.join(dir, 'bundle'));
      fs.writeFileSync(path.join(dir, 'bundle', 'config.json'), specJson(spec));
      if (spec.linux.namespaces.some((n) => n.type === 'user')) prepareMountTargets(spec);
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
        `runc to create container ${id}`,
        5,
      ).catch(async (e: unknown) => {
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
    const rec = this.record(id);
    if (this.started(id)) return {};
    const ex = this.exitRecord(id);
    if (ex) throw new ConflictError(`container ${id} ended before it started: ${terminationOf(ex, runcError(rec.dir)).message}`);
    await waitUntil(rec.dir, () => (writeGate(rec.dir, 'go') ? true : this.exitRecord(id) ? true : undefined), this.o.launchTimeoutMs, `the start gate of ${id}`, 10);
    const r = await waitUntil(
      rec.dir,
      () => (this.started(id) ? 'started' : this.exitRecord(id) ? 'exited' : undefined),
      this.o.launchTimeoutMs,
      `runc to start container ${id}`,
      20,
    );
    if (r === 'exited' && !this.started(id)) {
      throw new ConflictError(`container ${id} did not start: ${terminationOf(this.exitRecord(id)!, runcError(rec.dir)).message}`);
    }
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

  /** The termination once known; unknown when the monitor and the container are both gone without a record. */
  private probeExit(id: string, rec: LaunchRecord): Termination | undefined {
    const ex = this.exitRecord(id);
    if (ex) return terminationOf(ex, runcError(rec.dir));
    if (!fs.existsSync(rec.dir)) return unknownTermination(`container ${id} was destroyed`);
    if (isAlive(rec.monitorPid, rec.monitorStartTime)) return undefined;
    const again = this.exitRecord(id);
    if (again) return terminationOf(again, runcError(rec.dir));
    if (rec.pid && isAlive(rec.pid, rec.pidStartTime)) return undefined;
    return unknownTermination(`exit status of container ${id} is unknown: its monitor (pid ${rec.monitorPid}) ended without recording it`);
  }

  async kill(req: Req<'kill'>): Promise<Res<'kill'>> {
    const id = idOf(req.containerId);
    const sig = parseSignal(req.signal);
    const rec = this.record(id);
    if (this.exitRecord(id)) return {};
    if (!this.started(id)) {
      // Not started: the init still waits at the gate; refuse the gate so runc tears it down.
      fs.writeFileSync(path.join(rec.dir, 'abort'), String(sig.num));
      if (writeGate(rec.dir, 'abort') || this.exitRecord(id)) return {};
      // The hook has not opened the gate yet (or is gone): signal the init directly.
      if (rec.pid && isAlive(rec.pid, rec.pidStartTime)) process.kill(rec.pid, 'SIGKILL');
      return {};
    }
    try {
      await this.runc(['kill', ...(req.all ? ['--all'] : []), rec.runcId, sig.name]);
    } catch (e) {
      if (this.exitRecord(id)) return {};
      const st = await this.runcStatus(rec.runcId);
      if (!st || st.status === 'stopped') return {};
      throw e;
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
          // already gone
        }
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async destroy(req: Req<'destroy'>): Promise<Res<'destroy'>> {
    const id = idOf(req.containerId);
    const dir = this.dirOf(id);
    const runcId = runcIdOf(id);
    const known = fs.existsSync(dir);
    const st = await this.runcStatus(runcId);
    if (!known && !st) throw new NotFoundError(`container ${id} is unknown to launcher.runc`);
    if (known && !this.started(id) && !this.exitRecord(id)) {
      fs.writeFileSync(path.join(dir, 'abort'), '9');
      writeGate(dir, 'abort');
    }
    if (st || (await this.runcStatus(runcId))) {
      await this.runc(['delete', '--force', runcId]).catch(async (e: unknown) => {
        if (await this.runcStatus(runcId)) throw e;
      });
    }
    if (known) {
      await this.waitMonitorGone(id, 10_000);
      // Let a pending Wait read the record before the files go.
      const rec = readJson<LaunchRecord>(path.join(dir, 'launch.json'));
      const w = this.waits.get(id);
      if (w && rec) await Promise.race([w, new Promise((r) => setTimeout(r, 1000))]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
      if (ex) {
        containers.push({ containerId: { value: id, parent: null }, running: false, termination: terminationOf(ex, rec ? runcError(rec.dir) : undefined), pid: 0 });
        continue;
      }
      const st = await this.runcStatus(runcIdOf(id));
      const monitorAlive = rec ? isAlive(rec.monitorPid, rec.monitorStartTime) : false;
      const pid = rec?.pid ?? this.initPid(id) ?? 0;
      const running = monitorAlive || (st !== undefined && st.status !== 'stopped');
      if (running) {
        containers.push({ containerId: { value: id, parent: null }, running: true, termination: null, pid });
      } else {
        const again = this.exitRecord(id);
        containers.push({
          containerId: { value: id, parent: null },
          running: false,
          termination: again ? terminationOf(again) : null,
          pid: 0,
        });
      }
    }
    const orphans = new Set<string>();
    const out = await this.runc(['list', '--format', 'json']).catch(() => 'null');
    for (const c of (JSON.parse(out || 'null') as { id: string }[] | null) ?? []) {
      if (c.id.startsWith(RUNC_PREFIX)) {
        const id = c.id.slice(RUNC_PREFIX.length);
        if (!known.has(id) && CONTAINER_ID_RE.test(id)) orphans.add(id);
      }
    }
    let dirs: string[] = [];
    try {
      dirs = fs.readdirSync(path.join(this.o.stateDir, 'containers'));
    } catch {
      // none
    }
    for (const id of dirs) if (!known.has(id) && CONTAINER_ID_RE.test(id)) orphans.add(id);
    return { containers, orphans: [...orphans].sort().map((value) => ({ value, parent: null })) };
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
        const spec = readJson<OciSpec>(path.join(rec.dir, 'bundle', 'config.json'));
        if (!spec) throw new NotFoundError(`container ${id} has no bundle`);
        const env = new Map(spec.process.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
        for (const e of req.environment ?? []) if (e.name) env.set(e.name, e.value ?? '');
        let user = spec.process.user;
        if (req.user) {
          if (req.user.uid !== undefined && req.user.uid !== null) user = { uid: req.user.uid, gid: req.user.gid ?? 0 };
          else if (req.user.name) user = resolveUser(spec.root.path, req.user.name);
          if (req.user.additionalGids?.length) user = { ...user, additionalGids: [...req.user.additionalGids] };
        }
        const proc = {
          ...spec.process,
          terminal: false,
          args: [...req.args],
          env: [...env].map(([k, v]) => `${k}=${v}`),
          cwd: req.workingDir || spec.process.cwd,
          user,
        };
        tmp = fs.mkdtempSync(path.join(rec.dir, 'exec-'));
        fs.writeFileSync(path.join(tmp, 'process.json'), specJson(proc));
        if (finished) return cleanupFiles();
        child = spawn(this.o.runc, ['--root', this.o.root, 'exec', '--process', path.join(tmp, 'process.json'), '--pid-file', path.join(tmp, 'pid'), rec.runcId], {
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', (b: Buffer) => push({ stdout: b, output: 'stdout' }));
        child.stderr!.on('data', (b: Buffer) => push({ stderr: b, output: 'stderr' }));
        child.stdin!.on('error', () => undefined);
        child.stdin!.end(req.stdin && req.stdin.length ? Buffer.from(req.stdin as Uint8Array) : undefined);
        child.on('error', (e) => {
          finished = true;
          cleanupFiles();
          end(e);
        });
        child.on('close', (code, signal) => {
          finished = true;
          cleanupFiles();
          const rc = code ?? 128 + (signal ? os.constants.signals[signal] : 9);
          const t = terminationOf({ code: rc, started: true, abort: null });
          push({ exit: t, output: 'exit' });
          end();
        });
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

  /** Nothing to release: containers and their monitors outlive the launcher by design. */
  close(): void {
    this.waits.clear();
  }
}
