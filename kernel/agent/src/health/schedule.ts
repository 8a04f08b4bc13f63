/**
 * The rhythm of a checker: the first probe after `delay`, each next one `interval` after the
 * previous ended (probes never overlap). Stopped, it runs no further probe and drops the result of
 * one in flight.
 */
export class ProbeLoop<R> {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly probe: () => Promise<R>,
    private readonly onResult: (r: R) => void,
    private readonly delayMs: number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.schedule(this.delayMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), Math.max(0, ms));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const r = await this.probe();
    if (this.stopped) return;
    this.onResult(r);
    this.schedule(this.intervalMs);
  }
}

/** Seconds (a Mesos double, possibly absent) to ms with the proto's default. */
export function secondsMs(v: number | undefined, defaultSeconds: number): number {
  return Math.round((v ?? defaultSeconds) * 1000);
}
