// The SIGKILL after a kill's grace period (the agent's Escalation): a later kill can only bring it
// forward, counted from the first SIGTERM, as Mesos's command executor does. Real timers, short
// periods; each bound leaves room for a loaded machine.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Escalation } from '@plateau/agent';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ms from now until the escalation fires, at most `limitMs` (then a failure naming it). */
async function firesIn(e: Escalation, wait: Promise<false>, limitMs: number, since = Date.now()): Promise<number> {
  // A timer that holds the process open: the escalation's own timer does not (unref).
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), limitMs)));
  const got = await Promise.race([wait, timeout]).finally(() => clearTimeout(timer));
  if (got === 'timeout') throw new Error(`the escalation (grace ${e.graceMs} ms) did not fire within ${limitMs} ms`);
  return Date.now() - since;
}

test('fires after its grace period', async () => {
  const e = new Escalation(200);
  const took = await firesIn(e, e.start(), 3000);
  assert.ok(took >= 190, `not before the grace (${took} ms)`);
});

test('a shorter grace brings it forward, counted from the first kill', async () => {
  const e = new Escalation(30_000);
  const wait = e.start();
  await sleep(100);
  const second = Date.now();
  e.shorten(300);
  const took = await firesIn(e, wait, 3000, second);
  assert.ok(took >= 150 && took < 2000, `about 300 - 100 ms after the second kill (${took} ms)`);
  assert.is(e.graceMs, 300);
});

test('a shorter grace already past fires at once', async () => {
  const e = new Escalation(30_000);
  const wait = e.start();
  await sleep(200);
  const took = await firesIn(e, wait, 1000, (e.shorten(50), Date.now()));
  assert.ok(took < 500, `at once (${took} ms)`);
});

test('a longer or equal grace changes nothing (a retried KILL is a no-op)', async () => {
  const e = new Escalation(300);
  const wait = e.start();
  const since = Date.now();
  e.shorten(300);
  e.shorten(30_000);
  assert.is(e.graceMs, 300);
  const took = await firesIn(e, wait, 3000, since);
  assert.ok(took >= 290 && took < 2000, `after the first grace (${took} ms)`);
});

test('a shorter grace before the wait starts (SIGTERM still being sent) counts too', async () => {
  const e = new Escalation(30_000);
  e.shorten(100);
  const took = await firesIn(e, e.start(), 3000);
  assert.ok(took < 2000, `after the shorter grace (${took} ms)`);
});

test('negative grace periods count as 0; cancel stops it firing', async () => {
  const e = new Escalation(-5);
  assert.is(e.graceMs, 0);
  const c = new Escalation(100);
  const wait = c.start();
  c.cancel();
  const got = await Promise.race([wait, sleep(400).then(() => 'quiet')]);
  assert.is(got, 'quiet');
});

test.run();
