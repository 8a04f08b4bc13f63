// The operator calls beyond the state listings, against a real master with simulated agents:
// GET_FLAGS, GET_METRICS, GET_EXECUTORS, GET_ROLES, GET_WEIGHTS / UPDATE_WEIGHTS,
// GET_QUOTA / UPDATE_QUOTA (and every rule that refuses a quota), RESERVE_RESOURCES /
// UNRESERVE_RESOURCES, MARK_AGENT_GONE, with their error codes.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { operatorCall, request, SchedulerClient } from '../helpers/scheduler-client';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

let master: MasterProcess;
let fleet: SimFleet;
let client: SchedulerClient;

const post = (call: unknown) => request(master.address, 'POST', '/api/v1', call, { Accept: 'application/json' });
const scalar = (name: string, value: number) => ({ name, type: 'SCALAR', scalar: { value } });
const reserved = (name: string, value: number, role: string) => ({ ...scalar(name, value), reservations: [{ type: 'DYNAMIC', role }] });
const quota = (role: string, guarantees?: Record<string, number>, limits?: Record<string, number>) => ({
  role,
  ...(guarantees ? { guarantees: Object.fromEntries(Object.entries(guarantees).map(([k, v]) => [k, { value: v }])) } : {}),
  ...(limits ? { limits: Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, { value: v }])) } : {}),
});

async function agentIds(): Promise<string[]> {
  const agents = (await operatorCall(master.address, { type: 'GET_AGENTS' })).get_agents.agents ?? [];
  return agents.map((a: any) => a.agent_info.id.value);
}

test.before(async () => {
  master = await startMaster();
  fleet = await startAgents(master.address, 3);
  client = await SchedulerClient.subscribe(master.address, frameworkInfo('operator-calls', { roles: ['eng/web'], capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }] }));
});

test.after(async () => {
  client?.close();
  fleet?.stop();
  await master?.stop();
});

test('GET_FLAGS and GET_METRICS', async () => {
  const flags = (await operatorCall(master.address, { type: 'GET_FLAGS' })).get_flags.flags;
  assert.ok(flags.some((f: any) => f.name === 'allocation_interval' && f.value === '100ms'));
  const metrics = (await operatorCall(master.address, { type: 'GET_METRICS', get_metrics: { timeout: { nanoseconds: 5e9 } } })).get_metrics.metrics;
  const byName = new Map(metrics.map((x: any) => [x.name, x.value]));
  assert.is(byName.get('master/elected'), 1);
  assert.is(byName.get('master/slaves_active'), 3);
  assert.is(byName.get('master/frameworks_active'), 1);
  assert.is(byName.get('master/cpus_total'), 12);
  assert.ok((byName.get('master/uptime_secs') as number) > 0);
});

test('GET_EXECUTORS and GET_ROLES', async () => {
  const ex = (await operatorCall(master.address, { type: 'GET_EXECUTORS' })).get_executors;
  assert.equal(ex.executors ?? [], []);
  const roles = (await operatorCall(master.address, { type: 'GET_ROLES' })).get_roles.roles;
  const web = roles.find((r: any) => r.name === 'eng/web');
  assert.ok(web, `eng/web listed: ${JSON.stringify(roles)}`);
  assert.is(web.weight, 1);
  assert.equal(web.frameworks, [{ value: client.frameworkId }]);
});

test('UPDATE_WEIGHTS: applied, listed by GET_WEIGHTS and GET_ROLES; invalid ones refused whole', async () => {
  const r = await post({ type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'eng/web', weight: 2.5 }, { role: 'ops', weight: 0.5 }] } });
  assert.is(r.status, 200, r.body);
  const w = (await operatorCall(master.address, { type: 'GET_WEIGHTS' })).get_weights.weight_infos;
  assert.equal(
    w.sort((a: any, b: any) => a.role.localeCompare(b.role)),
    [
      { weight: 2.5, role: 'eng/web' },
      { weight: 0.5, role: 'ops' },
    ],
  );
  const roles = (await operatorCall(master.address, { type: 'GET_ROLES' })).get_roles.roles;
  assert.is(roles.find((x: any) => x.name === 'eng/web').weight, 2.5);
  assert.is(roles.find((x: any) => x.name === 'ops').weight, 0.5);
  for (const bad of [
    [{ role: 'ops', weight: 3 }, { role: 'eng', weight: -1 }],
    [{ role: 'ops', weight: 3 }, { role: '', weight: 1 }],
    [{ role: 'ops', weight: 3 }, { role: 'ops', weight: 4 }],
  ]) {
    const x = await post({ type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: bad } });
    assert.is(x.status, 400, `${JSON.stringify(bad)}: ${x.body}`);
    assert.ok(x.body.length > 0);
  }
  const after = (await operatorCall(master.address, { type: 'GET_WEIGHTS' })).get_weights.weight_infos;
  assert.is(after.find((x: any) => x.role === 'ops').weight, 0.5, 'nothing changed by a refused call');
  const malformed = await post({ type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'ops', weight: 'heavy' }] } });
  assert.is(malformed.status, 400);
});

test('UPDATE_QUOTA: set, listed by GET_QUOTA, removed', async () => {
  const r = await post({ type: 'UPDATE_QUOTA', update_quota: { quota_configs: [quota('eng', { cpus: 4, mem: 1024 }, { cpus: 8 }), quota('eng/web', { cpus: 2 }, { cpus: 6 })] } });
  assert.is(r.status, 200, r.body);
  const status = (await operatorCall(master.address, { type: 'GET_QUOTA' })).get_quota.status;
  assert.equal(status.configs, [
    { role: 'eng', guarantees: { cpus: { value: 4 }, mem: { value: 1024 } }, limits: { cpus: { value: 8 } } },
    { role: 'eng/web', guarantees: { cpus: { value: 2 } }, limits: { cpus: { value: 6 } } },
  ]);
  assert.is(status.infos.find((i: any) => i.role === 'eng').guarantee.find((g: any) => g.name === 'cpus').scalar.value, 4);
  const snap = JSON.parse((await request(master.address, 'GET', '/metrics/snapshot')).body);
  assert.is(snap['allocator/mesos/quota/roles/eng/resources/cpus/guarantee'], 4);
  assert.is(snap['allocator/mesos/quota/roles/eng/resources/cpus/limit'], 8);
  const removed = await post({ type: 'UPDATE_QUOTA', update_quota: { quota_configs: [{ role: 'eng/web' }] } });
  assert.is(removed.status, 200, removed.body);
  const left = (await operatorCall(master.address, { type: 'GET_QUOTA' })).get_quota.status.configs;
  assert.equal(
    left.map((c: any) => c.role),
    ['eng'],
  );
});

test('UPDATE_QUOTA refusals: 400 invalid, 409 beyond the cluster without force; nothing changes', async () => {
  const before = (await operatorCall(master.address, { type: 'GET_QUOTA' })).get_quota.status;
  const cases: [string, unknown[], number][] = [
    ['guarantee above limit', [quota('dev', { cpus: 3 }, { cpus: 2 })], 400],
    ["role '*'", [quota('*', { cpus: 1 })], 400],
    ['invalid role', [quota('a//b', { cpus: 1 })], 400],
    ['negative', [quota('dev', { cpus: -1 })], 400],
    ['role twice', [quota('dev', { cpus: 1 }), quota('dev', { cpus: 2 })], 400],
    ["children's guarantees above the parent's", [quota('eng/a', { cpus: 3 }), quota('eng/b', { cpus: 2 })], 400],
    ["a child's limit above the parent's", [quota('eng/a', undefined, { cpus: 9 })], 400],
    ['beyond the cluster', [quota('dev', { cpus: 100 })], 409],
    ['one valid and one invalid', [quota('qa', { cpus: 1 }), quota('dev', { mem: 5 }, { mem: 1 })], 400],
  ];
  for (const [what, configs, code] of cases) {
    const r = await post({ type: 'UPDATE_QUOTA', update_quota: { quota_configs: configs } });
    assert.is(r.status, code, `${what}: ${r.status} ${r.body}`);
    assert.ok(r.body.length > 0, `${what}: a message`);
  }
  const malformed = await post({ type: 'UPDATE_QUOTA', update_quota: { quota_configs: [{ role: 'dev', guarantees: { cpus: { value: 'many' } } }] } });
  assert.is(malformed.status, 400, malformed.body);
  assert.equal((await operatorCall(master.address, { type: 'GET_QUOTA' })).get_quota.status, before);
  const forced = await post({ type: 'UPDATE_QUOTA', update_quota: { force: true, quota_configs: [quota('dev', { cpus: 100 })] } });
  assert.is(forced.status, 200, forced.body);
  const cleared = await post({ type: 'UPDATE_QUOTA', update_quota: { quota_configs: [{ role: 'dev' }] } });
  assert.is(cleared.status, 200, cleared.body);
});

test('RESERVE_RESOURCES / UNRESERVE_RESOURCES on free resources; 409 when not free, 400 unknown agent or not dynamic', async () => {
  const [id] = await agentIds();
  const r = await post({ type: 'RESERVE_RESOURCES', reserve_resources: { agent_id: { value: id }, resources: [reserved('cpus', 1, 'ops'), reserved('mem', 512, 'ops')] } });
  assert.is(r.status, 202, r.body);
  const agent = (await operatorCall(master.address, { type: 'GET_AGENTS' })).get_agents.agents.find((a: any) => a.agent_info.id.value === id);
  const res = agent.total_resources.find((x: any) => x.name === 'cpus' && x.reservations?.[0]?.role === 'ops');
  assert.ok(res, `reserved cpus in ${JSON.stringify(agent.total_resources)}`);
  assert.is(res.scalar.value, 1);
  assert.is(agent.total_resources.find((x: any) => x.name === 'cpus' && !x.reservations).scalar.value, 3);

  const tooMuch = await post({ type: 'RESERVE_RESOURCES', reserve_resources: { agent_id: { value: id }, resources: [reserved('cpus', 10, 'ops')] } });
  assert.is(tooMuch.status, 409, tooMuch.body);
  const unknown = await post({ type: 'RESERVE_RESOURCES', reserve_resources: { agent_id: { value: 'no-such-agent' }, resources: [reserved('cpus', 1, 'ops')] } });
  assert.is(unknown.status, 400, unknown.body);
  const plain = await post({ type: 'RESERVE_RESOURCES', reserve_resources: { agent_id: { value: id }, resources: [scalar('cpus', 1)] } });
  assert.is(plain.status, 400, plain.body);
  const malformed = await post({ type: 'RESERVE_RESOURCES', reserve_resources: { resources: [reserved('cpus', 1, 'ops')] } });
  assert.is(malformed.status, 400, malformed.body);
  const notReserved = await post({ type: 'UNRESERVE_RESOURCES', unreserve_resources: { agent_id: { value: id }, resources: [reserved('cpus', 2, 'ops')] } });
  assert.is(notReserved.status, 409, notReserved.body);

  const u = await post({ type: 'UNRESERVE_RESOURCES', unreserve_resources: { agent_id: { value: id }, resources: [reserved('cpus', 1, 'ops'), reserved('mem', 512, 'ops')] } });
  assert.is(u.status, 202, u.body);
  const back = (await operatorCall(master.address, { type: 'GET_AGENTS' })).get_agents.agents.find((a: any) => a.agent_info.id.value === id);
  assert.ok(!back.total_resources.some((x: any) => x.reservations), JSON.stringify(back.total_resources));
  assert.is(back.total_resources.find((x: any) => x.name === 'cpus').scalar.value, 4);
});

test('MARK_AGENT_GONE: tasks end TASK_GONE_BY_OPERATOR, the agent leaves and may not come back; 404 unknown', async () => {
  const unknown = await post({ type: 'MARK_AGENT_GONE', mark_agent_gone: { agent_id: { value: 'no-such-agent' } } });
  assert.is(unknown.status, 404, unknown.body);
  // Earlier tests left offers outstanding (some rescinded since): decline them all and take a fresh one.
  const old = new Set(client.received);
  const held = client.received.filter((e) => e.type === 'OFFERS').flatMap((e) => e.offers.offers.map((o: any) => o.id));
  await client.mustCall({ type: 'DECLINE', decline: { offer_ids: held, filters: { refuse_seconds: 0 } } });
  await client.mustCall({ type: 'REVIVE' });
  let offer: any;
  let taskId = '';
  for (let attempt = 0; ; attempt++) {
    const fits = (o: any) => o.resources.some((r: any) => r.name === 'cpus' && r.scalar.value >= 1) && o.resources.some((r: any) => r.name === 'mem' && r.scalar.value >= 128);
    offer = (await client.next((e) => !old.has(e) && e.type === 'OFFERS' && e.offers.offers.some(fits), 10_000)).offers.offers.find(fits);
    taskId = `doomed-${attempt}`;
    await client.mustCall(launchCall([offer], [taskFor(offer, taskId, 1, 128)]));
    const first = await client.nextUpdate(taskId, undefined, 10_000);
    if (first.uuid) await client.ack(first);
    if (first.state === 'TASK_RUNNING') break;
    assert.ok(attempt < 10 && first.state === 'TASK_DROPPED', `launch of ${taskId}: ${first.state} ${first.message ?? ''}`);
  }
  const id = offer.agent_id.value;
  const r = await post({ type: 'MARK_AGENT_GONE', mark_agent_gone: { agent_id: { value: id } } });
  assert.is(r.status, 200, r.body);
  const gone = await client.nextUpdate(taskId, 'TASK_GONE_BY_OPERATOR');
  assert.is(gone.reason, 'REASON_AGENT_REMOVED_BY_OPERATOR');
  assert.not.ok((await agentIds()).includes(id));
  const again = await post({ type: 'MARK_AGENT_GONE', mark_agent_gone: { agent_id: { value: id } } });
  assert.is(again.status, 200, 'idempotent');
  // The agent was told to shut down; started again, it tries to re-register and is refused.
  const sim = fleet.agents.find((a) => a.agentId === id);
  assert.ok(sim, 'the simulated agent of that id');
  sim.start();
  await master.proc.waitForLine(/an agent marked gone tried to register again/, 15_000);
  assert.not.ok((await agentIds()).includes(id));
  const tasks = (await operatorCall(master.address, { type: 'GET_TASKS' })).get_tasks;
  assert.ok((tasks.completed_tasks ?? []).some((t: any) => t.task_id.value === taskId && t.state === 'TASK_GONE_BY_OPERATOR'));
});

test('400 for a malformed call, 501-free answers for every call of this group', async () => {
  const bad = await request(master.address, 'POST', '/api/v1', '{"type":"GET_QUOTA"', { Accept: 'application/json' });
  assert.is(bad.status, 400);
  const wrongType = await post({ type: 'UPDATE_QUOTA', update_quota: { quota_configs: 'all' } });
  assert.is(wrongType.status, 400);
});

test.run();
