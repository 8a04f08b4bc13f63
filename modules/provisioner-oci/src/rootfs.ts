import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@plateau/kernel';
import { RootfsError } from './errors';
import type { Mounter } from './mounter';
import { run } from './unpack';

/** How a container rootfs is made from a flattened image. */
export type Backend = 'overlay' | 'copy';

/** Mount points of this mount namespace (from /proc/self/mountinfo). */
export async function mountPoints(): Promise<Set<string>> {
  const text = await fs.readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const points = new Set<string>();
  for (const line of text.split('\n')) {
    const field = line.split(' ')[4];
    if (field) points.add(field.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8))));
  }
  return points;
}

/** Whether `path` is a mount point. */
export async function isMounted(path: string): Promise<boolean> {
  return (await mountPoints()).has(path);
}

/** Characters overlayfs mount options cannot carry in a path. */
const UNSAFE_FOR_OVERLAY = /[,:\s\\]/;

/**
 * Decides the backend: overlay when asked for or when `auto` and a probe mount in `probeDir`
 * works; copy otherwise. The reason is logged either way.
 */
export async function chooseBackend(wanted: 'auto' | Backend, storeDir: string, probeDir: string, log: Logger): Promise<Backend> {
  if (wanted === 'copy') return 'copy';
  let reason: string | undefined;
  if (UNSAFE_FOR_OVERLAY.test(storeDir)) reason = `the store path ${storeDir} holds a character overlayfs options cannot carry`;
  else {
    const dirs = ['lower', 'upper', 'work', 'merged'].map((d) => join(probeDir, d));
    try {
      for (const d of dirs) await fs.mkdir(d, { recursive: true });
      await fs.writeFile(join(dirs[0]!, 'probe'), 'probe');
      await run('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${dirs[0]},upperdir=${dirs[1]},workdir=${dirs[2]}`, dirs[3]!]);
      const ok = (await fs.readFile(join(dirs[3]!, 'probe'), 'utf8').catch(() => '')) === 'probe';
      await run('umount', [dirs[3]!]);
      if (!ok) reason = 'the probe overlay did not show its lower dir';
    } catch (err) {
      reason = (err as Error).message;
    } finally {
      if (!(await isMounted(dirs[3]!))) await fs.rm(probeDir, { recursive: true, force: true });
    }
  }
  if (reason === undefined) {
    log.info({ backend: 'overlay' }, 'container rootfs: overlayfs over the shared image trees');
    return 'overlay';
  }
  if (wanted === 'overlay') throw new RootfsError(`backend overlay was asked for but overlayfs does not work here: ${reason}`);
  log.warn({ backend: 'copy', reason }, 'container rootfs: overlayfs unavailable, copying image trees per container');
  return 'copy';
}

/** Paths of one container's rootfs under the store. */
export interface ContainerPaths {
  dir: string;
  rootfs: string;
  upper: string;
  work: string;
}

/** Makes the container's rootfs from the flattened image tree `image`. */
export async function assemble(backend: Backend, image: string, paths: ContainerPaths, mounter: Mounter): Promise<void> {
  await fs.mkdir(paths.rootfs, { recursive: true });
  if (backend === 'overlay') {
    await fs.mkdir(paths.upper, { recursive: true });
    await fs.mkdir(paths.work, { recursive: true });
    if (await isMounted(paths.rootfs)) return;
    try {
      await mounter.mount(['-t', 'overlay', 'overlay', '-o', `lowerdir=${image},upperdir=${paths.upper},workdir=${paths.work}`, paths.rootfs]);
    } catch (err) {
      throw new RootfsError(`overlay mount of ${paths.rootfs} failed: ${(err as Error).message}`);
    }
    return;
  }
  try {
    // cp -a keeps owners, modes, times, links, device nodes and xattrs; --reflink shares extents where the filesystem can.
    await run('cp', ['-a', '--reflink=auto', `${image}/.`, `${paths.rootfs}/`]);
  } catch (err) {
    throw new RootfsError(`copying the image into ${paths.rootfs} failed: ${(err as Error).message}`);
  }
}

/** Unmounts (lazily when busy) the rootfs if mounted, then removes the container's directory. */
export async function teardown(paths: ContainerPaths, log: Logger, mounter: Mounter): Promise<void> {
  if (await isMounted(paths.rootfs)) {
    try {
      await mounter.umount([paths.rootfs]);
    } catch (err) {
      log.warn({ rootfs: paths.rootfs, err: (err as Error).message }, 'rootfs busy; detaching it lazily');
      await mounter.umount(['-l', paths.rootfs]).catch((e: Error) => {
        throw new RootfsError(`cannot unmount ${paths.rootfs}: ${e.message}`);
      });
    }
  }
  // Never remove through a mount point: whatever is still mounted in the dir stays untouched.
  const points = await mountPoints();
  for (const p of points) {
    if (p === paths.dir || p.startsWith(`${paths.dir}/`)) throw new RootfsError(`${p} is still mounted; not removing ${paths.dir}`);
  }
  await fs.rm(paths.dir, { recursive: true, force: true });
}
