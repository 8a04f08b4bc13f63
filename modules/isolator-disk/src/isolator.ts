import * as path from 'node:path';
import { ConflictError, containerIdOf, ContainerWatches, InvalidError, isolatePid, NotFoundError, pushStream, recoverOrphans, recoverStates, scalarResource, type Isolator, type IsolatorRequest, type IsolatorResponse, type Limitation, type Logger, type ResourceStatistics } from '@plateau/kernel';
import { ResourceSchema, parseMessage, type Resource } from '@plateau/mesos';
import type { DiskConfig } from './config';
import { diskUsage } from './du';
import { rootfsMount } from './overlay';

/** A container's configuration as Prepare and Recover carry it. */
type ContainerConfigIn = NonNullable<IsolatorRequest<'prepare'>['config']>;
/** A resource as a container's config carries it. */
type ResourceIn = NonNullable<ContainerConfigIn['resources']>[number];
/** A persistent volume as a container's config carries it. */
type VolumeIn = NonNullable<ContainerConfigIn['volumes']>[number];

/** One persistent volume of a container: measured on its own, against its own size. */
interface Volume {
  persistenceId: string;
  hostPath: string;
  /** The volume's size in bytes; undefined = 0 MB, nothing to enforce. */
  sizeBytes?: number;
  /** Mounted read-only: measured and reported, never a limitation of this container. */
  readOnly: boolean;
  usedBytes?: number;
}

const MiB = 1024 * 1024;

/** What the isolator holds for one container. */
interface Entry {
  id: string;
  /** Trees measured: the sandbox, and the rootfs's upper dir (countRootfsWrites) or the whole rootfs (countRootfs). */
  dirs: string[];
  /** Its persistent volumes, each measured apart from the sandbox (Mesos disk/du). */
  volumes: Volume[];
  /** Quota in bytes; undefined = no `disk` resource, nothing to enforce. */
  quotaBytes?: number;
  pid: number;
  usedBytes?: number;
  /** Its Watch streams, and the limitation once usage went over the quota. */
  watches: ContainerWatches;
  timer?: NodeJS.Timeout;
  measuring?: Promise<number>;
  gone: boolean;
}

/**
 * The sandbox quota of a container in bytes: the sum of its `disk` resources (MB), leaving out
 * persistent volumes and mount/path disks, which live outside the sandbox (their Mesos JSON in
 * resourceJson carries disk.persistence or disk.source). Undefined when it asks for no disk, or
 * for 0 MB: nothing to enforce.
 */
/** A Resource's Mesos JSON (Resource.resource_json), decoded with the codec the agent wrote it with. */
function mesosResource(json: string): Resource {
  try {
    return parseMessage(ResourceSchema, json, { root: 'resource_json' });
  } catch (err) {
    throw new InvalidError(`resource 'disk': ${(err as Error).message}`);
  }
}

export function quotaOf(resources: readonly ResourceIn[] | undefined): number | undefined {
  let mb: number | undefined;
  for (const r of resources ?? []) {
    if (r.name !== 'disk') continue;
    if (r.resourceJson) {
      const disk = mesosResource(r.resourceJson).disk;
      if (disk?.persistence || disk?.source) continue;
    }
    const v = Number(r.scalar ?? 0);
    if (!Number.isFinite(v) || v < 0) throw new InvalidError(`resource 'disk' has an invalid value ${String(r.scalar)}`);
    mb = (mb ?? 0) + v;
  }
  return mb === undefined || mb === 0 ? undefined : Math.floor(mb * MiB);
}

/**
 * The persistent volumes of a container, each with its host directory (absolute) and its size
 * (the volume's `disk` resource, MB; 0 enforces nothing). A volume without a persistence id or an
 * absolute host path is refused naming it.
 */
export function volumesOf(volumes: readonly VolumeIn[] | undefined): Volume[] {
  return (volumes ?? []).map((v, i) => {
    const id = v.persistenceId ?? '';
    if (id === '') throw new InvalidError(`config.volumes[${i}] has no persistence id`);
    const hostPath = v.hostPath ?? '';
    if (!path.isAbsolute(hostPath)) throw new InvalidError(`persistent volume '${id}': host path must be an absolute host path, got '${hostPath}'`);
    const size = Number(v.sizeMb ?? 0);
    if (!Number.isFinite(size) || size < 0) throw new InvalidError(`persistent volume '${id}' has an invalid size ${String(v.sizeMb)}`);
    return { persistenceId: id, hostPath, sizeBytes: size === 0 ? undefined : Math.floor(size * MiB), readOnly: v.readOnly === true };
  });
}

const mb = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;
/** Usage past a quota, rounded up: rounding to nearest could report a usage equal to the quota it exceeds. */
const mbUp = (bytes: number) => Math.ceil((bytes / MiB) * 10) / 10;

/**
 * DiskIsolator: measures, every pollMs, the disk space each container's sandbox (and, when
 * configured, its rootfs) takes, reports it in Usage, and streams a REASON_CONTAINER_LIMITATION_DISK
 * limitation from Watch once it exceeds the container's `disk` resource (Mesos disk/du). It adds
 * nothing to the LaunchInfo.
 */
export class DiskIsolator implements Isolator {
  private readonly containers = new Map<string, Entry>();
  private closed = false;

  constructor(
    private readonly cfg: DiskConfig,
    private readonly log: Logger,
  ) {}

  /** Stops every measurement and ends every watch. */
  close(): void {
    this.closed = true;
    for (const e of this.containers.values()) this.stop(e);
  }

  private known(id: { value?: string } | null | undefined): Entry {
    const value = containerIdOf(id);
    const e = this.containers.get(value);
    if (!e) throw new NotFoundError(`container '${value}' is not known to the disk isolator`);
    return e;
  }

  /**
   * Trees measured against the quota: the sandbox; with countRootfsWrites the upper dir of an
   * overlayfs rootfs (the container's own writes, none of the image); with countRootfs the whole
   * rootfs instead.
   */
  private dirsOf(id: string, config: ContainerConfigIn | null | undefined): string[] {
    const dirs: string[] = [];
    for (const [what, dir] of [
      ['directory', config?.directory],
      ['rootfs', config?.rootfs],
    ] as const) {
      if (!dir) continue;
      if (!path.isAbsolute(dir)) throw new InvalidError(`config.${what} must be an absolute host path, got '${dir}'`);
    }
    if (config?.directory) dirs.push(config.directory);
    const rootfs = config?.rootfs;
    if (!rootfs) return dirs;
    if (this.cfg.countRootfs) {
      dirs.push(rootfs);
    } else if (this.cfg.countRootfsWrites) {
      const mount = rootfsMount(rootfs);
      if (mount.kind === 'overlay') dirs.push(mount.upperDir);
      else if (mount.kind !== 'overlay-readonly') {
        // A copied rootfs holds the image too: only countRootfs can count it, image included.
        this.log.warn(
          { container: id, rootfs, mounted: mount.kind === 'other' ? mount.fsType : 'nothing' },
          "the container's writes to its rootfs are not counted against its disk: the rootfs is no overlayfs mount (set countRootfs to count the whole rootfs)",
        );
      }
    }
    return dirs;
  }

  private add(id: string, config: ContainerConfigIn | null | undefined, pid: number): Entry {
    const e: Entry = { id, dirs: this.dirsOf(id, config), volumes: volumesOf(config?.volumes), quotaBytes: quotaOf(config?.resources), pid, watches: new ContainerWatches(), gone: false };
    this.containers.set(id, e);
    this.schedule(e, 0);
    return e;
  }

  async recover(req: IsolatorRequest<'recover'>): Promise<{}> {
    for (const [id, s] of recoverStates(req, this.log)) {
      if (this.containers.has(id)) continue;
      try {
        this.add(id, s.config, Number(s.pid ?? 0));
      } catch (err) {
        this.log.warn({ err, container: id }, 'recover: cannot measure this container');
      }
    }
    for (const id of recoverOrphans(req)) {
      // Orphans are about to be destroyed: known (so Cleanup finds them), not measured.
      if (!this.containers.has(id)) this.containers.set(id, { id, dirs: [], volumes: [], pid: 0, watches: new ContainerWatches(), gone: false });
    }
    return {};
  }

  async prepare(req: IsolatorRequest<'prepare'>): Promise<IsolatorResponse<'prepare'>> {
    const id = containerIdOf(req.containerId);
    if (this.containers.has(id)) throw new ConflictError(`prepare: container '${id}' is already prepared`);
    this.add(id, req.config, 0);
    return { launchInfo: null };
  }

  async isolate(req: IsolatorRequest<'isolate'>): Promise<{}> {
    const e = this.known(req.containerId);
    e.pid = isolatePid(req);
    return {};
  }

  watch(req: IsolatorRequest<'watch'>): AsyncIterable<Limitation> {
    return pushStream<Limitation>((push, end) => {
      const e = this.known(req.containerId);
      if (this.closed || e.gone) {
        end();
        return;
      }
      return e.watches.add(push, end);
    });
  }

  async update(req: IsolatorRequest<'update'>): Promise<{}> {
    const e = this.known(req.containerId);
    e.quotaBytes = quotaOf(req.resourceRequests);
    if (e.usedBytes !== undefined) this.check(e, e.usedBytes);
    return {};
  }

  async usage(req: IsolatorRequest<'usage'>): Promise<ResourceStatistics> {
    const e = this.known(req.containerId);
    const used = e.usedBytes ?? (await this.measure(e));
    const out: ResourceStatistics = {
      timestamp: Date.now() / 1000,
      diskUsedBytes: String(used),
      diskStatistics: e.volumes.map((v) => ({
        persistenceId: v.persistenceId,
        ...(v.usedBytes !== undefined ? { usedBytes: String(v.usedBytes) } : {}),
        ...(v.sizeBytes !== undefined ? { limitBytes: String(v.sizeBytes) } : {}),
      })),
    };
    if (e.quotaBytes !== undefined) out.diskLimitBytes = String(e.quotaBytes);
    return out;
  }

  async status(req: IsolatorRequest<'status'>): Promise<IsolatorResponse<'status'>> {
    const e = this.known(req.containerId);
    return { networkInfos: [], executorPid: e.pid };
  }

  async cleanup(req: IsolatorRequest<'cleanup'>): Promise<{}> {
    const id = containerIdOf(req.containerId);
    const e = this.containers.get(id);
    if (!e) return {};
    this.stop(e);
    this.containers.delete(id);
    return {};
  }

  private stop(e: Entry): void {
    e.gone = true;
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    e.watches.endAll();
  }

  /** Measures now (one measurement at a time per container): the sandbox's total, each volume apart. */
  private measure(e: Entry): Promise<number> {
    e.measuring ??= (async () => {
      const seen = new Set<string>();
      let total = 0;
      for (const dir of e.dirs) total += await diskUsage(dir, { oneFileSystem: this.cfg.oneFileSystem, seen });
      const volumes: number[] = [];
      for (const v of e.volumes) volumes.push(await diskUsage(v.hostPath, { oneFileSystem: this.cfg.oneFileSystem }));
      return { total, volumes };
    })().then(
      ({ total: used, volumes }) => {
        e.measuring = undefined;
        if (!e.gone) {
          e.usedBytes = used;
          e.volumes.forEach((v, i) => (v.usedBytes = volumes[i]));
          this.check(e, used);
        }
        return used;
      },
      (err) => {
        e.measuring = undefined;
        throw err;
      },
    );
    return e.measuring;
  }

  private schedule(e: Entry, delay: number): void {
    if (e.gone || this.closed || (e.dirs.length === 0 && e.volumes.length === 0)) return;
    e.timer = setTimeout(() => {
      e.timer = undefined;
      this.measure(e)
        .catch((err) => this.log.warn({ err, container: e.id }, 'disk usage measurement failed'))
        .finally(() => this.schedule(e, this.cfg.pollMs));
    }, delay);
    e.timer.unref?.();
  }

  /** Reports, once, the sandbox's or a writable volume's usage over its size × graceFactor. */
  private check(e: Entry, used: number): void {
    if (!this.cfg.enforce || e.watches.limitation) return;
    if (e.quotaBytes !== undefined && used > e.quotaBytes * this.cfg.graceFactor) {
      const message = `Disk usage (${mbUp(used)} MB) exceeds quota (${mb(e.quotaBytes)} MB) of container '${e.id}'`;
      this.log.info({ container: e.id, usedBytes: used, quotaBytes: e.quotaBytes }, message);
      e.watches.report({ reason: 'REASON_CONTAINER_LIMITATION_DISK', message, resources: [scalarResource('disk', mbUp(used))] });
      return;
    }
    for (const v of e.volumes) {
      if (v.readOnly || v.sizeBytes === undefined || v.usedBytes === undefined) continue;
      if (v.usedBytes <= v.sizeBytes * this.cfg.graceFactor) continue;
      const message = `Disk usage (${mbUp(v.usedBytes)} MB) of persistent volume '${v.persistenceId}' exceeds its size (${mb(v.sizeBytes)} MB) in container '${e.id}'`;
      this.log.info({ container: e.id, persistenceId: v.persistenceId, usedBytes: v.usedBytes, sizeBytes: v.sizeBytes }, message);
      e.watches.report({ reason: 'REASON_CONTAINER_LIMITATION_DISK', message, resources: [scalarResource('disk', mbUp(v.usedBytes))] });
      return;
    }
  }
}
