/**
 * Preloaded into a benchmark's master (`node --require .../loop-probe.js`): every 250 ms it
 * appends the event loop's delay over the last window (max and p99, ms, from
 * perf_hooks.monitorEventLoopDelay) as one JSON line to $PLATEAU_BENCH_LOOP_FILE, so that the
 * benchmark can read how long the master's loop was blocked while it was being measured.
 */
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import type { LoopWindow } from './loop-windows.js';

const file = process.env.PLATEAU_BENCH_LOOP_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  setInterval(() => {
    const w: LoopWindow = { t: Date.now(), maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6 };
    h.reset();
    appendFileSync(file, `${JSON.stringify(w)}\n`);
  }, 250).unref();
}
