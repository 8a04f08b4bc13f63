/**
 * How long the master's event loop was kept from running timers (perf_hooks'
 * monitorEventLoopDelay): a loop blocked longer than a third of the contender's session risks
 * the session, and every request waits that long. Two views: the recent window (the last 10 to
 * 20 s) and everything since this master was last elected (the recovery and the agents'
 * re-registration storm).
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The timer period the monitor samples at; a sample's delay beyond it is the loop's blocking. */
const RESOLUTION_MS = 10;
/** Length of one window of the recent view. */
const WINDOW_MS = 10_000;

/** p99 and max of the delay in one view, ms beyond the sampling period. */
export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
}

function read(h: IntervalHistogram): LoopDelay {
  if (h.count === 0) return { p99Ms: 0, maxMs: 0 };
  const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return { p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
}

/** EventLoopDelay: the master's loop delay, recent and since elected. */
export class EventLoopDelay {
  private readonly current = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly sinceElected = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private previous: LoopDelay = { p99Ms: 0, maxMs: 0 };
  private readonly rotate: NodeJS.Timeout;

  constructor() {
    this.current.enable();
    this.sinceElected.enable();
    this.rotate = setInterval(() => {
      this.previous = read(this.current);
      this.current.reset();
    }, WINDOW_MS);
    this.rotate.unref();
  }

  /** The last 10 to 20 s: the larger of the finished window and the running one. */
  recent(): LoopDelay {
    const now = read(this.current);
    return { p99Ms: Math.max(now.p99Ms, this.previous.p99Ms), maxMs: Math.max(now.maxMs, this.previous.maxMs) };
  }

  /** Since the last elected() (since start before the first election). */
  elected(): LoopDelay {
    return read(this.sinceElected);
  }

  /** This master was just elected: the since-elected view starts again. */
  electedNow(): void {
    this.sinceElected.reset();
  }

  stop(): void {
    clearInterval(this.rotate);
    this.current.disable();
    this.sinceElected.disable();
  }
}
