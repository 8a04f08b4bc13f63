// The scheduler API of a real master (child process) with simulated agents: subscribe, offers,
// launches with reliable status updates, decline filters, suppress / revive, kill, reconcile,
// messages, task groups, invalid launches, teardown, heartbeats.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { operatorCall, SchedulerClient } from '../helpers/scheduler-client';
import { sleep, waitFor } from '@plateau/testkit/wait';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

let master: MasterProcess;
let fleet: SimFleet;
const clients: SchedulerClient[] = [];

async function subscribe(name: string, extra: Record<string, unknown> = {}): Promise<SchedulerClient> {
  const c = await SchedulerClient.subscribe(master.address, frameworkInfo(name, extra));
  clients.push(c);
  return c;
}

async function teardown(c: SchedulerClient): Promise<void> {
  if (!c.closed) await c.call({ type: 'TEARDOWN' });
  c.close();
}

test.before(async () => {
  master = await startMaster({ args: ['--heartbeat-interval', '300ms'] });
  fleet = await startAgents(master.address, 2, { taskMs: 400, retryMs: 300 });
});

test.after(async () => {
  for (const c of clients) c.close();
  fleet?.stop();
  await master?.stop();
});

test('SUBSCRIBE streams SUBSCRIBED first, with the framework id, heartbeat interval and master info', async () => {
  const c = await subscribe('subscribed');
  const first = c.received[0]!;
  assert.is(first.type, 'SUBSCRIBED');
  assert.is(first.subscribed.framework_id.value, c.frameworkId);
  assert.is(first.subscribed.heartbeat_interval_seconds, 0.3);
  assert.is(first.subscribed.master_info.port, master.port);
  assert.match(c.streamId, /^[0-9a-f-]{36}$/);
  await c.next('HEARTBEAT', 3000);
  await teardown(c);
});

test('offers, launch, TASK_RUNNING then TASK_FINISHED, each acknowledged; the task ends up completed', async () => {
  const c = await subscribe('launch');
  const offers = (await c.next('OFFERS')).offers.offers;
  assert.ok(offers.length >= 1);
  const offer = offers[0];
  assert.is(offer.framework_id.value, c.frameworkId);
  assert.ok(offer.resources.some((r: any) => r.name === 'cpus' && r.allocation_info.role === '*'));
  await c.mustCall(launchCall([offer], [taskFor(offer, 'web-1')]));
  const running = await c.nextUpdate('web-1', 'TASK_RUNNING');
  assert.ok(running.uuid, 'agent updates carry a uuid');
  assert.is(running.agent_id.value, offer.agent_id.value);
  await c.ack(running);
  const finished = await c.nextUpdate('web-1', 'TASK_FINISHED');
  await c.ack(finished);
  const tasks = await waitFor(
    async () => {
      const t = (await operatorCall(master.address, { type: 'GET_TASKS' })).get_tasks;
      return (t.completed_tasks ?? []).find((x: any) => x.task_id.value === 'web-1') ? t : undefined;
    },
    { what: 'web-1 among the completed tasks', timeoutMs: 5000 },
  );
  assert.not.ok((tasks.tasks ?? []).some((x: any) => x.task_id.value === 'web-1'));
  await teardown(c);
});

test('an unacknowledged update is resent by the agent and forwarded again; the next waits for the ack', async () => {
  const c = await subscribe('resend');
  const offer = (await c.next('OFFERS')).offers.offers[0];
  await c.mustCall(launchCall([offer], [taskFor(offer, 'resend-1')]));
  const first = await c.nextUpdate('resend-1', 'TASK_RUNNING');
  const again = await c.nextUpdate('resend-1', 'TASK_RUNNING', 5000);
  assert.is(again.uuid, first.uuid, 'the resend carries the same uuid');
  await sleep(600);
  assert.not.ok(c.received.some((e) => e.type === 'UPDATE' && e.update.status.task_id.value === 'resend-1' && e.update.status.state === 'TASK_FINISHED'), 'TASK_FINISHED waits for the ack of TASK_RUNNING');
  await c.ack(first);
  await c.ack(await c.nextUpdate('resend-1', 'TASK_FINISHED', 5000));
  await teardown(c);
});

test('DECLINE with a long filter keeps the agent away until REVIVE', async () => {
  const c = await subscribe('decline');
  const offers = (await c.next('OFFERS')).offers.offers;
  const declined = offers.map((o: any) => o.agent_id.value);
  await c.mustCall({ type: 'DECLINE', decline: { offer_ids: offers.map((o: any) => o.id), filters: { refuse_seconds: 3600 } } });
  await sleep(700);
  const again = c.received.filter((e) => e.type === 'OFFERS').slice(1);
  assert.not.ok(
    again.some((e) => e.offers.offers.some((o: any) => declined.includes(o.agent_id.value))),
    'a filtered agent was offered again',
  );
  c.clearQueue();
  await c.mustCall({ type: 'REVIVE' });
  const revived = (await c.next('OFFERS', 3000)).offers.offers;
  assert.ok(revived.some((o: any) => declined.includes(o.agent_id.value)));
  await teardown(c);
});

test('SUPPRESS stops offers; REVIVE brings them back', async () => {
  const c = await subscribe('suppress');
  const offers = (await c.next('OFFERS')).offers.offers;
  await c.mustCall({ type: 'SUPPRESS', suppress: { roles: ['*'] } });
  await c.mustCall({ type: 'DECLINE', decline: { offer_ids: offers.map((o: any) => o.id), filters: { refuse_seconds: 0 } } });
  c.clearQueue();
  await sleep(300);
  const before = c.received.filter((e) => e.type === 'OFFERS').length;
  await sleep(400);
  assert.is(c.received.filter((e) => e.type === 'OFFERS').length, before, 'offers arrived while suppressed');
  await c.mustCall({ type: 'REVIVE', revive: { roles: ['*'] } });
  await c.next('OFFERS', 3000);
  const r = await c.call({ type: 'REVIVE', revive: { roles: ['not-mine'] } });
  assert.is(r.status, 400);
  assert.match(r.body, /not-mine/);
  await teardown(c);
});

test('KILL ends a running task with TASK_KILLED; KILL of an unknown task is answered by reconciliation', async () => {
  const c = await subscribe('kill');
  const offer = (await c.next('OFFERS')).offers.offers[0];
  await c.mustCall(launchCall([offer], [taskFor(offer, 'victim', 0.5, 64, { command: { value: 'sleep 1000' } })]));
  const running = await c.nextUpdate('victim', 'TASK_RUNNING');
  await c.ack(running);
  // The simulated agent finishes tasks after 400 ms: kill at once.
  await c.mustCall({ type: 'KILL', kill: { task_id: { value: 'victim' }, agent_id: offer.agent_id } });
  const end = await c.next((e) => e.type === 'UPDATE' && e.update.status.task_id.value === 'victim' && ['TASK_KILLED', 'TASK_FINISHED'].includes(e.update.status.state));
  await c.ack(end.update.status);
  await c.mustCall({ type: 'KILL', kill: { task_id: { value: 'no-such-task' } } });
  const lost = await c.nextUpdate('no-such-task');
  assert.is(lost.state, 'TASK_LOST');
  assert.is(lost.reason, 'REASON_RECONCILIATION');
  assert.is(lost.uuid, undefined, 'master-made updates carry no uuid');
  await teardown(c);
});

test('RECONCILE: explicit answers per task (known and unknown), implicit answers every task', async () => {
  const c = await subscribe('reconcile', { capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }] });
  const offer = (await c.next('OFFERS')).offers.offers[0];
  await c.mustCall(launchCall([offer], [taskFor(offer, 'rec-1')]));
  const running = await c.nextUpdate('rec-1', 'TASK_RUNNING');
  // Leave it unacknowledged so it stays RUNNING in the master's books.
  await c.mustCall({
    type: 'RECONCILE',
    reconcile: { tasks: [{ task_id: { value: 'rec-1' } }, { task_id: { value: 'ghost' }, agent_id: offer.agent_id }, { task_id: { value: 'nowhere' } }] },
  });
  const reconciled = (id: string) => c.next((e) => e.type === 'UPDATE' && e.update.status.task_id.value === id && e.update.status.reason === 'REASON_RECONCILIATION').then((e) => e.update.status);
  const known = await reconciled('rec-1');
  assert.is(known.state, 'TASK_RUNNING');
  assert.is(known.uuid, undefined);
  assert.is((await c.nextUpdate('ghost')).state, 'TASK_GONE');
  assert.is((await c.nextUpdate('nowhere')).state, 'TASK_UNKNOWN');
  await c.mustCall({ type: 'RECONCILE', reconcile: {} });
  const implicit = await reconciled('rec-1');
  assert.is(implicit.state, 'TASK_RUNNING');
  await c.ack(running);
  await teardown(c);
});

test('MESSAGE reaches the executor; its answer comes back as a MESSAGE event', async () => {
  const c = await subscribe('message');
  const offer = (await c.next('OFFERS')).offers.offers[0];
  await c.mustCall(launchCall([offer], [taskFor(offer, 'msg-1')]));
  const running = await c.nextUpdate('msg-1', 'TASK_RUNNING');
  const data = Buffer.from('hello executor').toString('base64');
  await c.mustCall({ type: 'MESSAGE', message: { agent_id: offer.agent_id, executor_id: running.executor_id, data } });
  const m = await c.next('MESSAGE');
  assert.is(m.message.data, data);
  assert.is(m.message.executor_id.value, running.executor_id.value);
  await c.ack(running);
  await teardown(c);
});

test('LAUNCH_GROUP runs the tasks under one executor; invalid launches fail with TASK_ERROR; used offers with TASK_LOST', async () => {
  const c = await subscribe('group');
  const offer = (await c.next('OFFERS')).offers.offers[0];
  const executor = {
    type: 'DEFAULT',
    executor_id: { value: 'group-exec' },
    resources: [
      { name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } },
      { name: 'mem', type: 'SCALAR', scalar: { value: 32 } },
    ],
  };
  const t1 = taskFor(offer, 'g-1');
  const t2 = taskFor(offer, 'g-2');
  delete t1.command;
  delete t2.command;
  const tooBig = taskFor(offer, 'too-big', 1000, 64);
  const dup = taskFor(offer, 'g-1');
  await c.mustCall({
    type: 'ACCEPT',
    accept: {
      offer_ids: [offer.id],
      operations: [
        { type: 'LAUNCH_GROUP', launch_group: { executor, task_group: { tasks: [t1, t2] } } },
        { type: 'LAUNCH', launch: { task_infos: [tooBig, dup] } },
      ],
      filters: { refuse_seconds: 0 },
    },
  });
  const g1 = await c.nextUpdate('g-1', 'TASK_RUNNING');
  const g2 = await c.nextUpdate('g-2', 'TASK_RUNNING');
  assert.is(g1.executor_id.value, 'group-exec');
  assert.is(g2.executor_id.value, 'group-exec');
  const big = await c.nextUpdate('too-big');
  assert.is(big.state, 'TASK_ERROR');
  assert.is(big.reason, 'REASON_TASK_INVALID');
  assert.match(big.message, /more resources/);
  const d = await c.next((e) => e.type === 'UPDATE' && e.update.status.task_id.value === 'g-1' && e.update.status.state === 'TASK_ERROR');
  assert.match(d.update.status.message, /duplicate ID/);
  // The offer is used: accepting it again fails every task.
  await c.mustCall(launchCall([offer], [taskFor(offer, 'late')]));
  const late = await c.nextUpdate('late');
  assert.is(late.state, 'TASK_LOST');
  assert.is(late.reason, 'REASON_INVALID_OFFERS');
  const executors = (await operatorCall(master.address, { type: 'GET_EXECUTORS' })).get_executors.executors;
  assert.ok(executors.some((e: any) => e.executor_info.executor_id.value === 'group-exec'));
  // A later group joins the running executor: the same ExecutorInfo is accepted again (the
  // master compares it with the offer's allocation role injected, as Mesos does).
  const next = (await c.next('OFFERS')).offers.offers[0];
  const t3 = taskFor(next, 'g-3');
  delete t3.command;
  await c.mustCall({ type: 'ACCEPT', accept: { offer_ids: [next.id], operations: [{ type: 'LAUNCH_GROUP', launch_group: { executor, task_group: { tasks: [t3] } } }], filters: { refuse_seconds: 0 } } });
  const g3 = await c.nextUpdate('g-3');
  assert.is(g3.state, 'TASK_RUNNING', JSON.stringify(g3));
  assert.is(g3.executor_id.value, 'group-exec');
  await c.ack(g3);
  await c.ack(g1);
  await c.ack(g2);
  await teardown(c);
});

test('TEARDOWN removes the framework: its stream closes, its tasks go, its id cannot subscribe again', async () => {
  const c = await subscribe('teardown', { failover_timeout: 3600 });
  const offer = (await c.next('OFFERS')).offers.offers[0];
  await c.mustCall(launchCall([offer], [taskFor(offer, 'td-1', 0.5, 64, { command: { value: 'sleep 1000' } })]));
  await c.ack(await c.nextUpdate('td-1', 'TASK_RUNNING'));
  await c.mustCall({ type: 'TEARDOWN' });
  await c.waitClosed(5000);
  const fws = (await operatorCall(master.address, { type: 'GET_FRAMEWORKS' })).get_frameworks;
  assert.ok((fws.completed_frameworks ?? []).some((f: any) => f.framework_info.id.value === c.frameworkId));
  assert.not.ok((fws.frameworks ?? []).some((f: any) => f.framework_info.id.value === c.frameworkId));
  await waitFor(() => fleet.agents.every((a) => a.taskState(c.frameworkId, 'td-1') === undefined), { what: 'the agent to drop the task', timeoutMs: 5000 });
  const err = await SchedulerClient.subscribe(master.address, frameworkInfo('teardown'), { frameworkId: c.frameworkId }).catch((e: Error) => e);
  assert.instance(err, Error);
  assert.match((err as Error).message, /removed/);
});

test.run();
