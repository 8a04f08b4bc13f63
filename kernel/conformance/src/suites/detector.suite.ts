import * as assert from 'uvu/assert';
import type { ConformanceSuite } from '../harness';
import { nextMatching, type ContenderApi } from './contender.suite';

interface DetectorApi {
  detect(req: Record<string, never>): AsyncIterable<{ leader: { id: string } | null }>;
}

/**
 * The detector contract: it reports the current leader at once, and follows changes. Modules
 * that also serve the contender kind are checked end to end: elect, detect, withdraw, detect none.
 */
export const detectorSuite: ConformanceSuite<DetectorApi & Partial<ContenderApi>> = (test) => {
  test('detector: answers the current state at once', async ({ h }) => {
    const it = h.instance.detect({})[Symbol.asyncIterator]();
    try {
      const first = await nextMatching(it, () => true, 5_000, 'the first detection');
      assert.ok('leader' in first);
    } finally {
      await it.return?.();
    }
  });

  test('detector: follows a contender of the same module through election and withdrawal', async ({ h }) => {
    if (typeof h.instance.contend !== 'function') return; // detector-only module: covered above
    const id = `d-${process.pid}-1`;
    const contention = h.instance.contend({ masterInfo: { id, hostname: 'localhost', port: 5050 } })[Symbol.asyncIterator]();
    const det = h.instance.detect({})[Symbol.asyncIterator]();
    try {
      await nextMatching(contention, (x) => x.elected, 10_000, 'election');
      const seen = await nextMatching(det, (x) => x.leader?.id === id, 10_000, `detection of leader ${id}`);
      assert.is(seen.leader?.id, id);
      await h.instance.withdraw!({ masterId: id });
      await nextMatching(det, (x) => !x.leader || !x.leader.id, 10_000, 'detection of no leader');
    } finally {
      await det.return?.();
      await contention.return?.();
    }
  });
};
