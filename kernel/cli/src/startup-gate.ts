/**
 * StartupGate: a log destination that, until it is opened, passes warnings and errors through and
 * holds the rest (module start lines, "leading", "registered"...), so that `plateau up` shows its
 * banner first. Opened once the banner is out, the held lines are dropped (the banner says what
 * they said); released when start-up fails, they are written first, as the story of what led there.
 */
import type { DestinationStream } from 'pino';

/** pino's level number of `warn`: lines at it or above always pass. */
const WARN = 40;
/** Held lines kept at most (the newest); a start-up writes far fewer. */
const MAX_HELD = 500;

/** The level number of a pino JSON line; Infinity when it has none (passed through, never hidden). */
function levelOf(line: string): number {
  const m = /"level":(\d+)/.exec(line);
  return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

export class StartupGate implements DestinationStream {
  private held: string[] | undefined = [];

  constructor(private readonly out: DestinationStream) {}

  write(line: string): void {
    if (this.held === undefined || levelOf(line) >= WARN) {
      this.out.write(line);
      return;
    }
    this.held.push(line);
    if (this.held.length > MAX_HELD) this.held.shift();
  }

  /** Whether lines below warn are still held. */
  get holding(): boolean {
    return this.held !== undefined;
  }

  /** From now on every line passes; the held ones are dropped. */
  open(): void {
    this.held = undefined;
  }

  /** From now on every line passes; the held ones are written first. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const line of held) this.out.write(line);
  }
}
