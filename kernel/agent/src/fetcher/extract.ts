/**
 * Extraction of fetched archives into a staging directory the agent made (never the sandbox
 * itself), with the system's GNU tar and Info-ZIP unzip, and node's zlib for a single .gz file.
 * Entries that would land outside the staging directory are refused before anything is written:
 * the archive's listing is checked for absolute names and `..` segments; after extraction every
 * symbolic link is checked to point inside, and anything but files, directories and such links
 * (devices, fifos, sockets) is refused. A refused or corrupt archive throws a message naming it.
 */
import { execFile } from 'node:child_process';
import { constants, createReadStream, createWriteStream, lstatSync, openSync, readdirSync, readlinkSync } from 'node:fs';
import { isAbsolute, join, posix, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { messageOf } from '@plateau/kernel';
import type { ArchiveKind } from './uri';

/** How long one tar/unzip run may take, ms. */
const TOOL_TIMEOUT_MS = 10 * 60_000;

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (err) {
        const why = stderr.trim().split('\n').slice(-3).join('; ') || messageOf(err);
        reject(new Error(`${cmd} failed: ${why}`));
      } else resolve(stdout);
    });
  });
}

/** Refuses an archive entry name that is absolute or has a `..` segment. */
export function checkEntryName(name: string): void {
  if (name.startsWith('/')) throw new Error(`entry '${name}' has an absolute path`);
  if (name.split('/').includes('..')) throw new Error(`entry '${name}' leaves the extraction directory ('..')`);
}

async function extractTar(archive: string, into: string): Promise<void> {
  // --quoting-style=literal: names as stored (one per line); GNU tar detects the compression.
  const names = await run('tar', ['--quoting-style=literal', '-tf', archive]);
  for (const n of names.split('\n')) if (n !== '') checkEntryName(n);
  await run('tar', ['-x', '-f', archive, '-C', into, '--no-same-owner', '--no-overwrite-dir', '--delay-directory-restore']);
}

async function extractZip(archive: string, into: string): Promise<void> {
  const names = await run('unzip', ['-Z1', archive]);
  for (const n of names.split('\n')) if (n !== '') checkEntryName(n.replace(/\\/g, '/'));
  await run('unzip', ['-q', '-n', archive, '-d', into]);
}

async function gunzipTo(archive: string, dest: string): Promise<void> {
  const fd = openSync(dest, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    await pipeline(createReadStream(archive), createGunzip(), createWriteStream('', { fd }));
  } catch (err) {
    throw new Error(`gunzip failed: ${messageOf(err)}`);
  }
}

/**
 * Walks `root` without following links; throws on a link that points outside `root` and on an
 * entry that is neither a file, a directory nor a link.
 */
export function checkTree(root: string, dir = root): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    const rel = relative(root, path);
    if (st.isDirectory()) checkTree(root, path);
    else if (st.isSymbolicLink()) {
      const target = readlinkSync(path);
      const resolved = posix.normalize(posix.join(posix.dirname(rel), target));
      if (isAbsolute(target) || resolved === '..' || resolved.startsWith('../')) throw new Error(`entry '${rel}' is a link pointing outside the sandbox ('${target}')`);
    } else if (!st.isFile()) throw new Error(`entry '${rel}' is not a regular file, directory or link`);
  }
}

/**
 * Extracts `archive` (of `kind`) into the empty directory `into`; a `.gz` file becomes `gzName`
 * there. Throws a message naming what was refused or why the archive could not be read.
 */
export async function extractArchive(archive: string, kind: ArchiveKind, into: string, gzName: string): Promise<void> {
  if (kind === 'tar') await extractTar(archive, into);
  else if (kind === 'zip') await extractZip(archive, into);
  else await gunzipTo(archive, join(into, gzName));
  checkTree(into);
}
