import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

const BATCH = 64;

/** Whether an error only means the entry went away or cannot be read (skipped, as `du` does). */
function skippable(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM' || code === 'ELOOP';
}

/**
 * diskUsage: bytes allocated to the tree at `root` (lstat blocks × 512, the root and directories
 * included), as `du -s -B1` counts them: symlinks are not followed, a file with several hard links
 * counts once (per call: `seen` can be shared between trees), and with `oneFileSystem` other
 * filesystems mounted inside the tree are left out. A missing root is 0.
 */
export async function diskUsage(root: string, opts: { oneFileSystem: boolean; seen?: Set<string> } = { oneFileSystem: true }): Promise<number> {
  const seen = opts.seen ?? new Set<string>();
  let rootStat;
  try {
    rootStat = await fsp.lstat(root, { bigint: true });
  } catch (err) {
    if (skippable(err)) return 0;
    throw err;
  }
  const dev = rootStat.dev;
  let total = 0n;
  const count = (st: { blocks: bigint; nlink: bigint; dev: bigint; ino: bigint; isDirectory(): boolean }) => {
    if (st.nlink > 1n && !st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    total += st.blocks * 512n;
  };
  count(rootStat);
  if (!rootStat.isDirectory()) return Number(total);
  const dirs = [root];
  while (dirs.length) {
    const dir = dirs.pop()!;
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch (err) {
      if (skippable(err)) continue;
      throw err;
    }
    for (let i = 0; i < names.length; i += BATCH) {
      const batch = names.slice(i, i + BATCH).map((n) => path.join(dir, n));
      const stats = await Promise.all(
        batch.map((p) =>
          fsp.lstat(p, { bigint: true }).catch((err: unknown) => {
            if (skippable(err)) return undefined;
            throw err;
          }),
        ),
      );
      stats.forEach((st, j) => {
        if (!st) return;
        if (opts.oneFileSystem && st.dev !== dev) return;
        count(st);
        if (st.isDirectory()) dirs.push(batch[j]!);
      });
    }
  }
  return Number(total);
}
