/**
 * Work over many records (20,000 agents, 200,000 tasks) done in slices: after SLICE_MS of it, the
 * event loop gets a turn (setImmediate) before the next slice, so that agents' and schedulers'
 * messages are not held up behind a state request.
 */

/** Milliseconds of synchronous work between two turns of the event loop. */
export const SLICE_MS = 8;
/** The clock is read once per this many items. */
const CLOCK_EVERY = 32;

/** Calls `fn` on each of `items`, giving the event loop a turn after each SLICE_MS. */
export async function sliced<T>(items: Iterable<T>, fn: (item: T) => void): Promise<void> {
  let start = performance.now();
  let n = 0;
  for (const item of items) {
    fn(item);
    if (++n % CLOCK_EVERY === 0 && performance.now() - start >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      start = performance.now();
    }
  }
}
