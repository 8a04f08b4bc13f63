/**
 * AllocationLoop: runs allocation rounds every interval and, coalesced, soon after events that
 * free or add resources (an agent registers, a framework subscribes or revives, resources come
 * back). However many events arrive, at most one event-driven round runs per `minGapMs`.
 */
export class AllocationLoop {
  private interval: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly round: () => void,
    private readonly minGapMs = Math.min(intervalMs, 5),
  ) {}

  /** Starts the periodic rounds. */
  start(): void {
    this.stop();
    this.interval = setInterval(() => this.run(), this.intervalMs);
    this.interval.unref();
  }

  /** Stops every round, periodic and pending. */
  stop(): void {
    clearInterval(this.interval);
    clearTimeout(this.pending);
    this.interval = undefined;
    this.pending = undefined;
  }

  /** Asks for a round soon; calls within the same gap share one round. */
  request(): void {
    if (this.pending !== undefined || this.interval === undefined) return;
    const wait = Math.max(0, this.last + this.minGapMs - Date.now());
    this.pending = setTimeout(() => this.run(), wait);
    this.pending.unref();
  }

  private run(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.last = Date.now();
    this.round();
  }
}
