/**
 * The SIGKILL that follows a container's SIGTERM after its grace period. A later kill may bring
 * it forward but never put it back (Mesos's command executor: "the escalation grace period can
 * be only decreased"), so a retried KILL is a no-op and a shorter one ends the wait sooner.
 */
export class Escalation {
  /** The kill's grace period in ms, counted from `since`: the shortest asked for so far. */
  graceMs: number;
  /** Resolves once the container has stopped (set by the kill that made this). */
  done: Promise<void> = Promise.resolve();
  private readonly since = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private fire: (() => void) | undefined;

  constructor(graceMs: number) {
    this.graceMs = Math.max(0, graceMs);
  }

  /** Starts the wait; resolves with false when the grace period is over. */
  start(): Promise<false> {
    return new Promise<false>((resolve) => {
      this.fire = () => resolve(false);
      this.schedule();
    });
  }

  /** A later kill with `graceMs`: the SIGKILL comes at the earlier of the two deadlines. */
  shorten(graceMs: number): void {
    const g = Math.max(0, graceMs);
    if (g >= this.graceMs) return;
    this.graceMs = g;
    if (this.fire !== undefined) this.schedule();
  }

  /** The container stopped: no SIGKILL is due. */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.cancel();
    const fire = this.fire!;
    this.timer = setTimeout(fire, Math.max(0, this.since + this.graceMs - Date.now()));
    this.timer.unref();
  }
}
