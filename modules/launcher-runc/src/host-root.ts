/**
 * The root of a container without an image: the host's filesystem, seen through an empty root
 * directory in which each top-level entry of the host's / is bind-mounted (recursively read-only
 * by default) and each top-level symlink copied. runc cannot pivot_root into the host's / itself,
 * and a plain read-only bind would leave the host's other mounts (/home, /var...) writable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OciMount } from './spec';

/** Annotation of the spec of a container whose root is the host's ("ro" or "rw"). */
export const HOST_ROOT_ANNOTATION = 'org.plateau.host-root';

/** Top-level entries the container gets its own of (proc, sysfs, a /dev tmpfs, a private /tmp). */
const OWN_ENTRIES = new Set(['proc', 'sys', 'dev', 'tmp']);

/** The host's / as mounts and symlinks for an empty root directory. */
export interface HostRoot {
  /** Bind mounts of the host's top-level directories and files, in name order. */
  mounts: OciMount[];
  /** Top-level symlinks (e.g. /bin -> usr/bin): name → target. */
  links: Map<string, string>;
}

/**
 * Reads the host's / (`hostRoot`, for tests) into binds: `writable` false gives `ro` + `rro`
 * (recursive read-only, so that submounts are read-only too; needs Linux 5.12).
 */
export function hostRootEntries(writable: boolean, hostRoot = '/'): HostRoot {
  const mounts: OciMount[] = [];
  const links = new Map<string, string>();
  const entries = fs.readdirSync(hostRoot, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (OWN_ENTRIES.has(e.name)) continue;
    const source = path.join(hostRoot, e.name);
    if (e.isSymbolicLink()) links.set(e.name, fs.readlinkSync(source));
    else if (e.isDirectory() || e.isFile()) {
      mounts.push({ destination: `/${e.name}`, type: 'bind', source, options: writable ? ['rbind', 'rw'] : ['rbind', 'ro', 'rro'] });
    }
  }
  return { mounts, links };
}

/**
 * Makes the empty root directory of a container without an image: its top-level symlinks, and the
 * mount targets of its files (runc creates directories, not files, under a read-only root).
 */
export function prepareHostRootDir(dir: string, root: HostRoot): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const [name, target] of root.links) fs.symlinkSync(target, path.join(dir, name));
  for (const m of root.mounts) {
    if (!m.source || fs.statSync(m.source).isDirectory()) continue;
    fs.closeSync(fs.openSync(path.join(dir, m.destination), 'a', 0o644));
  }
}

/**
 * The sandbox's fixed target (/mnt/mesos/sandbox) must exist on the host: under a read-only bind
 * of the host's /mnt nothing can create it. Made once, empty, like Mesos's own mount point.
 */
export function ensureHostTarget(target: string): void {
  fs.mkdirSync(target, { recursive: true, mode: 0o755 });
}
