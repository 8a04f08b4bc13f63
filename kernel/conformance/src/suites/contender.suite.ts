import * as assert from 'uvu/assert';
import type { ConformanceSuite } from '../harness';

interface LeadershipEvent {
  elected: boolean;
  candidate: boolean;
  leader: { id: string; hostname: string; port: number } | null;
  reason: string;
  validForMs?: number;
  fencingToken?: string;
}

export interface ContenderApi {
  contend(req: { masterInfo: Record<string, unknown> }): AsyncIterable<LeadershipEvent>;
  withdraw(req: { masterId: string }): Promise<unknown>;
}

/** Reads events from `it` until `pred` holds or `ms` pass; the error says what was seen. */
export async function nextMatching<T>(it: AsyncIterator<T>, pred: (e: T) => boolean, ms: number, what: string): Promise<T> {
  const seen: T[] = [];
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const left = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'timeout'>((res) => (timer = setTimeout(() => res('timeout'), left)));
    // The timer is cleared at once: left running, it would keep a CLI process alive until it fires.
    const r = await Promise.race([it.next(), late]).finally(() => clearTimeout(timer));
    if (r === 'timeout') break;
    if (r.done) throw new Error(`stream ended before ${what}; saw ${JSON.stringify(seen)}`);
    seen.push(r.value);
    if (pred(r.value)) return r.value;
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}; saw ${JSON.stringify(seen)}`);
}

const info = (id: string) => ({ id, hostname: 'localhost', ip: '127.0.0.1', port: 5050, pid: `master@127.0.0.1:5050`, version: 'test' });

/** The contender contract: a sole contender is elected; withdrawing ends leadership. */
export const contenderSuite: ConformanceSuite<ContenderApi> = (test) => {
  test('contender: a sole contender is elected and the event names it', async ({ h }) => {
    const id = `m-${process.pid}-a`;
    const it = h.instance.contend({ masterInfo: info(id) })[Symbol.asyncIterator]();
    try {
      const e = await nextMatching(it, (x) => x.elected, 10_000, 'election');
      assert.is(e.leader?.id, id);
      assert.is(e.leader?.hostname, 'localhost');
    } finally {
      await h.instance.withdraw({ masterId: id });
      await it.return?.();
    }
  });

  test('contender: a leader is proven: its events carry valid_for_ms and a fencing token, and proofs go on', async ({ h }) => {
    const id = `m-${process.pid}-p`;
    const it = h.instance.contend({ masterInfo: info(id) })[Symbol.asyncIterator]();
    try {
      const e = await nextMatching(it, (x) => x.elected, 10_000, 'election');
      assert.ok(typeof e.validForMs === 'number' && e.validForMs > 0, `valid_for_ms on the election event: ${JSON.stringify(e)}`);
      assert.ok(e.fencingToken, `a fencing token on the election event: ${JSON.stringify(e)}`);
      const again = await nextMatching(it, (x) => x.elected, 15_000, 'a further proof while leading');
      assert.ok(again.validForMs! > 0, `valid_for_ms on a proof: ${JSON.stringify(again)}`);
      assert.is(again.fencingToken, e.fencingToken, 'the same leadership, the same token');
      await h.instance.withdraw({ masterId: id });
      const lost = await nextMatching(it, (x) => !x.elected, 10_000, 'loss after withdraw');
      assert.ok(!lost.validForMs, `no proof once not elected: ${JSON.stringify(lost)}`);
    } finally {
      await h.instance.withdraw({ masterId: id });
      await it.return?.();
    }
  });

  test('contender: withdraw gives leadership up and the stream reports it', async ({ h }) => {
    const id = `m-${process.pid}-b`;
    const it = h.instance.contend({ masterInfo: info(id) })[Symbol.asyncIterator]();
    try {
      await nextMatching(it, (x) => x.elected, 10_000, 'election');
      await h.instance.withdraw({ masterId: id });
      await nextMatching(it, (x) => !x.elected, 10_000, 'loss of leadership after withdraw');
    } finally {
      await it.return?.();
    }
  });

  test('contender: after one withdraws, the next contender is elected', async ({ h }) => {
    const a = `m-${process.pid}-c1`;
    const b = `m-${process.pid}-c2`;
    const ia = h.instance.contend({ masterInfo: info(a) })[Symbol.asyncIterator]();
    await nextMatching(ia, (x) => x.elected, 10_000, `election of ${a}`);
    const ib = h.instance.contend({ masterInfo: info(b) })[Symbol.asyncIterator]();
    try {
      await h.instance.withdraw({ masterId: a });
      const e = await nextMatching(ib, (x) => x.elected, 10_000, `election of ${b}`);
      assert.is(e.leader?.id, b);
    } finally {
      await h.instance.withdraw({ masterId: b });
      await ia.return?.();
      await ib.return?.();
    }
  });

  test('contender: an empty master id is invalid', async ({ h }) => {
    const it = h.instance.contend({ masterInfo: { id: '' } })[Symbol.asyncIterator]();
    try {
      await it.next();
      assert.unreachable('contend with an empty id must fail');
    } catch (err) {
      assert.is((err as { code?: string }).code, 'PLT_ERR_INVALID', (err as Error).message);
    }
  });
};
