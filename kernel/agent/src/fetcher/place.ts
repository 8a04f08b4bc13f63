/**
 * Putting fetched files into a sandbox without following what a task may have planted there.
 * Everything is first made in a staging directory the agent creates inside the sandbox (mkdtemp,
 * mode 0700: no name in it can be planted), then moved in with rename(2), which replaces a name
 * (a link included) and never writes through it. Directories are merged only into real
 * directories (lstat, never a link); directories on the way to an output_file are made with
 * mkdir and checked with lstat.
 */
import { chmodSync, closeSync, constants, fstatSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, relative } from 'node:path';
import { entryKind, errnoOf } from '../sandbox-entry';

/** Who owns the fetched files (the uid the container runs as), when the agent knows it. */
export interface Owner {
  uid: number;
  gid: number;
}

/** Checks that the sandbox is a real directory (not a link) and makes a staging directory in it. */
export function makeStage(sandbox: string): string {
  const st = lstatSync(sandbox);
  if (!st.isDirectory()) throw new Error(`the sandbox ${sandbox} is ${entryKind(st)}, not a directory`);
  return mkdtempSync(join(sandbox, '.fetch-'));
}

/** Hands every entry under `path` (itself included) to `owner`, without following links. */
export function chownTree(path: string, owner: Owner): void {
  lchownSync(path, owner.uid, owner.gid);
  const st = lstatSync(path);
  if (st.isDirectory()) for (const n of readdirSync(path)) chownTree(join(path, n), owner);
}

/** Makes (or finds, as real directories) `segments` under `root`; returns the last one's path. */
export function ensureDirs(root: string, segments: string[], owner: Owner | undefined): string {
  let dir = root;
  for (const seg of segments) {
    dir = join(dir, seg);
    try {
      mkdirSync(dir, 0o755);
      if (owner) lchownSync(dir, owner.uid, owner.gid);
    } catch (err) {
      if (errnoOf(err) !== 'EEXIST') throw err;
      const st = lstatSync(dir);
      if (!st.isDirectory()) throw new Error(`'${relative(root, dir)}' in the sandbox is ${entryKind(st)}, not a directory`);
    }
  }
  return dir;
}

/**
 * Moves `src` to `dir/name`: a file replaces the name (a link there is replaced, not followed);
 * a directory is merged into a real directory of that name, entry by entry.
 */
export function placeEntry(src: string, dir: string, name: string, root: string): void {
  const dst = join(dir, name);
  let existing;
  try {
    existing = lstatSync(dst);
  } catch {
    renameSync(src, dst);
    return;
  }
  const s = lstatSync(src);
  if (s.isDirectory()) {
    if (!existing.isDirectory()) throw new Error(`'${relative(root, dst)}' in the sandbox is ${entryKind(existing)}, not a directory`);
    for (const n of readdirSync(src)) placeEntry(join(src, n), dst, n, root);
    return;
  }
  if (existing.isDirectory()) throw new Error(`'${relative(root, dst)}' in the sandbox is a directory`);
  renameSync(src, dst);
}

/** Moves every entry of the staging directory `from` into `dir`. */
export function placeAll(from: string, dir: string, root: string): void {
  for (const n of readdirSync(from)) placeEntry(join(from, n), dir, n, root);
}

/** Makes a fetched file executable (Mesos's `executable`: 0755). */
export function makeExecutable(path: string): void {
  chmodSync(path, 0o755);
}

/** Removes the staging directory (rm never follows a link in it). */
export function removeStage(stage: string): void {
  rmSync(stage, { recursive: true, force: true });
}

/**
 * Appends `text` to the sandbox's log file `path` (the fetch log goes to stderr, as Mesos's
 * fetcher writes it): opened with O_APPEND|O_NOFOLLOW, and written only if it is a regular file.
 */
export function appendLog(path: string, text: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY, 0o644);
  } catch {
    return; // a link or something else at the log's name: the log is lost, never written through
  }
  try {
    if (fstatSync(fd).isFile()) writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
