/**
 * Resource discovery, as a Mesos agent does it: cpus, mem and disk of the machine (less a
 * reserve for the system), gpus from the isolators that manage them, ports 31000-32000. An
 * explicit resources string (`agent.resources`, Mesos syntax) replaces what it names and adds
 * what discovery does not know.
 */
import { realpathSync, statfsSync } from 'node:fs';
import si from 'systeminformation';
import { type ResourceJSON, type ResourceType, Resources } from '@plateau/mesos';
import { type ContainerResource, InvalidError, type Logger, messageOf } from '@plateau/kernel';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** The ports range an agent offers unless told otherwise (Mesos's default). */
export const DEFAULT_PORTS = '[31000-32000]';

/** Memory offered out of `total` bytes, MB: all but 1 GiB (half on machines under 2 GiB), as Mesos. */
export function memoryToOffer(totalBytes: number): number {
  const offered = totalBytes >= 2 * GiB ? totalBytes - GiB : totalBytes / 2;
  return Math.floor(offered / MiB);
}

/** Disk offered out of `total` bytes, MB: all but 5 GiB (half on disks under 10 GiB), as Mesos. */
export function diskToOffer(totalBytes: number): number {
  const offered = totalBytes >= 10 * GiB ? totalBytes - 5 * GiB : totalBytes / 2;
  return Math.floor(offered / MiB);
}

/** Size in bytes of the filesystem holding `dir`. */
async function filesystemBytes(dir: string): Promise<number> {
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // not there yet: its parent's filesystem is measured by statfs below
  }
  try {
    // The longest mount point that contains the directory.
    const mounts = (await si.fsSize()).filter((f) => real === f.mount || real.startsWith(f.mount.endsWith('/') ? f.mount : `${f.mount}/`));
    mounts.sort((a, b) => b.mount.length - a.mount.length);
    if (mounts[0] && mounts[0].size > 0) return mounts[0].size;
  } catch {
    // fall back to statfs
  }
  const s = statfsSync(real);
  return Number(s.blocks) * Number(s.bsize);
}

/** What discovery found, before overrides. */
export interface DiscoveredResources {
  cpus: number;
  memMb: number;
  diskMb: number;
  gpus: number;
}

/** Discovers cpus, mem and disk (of `workDir`'s filesystem); `gpus` comes from the caller. */
export async function discover(workDir: string, gpus: number, log?: Logger): Promise<DiscoveredResources> {
  let cpus: number;
  let memBytes: number;
  try {
    const [cpu, mem] = await Promise.all([si.cpu(), si.mem()]);
    cpus = cpu.cores;
    memBytes = mem.total;
  } catch (err) {
    log?.warn({ err: messageOf(err) }, 'systeminformation failed; using node:os for cpus and mem');
    const os = await import('node:os');
    cpus = os.cpus().length;
    memBytes = os.totalmem();
  }
  const diskBytes = await filesystemBytes(workDir);
  return { cpus, memMb: memoryToOffer(memBytes), diskMb: diskToOffer(diskBytes), gpus };
}

/**
 * The agent's total resources as Mesos v1 JSON: `explicit` ("auto", empty, or Mesos syntax
 * "cpus:8;mem:16384;ports:[31000-32000]") over what was discovered and what isolators advertise
 * (`advertised`, scalars by name). A name the explicit string gives replaces the discovered value
 * of that name.
 */
export function agentResources(discovered: DiscoveredResources, explicit: string | undefined, advertised: Record<string, number> = {}): ResourceJSON[] {
  const parts = [`cpus:${discovered.cpus}`, `mem:${discovered.memMb}`, `disk:${discovered.diskMb}`, `ports:${DEFAULT_PORTS}`];
  if (discovered.gpus > 0) parts.push(`gpus:${discovered.gpus}`);
  for (const [name, value] of Object.entries(advertised)) if (value > 0 && !['cpus', 'mem', 'disk', 'ports', 'gpus'].includes(name)) parts.push(`${name}:${value}`);
  const auto = Resources.parse(parts.join(';')).toJSON();
  const text = explicit?.trim() ?? '';
  if (text === '' || text === 'auto') return auto;
  let given: ResourceJSON[];
  try {
    given = Resources.parse(text).toJSON();
  } catch (err) {
    throw new InvalidError(`agent.resources: ${messageOf(err)}`);
  }
  const named = new Set(given.map((r) => r.name));
  return [...auto.filter((r) => !named.has(r.name)), ...given];
}

/**
 * Resources a hook answered (kernel.container.v1.Resource) as Mesos v1 JSON: each one's
 * `resource_json` (when set) with its typed fields (name, type, value, role) laid over it, checked
 * by parsing the whole list. Throws on what is not a valid resource list.
 */
export function mesosResources(list: readonly ContainerResource[]): ResourceJSON[] {
  const out: ResourceJSON[] = list.map((r) => {
    const base = (r.resourceJson ? JSON.parse(r.resourceJson) : {}) as Partial<ResourceJSON>;
    const ranges = r.ranges ?? [];
    const set = r.set ?? [];
    const typed = typeof r.type === 'string' && r.type !== 'VALUE_TYPE_UNSPECIFIED' ? (r.type as ResourceType) : undefined;
    const type: ResourceType = typed ?? base.type ?? (ranges.length > 0 ? 'RANGES' : set.length > 0 ? 'SET' : 'SCALAR');
    const res: ResourceJSON = { ...base, name: r.name || base.name || '', type };
    delete res.scalar;
    delete res.ranges;
    delete res.set;
    if (type === 'SCALAR') res.scalar = { value: Number(r.scalar ?? base.scalar?.value ?? 0) };
    if (type === 'RANGES') res.ranges = { range: ranges.length > 0 ? ranges.map((x) => ({ begin: Number(x.begin), end: Number(x.end) })) : (base.ranges?.range ?? []) };
    if (type === 'SET') res.set = { item: set.length > 0 ? [...set] : (base.set?.item ?? []) };
    if (r.role && r.role !== '*' && base.reservations === undefined && base.role === undefined) res.reservations = [{ type: 'STATIC', role: r.role }];
    return res;
  });
  return Resources.fromJSON(out as never).toJSON();
}
