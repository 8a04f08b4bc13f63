import * as fs from 'node:fs';
import { BusyError, ConflictError, containerIdOf, type ContainerIdLike, ContainerWatches, emptyLaunchInfo, InvalidError, isolatePid, NotFoundError, pushStream, recoverOrphans, recoverStates, scalarResource, type Isolator, type IsolatorRequest, type IsolatorResponse, type Limitation, type Logger, type ResourceStatistics } from '@plateau/kernel';
import type { CgroupFs } from './cgroupfs';
import type { CgroupsConfig } from './config';
import { computeLimits, cpusLimitOf, toSettings, type Features, type Limits } from './limits';

const MiB = 1024 * 1024;

/** What the isolator holds for one container. */
interface Entry {
  id: string;
  /** Cgroup path relative to every hierarchy root: `<root>/<id>`. */
  rel: string;
  limits: Limits;
  /** Pid given to Isolate (or recovered); 0 when none yet. */
  pid: number;
  /** Its Watch streams, and the OOM kill once seen. */
  watches: ContainerWatches;
  timer?: NodeJS.Timeout;
  /** Prepare in progress: Cleanup waits for it (Mesos: cleanup always after a started prepare). */
  preparing?: Promise<unknown>;
  cleaning?: Promise<void>;
}

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether pid is a live (non-zombie) process. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * CgroupsIsolator: one instance serves every container of the agent. Prepare creates the
 * container's cgroup `<root>/<id>` (every managed v1 controller, or the v2 unified hierarchy),
 * writes its limits and returns them as LaunchInfo.cgroups, so that a launcher that creates
 * cgroups itself (runc) joins the same one with the same limits and one that does not (posix)
 * is covered by Isolate, which moves the process in.
 */
export class CgroupsIsolator implements Isolator {
  private readonly containers = new Map<string, Entry>();
  private initializing?: Promise<Features>;
  private closed = false;

  constructor(
    private readonly cfg: CgroupsConfig,
    private readonly cgroups: CgroupFs,
    private readonly log: Logger,
  ) {}

  /** Creates the parent cgroup and probes what the host enforces (once; at module start). */
  start(): Promise<Features> {
    this.initializing ??= this.cgroups.init(this.cfg.root).then(
      (f) => {
        const missing = Object.entries(f).filter(([, ok]) => !ok).map(([k]) => k);
        this.log.info({ version: this.cgroups.version, mountPoint: this.cgroups.mountPoint, root: this.cfg.root, features: f }, 'cgroups ready');
        if (this.cfg.blkioWeight !== undefined && !f.blkioWeight) {
          this.log.warn('blkioWeight is configured but this host has no blkio/io weight file (no BFQ/CFQ scheduler): not applied');
        }
        if (this.cfg.limitSwap && !f.swap) this.log.warn('limitSwap is configured but this host has no swap accounting: not applied');
        if (missing.length) this.log.debug({ missing }, 'cgroup features this host lacks');
        return f;
      },
      (err) => {
        this.initializing = undefined;
        throw err;
      },
    );
    return this.initializing;
  }

  /** Stops every watch (streams end) and poller; cgroups stay: containers outlive the agent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.containers.values()) this.endWatchers(e);
    if (this.cfg.removeRootOnStop) await this.cgroups.removeIfEmpty(this.cfg.root);
  }

  private relOf(id: string): string {
    return `${this.cfg.root}/${id}`;
  }

  /**
   * The cgroup of a container: `<root>/<id>`, and a nested container's under its parent's,
   * `<root>/<top>/.../<parent>/<id>` (its processes are the parent's descendants in the tree).
   */
  private relFor(cid: ContainerIdLike | null | undefined): string {
    const values: string[] = [];
    for (let c = cid; c; c = c.parent) values.unshift(containerIdOf(c));
    return `${this.cfg.root}/${values.join('/')}`;
  }

  private known(id: { value?: string } | null | undefined): Entry {
    const value = containerIdOf(id);
    const e = this.containers.get(value);
    if (!e) throw new NotFoundError(`container '${value}' is not known to the cgroups isolator`);
    return e;
  }

  async recover(req: IsolatorRequest<'recover'>): Promise<{}> {
    const features = await this.start();
    const keep = new Set<string>(this.containers.keys());
    for (const [id, s] of recoverStates(req, this.log)) {
      keep.add(id);
      if (this.containers.has(id)) continue;
      const limits = computeLimits(this.cfg, s.config?.resources, s.config?.limits, features);
      const rel = this.relFor(s.config?.containerId?.value === id ? s.config.containerId : s.containerId);
      if (!this.cgroups.exists(rel)) this.log.warn({ container: id }, `recover: the cgroup ${rel} is gone`);
      this.containers.set(id, { id, rel, limits, pid: Number(s.pid ?? 0), watches: new ContainerWatches() });
    }
    for (const id of recoverOrphans(req)) {
      keep.add(id);
      // Kept so that Cleanup, which follows for orphans, finds and removes them.
      if (!this.containers.has(id)) this.containers.set(id, { id, rel: this.relOf(id), limits: {}, pid: 0, watches: new ContainerWatches() });
    }
    for (const name of await this.cgroups.children(this.cfg.root)) {
      if (keep.has(name)) continue;
      this.log.info({ cgroup: this.relOf(name) }, 'recover: removing a cgroup no container owns');
      await this.destroy(this.relOf(name));
    }
    return {};
  }

  async prepare(req: IsolatorRequest<'prepare'>): Promise<IsolatorResponse<'prepare'>> {
    const id = containerIdOf(req.containerId);
    if (this.containers.has(id)) throw new ConflictError(`prepare: container '${id}' is already prepared`);
    if (req.containerId?.parent && this.cgroups.version === 'v2') {
      // v2 enables a child's controllers only in a parent without processes of its own (Mesos moves
      // them to a leaf cgroup first); the parent container's processes are in its own cgroup here.
      throw new InvalidError(`prepare: nested container '${id}': a cgroup under its parent's needs cgroups v1 on this agent (this host runs v2)`);
    }
    const rel = this.relFor(req.containerId);
    const entry: Entry = { id, rel, limits: {}, pid: 0, watches: new ContainerWatches() };
    this.containers.set(id, entry);
    const work = (async () => {
      // The parent may have been removed meanwhile (removeRootOnStop of another instance).
      if (!this.cgroups.exists(this.cfg.root)) this.initializing = undefined;
      const features = await this.start();
      entry.limits = computeLimits(this.cfg, req.config?.resources, req.config?.limits, features);
      if (this.cgroups.exists(rel) && (await this.liveProcs(rel)).length > 0) {
        throw new ConflictError(`prepare: container '${id}': its cgroup ${rel} already exists and holds processes`);
      }
      try {
        await this.cgroups.create(rel, entry.limits);
      } catch (err) {
        await this.cgroups.remove(rel).catch(() => undefined);
        if (errno(err) === 'EINVAL') throw new InvalidError(`container '${id}': ${(err as Error).message}`);
        throw err;
      }
    })();
    entry.preparing = work;
    try {
      await work;
    } catch (err) {
      this.containers.delete(id);
      throw err;
    } finally {
      entry.preparing = undefined;
    }
    return { launchInfo: { ...emptyLaunchInfo(), cgroups: toSettings(rel, entry.limits) } };
  }

  async isolate(req: IsolatorRequest<'isolate'>): Promise<{}> {
    const e = this.known(req.containerId);
    const pid = isolatePid(req);
    try {
      await this.cgroups.attach(e.rel, pid);
    } catch (err) {
      if (errno(err) === 'ESRCH') throw new InvalidError(`isolate: process ${pid} does not exist`);
      if (errno(err) === 'ENOENT') throw new NotFoundError(`isolate: the cgroup ${e.rel} of container '${e.id}' is gone`);
      throw err;
    }
    e.pid = pid;
    return {};
  }

  watch(req: IsolatorRequest<'watch'>): AsyncIterable<Limitation> {
    return pushStream<Limitation>((push, end) => {
      const e = this.known(req.containerId);
      if (this.closed) {
        end();
        return;
      }
      const remove = e.watches.add(push, end);
      if (!e.watches.limitation) this.poll(e);
      return () => {
        remove();
        if (e.watches.size === 0 && e.timer) {
          clearTimeout(e.timer);
          e.timer = undefined;
        }
      };
    });
  }

  private poll(e: Entry): void {
    if (e.timer || e.watches.limitation || e.watches.size === 0) return;
    e.timer = setTimeout(() => {
      e.timer = undefined;
      this.checkOom(e).then(
        () => this.poll(e),
        (err) => {
          this.log.warn({ err, container: e.id }, 'watch: reading the memory cgroup failed');
          this.poll(e);
        },
      );
    }, this.cfg.watchPollMs);
    e.timer.unref?.();
  }

  /** Reports an OOM kill the memory cgroup recorded, once, to every watcher. */
  private async checkOom(e: Entry): Promise<void> {
    if (e.watches.limitation || e.watches.size === 0) return;
    const kills = await this.cgroups.oomKills(e.rel);
    if (!kills || e.watches.limitation) return;
    const peak = await this.cgroups.peakMemory(e.rel);
    const limit = e.limits.memoryLimitBytes;
    const mb = (b: number) => Math.round((b / MiB) * 10) / 10;
    const peakMb = peak !== undefined ? mb(Number(peak)) : undefined;
    const limitText = limit !== undefined && limit > 0 ? `its memory limit of ${mb(limit)} MB` : 'its memory limit';
    const message =
      `Memory limit exceeded: the kernel OOM-killed a process of container '${e.id}' at ${limitText}` +
      (peakMb !== undefined ? ` (maximum used: ${peakMb} MB)` : '');
    this.log.info({ container: e.id, oomKills: kills }, message);
    e.watches.report({
      reason: 'REASON_CONTAINER_LIMITATION_MEMORY',
      message,
      resources: [scalarResource('mem', peakMb ?? (limit !== undefined && limit > 0 ? mb(limit) : 0))],
    });
  }

  async update(req: IsolatorRequest<'update'>): Promise<{}> {
    const e = this.known(req.containerId);
    const features = await this.start();
    const next = computeLimits(this.cfg, req.resourceRequests, req.resourceLimits, features);
    try {
      await this.cgroups.apply(e.rel, next);
    } catch (err) {
      if (errno(err) === 'ENOENT') throw new NotFoundError(`update: the cgroup ${e.rel} of container '${e.id}' is gone`);
      if (errno(err) === 'EBUSY') throw new BusyError(`update: container '${e.id}' uses more than the new limit and the kernel could not reclaim it: ${(err as Error).message}`);
      if (errno(err) === 'EINVAL') throw new InvalidError(`update: ${(err as Error).message}`);
      throw err;
    }
    e.limits = { ...e.limits, ...next };
    return {};
  }

  async usage(req: IsolatorRequest<'usage'>): Promise<ResourceStatistics> {
    const e = this.known(req.containerId);
    const stats = await this.cgroups.stats(e.rel);
    const cpusLimit = cpusLimitOf(e.limits);
    return { timestamp: Date.now() / 1000, ...stats, ...(cpusLimit !== undefined ? { cpusLimit } : {}), diskStatistics: [] };
  }

  async status(req: IsolatorRequest<'status'>): Promise<IsolatorResponse<'status'>> {
    const e = this.known(req.containerId);
    return { networkInfos: [], executorPid: e.pid };
  }

  async cleanup(req: IsolatorRequest<'cleanup'>): Promise<{}> {
    const id = containerIdOf(req.containerId);
    const e = this.containers.get(id);
    if (!e) {
      // Unknown is not an error; a cgroup left under our root by that name is still removed.
      const rel = this.relOf(id);
      if (this.cgroups.exists(rel) || (await this.cgroups.children(this.cfg.root)).includes(id)) await this.destroy(rel);
      return {};
    }
    e.cleaning ??= (async () => {
      await e.preparing?.catch(() => undefined);
      // An OOM kill that raced the container's exit is still reported before the streams end.
      await this.checkOom(e).catch(() => undefined);
      this.endWatchers(e);
      await this.destroy(e.rel);
      this.containers.delete(id);
    })();
    try {
      await e.cleaning;
    } catch (err) {
      e.cleaning = undefined;
      throw err;
    }
    return {};
  }

  private endWatchers(e: Entry): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    e.watches.endAll();
  }

  private async liveProcs(rel: string): Promise<number[]> {
    return (await this.cgroups.procs(rel)).filter((p) => p > 1 && p !== process.pid && alive(p));
  }

  /** Kills whatever still runs in `rel` (all hierarchies), waits for it to go, removes the cgroups. */
  private async destroy(rel: string): Promise<void> {
    const deadline = Date.now() + this.cfg.killTimeoutMs;
    for (;;) {
      const left = await this.liveProcs(rel);
      if (left.length === 0) break;
      if (Date.now() > deadline) {
        throw new BusyError(`cleanup: processes ${left.join(' ')} are still in cgroup ${rel} ${this.cfg.killTimeoutMs} ms after SIGKILL`);
      }
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone already */
        }
      }
      await sleep(20);
    }
    await this.cgroups.remove(rel);
  }
}
