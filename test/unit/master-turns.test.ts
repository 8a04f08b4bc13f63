// Turns: a burst of callers goes through a bounded number per turn of the event loop, in arrival
// order, and timers run between the batches.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Turns } from '@plateau/master';

test('a burst goes through perTurn at a time, in order, with timers running between batches', async () => {
  const turns = new Turns(4);
  const order: string[] = [];
  let timerFired = false;
  // Each caller holds the loop 2 ms, as a re-registration would: the timer is due after the first batch.
  const busy = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  const all = Array.from({ length: 10 }, (_, i) =>
    turns.take().then(() => {
      order.push(`c${i}`);
      busy(2);
    }),
  );
  assert.is(turns.pending, 10);
  // A timer due at once must fire before the last batch: the loop turns between batches.
  setTimeout(() => {
    timerFired = true;
    order.push('timer');
  }, 1);
  await Promise.all(all);
  assert.ok(timerFired, 'the timer ran during the burst');
  const callers = order.filter((x) => x !== 'timer');
  assert.equal(callers, Array.from({ length: 10 }, (_, i) => `c${i}`), 'arrival order');
  assert.ok(order.indexOf('timer') > 0 && order.indexOf('timer') < order.length - 1, `timer between batches: ${order.join(' ')}`);
  assert.is(turns.pending, 0);
});

test('a caller arriving after a burst waits only for its own turn', async () => {
  const turns = new Turns(2);
  await Promise.all([turns.take(), turns.take(), turns.take()]);
  const started = performance.now();
  await turns.take();
  assert.ok(performance.now() - started < 50, 'one turn of the loop');
});

test.run();
