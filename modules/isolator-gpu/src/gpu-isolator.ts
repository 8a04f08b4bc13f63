import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BusyError, ConflictError, ContainerWatches, containerKey, emptyLaunchInfo, InvalidError, IsolatorContainers, UnsupportedError, writeFileAtomic, type Isolator, type IsolatorLaunchInfo, type IsolatorRequest, type IsolatorResponse, type Limitation, type Logger, type ResourceStatistics } from '@plateau/kernel';
import type { GpuConfig } from './config';
import type { ControlDevice, Gpu } from './discovery';

/** A container's configuration as Prepare carries it. */
export type ContainerConfig = NonNullable<IsolatorRequest<'prepare'>['config']>;

/** Name of the NetworkInfo that carries the agent-level resources in a Status answer (stopgap, see status()). */
export const RESOURCES_STATUS_NAME = 'plateau.resources';

/** The checkpoint of assignments: GPUs (by uuid, else by device) held by each container. */
interface StateFile {
  version: 1;
  containers: Record<string, { index: number; minor: number; uuid?: string }[]>;
}

interface Tracked {
  gpus: Gpu[];
  watches: ContainerWatches;
}

/** A Mesos resource as the agent advertises it. */
export interface AdvertisedResource {
  name: string;
  type: 'SCALAR';
  scalar: number;
}

/**
 * GpuIsolator: hands out specific NVIDIA GPUs to containers. Prepare assigns N free GPUs to a
 * container asking for `gpus: N` and returns their device nodes (and the control devices) as
 * LaunchInfo.devices, which the launcher turns into nodes plus devices-cgroup allow rules on a
 * deny-all baseline; NVIDIA_VISIBLE_DEVICES; and the driver volume. Assignments are checkpointed
 * in the module's state dir and rebuilt by Recover.
 */
export class GpuIsolator implements Isolator {
  private readonly containers = new IsolatorContainers<Tracked>('gpu');
  private readonly stateFile: string;

  constructor(
    private readonly config: GpuConfig,
    private readonly gpus: Gpu[],
    private readonly control: ControlDevice[],
    stateDir: string,
    private readonly log: Logger,
  ) {
    mkdirSync(stateDir, { recursive: true });
    this.stateFile = join(stateDir, 'assignments.json');
  }

  /** The GPUs this agent has, as found at start. */
  inventory(): readonly Gpu[] {
    return this.gpus;
  }

  /** What the agent should advertise for this isolator: `gpus` = the number of GPUs found. */
  resources(): AdvertisedResource[] {
    return [{ name: 'gpus', type: 'SCALAR', scalar: this.gpus.length }];
  }

  /** GPUs not assigned to any container. */
  free(): Gpu[] {
    const used = new Set([...this.containers.values()].flatMap((c) => c.gpus));
    return this.gpus.filter((g) => !used.has(g));
  }

  /**
   * Rebuilds assignments from the checkpoint for the containers the agent still knows (states
   * and orphans); assignments of containers it no longer mentions are released.
   */
  async recover(req: IsolatorRequest<'recover'>) {
    const saved = this.load();
    const keep = new Set<string>();
    for (const s of req.states ?? []) if (s.containerId) keep.add(containerKey(s.containerId));
    for (const o of req.orphans ?? []) keep.add(containerKey(o));
    for (const key of keep) {
      const gpus: Gpu[] = [];
      for (const a of saved.containers[key] ?? []) {
        const g = this.gpus.find((x) => (a.uuid ? x.uuid === a.uuid : x.minor === a.minor && x.index === a.index));
        if (g) gpus.push(g);
        else this.log.warn({ container: key, gpu: a }, 'a GPU assigned before the restart is gone');
      }
      this.containers.set(key, { gpus, watches: new ContainerWatches() });
    }
    for (const key of Object.keys(saved.containers)) {
      if (!keep.has(key)) this.log.info({ container: key }, 'releasing the GPUs of a container the agent no longer knows');
    }
    this.save();
    return {};
  }

  /** Assigns the container's GPUs (BusyError when not enough are free) and returns its LaunchInfo part. */
  async prepare(req: IsolatorRequest<'prepare'>): Promise<IsolatorResponse<'prepare'>> {
    const id = req.containerId ?? req.config?.containerId;
    const key = containerKey(id);
    if (this.containers.has(key)) throw new ConflictError(`container ${key} is already prepared`);
    const cfg: ContainerConfig = req.config ?? {};
    const want = requestedGpus(cfg);
    const free = this.free();
    if (want > free.length) {
      throw new BusyError(`container ${key} asks for ${want} GPU${want === 1 ? '' : 's'}; ${free.length} of ${this.gpus.length} free`);
    }
    const gpus = free.sort((a, b) => a.index - b.index).slice(0, want);
    this.containers.set(key, { gpus, watches: new ContainerWatches() });
    try {
      this.save();
    } catch (err) {
      this.containers.delete(key);
      throw err;
    }
    if (want === 0 && !this.config.controlDevicesForAll) return { launchInfo: null };
    return { launchInfo: this.launchInfo(gpus, cfg) };
  }

  private launchInfo(gpus: Gpu[], cfg: ContainerConfig): IsolatorLaunchInfo {
    const li = emptyLaunchInfo();
    const access = this.config.access;
    const node = (path: string, major: number, minor: number) => ({ path, type: 'c', major, minor, access, fileMode: 0o666, uid: 0, gid: 0 });
    li.devices = [...gpus.map((g) => node(g.containerPath, g.major, g.minor)), ...this.control.map((c) => node(c.containerPath, c.major, c.minor))];
    if (gpus.length === 0) return li;
    li.environment.push({ name: 'NVIDIA_VISIBLE_DEVICES', value: gpus.map((g) => g.uuid ?? String(g.index)).join(',') });
    if (this.config.driverVolume && cfg.rootfs) {
      const t = this.config.driverVolumeTarget;
      li.mounts.push({ source: this.config.driverVolume, target: t, type: 'bind', options: ['rbind', 'ro', 'nosuid', 'nodev'] });
      li.environment.push({ name: 'LD_LIBRARY_PATH', value: `${t}/lib64:${t}/lib` });
    }
    return li;
  }

  /** Nothing to do: the devices cgroup rules are applied by the launcher from LaunchInfo.devices. */
  async isolate(req: IsolatorRequest<'isolate'>) {
    this.containers.known(req.containerId);
    return {};
  }

  /** Never yields (a GPU container hits no limit here); ends at cleanup. */
  watch(req: IsolatorRequest<'watch'>): AsyncIterable<Limitation> {
    return this.containers.watch(req.containerId);
  }

  /** A running container keeps its GPUs: asking for another number is UnsupportedError. */
  async update(req: IsolatorRequest<'update'>) {
    const c = this.containers.known(req.containerId);
    const gpus = (req.resourceRequests ?? []).filter((r) => r.name === 'gpus');
    if (gpus.length) {
      const want = gpus.reduce((s, r) => s + Number(r.scalar ?? 0), 0);
      if (want !== c.gpus.length) throw new UnsupportedError(`changing the GPUs of a running container (${c.gpus.length} → ${want}) is not supported`);
    }
    return {};
  }

  /** An empty sample with its timestamp. */
  async usage(req: IsolatorRequest<'usage'>): Promise<ResourceStatistics> {
    this.containers.known(req.containerId);
    return { timestamp: Date.now() / 1000, diskStatistics: [] };
  }

  /**
   * No networks and no pid for a container. Stopgap for resource discovery (the isolator kind has
   * no call for it): Status without a container id answers one NetworkInfo named
   * `plateau.resources` whose ip_addresses are `{protocol: <resource name>, ip_address: <amount>}`,
   * i.e. `{protocol: "gpus", ip_address: "2"}`. In process, call resources() instead.
   */
  async status(req: IsolatorRequest<'status'>): Promise<IsolatorResponse<'status'>> {
    if (!req.containerId || !req.containerId.value) {
      return {
        networkInfos: [{ name: RESOURCES_STATUS_NAME, ipAddresses: this.resources().map((r) => ({ protocol: r.name, ipAddress: String(r.scalar) })) }],
        executorPid: 0,
      };
    }
    this.containers.known(req.containerId);
    return { networkInfos: [], executorPid: 0 };
  }

  /** Frees the container's GPUs and ends its Watch streams; unknown containers are fine. */
  async cleanup(req: IsolatorRequest<'cleanup'>) {
    const key = containerKey(req.containerId);
    const c = this.containers.get(key);
    if (!c) return {};
    this.containers.delete(key);
    this.save();
    c.watches.endAll();
    return {};
  }

  /** Ends every Watch stream (module stop); assignments stay checkpointed for Recover. */
  close(): void {
    this.containers.endAllWatches();
  }

  /** GPUs assigned to a container (for tests and status pages). */
  assigned(id: { value?: string; parent?: unknown }): Gpu[] {
    return [...(this.containers.get(containerKey(id as Parameters<typeof containerKey>[0]))?.gpus ?? [])];
  }

  private load(): StateFile {
    let text: string;
    try {
      text = readFileSync(this.stateFile, 'utf8');
    } catch {
      return { version: 1, containers: {} };
    }
    try {
      const s = JSON.parse(text) as StateFile;
      return s && typeof s.containers === 'object' ? s : { version: 1, containers: {} };
    } catch (err) {
      this.log.warn({ file: this.stateFile, err: (err as Error).message }, 'unreadable GPU assignments; starting empty');
      return { version: 1, containers: {} };
    }
  }

  private save(): void {
    const s: StateFile = { version: 1, containers: {} };
    for (const [key, c] of this.containers) s.containers[key] = c.gpus.map((g) => ({ index: g.index, minor: g.minor, ...(g.uuid ? { uuid: g.uuid } : {}) }));
    writeFileAtomic(this.stateFile, `${JSON.stringify(s, null, 2)}\n`);
  }
}

/** The whole number of GPUs a container asks for (the sum of its `gpus` resources). */
export function requestedGpus(cfg: ContainerConfig): number {
  // Mesos keeps scalars to three decimals.
  const n = Math.round((cfg.resources ?? []).filter((r) => r.name === 'gpus').reduce((s, r) => s + Number(r.scalar ?? 0), 0) * 1000) / 1000;
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) throw new InvalidError(`gpus must be a whole number, got ${n}`);
  return n;
}
