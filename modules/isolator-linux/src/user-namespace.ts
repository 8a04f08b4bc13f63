/**
 * Whether a container can run in a user namespace mapped to the configured ranges, and the
 * ownership changes that make it usable there (the image rootfs shifted into the range, the
 * sandbox given to the mapped root).
 */
import { chmodSync, chownSync, lchownSync, lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { IdRange } from './config';

/**
 * Capabilities that act on the host's own resources: a user namespace's root holds them only over
 * what that namespace owns, so a task asking for one needs the host's root.
 */
export const HOST_ROOT_CAPABILITIES = new Set([
  'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_TIME', 'CAP_SYS_PACCT', 'CAP_SYS_TTY_CONFIG', 'CAP_MAC_ADMIN', 'CAP_MAC_OVERRIDE',
  'CAP_AUDIT_CONTROL', 'CAP_AUDIT_READ', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_LINUX_IMMUTABLE',
]);

/** Capabilities that act on the network namespace: the host's unless the task has its own. */
export const HOST_NETWORK_CAPABILITIES = new Set(['CAP_NET_ADMIN', 'CAP_NET_RAW']);

/** Why a container cannot get a user namespace: a short key (logged once per key) and the details. */
export interface Blocker {
  key: string;
  why: string;
}

/** A host-path volume of ContainerInfo.volumes. */
export interface HostVolume {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

/** The kernel's limit on user namespaces; a 0 means it refuses new ones. */
export function kernelBlocker(readLimit = () => readFileSync('/proc/sys/user/max_user_namespaces', 'utf8')): Blocker | undefined {
  let text: string;
  try {
    text = readLimit().trim();
  } catch (err) {
    return { key: 'kernel', why: `the kernel has no user namespaces (/proc/sys/user/max_user_namespaces: ${(err as Error).message})` };
  }
  if (Number(text) === 0) return { key: 'kernel', why: 'the kernel refuses user namespaces (/proc/sys/user/max_user_namespaces is 0)' };
  return undefined;
}

/** The capabilities asked for that a user namespace's root cannot use. */
export function capabilityBlocker(asked: string[], ownNetwork: boolean): Blocker | undefined {
  const bad = [...new Set(asked.filter((c) => HOST_ROOT_CAPABILITIES.has(c) || (!ownNetwork && HOST_NETWORK_CAPABILITIES.has(c))))];
  if (!bad.length) return undefined;
  const network = bad.some((c) => HOST_NETWORK_CAPABILITIES.has(c)) ? ' (the task shares the host\'s network)' : '';
  return { key: 'capabilities', why: `the task asks for ${bad.join(', ')}, which ${bad.length === 1 ? 'works' : 'work'} only with the host's root${network}` };
}

/**
 * A task without an image runs on the host's filesystem, owned by the host's ids: a mapped root
 * would own none of it, and it cannot be shifted into the range as an image's rootfs is.
 */
export function hostRootBlocker(rootfs: string | undefined): Blocker | undefined {
  if (rootfs) return undefined;
  return { key: 'host-root', why: "the task has no image: its root is the host's filesystem, whose files belong to the host's ids and cannot be remapped into the user namespace" };
}

/** Devices (GPUs) are nodes of the host's root: the mapped root sees them owned by nobody. */
export function deviceBlocker(resources: { name?: string; scalar?: number | string }[]): Blocker | undefined {
  const gpus = resources.filter((r) => r.name === 'gpus' && Number(r.scalar ?? 0) > 0);
  if (!gpus.length) return undefined;
  return { key: 'devices', why: 'the task asks for gpus: device nodes belong to the host\'s root, which the mapped root is not' };
}

const inRange = (id: number, r: IdRange) => id >= r.start && id < r.start + r.size;

/** Whether the mapped root may use `st` with the permission bits of `want` (4 read, 2 write, 1 search). */
function mappedRootMay(st: Stats, want: number, uids: IdRange, gids: IdRange): boolean {
  if (inRange(st.uid, uids)) return true; // the mapped root owns it (its CAP_DAC_OVERRIDE applies)
  if (inRange(st.gid, gids) && ((st.mode >> 3) & want) === want) return true;
  return (st.mode & want) === want;
}

/**
 * The first directory above `path` (excluding it) that the mapped root cannot pass through:
 * runc resolves the rootfs and bind sources as the mapped root, which has no rights over
 * host-owned directories beyond what "others" have.
 */
export function unsearchableAncestor(path: string, uids: IdRange, gids: IdRange): string | undefined {
  let dir = dirname(resolve(path));
  for (;;) {
    const st = statSync(dir);
    if (!mappedRootMay(st, 1, uids, gids)) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Host-path volumes the mapped root could not use (missing, or without the rights they are mounted with). */
export function volumeBlocker(volumes: HostVolume[], sandbox: string | undefined, uids: IdRange, gids: IdRange): Blocker | undefined {
  for (const v of volumes) {
    // A relative host path lies in the sandbox, which is given to the mapped root.
    if (!isAbsolute(v.hostPath)) continue;
    if (sandbox && (resolve(v.hostPath) + '/').startsWith(resolve(sandbox) + '/')) continue;
    let st: Stats;
    try {
      st = statSync(v.hostPath);
    } catch (err) {
      return { key: 'volumes', why: `host-path volume ${v.hostPath}: ${(err as Error).message}` };
    }
    const want = (v.readOnly ? 4 : 6) | (st.isDirectory() ? 1 : 0);
    if (!mappedRootMay(st, want, uids, gids)) {
      return { key: 'volumes', why: `host-path volume ${v.hostPath} (${v.readOnly ? 'RO' : 'RW'}, owner ${st.uid}:${st.gid}, mode ${(st.mode & 0o7777).toString(8)}) is not usable by the mapped root (uid ${uids.start})` };
    }
    const above = unsearchableAncestor(v.hostPath, uids, gids);
    if (above) return { key: 'volumes', why: `host-path volume ${v.hostPath}: the directory ${above} above it is not searchable by the mapped root (uid ${uids.start})` };
  }
  return undefined;
}

/** A tree's entries, for a remap: each with its stats. */
interface Entry {
  path: string;
  st: Stats;
}

/**
 * Lists the tree under `root` (not following links and not crossing into other filesystems, as
 * mount points are not the image's), stopping past `max` entries; undefined when it has more.
 */
function listTree(root: string, max: number): Entry[] | undefined {
  const out: Entry[] = [];
  const rootDev = lstatSync(root).dev;
  const walk = (p: string): boolean => {
    const st = lstatSync(p);
    out.push({ path: p, st });
    if (out.length > max) return false;
    if (st.isDirectory() && st.dev === rootDev) {
      for (const e of readdirSync(p)) if (!walk(join(p, e))) return false;
    }
    return true;
  };
  return walk(root) ? out : undefined;
}

/**
 * Shifts the ownership of the image rootfs into the mapped ranges: an id n below the range's size
 * becomes start+n, so that root's files belong to the mapped root and an image user's files to
 * that user's mapped id. Ids outside the size stay (they show as nobody inside). Setuid and setgid
 * bits, which chown clears, are put back. Each inode is shifted once (hard links). A rootfs whose
 * top already belongs to the mapped root is taken as shifted.
 *
 * Returns a Blocker instead when the tree has more than `maxEntries` entries or cannot be changed.
 * On an overlay rootfs, each shifted file is copied up into the container's own layer.
 */
export function shiftRootfs(rootfs: string, uids: IdRange, gids: IdRange, maxEntries: number): Blocker | undefined {
  let entries: Entry[] | undefined;
  try {
    const top = lstatSync(rootfs);
    if (top.uid === uids.start && top.gid === gids.start) return undefined;
    entries = listTree(rootfs, maxEntries);
  } catch (err) {
    return { key: 'rootfs', why: `the rootfs ${rootfs} cannot be read: ${(err as Error).message}` };
  }
  if (!entries) return { key: 'rootfs', why: `the rootfs ${rootfs} has more than ${maxEntries} entries (rootfsRemapMaxEntries): too large to remap at each launch` };
  const shift = (id: number, r: IdRange) => (id < r.size ? r.start + id : id);
  const done = new Set<string>();
  try {
    // Deepest first, so that a failure leaves the top unshifted and a retry starts over.
    for (const { path, st } of entries.reverse()) {
      if (st.nlink > 1 && !st.isDirectory()) {
        const inode = `${st.dev}:${st.ino}`;
        if (done.has(inode)) continue;
        done.add(inode);
      }
      const uid = shift(st.uid, uids);
      const gid = shift(st.gid, gids);
      if (uid === st.uid && gid === st.gid) continue;
      if (st.isSymbolicLink()) lchownSync(path, uid, gid);
      else {
        chownSync(path, uid, gid);
        if (st.mode & 0o6000 && !st.isDirectory()) chmodSync(path, st.mode & 0o7777);
      }
    }
  } catch (err) {
    return { key: 'rootfs', why: `the rootfs ${rootfs} cannot be remapped to uid ${uids.start}: ${(err as Error).message}` };
  }
  return undefined;
}

/** Gives the sandbox (the tree the agent made, without following links) to the mapped root. */
export function chownSandbox(dir: string, uid: number, gid: number): void {
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) lchownSync(p, uid, gid);
    else chownSync(p, uid, gid);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
  };
  walk(dir);
}
