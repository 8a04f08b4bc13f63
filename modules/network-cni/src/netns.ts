/**
 * Named network namespaces as `ip netns` makes them: an empty file with a new network namespace
 * bind-mounted onto it (`unshare --net=FILE true`), which keeps the namespace alive with no process
 * in it; removed by unmounting and unlinking the file. The binaries are run without a shell, the
 * path as one argument.
 */
import { execFile } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { PlateauError, ErrorCodes } from '@plateau/kernel';

const run = promisify(execFile);

/** Whether `path` is a mount point now (per /proc/self/mountinfo). */
export function isMounted(path: string): boolean {
  const esc = path.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === esc);
}

/** Creates the network namespace file `path` (its directory made when missing). */
export async function createNetns(path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  closeSync(openSync(path, 'wx', 0o444));
  try {
    await run('unshare', [`--net=${path}`, 'true'], { timeout: 10_000 });
  } catch (err) {
    rmSync(path, { force: true });
    throw new PlateauError(ErrorCodes.internal, `could not create network namespace ${path}: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`);
  }
}

/** Unmounts and removes the network namespace file `path`; a missing one is fine. */
export async function removeNetns(path: string): Promise<void> {
  if (isMounted(path)) {
    try {
      await run('umount', [path], { timeout: 10_000 });
    } catch (err) {
      // Lazy, so that a namespace still held (a process entering it) goes once released.
      await run('umount', ['-l', path], { timeout: 10_000 }).catch(() => {
        throw new PlateauError(ErrorCodes.internal, `could not unmount network namespace ${path}: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`);
      });
    }
  }
  rmSync(path, { force: true });
}
