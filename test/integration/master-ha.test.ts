// Masters taking over: when the leading master stops, a second one (same standalone contender
// directory) is elected, agents re-register with it carrying their tasks, and the framework
// re-subscribes with its id and finds its task by reconciling. Also: offers not answered within
// the offer timeout are rescinded.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { operatorCall, request, SchedulerClient } from '../helpers/scheduler-client';
import { waitFor } from '@plateau/testkit/wait';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

const masters: MasterProcess[] = [];
const fleets: SimFleet[] = [];
const clients: SchedulerClient[] = [];

test.after(async () => {
  for (const c of clients) c.close();
  for (const f of fleets) f.stop();
  for (const m of masters) await m.stop();
});

test('the next master takes over: agents re-register with their tasks, the framework re-subscribes and reconciles', async () => {
  const a = await startMaster();
  masters.push(a);
  const b = await startMaster({ standaloneDir: a.standaloneDir, leading: false });
  masters.push(b);
  const fleet = await startAgents(`${a.address},${b.address}`, 2);
  fleets.push(fleet);
  const info = frameworkInfo('survivor', { failover_timeout: 60, capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }] });
  const c1 = await SchedulerClient.subscribe(a.address, info);
  clients.push(c1);
  const offer = (await c1.next('OFFERS')).offers.offers[0];
  await c1.mustCall(launchCall([offer], [taskFor(offer, 'long-1')]));
  await c1.ack(await c1.nextUpdate('long-1', 'TASK_RUNNING'));
  // Wait for the agent to have the acknowledgement, so it does not resend the update later.
  await waitFor(() => fleet.stats().acks >= 1, { what: 'the agent to get the acknowledgement', timeoutMs: 5000 });

  await a.stop();
  const health = await waitFor(
    async () => {
      const r = await request(b.address, 'POST', '/api/v1', { type: 'GET_HEALTH' });
      return r.status === 200 ? r : undefined;
    },
    { what: 'the second master to lead', timeoutMs: 15_000 },
  );
  assert.is(health.status, 200);
  await waitFor(async () => ((await operatorCall(b.address, { type: 'GET_AGENTS' })).get_agents.agents ?? []).length === 2, {
    what: 'both agents to re-register with the new leader',
    timeoutMs: 15_000,
  });
  const tasks = (await operatorCall(b.address, { type: 'GET_TASKS' })).get_tasks.tasks ?? [];
  assert.ok(tasks.some((t: any) => t.task_id.value === 'long-1' && t.state === 'TASK_RUNNING'), 'the new leader learned the task from its agent');
  const fws = (await operatorCall(b.address, { type: 'GET_FRAMEWORKS' })).get_frameworks.frameworks;
  assert.ok(fws.some((f: any) => f.framework_info.id.value === c1.frameworkId && f.recovered), 'the framework is known as recovered until it re-subscribes');

  await c1.waitClosed(5000).catch(() => undefined);
  const c2 = await SchedulerClient.subscribe(b.address, info, { frameworkId: c1.frameworkId });
  clients.push(c2);
  assert.is(c2.frameworkId, c1.frameworkId);
  await c2.mustCall({ type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: 'long-1' }, agent_id: offer.agent_id }] } });
  const s = await c2.nextUpdate('long-1', undefined, 5000);
  assert.is(s.state, 'TASK_RUNNING');
  await c2.mustCall({ type: 'KILL', kill: { task_id: { value: 'long-1' } } });
  await c2.ack(await c2.nextUpdate('long-1', 'TASK_KILLED', 5000));
});

test('offers not answered within the offer timeout are rescinded, and offered again', async () => {
  const m = await startMaster({ args: ['--offer-timeout', '300ms'] });
  masters.push(m);
  fleets.push(await startAgents(m.address, 1));
  const c = await SchedulerClient.subscribe(m.address, frameworkInfo('slow'));
  clients.push(c);
  const offer = (await c.next('OFFERS')).offers.offers[0];
  const rescind = await c.next('RESCIND', 5000);
  assert.is(rescind.rescind.offer_id.value, offer.id.value);
  const again = (await c.next('OFFERS', 5000)).offers.offers[0];
  assert.is(again.agent_id.value, offer.agent_id.value);
  assert.is.not(again.id.value, offer.id.value);
  // The rescinded offer cannot be used any more.
  await c.mustCall(launchCall([offer], [taskFor(offer, 'too-late')]));
  assert.is((await c.nextUpdate('too-late')).reason, 'REASON_INVALID_OFFERS');
});

test.run();
