import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConflictError,
  ContainerWatches,
  containerKey,
  InvalidError,
  IsolatorContainers,
  messageOf,
  type Isolator,
  type IsolatorLaunchInfo,
  type IsolatorRequest,
  type IsolatorResponse,
  type Limitation,
  type Logger,
  type ResourceStatistics,
  type Supported,
  emptyLaunchInfo,
} from '@plateau/kernel';
import { addNetwork, addressesOf, type Attachment, delNetwork, hasCapability, type RunContext } from './attach';
import { CNI_NAME, type LoadedNetwork } from './conf';
import type { CniConfig } from './config';
import { etcMounts, writeEtcFiles } from './etc-files';
import { CniError, runPlugin } from './invoke';
import { createNetns, removeNetns } from './netns';
import { checkDistinct, type MesosPortMapping, portMappingsOf, portRanges } from './ports';
import { CheckpointDir, type NetworkedContainer } from './state';

/** A container's configuration as Prepare carries it. */
type ContainerConfig = NonNullable<IsolatorRequest<'prepare'>['config']>;

/** The parts of a Mesos v1 ContainerInfo this isolator reads. */
interface ContainerInfoJson {
  hostname?: string;
  network_infos?: { name?: string; port_mappings?: MesosPortMapping[] }[];
}

interface Tracked {
  watches: ContainerWatches;
  /** Set for a top-level container on CNI networks. */
  net?: NetworkedContainer;
  /** The key of the top-level container whose network a nested one shares. */
  root?: string;
}

/** The loopback plugin's request, to bring lo up in every namespace. */
const LOOPBACK = { cniVersion: '1.0.0', name: 'plateau-loopback', type: 'loopback' };

function parseJson<T>(text: string | null | undefined, what: string): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new InvalidError(`${what} is not valid JSON: ${messageOf(err)}`);
  }
}

/**
 * CniIsolator: joins containers to named CNI networks. Prepare of a top-level container whose
 * ContainerInfo names networks creates its network namespace, runs ADD for each network (eth0,
 * eth1, ... in the order asked), writes its hosts/resolv.conf/hostname and answers the namespace
 * to join, the hostname, the file mounts and MESOS_CONTAINER_IP. A nested container shares its
 * top-level container's namespace (the launcher joins it) and files: no ADD. Cleanup DELs in
 * reverse order and removes the namespace and files; every step is checkpointed so that Recover
 * keeps live containers' addresses and DELs what belongs to no known container.
 */
export class CniIsolator implements Isolator {
  private readonly containers = new IsolatorContainers<Tracked>('cni');
  private readonly checkpoints: CheckpointDir;
  private readonly runDir: string;

  constructor(
    private readonly config: CniConfig,
    private readonly networks: ReadonlyMap<string, LoadedNetwork>,
    dirs: { state: string },
    private readonly log: Logger,
  ) {
    const state = config.stateDir ?? dirs.state;
    this.checkpoints = new CheckpointDir(join(state, 'containers'), log);
    // Not the module's run dir: the host empties that at each start, and namespaces and files
    // of live containers must outlive an agent restart.
    this.runDir = config.runDir ?? join(state, 'live');
    mkdirSync(join(this.runDir, 'netns'), { recursive: true, mode: 0o755 });
  }

  /** The networks this isolator joins containers to. */
  async supports(): Promise<Supported> {
    return { networks: [...this.networks.keys()], volumeSources: [] };
  }

  private netnsPath(id: string): string {
    return join(this.runDir, 'netns', id);
  }

  private filesDir(id: string): string {
    return join(this.runDir, 'containers', id);
  }

  private context(c: NetworkedContainer): RunContext {
    return { containerId: c.containerId, netns: c.netns, binDirs: this.config.binDirs, timeoutMs: this.config.pluginTimeoutMs };
  }

  async prepare(req: IsolatorRequest<'prepare'>): Promise<IsolatorResponse<'prepare'>> {
    const key = containerKey(req.containerId);
    if (this.containers.has(key)) throw new ConflictError(`container ${key} is already prepared by isolator cni`);
    const config = req.config ?? ({} as ContainerConfig);
    const info = parseJson<ContainerInfoJson>(config.containerInfoJson, 'config.containerInfoJson') ?? {};
    const asked = info.network_infos ?? [];
    asked.forEach((n, i) => {
      if (!n.name && (n.port_mappings ?? []).length > 0) throw new InvalidError(`ContainerInfo.network_infos[${i}].port_mappings need a named network`);
    });
    const named = asked.map((n, i) => ({ n, i })).filter(({ n }) => n.name);

    if (req.containerId?.parent) {
      // Nested: the launcher joins the top-level container's namespaces; it sees the same files
      // and address.
      const root = key.split('/')[0]!;
      if (named.length > 0) throw new InvalidError(`ContainerInfo.network_infos: nested container ${key} shares the network of its top-level container ${root} and cannot join networks of its own`);
      const top = this.containers.get(root);
      this.containers.set(key, { watches: new ContainerWatches(), root });
      if (!top?.net) return { launchInfo: null };
      const li = emptyLaunchInfo();
      li.mounts = etcMounts(top.net.filesDir);
      const first = top.net.attachments.flatMap((a) => addressesOf(a.result))[0];
      if (first) li.environment = [{ name: 'MESOS_CONTAINER_IP', value: first.ip }];
      return { launchInfo: li };
    }
    if (named.length === 0) {
      this.containers.set(key, { watches: new ContainerWatches() });
      return { launchInfo: null };
    }

    // Everything that can be refused is refused before anything is made.
    if (!CNI_NAME.test(key)) throw new InvalidError(`container id '${key}' cannot be a CNI container id (must match ${CNI_NAME})`);
    const ranges = portRanges(config.resources);
    const attachments: Attachment[] = named.map(({ n, i }, k) => {
      const what = `ContainerInfo.network_infos[${i}]`;
      const net = this.networks.get(n.name!);
      if (!net) throw new InvalidError(`${what}.name: network '${n.name}' is not configured in isolator cni (networks: ${[...this.networks.keys()].join(', ') || 'none'})`);
      const portMappings = portMappingsOf(n.port_mappings, ranges, what);
      if (portMappings.length > 0 && !hasCapability(net.list, 'portMappings')) {
        throw new InvalidError(`${what}.port_mappings: network '${n.name}' has no plugin with the portMappings capability (${net.file})`);
      }
      return { network: n.name!, ifname: `eth${k}`, list: net.list, portMappings, result: null };
    });
    if (new Set(attachments.map((a) => a.network)).size !== attachments.length) throw new InvalidError('ContainerInfo.network_infos: a network is named twice');
    checkDistinct(attachments.flatMap((a) => a.portMappings), 'ContainerInfo.network_infos');
    const task = parseJson<{ task_id?: { value?: string } }>(config.taskInfoJson, 'config.taskInfoJson');
    const hostname = info.hostname || task?.task_id?.value || key.slice(0, 12);

    const c: NetworkedContainer = { version: 1, containerId: key, netns: this.netnsPath(key), filesDir: this.filesDir(key), attachments: [] };
    this.checkpoints.write(c);
    this.containers.set(key, { watches: new ContainerWatches(), net: c });
    try {
      await createNetns(c.netns);
      if (this.config.loopback) await runPlugin({ type: 'loopback', command: 'ADD', containerId: key, netns: c.netns, ifname: 'lo', binDirs: this.config.binDirs, timeoutMs: this.config.pluginTimeoutMs, stdin: LOOPBACK });
      for (const a of attachments) {
        // Checkpointed before ADD: a crash during it still leads to a DEL.
        c.attachments.push(a);
        this.checkpoints.write(c);
        a.result = await addNetwork(a, this.context(c));
        this.checkpoints.write(c);
      }
    } catch (err) {
      await this.release(key, c).catch((e) => {
        // A DEL refusing the config as ADD did had nothing to undo; any other failure keeps the
        // checkpoint, for the next Recover to DEL again.
        if (e instanceof CniError && err instanceof CniError && e.msg === err.msg) this.checkpoints.remove(key);
        this.log.warn({ container: key, err: messageOf(e) }, 'CNI DEL after a failed ADD failed');
      });
      this.containers.delete(key);
      throw err;
    }

    const addresses = c.attachments.flatMap((a) => addressesOf(a.result));
    const li: IsolatorLaunchInfo = emptyLaunchInfo();
    li.namespaces = [{ type: 'network', path: c.netns }];
    if (info.hostname) li.hostname = info.hostname;
    li.mounts = writeEtcFiles(c.filesDir, hostname, addresses.map((x) => x.ip), c.attachments.map((a) => a.result ?? undefined));
    if (addresses[0]) li.environment = [{ name: 'MESOS_CONTAINER_IP', value: addresses[0].ip }];
    this.log.info({ container: key, networks: c.attachments.map((a) => a.network), addresses: addresses.map((x) => x.ip) }, 'container joined its CNI networks');
    return { launchInfo: li };
  }

  /** DEL of every attachment (reverse order), then the namespace, files and checkpoint go. */
  private async release(key: string, c: NetworkedContainer): Promise<void> {
    let failure: unknown;
    for (const a of [...c.attachments].reverse()) {
      try {
        await delNetwork(a, this.context(c));
      } catch (err) {
        failure ??= err;
      }
    }
    await removeNetns(c.netns);
    rmSync(c.filesDir, { recursive: true, force: true });
    // A failed DEL keeps the checkpoint: the next Recover tries again.
    if (failure !== undefined) throw failure;
    this.checkpoints.remove(key);
  }

  async isolate(req: IsolatorRequest<'isolate'>): Promise<IsolatorResponse<'isolate'>> {
    this.containers.known(req.containerId);
    return {};
  }

  /** Never yields: a network imposes no limit. Ends at cleanup. */
  watch(req: IsolatorRequest<'watch'>): AsyncIterable<Limitation> {
    return this.containers.watch(req.containerId);
  }

  async update(req: IsolatorRequest<'update'>): Promise<IsolatorResponse<'update'>> {
    this.containers.known(req.containerId);
    return {};
  }

  async usage(req: IsolatorRequest<'usage'>): Promise<ResourceStatistics> {
    this.containers.known(req.containerId);
    return { timestamp: Date.now() / 1000, diskStatistics: [] } as unknown as ResourceStatistics;
  }

  /** The container's networks with their addresses (a nested container: its top-level container's). */
  async status(req: IsolatorRequest<'status'>): Promise<IsolatorResponse<'status'>> {
    const t = this.containers.known(req.containerId);
    const net = t.net ?? (t.root !== undefined ? this.containers.get(t.root)?.net : undefined);
    return {
      networkInfos: (net?.attachments ?? []).map((a) => ({ name: a.network, ipAddresses: addressesOf(a.result).map((x) => ({ protocol: x.protocol, ipAddress: x.ip })) })),
      executorPid: 0,
    };
  }

  async cleanup(req: IsolatorRequest<'cleanup'>): Promise<IsolatorResponse<'cleanup'>> {
    const key = containerKey(req.containerId);
    const t = this.containers.get(key);
    if (t === undefined) return {};
    this.containers.delete(key);
    t.watches.endAll();
    if (t.net) {
      const started = performance.now();
      await this.release(key, t.net);
      this.log.info({ container: key, ms: Math.round(performance.now() - started) }, 'container left its CNI networks');
    }
    return {};
  }

  /**
   * Rebuilds what the agent still knows (its checkpointed containers and the orphans it will
   * destroy, whose Cleanup then DELs): their attachments come back from the checkpoints, addresses
   * kept. A checkpoint of a container the agent no longer knows is DELeted and removed now, and so
   * is a namespace file that no checkpoint names.
   */
  async recover(req: IsolatorRequest<'recover'>): Promise<IsolatorResponse<'recover'>> {
    const known = new Set<string>();
    for (const s of req.states ?? []) if (s.containerId) known.add(containerKey(s.containerId));
    for (const o of req.orphans ?? []) if (o) known.add(containerKey(o));
    const saved = new Map(this.checkpoints.all().map((c) => [c.containerId, c]));
    for (const key of known) {
      if (this.containers.has(key)) continue;
      const root = key.includes('/') ? key.split('/')[0] : undefined;
      this.containers.set(key, { watches: new ContainerWatches(), net: root === undefined ? saved.get(key) : undefined, root });
    }
    for (const [id, c] of saved) {
      if (known.has(id)) continue;
      try {
        await this.release(id, c);
        this.log.info({ container: id, networks: c.attachments.map((a) => a.network) }, 'recover: DEL of a container the agent no longer knows');
      } catch (err) {
        this.log.warn({ container: id, err: messageOf(err) }, 'recover: DEL of an unknown container failed; its checkpoint is kept for the next recovery');
      }
    }
    for (const f of readdirSync(join(this.runDir, 'netns'))) {
      if (saved.has(f) || this.containers.has(f)) continue;
      await removeNetns(this.netnsPath(f)).catch((err) => this.log.warn({ netns: f, err: messageOf(err) }, 'recover: could not remove a stray network namespace'));
    }
    return {};
  }

  /** Ends every Watch stream (module stop); containers and their networks stay for the next start. */
  close(): void {
    this.containers.endAllWatches();
  }
}
