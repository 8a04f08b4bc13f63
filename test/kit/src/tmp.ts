import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Temporary directories for tests, removed when the process exits (or at the end of withTempDir).
// PLATEAU_TEST_TMPDIR chooses the parent directory (default os.tmpdir()); PLATEAU_KEEP_TMP=1 keeps
// the directories and prints where they are.

const pending = new Set<string>();
let hooked = false;

function removeNow(dir: string): boolean {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    return true;
  } catch {
    return false;
  }
}

function cleanupAll(): void {
  const keep = process.env.PLATEAU_KEEP_TMP === '1';
  for (const dir of pending) {
    if (keep) process.stderr.write(`kept temp dir ${dir}\n`);
    else removeNow(dir);
  }
  pending.clear();
}

/** Removes `dir` (recursively, best effort) when the process exits. */
export function cleanupLater(dir: string): void {
  pending.add(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', cleanupAll);
  }
}

/** Creates a fresh directory `<tmp>/<prefix>XXXXXX`, to be removed at process exit. */
export function makeTempDir(prefix = 'plateau-test-'): string {
  const parent = process.env.PLATEAU_TEST_TMPDIR || os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  cleanupLater(dir);
  return dir;
}

/**
 * Runs `fn` with a fresh temporary directory and removes it afterwards, whether `fn` succeeded or
 * not. If it cannot be removed yet (a mount still inside it, say) it is retried at process exit.
 */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = makeTempDir(prefix);
  try {
    return await fn(dir);
  } finally {
    if (process.env.PLATEAU_KEEP_TMP !== '1' && removeNow(dir)) pending.delete(dir);
  }
}
