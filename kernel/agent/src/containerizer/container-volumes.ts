/**
 * ContainerInfo.volumes and network_infos as this agent can honour them, for tasks with and
 * without an image (MESOS and DOCKER containers alike):
 * - HOST_PATH (`source.host_path.path`, and the legacy absolute `Volume.host_path`): the host
 *   path, which must exist, bind-mounted at container_path;
 * - SANDBOX_PATH of type SELF (and a legacy relative `Volume.host_path`): a directory of the
 *   container's own sandbox (made when missing), bind-mounted at container_path;
 * - RO is a read-only, nosuid, nodev bind; RW a writable one; a host path's bind is rslave, so
 *   that mounts the host makes under it later show in the container (HOST_TO_CONTAINER).
 * A relative container_path lands under the sandbox as the container sees it (Mesos's rule).
 * SECRET volumes are secrets.ts's; a source type an isolator provides (its Supports answer, e.g.
 * DOCKER_VOLUME) is that isolator's. SANDBOX_PATH of type PARENT (a nested container: a directory of
 * its parent's sandbox, made when missing) is refused for a top-level container. Everything else (CSI_VOLUME, IMAGE, a
 * type no isolator provides) throws, naming the field: the task fails rather than run without
 * what it asked for. Named networks are checked by isolator-support.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerInfo, Volume } from '@plateau/mesos';
import { containerTarget, InvalidError, type LaunchInfo } from '@plateau/kernel';
import { type IsolatorSupport, noSupport, unsupportedVolumeSource } from './isolator-support';

type Mount = NonNullable<LaunchInfo['mounts']>[number];

const RO = ['rbind', 'ro', 'nosuid', 'nodev'];
const RW = ['rbind', 'rw'];

/** Where container_path lands in the container (the kernel's rule; empty and `..` refused). */
function targetOf(v: Volume, what: string): string {
  return containerTarget(v.container_path ?? '', what);
}

/**
 * A directory of the sandbox at relative `rel`, made when missing. Every existing component is
 * checked with lstat and a symlink refused: the task has not started yet, so nothing it runs can
 * swap a component between the check and the bind (runc binds the checked path).
 */
function sandboxDir(sandbox: string, rel: string, what: string): string {
  if (rel === '' || path.posix.isAbsolute(rel) || rel.split('/').includes('..')) {
    throw new InvalidError(`${what}: sandbox path '${rel}' must be a relative path inside the sandbox`);
  }
  let cur = sandbox;
  for (const part of path.posix.normalize(rel).split('/').filter((x) => x !== '.' && x !== '')) {
    cur = path.join(cur, part);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(cur);
    } catch {
      st = undefined;
    }
    if (st === undefined) fs.mkdirSync(cur, { mode: 0o755 });
    else if (st.isSymbolicLink()) throw new InvalidError(`${what}: sandbox path '${rel}' goes through a symbolic link ('${path.relative(sandbox, cur)}'), which is refused`);
    else if (!st.isDirectory() && cur !== path.join(sandbox, rel)) throw new InvalidError(`${what}: sandbox path '${rel}': '${path.relative(sandbox, cur)}' is not a directory`);
  }
  return cur;
}

/** A host path that must exist (Mesos fails a missing one too). */
function hostPath(p: string, what: string): string {
  if (!path.isAbsolute(p)) throw new InvalidError(`${what}: host path '${p}' must be absolute`);
  if (!fs.existsSync(p)) throw new InvalidError(`${what}: host path '${p}' does not exist on this agent`);
  return path.normalize(p);
}

/**
 * The bind mounts of the container's volumes (SECRET volumes left to secrets.ts, the source types
 * in `support` to their isolators); throws what cannot be honoured.
 */
export function volumeMountsOf(container: ContainerInfo | undefined, sandbox: string, support: IsolatorSupport = noSupport(), parentSandbox?: string): Mount[] {
  const out: Mount[] = [];
  for (const [i, v] of (container?.volumes ?? []).entries()) {
    const type = v.source?.type;
    if (type === 'SECRET') continue;
    if (type !== undefined && support.volumeSources.has(type)) continue;
    const what = `ContainerInfo.volumes[${i}] (container_path '${v.container_path ?? ''}')`;
    const target = targetOf(v, what);
    let source: string;
    if (v.image !== undefined) throw new InvalidError(`${what}: image volumes (Volume.image) are not supported by this agent`);
    if (type === undefined || type === 'UNKNOWN') {
      if (!v.host_path) throw new InvalidError(`${what}: neither source nor host_path is set`);
      source = path.isAbsolute(v.host_path) ? hostPath(v.host_path, `${what} host_path`) : sandboxDir(sandbox, v.host_path, `${what} host_path`);
    } else if (type === 'HOST_PATH') {
      const hp = v.source!.host_path;
      if (!hp?.path) throw new InvalidError(`${what}: source type HOST_PATH without source.host_path.path`);
      if (hp.mount_propagation?.mode === 'BIDIRECTIONAL') throw new InvalidError(`${what}: source.host_path.mount_propagation BIDIRECTIONAL is not supported by this agent`);
      source = hostPath(hp.path, `${what} source.host_path`);
    } else if (type === 'SANDBOX_PATH') {
      const sp = v.source!.sandbox_path;
      if (sp?.type === 'PARENT') {
        // A directory of the parent container's sandbox (a pod's executor container), shared by
        // the tasks nested in it. Its siblings may be running: the lstat walk refuses a symlink
        // they made, though not one swapped in between the check and runc's bind.
        if (parentSandbox === undefined) throw new InvalidError(`${what}: source.sandbox_path type PARENT needs a parent container, and this is a top-level container (PARENT is for the tasks of a pod, nested in its executor container)`);
        source = sandboxDir(parentSandbox, sp.path ?? '', `${what} source.sandbox_path (PARENT)`);
      } else if (sp?.type !== 'SELF') throw new InvalidError(`${what}: source.sandbox_path type '${sp?.type ?? 'UNKNOWN'}' (expected SELF or PARENT)`);
      else source = sandboxDir(sandbox, sp.path ?? '', `${what} source.sandbox_path`);
    } else {
      throw unsupportedVolumeSource(what, type, support);
    }
    if (out.some((m) => m.target === target)) throw new InvalidError(`${what}: another volume has the same container_path`);
    // A host path sees the host's later mounts under it (HOST_TO_CONTAINER, Mesos's default).
    const propagation = type === 'HOST_PATH' || (type !== 'SANDBOX_PATH' && path.isAbsolute(v.host_path ?? '')) ? ['rslave'] : [];
    out.push({ source, target, type: 'bind', options: [...(v.mode === 'RO' ? RO : RW), ...propagation] });
  }
  return out;
}
