/** The frames of a spinner and the line it shows: what is waited for, and for how long. */

export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** How often a spinner moves. */
export const SPINNER_INTERVAL_MS = 100;

/** The spinner's line at `elapsedMs` after the wait began. */
export function spinnerLine(what: string, elapsedMs: number): string {
  const frame = SPINNER_FRAMES[Math.floor(elapsedMs / SPINNER_INTERVAL_MS) % SPINNER_FRAMES.length];
  const secs = Math.floor(elapsedMs / 1000);
  return `${frame} waiting for ${what}${secs >= 1 ? ` (${secs} s)` : ''}`;
}
