// The operator's mutations through an authenticator and authorizer module: 401 (read-write
// realm) without credentials, 403 for a principal the authorizer refuses (nothing changes),
// and the same calls succeed for one it allows.

import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { request } from '../helpers/scheduler-client';
import { startAgents, startMaster, type MasterProcess } from './master-harness';

let master: MasterProcess;
let fleet: SimFleet;
const basic = (user: string, pass: string) => ({ Accept: 'application/json', Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });
const OPS = basic('ops', 'secret');
const VIEWER = basic('viewer', 'view');

test.before(async () => {
  master = await startMaster({
    masterLines: ['  authenticator: auth', '  authorizer: auth'],
    moduleLines: [`  auth: { use: ${JSON.stringify(path.join(__dirname, 'operator-auth-fixture.js'))} }`],
  });
  fleet = await startAgents(master.address, 1);
});

test.after(async () => {
  fleet?.stop();
  await master?.stop();
});

async function agentId(): Promise<string> {
  const r = await request(master.address, 'POST', '/api/v1', { type: 'GET_AGENTS' }, OPS);
  return JSON.parse(r.body).get_agents.agents[0].agent_info.id.value;
}

const reserved = (role: string) => [{ name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, reservations: [{ type: 'DYNAMIC', role }] }];

test('401 with the read-write realm without credentials', async () => {
  const r = await request(master.address, 'POST', '/api/v1', { type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'a', weight: 2 }] } });
  assert.is(r.status, 401);
  assert.match(String(r.headers['www-authenticate']), /mesos-master-readwrite/);
});

test('403 for every mutation the authorizer refuses; nothing changes', async () => {
  const id = await agentId();
  const calls = [
    { type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'a', weight: 2 }] } },
    { type: 'UPDATE_QUOTA', update_quota: { quota_configs: [{ role: 'a', limits: { cpus: { value: 1 } } }] } },
    { type: 'RESERVE_RESOURCES', reserve_resources: { agent_id: { value: id }, resources: reserved('a') } },
    { type: 'UNRESERVE_RESOURCES', unreserve_resources: { agent_id: { value: id }, resources: reserved('a') } },
    { type: 'MARK_AGENT_GONE', mark_agent_gone: { agent_id: { value: id } } },
  ];
  for (const call of calls) {
    const r = await request(master.address, 'POST', '/api/v1', call, VIEWER);
    assert.is(r.status, 403, `${call.type}: ${r.status} ${r.body}`);
    assert.match(r.body, '(viewer)', `${call.type}: the 403 names the authorizer's reason`);
  }
  const locked = await request(master.address, 'POST', '/api/v1', { type: 'UPDATE_QUOTA', update_quota: { quota_configs: [{ role: 'a', limits: { cpus: { value: 1 } } }, { role: 'locked', limits: { cpus: { value: 1 } } }] } }, OPS);
  assert.is(locked.status, 403, 'one refused role refuses the whole update');
  assert.match(locked.body, "Not authorized to UPDATE_QUOTA_WITH_CONFIG for role 'locked' (locked role)");
  const q = JSON.parse((await request(master.address, 'POST', '/api/v1', { type: 'GET_QUOTA' }, OPS)).body);
  assert.equal(q.get_quota.status, {});
  const w = JSON.parse((await request(master.address, 'POST', '/api/v1', { type: 'GET_WEIGHTS' }, OPS)).body);
  assert.equal(w.get_weights, {});
  assert.is(await agentId(), id, 'the agent is still there');
});

test('the same mutations succeed for an allowed principal', async () => {
  const id = await agentId();
  for (const [call, code] of [
    [{ type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'a', weight: 2 }] } }, 200],
    [{ type: 'UPDATE_QUOTA', update_quota: { quota_configs: [{ role: 'a', limits: { cpus: { value: 1 } } }] } }, 200],
    [{ type: 'RESERVE_RESOURCES', reserve_resources: { agent_id: { value: id }, resources: reserved('a') } }, 202],
    [{ type: 'UNRESERVE_RESOURCES', unreserve_resources: { agent_id: { value: id }, resources: reserved('a') } }, 202],
    [{ type: 'MARK_AGENT_GONE', mark_agent_gone: { agent_id: { value: id } } }, 200],
  ] as const) {
    const r = await request(master.address, 'POST', '/api/v1', call, OPS);
    assert.is(r.status, code, `${call.type}: ${r.status} ${r.body}`);
  }
});

test.run();
