import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConflictError,
  ContainerWatches,
  containerKey,
  emptyLaunchInfo,
  isolatePid,
  IsolatorContainers,
  messageOf,
  PlateauError,
  ErrorCodes,
  type Isolator,
  type IsolatorLaunchInfo,
  type IsolatorRequest,
  type IsolatorResponse,
  type Limitation,
  type Logger,
  type ResourceStatistics,
  type Supported,
} from '@plateau/kernel';
import type { DockerVolumeConfig } from './config';
import { containerInfoOf, dockerVolumesOf, type DockerVolumeRequest } from './docker-volumes';
import { MountCheckpoint, type CheckpointedMount } from './mount-checkpoint';
import { VolumePluginError } from './plugin-client';
import { VolumeDrivers } from './volume-driver';

type Mount = IsolatorLaunchInfo['mounts'][number];

const RO = ['rbind', 'ro', 'nosuid', 'nodev'];
const RW = ['rbind', 'rw'];

interface Tracked {
  mounts: CheckpointedMount[];
  watches: ContainerWatches;
  pid: number;
}

/** What Supports answers. */
export const VOLUME_SOURCES = ['DOCKER_VOLUME'];

/**
 * DockerVolumeIsolator: mounts Volume.source.type DOCKER_VOLUME volumes through Docker volume
 * plugins. Prepare creates each volume that is missing (Get, else Create with driver_options)
 * and mounts it with the container's id as the Mount ID, then answers bind mounts of the
 * returned Mountpoints; Cleanup unmounts with the same IDs. A volume used by several containers
 * is mounted once per container and unmounted as each ends, so the plugin sees balanced pairs
 * and keeps it while any ID holds it. Calls on one volume are serialised. The mounts are
 * checkpointed: Recover keeps those of the containers the agent still knows and unmounts the
 * rest (containers that are gone).
 */
export class DockerVolumeIsolator implements Isolator {
  private readonly containers = new IsolatorContainers<Tracked>('docker-volume');
  private readonly checkpoint: MountCheckpoint;
  readonly drivers: VolumeDrivers;
  /** The tail of each volume's queue of calls, by `driver/name`. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly config: DockerVolumeConfig,
    stateDir: string,
    private readonly log: Logger,
  ) {
    this.checkpoint = new MountCheckpoint(stateDir, log);
    this.drivers = new VolumeDrivers(config, log);
  }

  /** The checkpoint file (tests, tools). */
  get checkpointPath(): string {
    return this.checkpoint.path;
  }

  /** Supports: this isolator mounts DOCKER_VOLUME volumes and joins no network. */
  async supports(_req?: IsolatorRequest<'supports'>): Promise<Supported> {
    return { networks: [], volumeSources: [...VOLUME_SOURCES] };
  }

  /**
   * Rebuilds the table from the checkpoint for the containers the agent knows (states and
   * orphans; the agent cleans those up later), and unmounts the mounts of every other container
   * in the checkpoint: they ended while the agent was down and will never be cleaned up.
   */
  async recover(req: IsolatorRequest<'recover'>): Promise<{}> {
    const keep = new Set<string>();
    for (const s of req.states ?? []) if (s.containerId) keep.add(this.keyOrSkip(s.containerId));
    for (const o of req.orphans ?? []) keep.add(this.keyOrSkip(o));
    keep.delete('');
    const saved = this.checkpoint.all();
    for (const key of keep) {
      if (!this.containers.has(key)) this.containers.set(key, { mounts: saved[key] ?? [], watches: new ContainerWatches(), pid: 0 });
    }
    for (const [key, mounts] of Object.entries(saved)) {
      if (keep.has(key)) continue;
      this.log.info({ containerId: key, volumes: mounts.map((m) => `${m.driver}/${m.name}`) }, 'unmounting the docker volumes of a container that is gone');
      const failed = await this.release(key, mounts);
      if (failed.length > 0) this.log.warn({ containerId: key, failed }, 'could not unmount every docker volume of a container that is gone; retried at the next recovery');
    }
    return {};
  }

  async prepare(req: IsolatorRequest<'prepare'>): Promise<IsolatorResponse<'prepare'>> {
    const key = containerKey(req.containerId);
    if (this.containers.has(key)) throw new ConflictError(`container ${key} is already prepared by isolator docker-volume`);
    const wanted = dockerVolumesOf(containerInfoOf(req.config ?? {}));
    const tracked: Tracked = { mounts: [], watches: new ContainerWatches(), pid: 0 };
    this.containers.set(key, tracked);
    if (wanted.length === 0) return { launchInfo: null };
    // Intent first: a crash from here on leaves IDs that recovery unmounts.
    tracked.mounts = wanted.map((w) => ({ driver: w.driver, name: w.name, id: key, mountpoint: '' }));
    this.checkpoint.set(key, tracked.mounts);
    const results = await Promise.allSettled(wanted.map((w, i) => this.serially(w, () => this.mountOne(w, tracked.mounts[i]!))));
    const failedAt = results.findIndex((r) => r.status === 'rejected');
    if (failedAt >= 0) {
      this.containers.delete(key);
      // Only what was mounted is unmounted; a failed Mount left nothing to undo.
      const mounted = tracked.mounts.filter((_, i) => results[i]!.status === 'fulfilled');
      this.checkpoint.set(key, mounted);
      const left = await this.release(key, mounted);
      if (left.length > 0) this.log.warn({ containerId: key, failed: left }, 'could not unmount after a failed prepare; retried at the next recovery');
      const w = wanted[failedAt]!;
      const err = (results[failedAt] as PromiseRejectedResult).reason as unknown;
      const code = err instanceof PlateauError ? err.code : ErrorCodes.internal;
      throw new PlateauError(code, `docker volume '${w.name}' (driver '${w.driver}', ContainerInfo.volumes[${w.index}]): ${messageOf(err)}`, { cause: err });
    }
    this.checkpoint.set(key, tracked.mounts);
    const mounts: Mount[] = wanted.map((w, i) => ({ source: tracked.mounts[i]!.mountpoint, target: w.target, type: 'bind', options: w.readOnly ? RO : RW }));
    this.log.debug({ containerId: key, mounts }, 'docker volumes mounted');
    return { launchInfo: { ...emptyLaunchInfo(), mounts } };
  }

  /** Get, else Create with the options; then Mount with the container's ID. Fills `m.mountpoint`. */
  private async mountOne(w: DockerVolumeRequest, m: CheckpointedMount): Promise<void> {
    const driver = await this.drivers.driver(w.driver);
    try {
      await driver.get(w.name);
    } catch (err) {
      // A reply (an Err) means the plugin has no such volume; unreachable is an error as it is.
      if (!(err instanceof VolumePluginError) || err.status === undefined) throw err;
      await driver.create(w.name, w.options);
    }
    const mountpoint = await driver.mount(w.name, m.id);
    m.mountpoint = mountpoint;
    if (!path.isAbsolute(mountpoint) || !fs.existsSync(mountpoint)) {
      throw new PlateauError(ErrorCodes.internal, `plugin '${w.driver}' answered Mountpoint '${mountpoint}', which is not an existing absolute path on this host`);
    }
  }

  /** Runs `fn` after every earlier call on the same volume. */
  private serially<T>(v: { driver: string; name: string }, fn: () => Promise<T>): Promise<T> {
    const q = `${v.driver}/${v.name}`;
    const run = (this.queues.get(q) ?? Promise.resolve()).catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.queues.set(q, tail);
    void tail.then(() => {
      if (this.queues.get(q) === tail) this.queues.delete(q);
    });
    return run;
  }

  /**
   * Unmounts `mounts` of container `key`; what could not be unmounted stays in the checkpoint
   * (for the next recovery) and is answered as `driver/name: reason`. An entry whose Mount never
   * answered is dropped whatever its Unmount says.
   */
  private async release(key: string, mounts: CheckpointedMount[]): Promise<string[]> {
    const results = await Promise.allSettled(mounts.map((m) => this.serially(m, async () => (await this.drivers.driver(m.driver)).unmount(m.name, m.id))));
    const kept: CheckpointedMount[] = [];
    const failed: string[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return;
      const m = mounts[i]!;
      if (m.mountpoint !== '') kept.push(m);
      failed.push(`${m.driver}/${m.name}: ${messageOf(r.reason)}`);
    });
    this.checkpoint.set(key, kept);
    return failed;
  }

  async isolate(req: IsolatorRequest<'isolate'>): Promise<{}> {
    this.containers.known(req.containerId).pid = isolatePid(req);
    return {};
  }

  /** Never reports a limitation; ends at cleanup (at once for an unknown container). */
  watch(req: IsolatorRequest<'watch'>): AsyncIterable<Limitation> {
    return this.containers.watch(req.containerId);
  }

  async update(req: IsolatorRequest<'update'>): Promise<{}> {
    this.containers.known(req.containerId);
    return {};
  }

  async usage(req: IsolatorRequest<'usage'>): Promise<ResourceStatistics> {
    this.containers.known(req.containerId);
    return { timestamp: Date.now() / 1000 } as ResourceStatistics;
  }

  async status(req: IsolatorRequest<'status'>): Promise<IsolatorResponse<'status'>> {
    const c = this.containers.known(req.containerId);
    return { networkInfos: [], executorPid: c.pid };
  }

  /** Unmounts the container's volumes (its Mount IDs); unknown containers are fine. */
  async cleanup(req: IsolatorRequest<'cleanup'>): Promise<{}> {
    const key = containerKey(req.containerId);
    const c = this.containers.get(key);
    if (!c) return {};
    // Out of the table first: a failed Unmount must not leave a live-looking reference.
    this.containers.delete(key);
    c.watches.endAll();
    const failed = await this.release(key, c.mounts);
    if (failed.length > 0) throw new PlateauError(ErrorCodes.internal, `could not unmount docker volumes of container ${key} (retried at the next recovery): ${failed.join('; ')}`);
    return {};
  }

  /** The containers holding each volume, `driver/name` → container keys (the reference counts). */
  holders(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [key, c] of this.containers) {
      for (const m of c.mounts) out.set(`${m.driver}/${m.name}`, [...(out.get(`${m.driver}/${m.name}`) ?? []), key]);
    }
    return out;
  }

  async close(): Promise<void> {
    this.containers.endAllWatches();
    await this.drivers.close();
  }

  private keyOrSkip(id: Parameters<typeof containerKey>[0]): string {
    try {
      return containerKey(id);
    } catch (err) {
      this.log.warn({ err: messageOf(err) }, 'recover: skipping a container with an invalid id');
      return '';
    }
  }
}
