/**
 * The event-loop windows loop-probe.ts writes from inside a benchmark's master, read back.
 */

/** One window of the file. */
export interface LoopWindow {
  /** Date.now() at the window's end. */
  t: number;
  maxMs: number;
  p99Ms: number;
}

/** The windows of `text` that ended in [from, to]: the worst max and p99 among them. */
export function loopDelayBetween(text: string, from: number, to: number): { maxMs: number; p99Ms: number; windows: number } {
  let maxMs = NaN;
  let p99Ms = NaN;
  let windows = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const w = JSON.parse(line) as LoopWindow;
    if (w.t < from || w.t > to) continue;
    windows++;
    maxMs = Number.isNaN(maxMs) ? w.maxMs : Math.max(maxMs, w.maxMs);
    p99Ms = Number.isNaN(p99Ms) ? w.p99Ms : Math.max(p99Ms, w.p99Ms);
  }
  return { maxMs, p99Ms, windows };
}
