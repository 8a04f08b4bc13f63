// Failures around a real master: a framework failing over within its failover timeout keeps its
// tasks, one that stays away longer loses them; an agent that stops answering pings becomes
// unreachable (TASK_UNREACHABLE for partition-aware frameworks, TASK_LOST otherwise) and its
// tasks come back when it re-registers.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { operatorCall, SchedulerClient } from '../helpers/scheduler-client';
import { sleep, waitFor } from '@plateau/testkit/wait';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

let master: MasterProcess;
let fleet: SimFleet;
const clients: SchedulerClient[] = [];

test.before(async () => {
  // Pings every 150 ms, unreachable after 3 missed: 450 ms.
  master = await startMaster({ args: ['--agent-ping-timeout', '150ms', '--max-agent-ping-timeouts', '3'] });
  fleet = await startAgents(master.address, 2, { retryMs: 5000 });
});

test.after(async () => {
  for (const c of clients) c.close();
  fleet?.stop();
  await master?.stop();
});

async function subscribe(name: string, extra: Record<string, unknown> = {}, frameworkId?: string): Promise<SchedulerClient> {
  const c = await SchedulerClient.subscribe(master.address, frameworkInfo(name, extra), { frameworkId });
  clients.push(c);
  return c;
}

async function launchOne(c: SchedulerClient, id: string): Promise<{ offer: any; status: any }> {
  const offer = (await c.next('OFFERS')).offers.offers[0];
  await c.mustCall(launchCall([offer], [taskFor(offer, id)]));
  const status = await c.nextUpdate(id, 'TASK_RUNNING');
  await c.ack(status);
  return { offer, status };
}

async function frameworks(): Promise<any> {
  return (await operatorCall(master.address, { type: 'GET_FRAMEWORKS' })).get_frameworks;
}

test('a framework that re-subscribes within its failover timeout keeps its tasks', async () => {
  const c = await subscribe('failover', { failover_timeout: 30 });
  await launchOne(c, 'keep-1');
  const id = c.frameworkId;
  c.close();
  await waitFor(async () => (await frameworks()).frameworks?.find((f: any) => f.framework_info.id.value === id && !f.connected), {
    what: 'the master to see the framework disconnected',
    timeoutMs: 5000,
  });
  // While disconnected, calls on the old stream are refused with 403.
  const refused = await c.call({ type: 'REVIVE' });
  assert.is(refused.status, 403);
  const again = await subscribe('failover', { failover_timeout: 30 }, id);
  assert.is(again.frameworkId, id);
  assert.is.not(again.streamId, c.streamId);
  await again.mustCall({ type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: 'keep-1' } }] } });
  assert.is((await again.nextUpdate('keep-1')).state, 'TASK_RUNNING');
  const fw = (await frameworks()).frameworks.find((f: any) => f.framework_info.id.value === id);
  assert.ok(fw.connected && fw.active);
  assert.ok(fw.reregistered_time, 'reregistered_time is set after a failover');
  // A second SUBSCRIBE replaces the first stream, which hears why.
  const third = await subscribe('failover', { failover_timeout: 30 }, id);
  const err = await again.next('ERROR', 5000);
  assert.match(err.error.message, /failed over/);
  await third.mustCall({ type: 'TEARDOWN' });
});

test('a framework that stays away past its failover timeout is removed and its tasks are killed', async () => {
  const c = await subscribe('gone', { failover_timeout: 0.5 });
  const { offer } = await launchOne(c, 'doomed-1');
  const id = c.frameworkId;
  const agent = fleet.agents.find((a) => a.agentId === offer.agent_id.value)!;
  assert.is(agent.taskState(id, 'doomed-1'), 'TASK_RUNNING');
  c.close();
  await waitFor(async () => (await frameworks()).completed_frameworks?.some((f: any) => f.framework_info.id.value === id), {
    what: 'the framework to be removed after its failover timeout',
    timeoutMs: 5000,
  });
  await waitFor(() => agent.taskState(id, 'doomed-1') === undefined, { what: 'the agent to shut the framework down', timeoutMs: 5000 });
  const tasks = (await operatorCall(master.address, { type: 'GET_TASKS' })).get_tasks;
  const done = (tasks.completed_tasks ?? []).find((t: any) => t.task_id.value === 'doomed-1');
  assert.is(done?.state, 'TASK_KILLED');
  const refused = await SchedulerClient.subscribe(master.address, frameworkInfo('gone'), { frameworkId: id }).catch((e: Error) => e);
  assert.match((refused as Error).message, /removed/);
});

test('an agent that misses pings goes unreachable: TASK_UNREACHABLE (partition-aware), FAILURE; it comes back on re-registration', async () => {
  const c = await subscribe('partition-aware', { capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }] });
  const { offer } = await launchOne(c, 'pa-1');
  const agent = fleet.agents.find((a) => a.agentId === offer.agent_id.value)!;
  agent.disconnect();
  const unreachable = await c.nextUpdate('pa-1', 'TASK_UNREACHABLE', 5000);
  assert.ok(unreachable.unreachable_time?.nanoseconds > 0);
  assert.is(unreachable.uuid, undefined);
  const failure = await c.next('FAILURE', 5000);
  assert.is(failure.failure.agent_id.value, agent.agentId);
  const tasks = (await operatorCall(master.address, { type: 'GET_TASKS' })).get_tasks;
  assert.ok((tasks.unreachable_tasks ?? []).some((t: any) => t.task_id.value === 'pa-1'));
  const agents = (await operatorCall(master.address, { type: 'GET_AGENTS' })).get_agents.agents ?? [];
  assert.not.ok(agents.some((a: any) => a.agent_info.id.value === agent.agentId), 'an unreachable agent is not listed as registered');

  agent.reconnect();
  const back = await c.nextUpdate('pa-1', 'TASK_RUNNING', 8000);
  assert.is(back.reason, 'REASON_AGENT_REREGISTERED');
  await c.mustCall({ type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: 'pa-1' }, agent_id: offer.agent_id }] } });
  assert.is((await c.nextUpdate('pa-1', undefined, 5000)).state, 'TASK_RUNNING');
  await c.mustCall({ type: 'TEARDOWN' });
});

test('for a framework that is not partition-aware, tasks of an unreachable agent are TASK_LOST and killed when it returns', async () => {
  const c = await subscribe('classic');
  const { offer } = await launchOne(c, 'classic-1');
  const agent = fleet.agents.find((a) => a.agentId === offer.agent_id.value)!;
  agent.disconnect();
  const lost = await c.nextUpdate('classic-1', 'TASK_LOST', 5000);
  assert.is(lost.reason, 'REASON_AGENT_REMOVED');
  agent.reconnect();
  await waitFor(() => agent.registered, { what: 'the agent to re-register', timeoutMs: 8000 });
  // The agent is told to kill the task; its TASK_KILLED goes to the framework (after a resent
  // TASK_RUNNING when the link dropped before the agent got the first acknowledgement).
  for (;;) {
    const s = await c.nextUpdate('classic-1', undefined, 5000);
    await c.ack(s);
    if (s.state === 'TASK_KILLED') break;
    assert.is(s.state, 'TASK_RUNNING');
  }
  await sleep(100);
  await c.mustCall({ type: 'TEARDOWN' });
});

test.run();
