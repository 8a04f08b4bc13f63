/**
 * GET_LOGGING_LEVEL / SET_LOGGING_LEVEL of the master and agent operator APIs. Mesos's `level` is
 * glog's verbosity (FLAGS_v: 0 is the default, higher logs more); a role here logs with pino's
 * named levels, mapped as:
 *
 *   0  → the level the role started with (its config's logLevel or PLATEAU_LOG_LEVEL; `info` by default)
 *   1  → `debug`
 *   2+ → `trace`
 *
 * and read back the same way (`trace` → 2, `debug` → 1, anything else → 0). As libprocess's
 * logging does, a level other than the starting one lasts `duration`, then the starting level
 * comes back; a new SET replaces the previous one and its timer.
 */
import { badRequest, type HttpAnswer } from './errors';
import type { DurationInfo } from './generated/types';

/** The part of a logger whose level is changed (a pino logger: its children follow it). */
export interface LevelledLogger {
  level: string;
}

/** The longest duration a timer can wait, ms (Node's setTimeout bound). */
const MAX_DURATION_MS = 2 ** 31 - 1;

/** The pino level of a glog verbosity, given the starting level. */
export function pinoLevelOf(verbosity: number, initial: string): string {
  if (verbosity <= 0) return initial;
  return verbosity === 1 ? 'debug' : 'trace';
}

/** The glog verbosity a pino level reads as. */
export function verbosityOf(level: string): number {
  return level === 'trace' ? 2 : level === 'debug' ? 1 : 0;
}

/** One role's logging level, changed for a while by SET_LOGGING_LEVEL. */
export class LoggingLevel {
  /** The level the role started with, restored when a SET's duration ends. */
  readonly initial: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly log: LevelledLogger) {
    this.initial = log.level;
  }

  /** The current verbosity (GET_LOGGING_LEVEL). */
  get verbosity(): number {
    return verbosityOf(this.log.level);
  }

  /**
   * Validates a SetLoggingLevel call's fields: a 400 naming the field, or the verbosity and the
   * duration in ms.
   */
  static parse(call: { level?: number; duration?: DurationInfo } | undefined, at: string): { ok: false; answer: HttpAnswer } | { ok: true; level: number; ms: number } {
    const bad = (message: string) => ({ ok: false as const, answer: badRequest(message) });
    if (call === undefined) return bad(`Expecting '${at}' to be present`);
    const level = call.level;
    if (level === undefined || !Number.isInteger(level) || level < 0) return bad(`${at}.level: must be a non-negative integer (glog verbosity), got ${String(level)}`);
    const ns = call.duration?.nanoseconds;
    if (ns === undefined) return bad(`${at}.duration: required`);
    const ms = Number(ns) / 1e6;
    if (!(ms > 0)) return bad(`${at}.duration: must be positive, got ${String(ns)} nanoseconds`);
    if (ms > MAX_DURATION_MS) return bad(`${at}.duration: at most ${MAX_DURATION_MS} ms, got ${String(ns)} nanoseconds`);
    return { ok: true, level, ms };
  }

  /** Sets `verbosity` for `ms`, then the starting level comes back (unless it is the starting level). */
  set(verbosity: number, ms: number): string {
    clearTimeout(this.timer);
    this.timer = undefined;
    const level = pinoLevelOf(verbosity, this.initial);
    this.log.level = level;
    if (level !== this.initial) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.log.level = this.initial;
      }, Math.ceil(ms));
      this.timer.unref();
    }
    return level;
  }

  /** Drops a pending revert (the role stops). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
