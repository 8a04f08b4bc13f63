/**
 * FrameworkSums: what a framework's tasks and executors hold, summed the way a view sums it, kept
 * per framework until its `changes` count moves (200,000 tasks take tens of ms to sum), and made
 * ahead over its tasks in slices so that a state request's synchronous capture finds it ready.
 */
import type { Resources } from '@plateau/mesos';
import type { FrameworkRecord } from '../state/index';
import { sliced } from './slices';

/** How a view sums: a fresh accumulator, one Resources added to it, and the value kept. */
export interface Summing<A, V> {
  start(): A;
  add(acc: A, r: Resources): void;
  end(acc: A): V;
}

export class FrameworkSums<A, V> {
  private readonly cache = new WeakMap<FrameworkRecord, { changes: number; value: V }>();

  constructor(private readonly summing: Summing<A, V>) {}

  /** The value for `fw`: tasks holding resources, then executors with live tasks. Not to be modified. */
  of(fw: FrameworkRecord): V {
    const c = this.cache.get(fw);
    if (c !== undefined && c.changes === fw.changes) return c.value;
    const acc = this.summing.start();
    for (const t of fw.tasks.values()) if (!t.released) this.summing.add(acc, t.resources);
    return this.keep(fw, acc, fw.changes);
  }

  /**
   * Makes `of(fw)` ahead, over its tasks in slices; kept only if the framework did not change
   * meanwhile (then the same tasks were summed in the same order).
   */
  async warm(fw: FrameworkRecord): Promise<void> {
    if (this.cache.get(fw)?.changes === fw.changes) return;
    const changes = fw.changes;
    const acc = this.summing.start();
    await sliced(fw.tasks.values(), (t) => (t.released ? undefined : this.summing.add(acc, t.resources)));
    if (fw.changes === changes) this.keep(fw, acc, changes);
  }

  private keep(fw: FrameworkRecord, acc: A, changes: number): V {
    for (const execs of fw.executors.values()) for (const e of execs.values()) if (e.liveTasks > 0) this.summing.add(acc, e.resources);
    const value = this.summing.end(acc);
    this.cache.set(fw, { changes, value });
    return value;
  }
}
