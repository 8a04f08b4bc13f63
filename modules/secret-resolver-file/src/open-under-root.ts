/**
 * Opening a secret file by a name the task chose, without ever leaving the secrets root: the name
 * must be a relative path of plain components (no "", ".", ".."), no component may be a symbolic
 * link (checked with lstat on the way down, O_NOFOLLOW on the file itself), the file must be a
 * regular file, and on Linux the opened descriptor's real path must be the expected one (a
 * directory swapped for a link between the checks and the open is caught there). The agent runs
 * as root, so a link out of the root would read any file of the machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidError, NotFoundError } from '@plateau/kernel';

/** The components of a secret name, or InvalidError saying why the name is refused. */
export function checkName(name: string): string[] {
  if (typeof name !== 'string' || name === '') throw new InvalidError('a REFERENCE secret needs a name');
  const shown = JSON.stringify(name);
  if (name.includes('\0')) throw new InvalidError(`secret name ${shown} holds a NUL byte`);
  if (path.posix.isAbsolute(name)) throw new InvalidError(`secret name ${shown} is an absolute path; names are relative to the secrets root`);
  const parts = name.split('/');
  for (const p of parts) {
    if (p === '..') throw new InvalidError(`secret name ${shown} climbs out with '..'`);
    if (p === '' || p === '.') throw new InvalidError(`secret name ${shown} has an empty or '.' component`);
  }
  return parts;
}

/** The errno code of an error, if it has one. */
const codeOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

/**
 * Opens `name` under `realRoot` (a real path: no links in it) for reading; returns the descriptor.
 * NotFoundError when it does not exist, InvalidError when the name or what it leads to is refused.
 */
export function openUnderRoot(realRoot: string, name: string): number {
  const parts = checkName(name);
  const shown = JSON.stringify(name);
  let cur = realRoot;
  for (let i = 0; i < parts.length - 1; i++) {
    cur = path.join(cur, parts[i]!);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(cur);
    } catch (err) {
      if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') throw new NotFoundError(`secret ${shown} not found`);
      throw new InvalidError(`secret ${shown}: cannot look at ${JSON.stringify(parts.slice(0, i + 1).join('/'))} (${codeOf(err) ?? 'error'})`);
    }
    if (st.isSymbolicLink()) throw new InvalidError(`secret ${shown}: ${JSON.stringify(parts.slice(0, i + 1).join('/'))} is a symbolic link, which is never followed`);
    if (!st.isDirectory()) throw new NotFoundError(`secret ${shown} not found (${JSON.stringify(parts.slice(0, i + 1).join('/'))} is not a directory)`);
  }
  const file = path.join(cur, parts[parts.length - 1]!);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotFoundError(`secret ${shown} not found`);
    if (code === 'ELOOP') throw new InvalidError(`secret ${shown} is a symbolic link, which is never followed`);
    throw new InvalidError(`secret ${shown} cannot be opened (${code ?? 'error'})`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new InvalidError(`secret ${shown} is not a regular file`);
    if (process.platform === 'linux') {
      // What was opened, by the kernel's account: catches a directory swapped for a link meanwhile.
      const real = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (real !== file) throw new InvalidError(`secret ${shown} resolved outside its expected path (a component was replaced by a link)`);
    }
    return fd;
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}
