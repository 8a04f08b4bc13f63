/**
 * The user a task runs as (Mesos's CommandInfo.user, else FrameworkInfo.user, under
 * --switch_user): looked up by name on the agent, in the host's /etc/passwd and /etc/group for a
 * task without an image and in the image's for one with, supplementary groups included. An
 * unknown user fails the launch; it never falls back to root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidError, type LaunchInfo } from '@plateau/kernel';

/** A user resolved to ids. */
export interface TaskUser {
  name: string;
  uid: number;
  gid: number;
  /** Supplementary groups: every group of /etc/group that lists the user, without the primary. */
  additionalGids: number[];
}

function table(root: string, file: string): string[][] {
  const p = path.join(root, 'etc', file);
  let text: string;
  try {
    text = fs.readFileSync(p, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InvalidError(`cannot read ${p}: ${(err as Error).message}`);
  }
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
}

/** Looks `name` up in `<root>/etc/passwd` and `<root>/etc/group`; InvalidError naming it when unknown. */
export function lookupTaskUser(name: string, root: string, where: string): TaskUser {
  const pw = table(root, 'passwd').find((f) => f[0] === name);
  if (!pw || !/^\d+$/.test(pw[2] ?? '') || !/^\d+$/.test(pw[3] ?? '')) {
    throw new InvalidError(`user '${name}' does not exist in ${where} (${path.join(root, 'etc/passwd')}): the task cannot run as it`);
  }
  const uid = Number(pw[2]);
  const gid = Number(pw[3]);
  const additionalGids = table(root, 'group')
    .filter((g) => /^\d+$/.test(g[2] ?? '') && Number(g[2]) !== gid && (g[3] ?? '').split(',').includes(name))
    .map((g) => Number(g[2]));
  return { name, uid, gid, additionalGids: [...new Set(additionalGids)] };
}

type IdMappings = LaunchInfo['uidMappings'];

/** The host id of a container id under user-namespace mappings (none: the same id). */
export function hostIdOf(id: number, mappings: IdMappings): number | undefined {
  if (!mappings?.length) return id;
  const m = mappings.find((x) => id >= (x.containerStart ?? 0) && id < (x.containerStart ?? 0) + (x.size ?? 0));
  return m === undefined ? undefined : (m.hostStart ?? 0) + id - (m.containerStart ?? 0);
}

/**
 * Gives the sandbox (and what is in it: fetched files) to the task's user, so that the task can
 * write it; the agent, as root, still writes stdout and stderr. Ids are mapped to the host's when
 * the container has a user namespace.
 */
export function chownSandboxTo(dir: string, user: { uid: number; gid: number }, info: Pick<LaunchInfo, 'uidMappings' | 'gidMappings'>): void {
  const uid = hostIdOf(user.uid, info.uidMappings);
  const gid = hostIdOf(user.gid, info.gidMappings);
  if (uid === undefined || gid === undefined) throw new InvalidError(`uid ${user.uid} / gid ${user.gid} lie outside the container's user namespace mappings`);
  const walk = (p: string): void => {
    fs.lchownSync(p, uid, gid);
    const st = fs.lstatSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
}

/** Who fetched files go to, in host ids: uid, primary gid and supplementary gids. */
export interface HostOwner {
  uid: number;
  gid: number;
  gids: number[];
}

/**
 * The container's user in host ids, for what the agent writes for it before it starts (fetched
 * files): its uid, or its name (`name` or `name:group`) looked up in the image's /etc (the host's
 * for a task without an image), mapped through the container's user namespace when it has one
 * (its root included). Undefined when the container runs as the agent's user: an agent that is
 * not root cannot hand files away, and a container with neither a user nor mappings is root.
 */
export function hostOwnerOf(info: Pick<LaunchInfo, 'user' | 'uidMappings' | 'gidMappings'>, rootfs: string): HostOwner | undefined {
  if ((process.getuid?.() ?? 0) !== 0) return undefined;
  const u = info.user;
  let ids: HostOwner | undefined;
  if (typeof u?.uid === 'number') {
    ids = { uid: u.uid, gid: u.gid ?? u.uid, gids: u.additionalGids ?? [] };
  } else if (u?.name) {
    const root = rootfs || '/';
    const where = rootfs ? "the image's /etc" : "the agent host's /etc";
    const [name = '', group] = u.name.split(':');
    const t = lookupTaskUser(name, root, where);
    const gid = group === undefined || group === '' ? (u.gid ?? t.gid) : /^\d+$/.test(group) ? Number(group) : lookupGroupId(group, root, where);
    ids = { uid: t.uid, gid, gids: u.additionalGids ?? t.additionalGids };
  } else if (info.uidMappings?.length) {
    ids = { uid: 0, gid: 0, gids: [] };
  }
  if (ids === undefined) return undefined;
  const uid = hostIdOf(ids.uid, info.uidMappings);
  const gid = hostIdOf(ids.gid, info.gidMappings);
  if (uid === undefined || gid === undefined) throw new InvalidError(`uid ${ids.uid} / gid ${ids.gid} lie outside the container's user namespace mappings`);
  const gids = ids.gids.map((g) => hostIdOf(g, info.gidMappings)).filter((g): g is number => g !== undefined);
  return { uid, gid, gids };
}

function lookupGroupId(name: string, root: string, where: string): number {
  const g = table(root, 'group').find((f) => f[0] === name && /^\d+$/.test(f[2] ?? ''));
  if (!g) throw new InvalidError(`group '${name}' does not exist in ${where} (${path.join(root, 'etc/group')})`);
  return Number(g[2]);
}
