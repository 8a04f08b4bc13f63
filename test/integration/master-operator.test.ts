// The operator API basics and legacy endpoints of a real master with simulated agents and one
// framework running a task: GET_HEALTH, GET_VERSION, GET_FLAGS, GET_MASTER, GET_STATE,
// GET_AGENTS, GET_FRAMEWORKS, GET_EXECUTORS, GET_TASKS; /master/state (also /state,
// /state.json), /health, /master/redirect.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { operatorCall, request, SchedulerClient } from '../helpers/scheduler-client';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

let master: MasterProcess;
let fleet: SimFleet;
let client: SchedulerClient;

test.before(async () => {
  master = await startMaster();
  fleet = await startAgents(master.address, 3);
  client = await SchedulerClient.subscribe(master.address, frameworkInfo('operator-view', { webui_url: 'http://ui', principal: 'ops' }));
  const offer = (await client.next('OFFERS')).offers.offers[0];
  await client.mustCall(launchCall([offer], [taskFor(offer, 'op-1', 1, 256, { labels: { labels: [{ key: 'team', value: 'infra' }] } })]));
  await client.ack(await client.nextUpdate('op-1', 'TASK_RUNNING'));
});

test.after(async () => {
  client?.close();
  fleet?.stop();
  await master?.stop();
});

test('GET_HEALTH, GET_VERSION, GET_FLAGS, GET_MASTER', async () => {
  assert.equal(await operatorCall(master.address, { type: 'GET_HEALTH' }), { type: 'GET_HEALTH', get_health: { healthy: true } });
  const v = await operatorCall(master.address, { type: 'GET_VERSION' });
  assert.is(v.type, 'GET_VERSION');
  assert.type(v.get_version.version_info.version, 'string');
  const f = (await operatorCall(master.address, { type: 'GET_FLAGS' })).get_flags.flags;
  assert.ok(f.some((x: any) => x.name === 'allocation_interval' && x.value === '100ms'));
  const m = (await operatorCall(master.address, { type: 'GET_MASTER' })).get_master;
  assert.is(m.master_info.port, master.port);
  assert.is(m.master_info.address.ip, '127.0.0.1');
  assert.is(m.master_info.ip, 16777343, 'ip as Mesos stores it (network-order bytes read little-endian)');
  assert.is(m.master_info.pid, `master@127.0.0.1:${master.port}`);
  assert.ok(m.start_time > 1e9 && m.elected_time >= m.start_time);
});

test('GET_AGENTS lists every agent with its resources and what is used', async () => {
  const agents = (await operatorCall(master.address, { type: 'GET_AGENTS' })).get_agents.agents;
  assert.is(agents.length, 3);
  for (const a of agents) {
    assert.ok(a.active);
    assert.match(a.pid, /^slave\(1\)@sim-agent-\d+:5051$/);
    assert.ok(a.total_resources.some((r: any) => r.name === 'cpus' && r.scalar.value === 4));
    assert.ok(a.registered_time.nanoseconds > 0);
  }
  const busy = agents.find((a: any) => a.allocated_resources?.some((r: any) => r.name === 'cpus' && r.scalar.value === 1));
  assert.ok(busy, 'the agent running op-1 shows its resources as allocated');
});

test('GET_FRAMEWORKS, GET_TASKS, GET_EXECUTORS, and GET_STATE holding all four', async () => {
  const fws = (await operatorCall(master.address, { type: 'GET_FRAMEWORKS' })).get_frameworks.frameworks;
  assert.is(fws.length, 1);
  assert.is(fws[0].framework_info.id.value, client.frameworkId);
  assert.is(fws[0].framework_info.webui_url, 'http://ui');
  assert.ok(fws[0].connected && fws[0].active && !fws[0].recovered);
  assert.ok(fws[0].allocated_resources.some((r: any) => r.name === 'mem' && r.scalar.value === 256));
  const tasks = (await operatorCall(master.address, { type: 'GET_TASKS' })).get_tasks.tasks;
  assert.is(tasks.length, 1);
  const t = tasks[0];
  assert.is(t.task_id.value, 'op-1');
  assert.is(t.state, 'TASK_RUNNING');
  assert.is(t.framework_id.value, client.frameworkId);
  assert.equal(t.labels, { labels: [{ key: 'team', value: 'infra' }] });
  assert.is(t.user, 'root');
  assert.is(t.statuses[t.statuses.length - 1].state, 'TASK_RUNNING');
  const state = (await operatorCall(master.address, { type: 'GET_STATE' })).get_state;
  assert.equal(state.get_tasks.tasks, tasks);
  assert.is(state.get_agents.agents.length, 3);
  assert.is(state.get_frameworks.frameworks.length, 1);
  assert.ok('get_executors' in state);
  const ex = (await operatorCall(master.address, { type: 'GET_EXECUTORS' })).get_executors;
  assert.equal(ex, {});
});

test('/master/state (and /state, /state.json) in the legacy format', async () => {
  for (const p of ['/master/state', '/state', '/state.json']) {
    const r = await request(master.address, 'GET', p);
    assert.is(r.status, 200, p);
    assert.match(String(r.headers['content-type']), /application\/json/);
    const s = JSON.parse(r.body);
    assert.is(s.leader, `master@127.0.0.1:${master.port}`);
    assert.is(s.leader_info.port, master.port);
    assert.is(s.cluster, 'test');
    assert.is(s.activated_slaves, 3);
    assert.is(s.slaves.length, 3);
    const slave = s.slaves.find((x: any) => x.used_resources.cpus === 1);
    assert.ok(slave, 'an agent shows the task in used_resources');
    assert.is(slave.resources.cpus, 4);
    assert.is(slave.resources.ports, '[31000-32000]');
    assert.is(s.frameworks.length, 1);
    const fw = s.frameworks[0];
    assert.is(fw.id, client.frameworkId);
    assert.is(fw.principal, 'ops');
    assert.is(fw.tasks.length, 1);
    assert.is(fw.tasks[0].id, 'op-1');
    assert.is(fw.tasks[0].slave_id, slave.id);
    assert.is(fw.tasks[0].state, 'TASK_RUNNING');
    assert.equal(fw.tasks[0].resources, { disk: 0, mem: 256, gpus: 0, cpus: 1 });
    assert.is(fw.tasks[0].statuses[0].state, 'TASK_RUNNING');
    assert.equal(s.orphan_tasks, []);
  }
  // No JSONP: the parameter is ignored and the answer stays JSON.
  const jsonp = await request(master.address, 'GET', '/master/state?jsonp=cb');
  assert.is(jsonp.status, 200);
  assert.match(String(jsonp.headers['content-type']), /^application\/json/);
  assert.match(jsonp.body, /^\{/);
});

test('/health answers 200 with no body; /master/redirect points at the leader itself', async () => {
  const h = await request(master.address, 'GET', '/health');
  assert.is(h.status, 200);
  assert.is(h.body, '');
  const r = await request(master.address, 'GET', '/master/redirect');
  assert.is(r.status, 307);
  assert.is(r.headers.location, `//127.0.0.1:${master.port}`);
});

test.run();
