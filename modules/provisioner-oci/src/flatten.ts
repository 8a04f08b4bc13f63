import * as fs from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { LayerMeta } from './unpack';

/** One unpacked layer: its tree and what unpacking recorded. */
export interface UnpackedLayer {
  tree: string;
  meta: LayerMeta;
}

/**
 * Applies layers in order onto `dest` (an empty directory), the way overlay snapshotters do:
 * each layer's opaque directories and whiteouts delete from what the layers below left, then its
 * entries are added: a directory merges with a directory, anything else replaces what was there.
 * Files are hard links into the layer trees (no data is copied), so `dest` must stay read-only
 * (overlay lower dir, or copied before use). Symlinks in `dest` are never followed.
 */
export async function flattenLayers(layers: UnpackedLayer[], dest: string): Promise<void> {
  for (const layer of layers) {
    for (const dir of layer.meta.opaques) {
      const path = await realDir(dest, dir);
      if (!path) continue;
      for (const name of await fs.readdir(path)) await fs.rm(join(path, name), { recursive: true, force: true });
    }
    for (const rel of layer.meta.whiteouts) {
      const parent = await realDir(dest, posix.dirname(rel) === '.' ? '' : posix.dirname(rel));
      if (!parent) continue;
      await fs.rm(join(parent, posix.basename(rel)), { recursive: true, force: true });
    }
    await merge(layer.tree, dest);
    for (const { path, target } of layer.meta.hardlinks) {
      const parent = await realDir(dest, posix.dirname(path) === '.' ? '' : posix.dirname(path));
      const source = join(dest, target);
      if (!parent || !(await realDir(dest, posix.dirname(target) === '.' ? '' : posix.dirname(target)))) continue;
      const st = await fs.lstat(source).catch(() => undefined);
      if (!st || st.isDirectory()) continue;
      const at = join(parent, posix.basename(path));
      await fs.rm(at, { recursive: true, force: true });
      await fs.link(source, at);
    }
  }
}

/** `dest/rel` when every component of it is a real directory (no symlink on the way), else undefined. */
async function realDir(dest: string, rel: string): Promise<string | undefined> {
  let path = dest;
  for (const part of rel.split('/').filter(Boolean)) {
    path = join(path, part);
    const st = await fs.lstat(path).catch(() => undefined);
    if (!st || !st.isDirectory()) return undefined;
  }
  return path;
}

async function merge(src: string, dest: string): Promise<void> {
  const entries = await fs.readdir(src, { withFileTypes: true });
  for (const e of entries) {
    const from = join(src, e.name);
    const to = join(dest, e.name);
    const existing = await fs.lstat(to).catch(() => undefined);
    if (e.isDirectory()) {
      if (existing && !existing.isDirectory()) await fs.rm(to, { force: true });
      if (!existing || !existing.isDirectory()) await fs.mkdir(to);
      await merge(from, to);
      await copyAttrs(from, to);
    } else {
      if (existing) await fs.rm(to, { recursive: true, force: true });
      try {
        await fs.link(from, to);
      } catch (err) {
        // Too many links to one inode (EMLINK): a copy serves as well.
        if ((err as NodeJS.ErrnoException).code !== 'EMLINK' || !e.isFile()) throw err;
        await fs.copyFile(from, to);
        await copyAttrs(from, to);
      }
    }
  }
}

async function copyAttrs(from: string, to: string): Promise<void> {
  const st = await fs.lstat(from);
  await fs.lchown(to, st.uid, st.gid).catch(() => undefined);
  await fs.chmod(to, st.mode & 0o7777);
  await fs.utimes(to, st.atime, st.mtime);
}
