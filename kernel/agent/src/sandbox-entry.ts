/**
 * Words for what the agent finds at a sandbox entry's name when it opens it without following
 * links (sandbox-logs.ts, http/files.ts): what kind of file the entry is, and an errno's code.
 */
import type { Stats } from 'node:fs';

/** What a non-regular entry is, in words ("a symbolic link", "a fifo", ...). */
export function entryKind(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a fifo';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** The code of a failed fs call (`ENOENT`, `ELOOP`, ...). */
export function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}
