// Leadership's proof bookkeeping with a mock contender (the events are pushed by the test): a
// proof runs out after its valid_for_ms; waitForProof wakes on the next event and gives up after
// its time. The real contenders and a real master exercise the same path in
// test/integration/proof-grace.test.ts and the ha-faults suites.
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pushStream, type Contender } from '@plateau/kernel';
import { Leadership } from '@plateau/master';

function mockContender() {
  let push: (e: Record<string, unknown>) => void = () => undefined;
  const contender = {
    contend: () => pushStream<Record<string, unknown>>((p) => {
      push = p;
      return () => undefined;
    }),
    withdraw: async () => ({}),
  } as unknown as Contender;
  return { contender, push: (e: Record<string, unknown>) => push(e) };
}

const self = { id: 'm1', hostname: 'localhost', port: 5050 } as never;

test('mock contender: a proof runs out after valid_for_ms; waitForProof wakes on the next one', async () => {
  const c = mockContender();
  const lost: string[] = [];
  const l = new Leadership(() => self, c.contender, undefined, { elected: () => undefined, lost: (r) => lost.push(r) }, pino({ level: 'silent' }));
  l.start();
  await sleep(10);
  c.push({ elected: true, candidate: true, leader: self, reason: 'elected', validForMs: 60 });
  await sleep(5);
  assert.is(l.elected, true);
  assert.is(l.unproven(), undefined, 'proven right after the proof');
  await sleep(90);
  assert.match(l.unproven() ?? '', /not proven/, 'run out after valid_for_ms');

  const waited = l.waitForProof(500);
  setTimeout(() => c.push({ elected: true, candidate: true, leader: self, reason: 'lock held', validForMs: 60 }), 20);
  assert.is(await waited, true, 'woken by the fresh proof');
  assert.is(l.unproven(), undefined, 'proven again');

  assert.is(await l.waitForProof(30), false, 'no event: gives up after its time');
  assert.equal(lost, [], 'never demoted');
  await l.stop();
});

test.run();
