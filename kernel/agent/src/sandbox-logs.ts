/**
 * Size caps on the stdout and stderr files of sandboxes. The launchers' monitors append to these
 * files directly (they outlive the agent, and no pipe needs draining), so rotation is done by the
 * agent: every `intervalMs` it checks each running container's files, and one over `maxBytes` is
 * rotated copy-truncate style (as logrotate's copytruncate): `stdout.1` becomes `stdout.2`, the
 * file is copied to `stdout.1`, then truncated to zero; the writer's O_APPEND descriptor goes on
 * at the new end. Up to `keep` rotated files are kept. Output written between the copy and the
 * truncation (microseconds) may be lost, and a file may exceed the cap by what is written within
 * one interval.
 */
import { copyFileSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import { type Logger, messageOf } from '@plateau/kernel';

/** Settings of sandbox log rotation. */
export interface SandboxLogOptions {
  /** Cap of stdout and stderr each, bytes (0 disables rotation). */
  maxBytes: number;
  /** Rotated files kept (stdout.1 .. stdout.<keep>). */
  keep: number;
  /** How often sizes are checked, ms. */
  intervalMs: number;
}

/** Rotates `file` when it is over `maxBytes`; true when it did. */
export function rotateIfLarge(file: string, maxBytes: number, keep: number): boolean {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return false;
  }
  if (maxBytes <= 0 || size <= maxBytes) return false;
  if (keep > 0) {
    rmSync(`${file}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      } catch {
        // not there yet
      }
    }
    copyFileSync(file, `${file}.1`);
  }
  truncateSync(file, 0);
  return true;
}

/** SandboxLogs: the rotation timer over the files `files()` names. */
export class SandboxLogs {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: SandboxLogOptions,
    private readonly files: () => string[],
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

  /** Checks every file once. */
  sweep(): void {
    for (const f of this.files()) {
      try {
        if (rotateIfLarge(f, this.opts.maxBytes, this.opts.keep)) this.log.debug({ file: f }, 'sandbox log rotated');
      } catch (err) {
        this.log.warn({ file: f, err: messageOf(err) }, 'sandbox log rotation failed');
      }
    }
  }
}
