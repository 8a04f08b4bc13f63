import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where a container's own writes to its root filesystem land. A provisioner that mounts the rootfs
 * as an overlayfs (image layers read-only below, one upper dir per container above) puts every
 * file the container writes, and nothing of the image, in the upper dir: that tree is what counts
 * against the container's `disk`. The isolator learns it from ContainerConfig.rootfs alone: the
 * mount table says which overlayfs is mounted there and its `upperdir` option.
 */

/** Undoes the kernel's octal escapes in /proc/self/mountinfo (\040 space, \054 comma, \134 backslash...). */
export function unescapeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** What the mount table says is mounted at a path. */
export type RootfsMount = { kind: 'overlay'; upperDir: string } | { kind: 'overlay-readonly' } | { kind: 'other'; fsType: string } | { kind: 'none' };

/**
 * The mount at `mountPoint` in `mountinfo` (the text of /proc/self/mountinfo); the last one wins,
 * as a later mount hides an earlier one on the same path.
 */
export function mountAt(mountinfo: string, mountPoint: string): RootfsMount {
  let found: RootfsMount = { kind: 'none' };
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const fields = line.slice(0, sep).split(' ');
    if (fields.length < 5 || unescapeMountField(fields[4]!) !== mountPoint) continue;
    const [fsType = '', , superOptions = ''] = line.slice(sep + 3).split(' ');
    if (fsType !== 'overlay') {
      found = { kind: 'other', fsType };
      continue;
    }
    // Options are comma-separated; a comma inside a path is escaped (\054), so splitting is safe.
    const upper = superOptions.split(',').find((o) => o.startsWith('upperdir='));
    found = upper ? { kind: 'overlay', upperDir: unescapeMountField(upper.slice('upperdir='.length)) } : { kind: 'overlay-readonly' };
  }
  return found;
}

/** The mount at `rootfs` in this process's mount table (its real path: the table has no symlinks). */
export function rootfsMount(rootfs: string, mountinfoPath = '/proc/self/mountinfo'): RootfsMount {
  let real = rootfs;
  try {
    real = fs.realpathSync(rootfs);
  } catch {
    // Not there (yet): the mount table will say nothing is mounted.
  }
  return mountAt(fs.readFileSync(mountinfoPath, 'utf8'), path.resolve(real));
}
