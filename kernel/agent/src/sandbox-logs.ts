/**
 * Size caps on the stdout and stderr files of sandboxes. The launchers' monitors append to these
 * files directly (they outlive the agent, and no pipe needs draining), so rotation is done by the
 * agent: every `intervalMs` it checks each running container's files, and one over `maxBytes` is
 * rotated copy-truncate style (as logrotate's copytruncate): `stdout.1` becomes `stdout.2`, the
 * file is copied to `stdout.1`, then truncated to zero; the writer's O_APPEND descriptor goes on
 * at the new end. Up to `keep` rotated files are kept. Output written between the copy and the
 * truncation (microseconds) may be lost, and a file may exceed the cap by what is written within
 * one interval.
 *
 * The sandbox directory is the agent's, but its entries are the task's: a task (uid 0 in its
 * container) can replace `stdout` or `stdout.1` with a symbolic link, a fifo or a directory at any
 * moment. So no path of an entry is ever followed: the log is opened with O_NOFOLLOW (and
 * O_NONBLOCK|O_NOCTTY, so that a fifo or device swapped in cannot block or become a terminal),
 * the DESCRIPTOR is checked (a regular file with one link, on the sandbox directory's device),
 * and the size check, copy and truncation go through descriptors only. `stdout.1` is created with
 * O_CREAT|O_EXCL|O_NOFOLLOW, so whatever the task put at that name is never written through;
 * a stale one is removed with unlink, which removes a link itself, never its target. Renames of
 * `stdout.<i>` to `stdout.<i+1>` move names within the sandbox directory only. Anything else at
 * the log's name is not rotated: rotateIfLarge throws UnsafeSandboxLog, and the sweep logs a
 * warning naming the container (once per file) and goes on.
 */
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { type Logger, messageOf } from '@plateau/kernel';
import { entryKind, errnoOf } from './sandbox-entry';

/** Settings of sandbox log rotation. */
export interface SandboxLogOptions {
  /** Cap of stdout and stderr each, bytes (0 disables rotation). */
  maxBytes: number;
  /** Rotated files kept (stdout.1 .. stdout.<keep>). */
  keep: number;
  /** How often sizes are checked, ms. */
  intervalMs: number;
}

/** A log file that is not a plain regular file of its sandbox (a link, fifo, device, directory...): never rotated. */
export class UnsafeSandboxLog extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}; not rotated`);
    this.name = 'UnsafeSandboxLog';
  }
}



/** Opening flags of a log: never follows a link at its name, never blocks on a fifo, never takes a terminal. */
const OPEN_LOG = constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;
/** Creating a rotated copy: a new file only, never through a link. */
const CREATE_COPY = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Removes the name `path` (a link itself, never what it points at); false when it is not there. */
function unlinkName(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return false;
    throw err;
  }
}

/** Creates `path` afresh (O_EXCL|O_NOFOLLOW), removing one stale name first if need be. */
function createCopy(path: string, mode: number): number {
  for (let attempt = 0; ; attempt++) {
    try {
      return openSync(path, CREATE_COPY, mode);
    } catch (err) {
      if (errnoOf(err) !== 'EEXIST' || attempt >= 2) throw err;
      unlinkName(path);
    }
  }
}

/** Copies everything `src` holds from offset 0 to `dst`, through the descriptors. */
function copyFd(src: number, dst: number): void {
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let pos = 0;
  for (;;) {
    const n = readSync(src, buf, 0, buf.length, pos);
    if (n === 0) return;
    let off = 0;
    while (off < n) off += writeSync(dst, buf, off, n - off);
    pos += n;
  }
}

/**
 * Rotates `file` when it is over `maxBytes`; true when it did. A name that is not a regular file
 * of the sandbox (see the module's comment) throws UnsafeSandboxLog and is left as it is.
 */
export function rotateIfLarge(file: string, maxBytes: number, keep: number): boolean {
  if (maxBytes <= 0) return false;
  let named: Stats;
  try {
    named = lstatSync(file);
  } catch {
    return false;
  }
  // A first, cheap look at the name itself; the descriptor's fstat below is what counts.
  if (!named.isFile()) throw new UnsafeSandboxLog(file, entryKind(named));
  if (named.size <= maxBytes) return false;
  let fd: number;
  try {
    fd = openSync(file, OPEN_LOG);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT') return false;
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafeSandboxLog(file, 'a symbolic link');
    if (code === 'EISDIR') throw new UnsafeSandboxLog(file, 'a directory');
    throw err;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnsafeSandboxLog(file, entryKind(st));
    if (st.nlink !== 1) throw new UnsafeSandboxLog(file, `a file with ${st.nlink} links`);
    // The sandbox directory is the agent's: the log must live on its file system.
    if (st.dev !== statSync(dirname(file)).dev) throw new UnsafeSandboxLog(file, 'not on the sandbox file system');
    if (st.size <= maxBytes) return false;
    if (keep > 0) {
      unlinkName(`${file}.${keep}`);
      for (let i = keep - 1; i >= 1; i--) {
        try {
          renameSync(`${file}.${i}`, `${file}.${i + 1}`);
        } catch {
          // not there yet
        }
      }
      const copy = createCopy(`${file}.1`, st.mode & 0o666);
      try {
        copyFd(fd, copy);
      } finally {
        closeSync(copy);
      }
    }
    ftruncateSync(fd, 0);
    return true;
  } finally {
    closeSync(fd);
  }
}

/** A log file to watch and the container it belongs to. */
export interface SandboxLogFile {
  path: string;
  containerId: string;
}

/** SandboxLogs: the rotation timer over the files `files()` names. */
export class SandboxLogs {
  private timer: NodeJS.Timeout | undefined;
  /** The last warning of each file (a file is warned about once while its trouble stays the same). */
  private warned = new Map<string, string>();

  constructor(
    private readonly opts: SandboxLogOptions,
    private readonly files: () => SandboxLogFile[],
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.opts.maxBytes <= 0 || this.timer) return;
    this.timer = setInterval(() => this.sweep(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Checks every file once; never throws. */
  sweep(): void {
    let files: SandboxLogFile[];
    try {
      files = this.files();
    } catch (err) {
      this.log.warn({ err: messageOf(err) }, 'sandbox log rotation: listing the files failed');
      return;
    }
    const warnedNow = new Map<string, string>();
    for (const { path: file, containerId } of files) {
      try {
        if (rotateIfLarge(file, this.opts.maxBytes, this.opts.keep)) this.log.debug({ containerId, file }, 'sandbox log rotated');
      } catch (err) {
        const unsafe = err instanceof UnsafeSandboxLog;
        const msg = unsafe ? `sandbox log of container ${containerId} not rotated: ${err.reason}` : `sandbox log rotation failed for container ${containerId}: ${messageOf(err)}`;
        warnedNow.set(file, msg);
        if (this.warned.get(file) !== msg) this.log.warn({ containerId, file, ...(unsafe ? { reason: err.reason } : { err: messageOf(err) }) }, msg);
      }
    }
    this.warned = warnedNow;
  }
}
