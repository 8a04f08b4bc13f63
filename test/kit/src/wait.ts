// Bounded polling for tests.

export interface WaitForOptions {
  /** Give up after this long (default 10 000 ms). */
  timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  intervalMs?: number;
  /** What is awaited, for the error message (default "condition"). */
  what?: string;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `fn` until it returns a truthy value (or a promise of one), and resolves with that value.
 * A throw or rejection from `fn` counts as "not yet"; the last one is quoted if time runs out.
 * An attempt that hangs is cut off at the deadline. On time-out it rejects with
 * `timed out after <timeoutMs>ms waiting for <what>`.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  opts: WaitForOptions = {},
): Promise<NonNullable<Awaited<T>>> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 50;
  const what = opts.what ?? 'condition';
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    let timer: NodeJS.Timeout | undefined;
    const cutOff = new Promise<typeof cutOffMark>((resolve) => {
      timer = setTimeout(() => resolve(cutOffMark), left);
    });
    try {
      const value = await Promise.race([Promise.resolve().then(fn), cutOff]);
      if (value !== cutOffMark && value) return value as NonNullable<Awaited<T>>;
    } catch (err) {
      lastError = err;
    } finally {
      clearTimeout(timer);
    }
    const pause = Math.min(intervalMs, deadline - Date.now());
    if (pause > 0) await sleep(pause);
  }
  let msg = `timed out after ${timeoutMs}ms waiting for ${what}`;
  if (lastError !== undefined) {
    msg += ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
  }
  throw new Error(msg);
}

const cutOffMark: unique symbol = Symbol('cut off');
