/**
 * Turns: work that arrives in bursts (10,000 agents re-registering with a new leader within a
 * second) is let through a bounded number at a time, one batch per turn of the event loop
 * (setImmediate), so that timers and sockets run between batches: the contender's heartbeats keep
 * the session alive, and requests are answered, however large the storm.
 */
export class Turns {
  private waiting: (() => void)[] = [];
  private scheduled = false;

  /** `perTurn`: how many go through per turn of the loop. */
  constructor(private readonly perTurn: number) {}

  /** Resolves when it is this caller's turn. */
  take(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** Callers waiting for their turn. */
  get pending(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.release);
  }

  private readonly release = (): void => {
    this.scheduled = false;
    const batch = this.waiting.length <= this.perTurn ? this.waiting : this.waiting.slice(0, this.perTurn);
    this.waiting = batch === this.waiting ? [] : this.waiting.slice(this.perTurn);
    if (this.waiting.length > 0) this.schedule();
    // Each continues in this turn's microtasks, up to its first real wait.
    for (const resolve of batch) resolve();
  };
}
