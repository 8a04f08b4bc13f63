/**
 * A container nested in a running one, Mesos's way: it shares its parent's network, ipc and uts
 * namespaces (and user namespace, when the parent has one; none when it has none), and has its own
 * mount and pid namespaces, root filesystem, cgroup (under the parent's) and sandbox (under the
 * parent's, at `containers/<id>`). The containerizer's pipeline prepares it like any container;
 * `nestLaunchInfo` then points the merged LaunchInfo at the parent's namespaces.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchInfo } from '@plateau/kernel';

/** How deep containers nest: Linux caps pid and user namespace nesting at 32 levels. */
export const MAX_NESTING_DEPTH = 32;

/** A container id with its ancestors (Mesos ContainerID: `parent` set for a nested container). */
export interface ContainerIdChain {
  value: string;
  parent?: ContainerIdChain;
}

/** How many ancestors the container has: 0 for a top-level container. */
export function depthOf(id: ContainerIdChain): number {
  let n = 0;
  for (let p = id.parent; p !== undefined; p = p.parent) n++;
  return n;
}

/** The values of the chain, outermost first: [top-level, ..., id.value]. */
export function chainValues(id: ContainerIdChain): string[] {
  const out: string[] = [];
  for (let c: ContainerIdChain | undefined = id; c !== undefined; c = c.parent) out.unshift(c.value);
  return out;
}

/** A plain copy of a ContainerID-shaped value (drops nulls and extra fields). */
export function chainOf(id: { value?: string | null; parent?: unknown } | null | undefined): ContainerIdChain {
  const p = id?.parent as { value?: string | null; parent?: unknown } | null | undefined;
  return p?.value ? { value: id?.value ?? '', parent: chainOf(p) } : { value: id?.value ?? '' };
}

/** Mesos's sandbox of a nested container: `<parent sandbox>/containers/<id>`. */
export function nestedSandbox(parentSandbox: string, id: string): string {
  return join(parentSandbox, 'containers', id);
}

/** Namespaces a nested container shares with its parent, and their /proc/<pid>/ns file names. */
const SHARED: Record<string, string> = { network: 'net', ipc: 'ipc', uts: 'uts' };

/** Reads what nesting needs to know of the parent's process; tests may pin it. */
export interface NamespaceReader {
  /** The user namespace link of a process (`user:[4026531837]`). */
  userNamespace(pid: number | 'self'): string;
  /** A process's uid_map or gid_map as seen from the agent's user namespace. */
  idMap(pid: number, which: 'uid_map' | 'gid_map'): string;
}

export const procReader: NamespaceReader = {
  userNamespace: (pid) => readlinkSync(`/proc/${pid}/ns/user`),
  idMap: (pid, which) => readFileSync(`/proc/${pid}/${which}`, 'utf8'),
};

/**
 * Why ContainerInfo cannot be run nested, or undefined: a nested container has its parent's
 * network and hostname, so it cannot ask for networks or a hostname of its own.
 */
export function nestedRefusal(container: { hostname?: string; network_infos?: unknown[] } | undefined): string | undefined {
  if ((container?.network_infos ?? []).length > 0) return "container.network_infos: a nested container joins its parent's network namespace and cannot ask for networks of its own";
  if (container?.hostname) return "container.hostname: a nested container has its parent's hostname (it joins its uts namespace)";
  return undefined;
}

/** What nesting needs of the parent container. */
export interface NestingParent {
  /** The parent's container id (for messages). */
  id: string;
  /** Host pid of the parent's init process. */
  pid: number;
  /** The parent's cgroup path (LaunchInfo.cgroups.path), when it had one. */
  cgroupPath?: string;
}

/** How the nested container asked to differ from its parent. */
export interface NestingOptions {
  /** linux_info.ipc_mode PRIVATE: an ipc namespace of its own (SHARE_PARENT, the default for a nested container, joins the parent's). */
  privateIpc?: boolean;
}

/** /proc/<pid>/uid_map lines as LaunchInfo id mappings. */
export function parseIdMap(text: string): { containerStart: number; hostStart: number; size: number }[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((f) => f.length === 3 && f.every((n) => Number.isInteger(n)))
    .map(([containerStart, hostStart, size]) => ({ containerStart: containerStart!, hostStart: hostStart!, size: size! }));
}

/** Whether the parent runs in a user namespace of its own (not the agent's). */
export function parentUserNamespace(parent: NestingParent, read: NamespaceReader = procReader): boolean {
  return read.userNamespace(parent.pid) !== read.userNamespace('self');
}

/**
 * The merged LaunchInfo of a container nested in `parent`: the parent's network, ipc and uts
 * namespaces joined by path (no hostname of its own: it shares the parent's), the parent's user
 * namespace joined with its mappings when the parent has one (and no user namespace otherwise:
 * a new one could not mount in the parent's ipc namespace, which the host's user namespace owns),
 * new mount and pid namespaces (unless an isolator joins the parent's pid namespace on request),
 * and the cgroup under the parent's when the isolators left its path to the launcher.
 * Throws naming what cannot be nested (sysctls of the shared network namespace).
 */
export function nestLaunchInfo(info: LaunchInfo, parent: NestingParent, id: string, read: NamespaceReader = procReader, opts: NestingOptions = {}): LaunchInfo {
  if (!(parent.pid > 0)) throw new Error(`the parent container '${parent.id}' has no known process to nest in`);
  const out: LaunchInfo = { ...info };
  const shared = Object.entries(SHARED).filter(([type]) => !(type === 'ipc' && opts.privateIpc));
  const own = (info.namespaces ?? []).filter((n) => n.type !== undefined && !shared.some(([type]) => type === n.type) && n.type !== 'user');
  const namespaces = [...own];
  for (const [type, file] of shared) namespaces.push({ type, path: `/proc/${parent.pid}/ns/${file}` });
  if (opts.privateIpc && !namespaces.some((n) => n.type === 'ipc')) namespaces.push({ type: 'ipc', path: '' });
  for (const type of ['mount', 'pid']) if (!namespaces.some((n) => n.type === type)) namespaces.push({ type, path: '' });
  if (parentUserNamespace(parent, read)) {
    namespaces.push({ type: 'user', path: `/proc/${parent.pid}/ns/user` });
    out.uidMappings = parseIdMap(read.idMap(parent.pid, 'uid_map'));
    out.gidMappings = parseIdMap(read.idMap(parent.pid, 'gid_map'));
    if (!out.uidMappings.length || !out.gidMappings.length) throw new Error(`the user namespace of the parent container '${parent.id}' has no id mappings to share`);
  } else {
    out.uidMappings = [];
    out.gidMappings = [];
  }
  out.namespaces = namespaces;
  out.hostname = '';
  const netSysctls = Object.keys(info.sysctls ?? {}).filter((k) => k.startsWith('net.'));
  if (netSysctls.length) throw new Error(`sysctls ${netSysctls.join(', ')} would change the network namespace shared with the parent container '${parent.id}'`);
  if (!info.cgroups?.path && parent.cgroupPath) out.cgroups = { ...(info.cgroups ?? {}), path: `${parent.cgroupPath}/${id}` };
  return out;
}

/** The host uid and gid that root of the parent's user namespace maps to, or undefined when it has none. */
export function mappedRoot(info: LaunchInfo): { uid: number; gid: number } | undefined {
  const u = (info.uidMappings ?? []).find((m) => (m.containerStart ?? 0) === 0);
  const g = (info.gidMappings ?? []).find((m) => (m.containerStart ?? 0) === 0);
  return u && g ? { uid: Number(u.hostStart ?? 0), gid: Number(g.hostStart ?? 0) } : undefined;
}
