// A real master's metrics with simulated agents and a framework running tasks: `/metrics` parses
// as Prometheus text and has the allocator, offer, task, status update, framework, agent and
// HTTP latency series; `/metrics/snapshot` has Mesos's names with the right values.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { waitFor } from '@plateau/testkit/wait';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';
import { find, parsePrometheus } from './metrics-prometheus';

let master: MasterProcess;
let fleet: SimFleet;
let client: SchedulerClient;

test.before(async () => {
  master = await startMaster();
  fleet = await startAgents(master.address, 2);
  client = await SchedulerClient.subscribe(master.address, frameworkInfo('metrics'));
  const offers = (await client.next('OFFERS')).offers.offers;
  await client.mustCall(launchCall([offers[0]], [taskFor(offers[0], 'm-1', 1, 128)]));
  await client.ack(await client.nextUpdate('m-1', 'TASK_RUNNING'));
  if (offers[1]) await client.mustCall({ type: 'DECLINE', decline: { offer_ids: [offers[1].id], filters: { refuse_seconds: 0 } } });
  await client.mustCall({ type: 'KILL', kill: { task_id: { value: 'm-1' }, agent_id: offers[0].agent_id } });
  await client.ack(await client.nextUpdate('m-1', 'TASK_KILLED'));
  const next = (await client.next('OFFERS')).offers.offers[0];
  await client.mustCall(launchCall([next], [taskFor(next, 'm-2', 1, 128)]));
  await client.ack(await client.nextUpdate('m-2', 'TASK_RUNNING'));
});

test.after(async () => {
  client?.close();
  fleet?.stop();
  await master?.stop();
});

test('/metrics is Prometheus text with the master series', async () => {
  await request(master.address, 'GET', '/master/state');
  const r = await request(master.address, 'GET', '/metrics');
  assert.is(r.status, 200);
  assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  const e = parsePrometheus(r.body);
  assert.is(e.types.get('plateau_allocator_cycle_seconds'), 'histogram');
  assert.ok(find(e, 'plateau_allocator_cycle_seconds_count')[0]!.value > 0, 'allocation rounds observed');
  assert.ok(find(e, 'plateau_allocator_cycle_seconds_bucket', { le: '+Inf' }).length === 1);
  assert.ok(find(e, 'plateau_offers_made_total')[0]!.value >= 2);
  assert.ok(find(e, 'plateau_offers_declined_total')[0]!.value >= 1);
  assert.equal(find(e, 'plateau_offers_rescinded_total').length, 1);
  assert.is(find(e, 'plateau_tasks', { state: 'TASK_RUNNING' })[0]!.value, 1);
  assert.is(find(e, 'plateau_task_status_updates_total', { state: 'TASK_KILLED' })[0]!.value, 1);
  assert.ok(find(e, 'plateau_task_status_updates_total', { state: 'TASK_RUNNING' })[0]!.value >= 2);
  assert.is(find(e, 'plateau_agents', { state: 'active' })[0]!.value, 2);
  assert.is(find(e, 'plateau_frameworks', { state: 'active' })[0]!.value, 1);
  assert.is(find(e, 'plateau_master_elected')[0]!.value, 1);
  for (const since of ['recent', 'elected']) for (const stat of ['p99', 'max']) assert.ok(find(e, 'plateau_master_event_loop_delay_seconds', { since, stat })[0]!.value >= 0, `event loop delay ${since} ${stat}`);
  assert.is(find(e, 'plateau_cluster_resources', { resource: 'cpus', kind: 'total' })[0]!.value, 8);
  assert.is(find(e, 'plateau_cluster_resources', { resource: 'cpus', kind: 'used' })[0]!.value, 1);
  assert.is(e.types.get('plateau_http_request_duration_seconds'), 'histogram');
  const state = find(e, 'plateau_http_request_duration_seconds_count', { endpoint: '/master/state', method: 'GET', code: '200' });
  assert.ok(state.length === 1 && state[0]!.value >= 1, 'request latency by endpoint');
  assert.ok(find(e, 'plateau_http_request_duration_seconds_count', { endpoint: '/api/v1/scheduler', method: 'POST', code: '202' })[0]!.value >= 1);
});

test('/metrics/snapshot has the Mesos names and values; ?jsonp= is ignored (no JSONP)', async () => {
  const r = await request(master.address, 'GET', '/metrics/snapshot');
  assert.is(r.status, 200);
  assert.match(String(r.headers['content-type']), /application\/json/);
  const s = JSON.parse(r.body);
  const expect: Record<string, number> = {
    'master/elected': 1,
    'master/slaves_active': 2,
    'master/slaves_unreachable': 0,
    'master/frameworks_active': 1,
    'master/tasks_running': 1,
    'master/tasks_killed': 1,
    'master/tasks_finished': 0,
    'master/cpus_total': 8,
    'master/cpus_used': 1,
    'allocator/mesos/resources/cpus/total': 8,
  };
  for (const [k, v] of Object.entries(expect)) assert.is(s[k], v, k);
  assert.ok(s['master/uptime_secs'] > 0);
  assert.ok(s['allocator/mesos/allocation_runs'] > 0);
  assert.ok(s['master/messages_decline_offers'] >= 1);
  for (const k of ['master/event_loop_delay_p99_ms', 'master/event_loop_delay_max_ms', 'master/event_loop_delay_since_elected_p99_ms', 'master/event_loop_delay_since_elected_max_ms']) assert.ok(s[k] >= 0, k);
  assert.ok(s['master/event_loop_delay_max_ms'] >= s['master/event_loop_delay_p99_ms'], 'max ≥ p99');
  for (const v of Object.values(s)) assert.type(v, 'number');
  const p = await request(master.address, 'GET', '/metrics/snapshot?jsonp=cb');
  assert.match(String(p.headers['content-type']), /^application\/json/);
  assert.match(p.body, /^\{.*\}$/s);
});

test('a master that does not lead answers both with master/elected 0', async () => {
  const follower = await startMaster({ standaloneDir: master.standaloneDir, leading: false });
  try {
    const s = await waitFor(async () => JSON.parse((await request(follower.address, 'GET', '/metrics/snapshot')).body), { what: 'a snapshot' });
    assert.is(s['master/elected'], 0);
    assert.is(s['master/slaves_active'], 0);
    const e = parsePrometheus((await request(follower.address, 'GET', '/metrics')).body);
    assert.is(find(e, 'plateau_master_elected')[0]!.value, 0);
  } finally {
    await follower.stop();
  }
});

test.run();
