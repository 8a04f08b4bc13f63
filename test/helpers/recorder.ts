import { setTimeout as sleep } from 'node:timers/promises';

/** Collects what an async iterable yields, with arrival times, so tests can wait on it. */
export class Recorder<T> {
  readonly seen: Array<{ t: number; v: T }> = [];
  private readonly it: AsyncIterator<T>;
  private done = false;
  error: unknown;

  constructor(source: AsyncIterable<T>) {
    this.it = source[Symbol.asyncIterator]();
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const r = await this.it.next();
        if (r.done) break;
        this.seen.push({ t: Date.now(), v: r.value });
      }
    } catch (err) {
      this.error = err;
    }
    this.done = true;
  }

  /** The last value yielded, if any. */
  get last(): T | undefined {
    return this.seen.at(-1)?.v;
  }

  /** Waits for a value after index `from` matching `pred`; returns it with its time. */
  async waitFor(pred: (v: T) => boolean, ms: number, what: string, from = 0): Promise<{ t: number; v: T; index: number }> {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = this.seen.findIndex((s, i) => i >= from && pred(s.v));
      if (index >= 0) return { ...this.seen[index]!, index };
      if (this.done) throw new Error(`stream ended before ${what}; saw ${JSON.stringify(this.seen.map((s) => s.v))} ${this.error ? String(this.error) : ''}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; saw ${JSON.stringify(this.seen.map((s) => s.v))}`);
      await sleep(10);
    }
  }

  /** Stops reading (the source's cleanup runs). */
  async stop(): Promise<void> {
    await this.it.return?.();
  }
}
