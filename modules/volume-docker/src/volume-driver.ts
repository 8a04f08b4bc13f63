/**
 * The VolumeDriver API of one activated plugin (Docker's volume plugin protocol), and the
 * drivers of an agent: each plugin found by name, activated once (`Plugin.Activate`, its
 * `Implements` must list `VolumeDriver`), asked its `Capabilities` once, then kept.
 */
import { InvalidError, type Logger } from '@plateau/kernel';
import type { DockerVolumeConfig } from './config';
import { PluginClient, VolumePluginError } from './plugin-client';
import { discoverPlugin, type FoundPlugin } from './plugin-discovery';

/** A volume as Get and List describe it. */
export interface VolumeInfo {
  Name: string;
  Mountpoint?: string;
  CreatedAt?: string;
  Status?: Record<string, unknown>;
}

/** A volume's scope: `local` (this host) or `global` (the same volume cluster-wide). */
export type VolumeScope = 'local' | 'global';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function volumeOf(v: unknown): VolumeInfo | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const name = str(o.Name);
  if (name === undefined) return undefined;
  const status = o.Status !== null && typeof o.Status === 'object' ? (o.Status as Record<string, unknown>) : undefined;
  return { Name: name, Mountpoint: str(o.Mountpoint) || undefined, CreatedAt: str(o.CreatedAt) || undefined, ...(status ? { Status: status } : {}) };
}

/** One activated volume plugin. */
export class VolumeDriver {
  constructor(
    readonly plugin: FoundPlugin,
    private readonly client: PluginClient,
    readonly scope: VolumeScope,
    private readonly timeouts: { mountTimeoutMs: number; callTimeoutMs: number },
  ) {}

  get name(): string {
    return this.plugin.name;
  }

  /** VolumeDriver.Create: makes the volume (idempotent for an existing one in well-behaved plugins). */
  async create(name: string, opts: Record<string, string> = {}): Promise<void> {
    await this.client.call('VolumeDriver.Create', { Name: name, Opts: opts }, this.timeouts.mountTimeoutMs);
  }

  /** VolumeDriver.Remove: deletes the volume and its data. */
  async remove(name: string): Promise<void> {
    await this.client.call('VolumeDriver.Remove', { Name: name }, this.timeouts.callTimeoutMs);
  }

  /** VolumeDriver.Get: the volume, or a VolumePluginError (the plugin's Err) when it has none by that name. */
  async get(name: string): Promise<VolumeInfo> {
    const r = await this.client.call('VolumeDriver.Get', { Name: name }, this.timeouts.callTimeoutMs);
    const v = volumeOf(r.Volume);
    if (v === undefined) throw new VolumePluginError(this.name, 'VolumeDriver.Get', `plugin '${this.name}' answered without a Volume for '${name}'`);
    return v;
  }

  /** VolumeDriver.List: every volume the plugin knows. */
  async list(): Promise<VolumeInfo[]> {
    const r = await this.client.call('VolumeDriver.List', {}, this.timeouts.callTimeoutMs);
    return (Array.isArray(r.Volumes) ? r.Volumes : []).map(volumeOf).filter((v): v is VolumeInfo => v !== undefined);
  }

  /** VolumeDriver.Mount for the caller `id` (one per container): the host path to bind. */
  async mount(name: string, id: string): Promise<string> {
    const r = await this.client.call('VolumeDriver.Mount', { Name: name, ID: id }, this.timeouts.mountTimeoutMs);
    const mp = str(r.Mountpoint);
    if (!mp) throw new VolumePluginError(this.name, 'VolumeDriver.Mount', `plugin '${this.name}' mounted '${name}' but answered no Mountpoint`);
    return mp;
  }

  /** VolumeDriver.Unmount for the same `id` as its Mount. */
  async unmount(name: string, id: string): Promise<void> {
    await this.client.call('VolumeDriver.Unmount', { Name: name, ID: id }, this.timeouts.callTimeoutMs);
  }

  /** VolumeDriver.Path: where the volume is mounted on the host; undefined when it is not. */
  async path(name: string): Promise<string | undefined> {
    const r = await this.client.call('VolumeDriver.Path', { Name: name }, this.timeouts.callTimeoutMs);
    return str(r.Mountpoint) || undefined;
  }

  close(): void {
    this.client.close();
  }
}

/**
 * The volume plugins of this agent by name, each found and activated on first use. A failed
 * activation is not kept: the next use looks again (the plugin may have been installed since).
 */
export class VolumeDrivers {
  private readonly active = new Map<string, Promise<VolumeDriver>>();

  constructor(
    private readonly config: DockerVolumeConfig,
    private readonly log: Logger,
  ) {}

  /** The activated driver `name`; NotFoundError naming the paths searched, or the plugin's error. */
  driver(name: string): Promise<VolumeDriver> {
    let p = this.active.get(name);
    if (p === undefined) {
      p = this.activate(name);
      this.active.set(name, p);
      p.catch(() => this.active.delete(name));
    }
    return p;
  }

  private async activate(name: string): Promise<VolumeDriver> {
    const found = discoverPlugin(name, this.config.socketDirs, this.config.specDirs);
    const client = new PluginClient(name, found.address, this.config.connectRetryMs);
    try {
      const r = await client.call('Plugin.Activate', undefined, this.config.callTimeoutMs);
      const implementsList = Array.isArray(r.Implements) ? r.Implements.filter((x): x is string => typeof x === 'string') : [];
      if (!implementsList.includes('VolumeDriver')) {
        throw new InvalidError(`plugin '${name}' at ${client.where} is not a volume driver: it implements ${implementsList.length ? implementsList.join(', ') : 'nothing'}`);
      }
      const scope = await this.scopeOf(client);
      this.log.info({ driver: name, at: client.where, foundAt: found.foundAt, scope }, 'volume plugin activated');
      return new VolumeDriver(found, client, scope, this.config);
    } catch (err) {
      client.close();
      throw err;
    }
  }

  /** VolumeDriver.Capabilities' Scope; `local` when the plugin lacks the call or answers something else (as Docker). */
  private async scopeOf(client: PluginClient): Promise<VolumeScope> {
    try {
      const r = await client.call('VolumeDriver.Capabilities', {}, this.config.callTimeoutMs);
      const scope = (r.Capabilities as { Scope?: unknown } | undefined)?.Scope;
      return scope === 'global' ? 'global' : 'local';
    } catch {
      return 'local';
    }
  }

  /** Forgets every driver and closes their connections. */
  async close(): Promise<void> {
    const all = [...this.active.values()];
    this.active.clear();
    for (const p of all) (await p.catch(() => undefined))?.close();
  }
}
