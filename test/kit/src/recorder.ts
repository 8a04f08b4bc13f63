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

/** A contender's LeadershipEvent, as tests read it. */
export type LeadershipEvent = { elected: boolean; candidate: boolean; leader: { id: string } | null; reason: string; validForMs?: number; fencingToken?: string };
/** A detector's answer, as tests read it. */
export type Detection = { leader: { id: string } | null };

/** What election tests need of a contender module instance. */
export interface ElectionModule {
  contend(req: { masterInfo: Record<string, unknown> }): AsyncIterable<unknown>;
  detect(req?: unknown): AsyncIterable<unknown>;
}

/** The MasterInfo election tests contend with. */
export const masterInfo = (id: string) => ({ id, hostname: 'localhost', ip: '127.0.0.1', port: 5050, version: 'test' });

/** Contends as master `id` and records the leadership events. */
export function contend(c: ElectionModule, id: string): Recorder<LeadershipEvent> {
  return new Recorder(c.contend({ masterInfo: masterInfo(id) }) as AsyncIterable<LeadershipEvent>);
}

/** Records what the module's detector reports. */
export function detect(c: ElectionModule): Recorder<Detection> {
  return new Recorder(c.detect() as AsyncIterable<Detection>);
}

/** Waits until exactly one of `recs` leads (its last event says elected) and returns its index. */
export async function soleLeader(recs: Recorder<LeadershipEvent>[], ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  for (;;) {
    const leading = recs.map((r, i) => (r.last?.elected ? i : -1)).filter((i) => i >= 0);
    if (leading.length > 1) throw new Error(`two leaders at once: ${leading.join(', ')}`);
    if (leading.length === 1) return leading[0]!;
    if (Date.now() > deadline) throw new Error(`no leader within ${ms} ms; last events: ${JSON.stringify(recs.map((r) => r.last))}`);
    await sleep(10);
  }
}
