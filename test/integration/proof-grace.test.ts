// A leader whose loop stalled past its proof's validity while it still holds its leadership (the
// standalone lock file is still its own): the write that waited through the stall is accepted on
// the contender's fresh proof (read first, or awaited for up to 100 ms when the request is read
// first; test/unit/leadership-proof-wait.test.ts covers the wait), and the master neither refuses
// it nor demotes itself. A real master process, SIGSTOPped for four times its proof's validity
// (config/dev.yaml with a 50 ms poll: proofs valid for 150 ms).
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { haConfig, masterStatus, startMasters, type MasterSet } from '../helpers/masters';
import { request } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';

let masters: MasterSet | undefined;

test.after(async () => {
  await masters?.stop();
});

const weights = (weight: number) => ({ type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'grace', weight }] } });

test('a write that waited through a stall past the proof is accepted on the fresh proof; no demotion', async () => {
  masters = await startMasters(1, haConfig('standalone', { standaloneDir: path.join(makeTempDir('plateau-proof-grace-'), 'contender') }));
  const leader = await masters.leader();
  assert.is((await request(leader.address, 'POST', '/api/v1', weights(2))).status, 200, 'the leader accepts a write');
  const electedBefore = JSON.parse((await request(leader.address, 'POST', '/api/v1', { type: 'GET_MASTER' }, { Accept: 'application/json' })).body).get_master.master_info;

  masters.pause(leader.index);
  const answer = request(leader.address, 'POST', '/api/v1', weights(3)); // waits in the socket
  await sleep(600);
  masters.resume(leader.index);
  const r = await answer;
  assert.is(r.status, 200, `the write sent during the stall was answered ${r.status}: ${r.body}`);

  const after = await masterStatus(leader.address);
  assert.is(after.status, 200, 'the master still leads');
  const electedAfter = JSON.parse((await request(leader.address, 'POST', '/api/v1', { type: 'GET_MASTER' }, { Accept: 'application/json' })).body).get_master.master_info;
  assert.equal(electedAfter, electedBefore, 'the same leadership (no demotion and re-election)');
  const log = masters.tails(400);
  assert.not.match(log, /demoting/, 'the master did not demote itself');
  const w = JSON.parse((await request(leader.address, 'POST', '/api/v1', { type: 'GET_WEIGHTS' }, { Accept: 'application/json' })).body);
  assert.equal(w.get_weights.weight_infos.find((x: { role: string }) => x.role === 'grace')?.weight, 3, 'the write applied');
});

test.run();
