// A master with authenticator and authorizer modules: 401 without or with wrong credentials on
// the scheduler and operator APIs; a subscription to a role it may not use ends with ERROR; a
// launch it may not make fails with TASK_ERROR (REASON_TASK_UNAUTHORIZED); a TEARDOWN it may
// not do is 403; a call whose principal is not the framework's is 400.

import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

let master: MasterProcess;
let fleet: SimFleet;
const clients: SchedulerClient[] = [];
const basic = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });
const OPS = basic('ops', 'secret');

test.before(async () => {
  const fixture = path.join(__dirname, 'master-auth-fixture.js');
  master = await startMaster({
    masterLines: ['  authenticator: auth', '  authorizer: auth'],
    moduleLines: [`  auth: { use: ${JSON.stringify(fixture)} }`],
  });
  fleet = await startAgents(master.address, 1);
});

test.after(async () => {
  for (const c of clients) c.close();
  fleet?.stop();
  await master?.stop();
});

test('401 with a WWW-Authenticate challenge without credentials or with wrong ones', async () => {
  const sub = { type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo('anon') } };
  const none = await request(master.address, 'POST', '/api/v1/scheduler', sub);
  assert.is(none.status, 401);
  assert.match(String(none.headers['www-authenticate']), /realm="mesos-master-scheduler"/);
  const wrong = await request(master.address, 'POST', '/api/v1/scheduler', sub, basic('ops', 'nope'));
  assert.is(wrong.status, 401);
  const op = await request(master.address, 'POST', '/api/v1', { type: 'GET_HEALTH' });
  assert.is(op.status, 401);
  assert.match(String(op.headers['www-authenticate']), /mesos-master-readonly/);
  const ok = await request(master.address, 'POST', '/api/v1', { type: 'GET_HEALTH' }, OPS);
  assert.is(ok.status, 200);
});

test('a subscription to a role the principal may not use ends with ERROR', async () => {
  const err = await SchedulerClient.subscribe(master.address, frameworkInfo('bad-role', { roles: ['forbidden'], principal: 'ops' }), { headers: OPS }).catch((e: Error) => e);
  assert.instance(err, Error);
  assert.match((err as Error).message, /Not authorized to use role 'forbidden'/);
});

test('launches the principal may not make fail with TASK_ERROR (REASON_TASK_UNAUTHORIZED); others run', async () => {
  const c = await SchedulerClient.subscribe(master.address, frameworkInfo('authz', { principal: 'ops' }), { headers: OPS });
  clients.push(c);
  const offer = (await c.next('OFFERS')).offers.offers[0];
  const r = await c.call(launchCall([offer], [taskFor(offer, 'deny-1'), taskFor(offer, 'allow-1')]), OPS);
  assert.is(r.status, 202);
  const denied = await c.nextUpdate('deny-1');
  assert.is(denied.state, 'TASK_ERROR');
  assert.is(denied.reason, 'REASON_TASK_UNAUTHORIZED');
  const running = await c.nextUpdate('allow-1', 'TASK_RUNNING');
  assert.is((await c.call({ type: 'ACKNOWLEDGE', acknowledge: { agent_id: running.agent_id, task_id: running.task_id, uuid: running.uuid } }, OPS)).status, 202);
  // Calls without credentials, or by another principal, are refused.
  assert.is((await c.call({ type: 'REVIVE' })).status, 401);
  const other = await c.call({ type: 'REVIVE' }, basic('viewer', 'view'));
  assert.is(other.status, 400);
  assert.match(other.body, /principal/);
  assert.is((await c.call({ type: 'TEARDOWN' }, OPS)).status, 202);
});

test('a TEARDOWN the principal may not do is 403', async () => {
  const viewer = basic('viewer', 'view');
  const c = await SchedulerClient.subscribe(master.address, frameworkInfo('viewer-fw', { principal: 'viewer' }), { headers: viewer });
  clients.push(c);
  const r = await c.call({ type: 'TEARDOWN' }, viewer);
  assert.is(r.status, 403);
  assert.not.ok(c.closed);
});

test.run();
