// A leadership proof's monotonic deadline (kernel SDK proof-deadline.ts): Candidacies stamps every
// proof a contender pushes; a master on the same boot of the same machine holds it until that
// deadline however late the event reaches it, and counts valid_for_ms from arrival otherwise.
// The real contenders carry it through ha-faults-zookeeper / ha-faults-etcd (SIGSTOP and fencing).
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Candidacies, type LeadershipEvent, machineBootId, monotonicMs, proofValidUntil, type ProofFields, stampProof } from '@plateau/kernel';

test('this machine has a boot id and a monotonic clock that moves forward', async () => {
  assert.match(machineBootId(), /^[0-9a-f-]{36}$/);
  const a = monotonicMs();
  await sleep(20);
  assert.ok(monotonicMs() - a >= 19, 'monotonic ms advance with time');
});

test('a proof delivered late holds only until its stamped deadline, not valid_for_ms from its arrival', async () => {
  const sent = stampProof<ProofFields>({ validForMs: 1000 });
  assert.is(sent.bootId, machineBootId());
  await sleep(400); // the event waits (a busy master loop, a socket buffer)
  const now = performance.now();
  const until = proofValidUntil(sent, now)!;
  const left = until - now;
  assert.ok(left <= 1000 - 390, `the proof holds ${left.toFixed(0)} ms more after a 400 ms wait; at most ${1000 - 390} expected`);
  assert.ok(left > 0, 'and still holds for the rest of its time');
});

test('a deadline stamped on another boot (or none) leaves valid_for_ms counted from arrival', () => {
  const now = performance.now();
  assert.is(proofValidUntil({ validForMs: 500, validUntilMonotonicMs: 1, bootId: 'another-boot' }, now), now + 500);
  assert.is(proofValidUntil({ validForMs: 500 }, now), now + 500);
  assert.is(proofValidUntil({ validForMs: 500, validUntilMonotonicMs: monotonicMs() + 500, bootId: '' }, now), now + 500);
  assert.is(proofValidUntil({}, now), undefined, 'no proof: nothing to hold');
});

test('an already expired stamp is expired on arrival, whatever valid_for_ms says', () => {
  const now = performance.now();
  const until = proofValidUntil({ validForMs: 5000, validUntilMonotonicMs: monotonicMs() - 10, bootId: machineBootId() }, now)!;
  assert.ok(until < now, 'the proof ran out before it arrived');
});

test('Candidacies stamps each proof a candidacy pushes, and leaves events without one alone', async () => {
  const c = new Candidacies();
  const stream = c.contend({ id: 'm1', ip: 1, port: 5050 } as never, (_json, _id, push) => ({
    start: () => {
      push({ elected: false, candidate: true, leader: null, reason: 'waiting' });
      push({ elected: true, candidate: true, leader: null, reason: 'elected', validForMs: 800, fencingToken: 't' });
    },
    withdraw: async () => undefined,
    close: () => undefined,
  }));
  const it = stream[Symbol.asyncIterator]();
  const before = monotonicMs();
  const first = (await it.next()).value as LeadershipEvent;
  const second = (await it.next()).value as LeadershipEvent;
  assert.is(first.validUntilMonotonicMs, undefined);
  assert.is(first.bootId, undefined);
  assert.is(second.bootId, machineBootId());
  assert.ok(second.validUntilMonotonicMs! >= before + 800 - 1 && second.validUntilMonotonicMs! <= monotonicMs() + 800, 'the deadline is the push time plus valid_for_ms');
  await it.return?.();
});

test.run();
