// Maintenance (Mesos 1.x) and agent draining (Mesos 1.9) over the real operator and scheduler
// APIs of a real master, with simulated agents over the real agent link: the schedule and its
// validation, inverse offers and the frameworks' answers in GET_MAINTENANCE_STATUS, machines
// going DOWN and coming back UP, the schedule surviving a master restart, DEACTIVATE/REACTIVATE
// and DRAIN_AGENT.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimFleet } from '@plateau/cli';
import { operatorCall, request, SchedulerClient } from '../helpers/scheduler-client';
import { sleep, waitFor } from '@plateau/testkit/wait';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

let master: MasterProcess | undefined;
const fleets: SimFleet[] = [];
const clients: SchedulerClient[] = [];

test.after.each(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const f of fleets.splice(0)) f.stop();
  await master?.stop();
  master = undefined;
});

const HOUR_NS = 3600n * 1_000_000_000n;
// An hour from now, a multiple of 2^32 ns so that it is exact as a JSON number too.
const START_NS = ((BigInt(Date.now()) * 1_000_000n + HOUR_NS) >> 32n) << 32n;
const unavailability = { start: { nanoseconds: String(START_NS) }, duration: { nanoseconds: String(HOUR_NS) } };

function post(call: Record<string, unknown>) {
  return request(master!.address, 'POST', '/api/v1', call);
}

function schedule(windows: { machines: string[] }[]) {
  return { type: 'UPDATE_MAINTENANCE_SCHEDULE', update_maintenance_schedule: { schedule: { windows: windows.map((w) => ({ machine_ids: w.machines.map((hostname) => ({ hostname })), unavailability })) } } };
}

async function agents(): Promise<any[]> {
  return (await operatorCall(master!.address, { type: 'GET_AGENTS' })).get_agents.agents ?? [];
}

async function agentIdOf(hostname: string): Promise<string> {
  const a = (await agents()).find((x) => x.agent_info.hostname === hostname);
  assert.ok(a, `agent ${hostname} is registered`);
  return a.agent_info.id.value;
}

async function maintenanceStatus(): Promise<any> {
  return (await operatorCall(master!.address, { type: 'GET_MAINTENANCE_STATUS' })).get_maintenance_status.status;
}

async function cluster(count: number): Promise<SimFleet> {
  master = await startMaster();
  const fleet = await startAgents(master.address, count);
  fleets.push(fleet);
  return fleet;
}

async function subscribe(name: string): Promise<SchedulerClient> {
  const c = await SchedulerClient.subscribe(master!.address, frameworkInfo(name));
  clients.push(c);
  return c;
}

test('a schedule is validated as Mesos validates it, and read back', async () => {
  await cluster(1);
  const twice = await post(schedule([{ machines: ['sim-agent-0'] }, { machines: ['sim-agent-0'] }]));
  assert.is(twice.status, 400, twice.body);
  assert.match(twice.body, /sim-agent-0' appears more than once/);
  const empty = await post({ type: 'UPDATE_MAINTENANCE_SCHEDULE', update_maintenance_schedule: { schedule: { windows: [{ machine_ids: [{}], unavailability }] } } });
  assert.is(empty.status, 400, empty.body);
  assert.match(empty.body, /both 'hostname' and 'ip' are empty/);
  const badIp = await post({ type: 'UPDATE_MAINTENANCE_SCHEDULE', update_maintenance_schedule: { schedule: { windows: [{ machine_ids: [{ ip: 'not-an-ip' }], unavailability }] } } });
  assert.is(badIp.status, 400, badIp.body);
  const noMachines = await post({ type: 'UPDATE_MAINTENANCE_SCHEDULE', update_maintenance_schedule: { schedule: { windows: [{ unavailability }] } } });
  assert.is(noMachines.status, 400, noMachines.body);
  assert.equal((await operatorCall(master!.address, { type: 'GET_MAINTENANCE_SCHEDULE' })).get_maintenance_schedule.schedule, {}, 'nothing was stored');

  const good = await post(schedule([{ machines: ['SIM-AGENT-0'] }]));
  assert.is(good.status, 200, good.body);
  const got = (await operatorCall(master!.address, { type: 'GET_MAINTENANCE_SCHEDULE' })).get_maintenance_schedule.schedule;
  assert.equal(got.windows[0].machine_ids, [{ hostname: 'sim-agent-0' }], 'hostnames are kept in lower case');
  assert.is(BigInt(got.windows[0].unavailability.start.nanoseconds), START_NS);
  assert.equal((await maintenanceStatus()).draining_machines.map((d: any) => d.id.hostname), ['sim-agent-0']);
});

test('inverse offers reach a framework; its accept and decline show in the maintenance status', async () => {
  await cluster(2);
  const fw = await subscribe('maintenance-aware');
  await waitFor(async () => fw.received.filter((e) => e.type === 'OFFERS').flatMap((e) => e.offers.offers).length >= 2 || undefined, { what: 'offers of both agents', timeoutMs: 10_000 });
  const id0 = await agentIdOf('sim-agent-0');
  const id1 = await agentIdOf('sim-agent-1');
  const r = await post(schedule([{ machines: ['sim-agent-0', 'sim-agent-1'] }]));
  assert.is(r.status, 200, r.body);

  // Offers of the scheduled agents are re-made with the machine's unavailability.
  const offer = await fw.next((e) => e.type === 'OFFERS' && e.offers.offers.some((o: any) => o.unavailability), 10_000);
  const withU = offer.offers.offers.find((o: any) => o.unavailability);
  assert.is(BigInt(withU.unavailability.start.nanoseconds), START_NS);

  const inverse: any[] = [];
  await waitFor(
    async () => {
      for (;;) {
        const e = fw.received.find((x) => x.type === 'INVERSE_OFFERS' && !inverse.includes(x));
        if (e === undefined) break;
        inverse.push(e);
      }
      const all = inverse.flatMap((e) => e.inverse_offers.inverse_offers);
      return all.length >= 2 ? all : undefined;
    },
    { what: 'inverse offers for both agents', timeoutMs: 10_000 },
  );
  const all = inverse.flatMap((e) => e.inverse_offers.inverse_offers);
  const io0 = all.find((o: any) => o.agent_id.value === id0);
  const io1 = all.find((o: any) => o.agent_id.value === id1);
  assert.ok(io0 && io1, JSON.stringify(all));
  assert.is(io0.framework_id.value, fw.frameworkId);
  assert.is(BigInt(io0.unavailability.start.nanoseconds), START_NS);

  const before = await maintenanceStatus();
  const statusOf = (s: any, host: string) => s.draining_machines.find((d: any) => d.id.hostname === host)?.statuses?.[0]?.status;
  assert.is(statusOf(before, 'sim-agent-0'), 'UNKNOWN', JSON.stringify(before));

  const unknown = await fw.call({ type: 'ACCEPT_INVERSE_OFFERS', accept_inverse_offers: { inverse_offer_ids: [{ value: 'no-such-inverse-offer' }] } });
  assert.is(unknown.status, 400, unknown.body);
  assert.match(unknown.body, /no-such-inverse-offer/);
  await fw.mustCall({ type: 'ACCEPT_INVERSE_OFFERS', accept_inverse_offers: { inverse_offer_ids: [io0.id] } });
  await fw.mustCall({ type: 'DECLINE_INVERSE_OFFERS', decline_inverse_offers: { inverse_offer_ids: [io1.id] } });
  const after = await maintenanceStatus();
  assert.is(statusOf(after, 'sim-agent-0'), 'ACCEPT', JSON.stringify(after));
  assert.is(statusOf(after, 'sim-agent-1'), 'DECLINE', JSON.stringify(after));
  assert.is(after.draining_machines[0].statuses[0].framework_id.value, fw.frameworkId);
  const again = await fw.call({ type: 'ACCEPT_INVERSE_OFFERS', accept_inverse_offers: { inverse_offer_ids: [io0.id] } });
  assert.is(again.status, 400, 'an answered inverse offer is no longer outstanding');
});

test('an answered inverse offer comes again once its refuse_seconds run out, while the machine drains; REVIVE ends the filter', async () => {
  await cluster(1);
  const fw = await subscribe('maintenance-asked-again');
  await fw.next('OFFERS', 10_000);
  const r = await post(schedule([{ machines: ['sim-agent-0'] }]));
  assert.is(r.status, 200, r.body);
  const inverseOffer = async (what: string, timeoutMs: number) => {
    const e = await fw.next('INVERSE_OFFERS', timeoutMs).catch(() => {
      throw new Error(`${what}: no INVERSE_OFFERS within ${timeoutMs} ms`);
    });
    return e.inverse_offers.inverse_offers[0];
  };
  const first = await inverseOffer('first inverse offer', 10_000);

  const declinedAt = Date.now();
  await fw.mustCall({ type: 'DECLINE_INVERSE_OFFERS', decline_inverse_offers: { inverse_offer_ids: [first.id], filters: { refuse_seconds: 1 } } });
  const second = await inverseOffer('inverse offer after the 1 s filter', 10_000);
  const waited = Date.now() - declinedAt;
  assert.ok(waited >= 1000, `offered again ${waited} ms after the decline, within its 1 s filter`);
  assert.is.not(second.id.value, first.id.value, 'a new inverse offer');
  assert.is(second.agent_id.value, first.agent_id.value);
  const status = await maintenanceStatus();
  assert.is(status.draining_machines[0].statuses[0].status, 'DECLINE', `the last answer stays while the new one is outstanding: ${JSON.stringify(status)}`);

  // A long filter holds it back until REVIVE.
  await fw.mustCall({ type: 'DECLINE_INVERSE_OFFERS', decline_inverse_offers: { inverse_offer_ids: [second.id], filters: { refuse_seconds: 3600 } } });
  await sleep(1500);
  assert.not.ok(fw.received.filter((e) => e.type === 'INVERSE_OFFERS').length > 2, 'no inverse offer within a 1 h filter');
  await fw.mustCall({ type: 'REVIVE' });
  const third = await inverseOffer('inverse offer after REVIVE', 10_000);
  assert.is.not(third.id.value, second.id.value);

  // The machine leaves the schedule: its inverse offer is taken back and none comes again.
  await fw.mustCall({ type: 'ACCEPT_INVERSE_OFFERS', accept_inverse_offers: { inverse_offer_ids: [third.id], filters: { refuse_seconds: 0 } } });
  const fourth = await inverseOffer('inverse offer after an accept with refuse_seconds 0', 10_000);
  const cleared = await post({ type: 'UPDATE_MAINTENANCE_SCHEDULE', update_maintenance_schedule: { schedule: {} } });
  assert.is(cleared.status, 200, cleared.body);
  const rescind = await fw.next('RESCIND_INVERSE_OFFER', 10_000);
  assert.is(rescind.rescind_inverse_offer.inverse_offer_id.value, fourth.id.value);
  const count = fw.received.filter((e) => e.type === 'INVERSE_OFFERS').length;
  await sleep(1500);
  assert.is(fw.received.filter((e) => e.type === 'INVERSE_OFFERS').length, count, 'no inverse offer for a machine out of the schedule');
});

test('START_MAINTENANCE takes the machine DOWN and refuses its agent; STOP_MAINTENANCE lets it back', async () => {
  const fleet = await cluster(2);
  const id0 = await agentIdOf('sim-agent-0');
  const notScheduled = await post({ type: 'START_MAINTENANCE', start_maintenance: { machines: [{ hostname: 'sim-agent-0' }] } });
  assert.is(notScheduled.status, 400, notScheduled.body);
  assert.match(notScheduled.body, /not in the maintenance schedule/);
  assert.is((await post(schedule([{ machines: ['sim-agent-0'] }]))).status, 200);
  const start = await post({ type: 'START_MAINTENANCE', start_maintenance: { machines: [{ hostname: 'sim-agent-0' }] } });
  assert.is(start.status, 200, start.body);
  await waitFor(async () => !(await agents()).some((a) => a.agent_info.id.value === id0) || undefined, { what: 'the agent of the DOWN machine removed', timeoutMs: 10_000 });
  const status = await maintenanceStatus();
  assert.equal(status.down_machines, [{ hostname: 'sim-agent-0' }]);
  assert.is(status.draining_machines, undefined, JSON.stringify(status));
  const removeDown = await post(schedule([]));
  assert.is(removeDown.status, 400, removeDown.body);
  assert.match(removeDown.body, /DOWN and cannot be removed/);
  assert.is((await post({ type: 'STOP_MAINTENANCE', stop_maintenance: { machines: [{ hostname: 'sim-agent-1' }] } })).status, 400, 'an UP machine cannot be stopped');

  // The agent comes back (as after a restart, with its id): refused while its machine is DOWN.
  fleet.stop();
  const back = new SimFleet({ count: 1, master: master!.address, cpus: 4, mem: 4096, disk: 10_000, reconnectMs: 100 });
  fleets.push(back);
  back.agents[0]!.agentId = id0;
  back.start();
  await master!.proc.waitForLine(/an agent of a DOWN machine tried to register/, 10_000);
  assert.not.ok((await agents()).some((a) => a.agent_info.hostname === 'sim-agent-0'));
  back.stop();

  const stop = await post({ type: 'STOP_MAINTENANCE', stop_maintenance: { machines: [{ hostname: 'sim-agent-0' }] } });
  assert.is(stop.status, 200, stop.body);
  assert.equal((await operatorCall(master!.address, { type: 'GET_MAINTENANCE_SCHEDULE' })).get_maintenance_schedule.schedule, {}, 'the machine left the schedule');
  assert.equal(await maintenanceStatus(), {});
  const again = new SimFleet({ count: 1, master: master!.address, cpus: 4, mem: 4096, disk: 10_000 });
  fleets.push(again);
  again.agents[0]!.agentId = id0;
  again.start();
  await again.waitRegistered(10_000);
  assert.ok((await agents()).some((a) => a.agent_info.id.value === id0), 'the agent is back');
});

test('the schedule, DOWN machines and deactivated agents survive a master restart', async () => {
  const fleet = await cluster(3);
  const dir = master!.standaloneDir;
  const id2 = await agentIdOf('sim-agent-2');
  assert.is((await post(schedule([{ machines: ['sim-agent-0'] }, { machines: ['sim-agent-1'] }]))).status, 200);
  assert.is((await post({ type: 'START_MAINTENANCE', start_maintenance: { machines: [{ hostname: 'sim-agent-1' }] } })).status, 200);
  assert.is((await post({ type: 'DEACTIVATE_AGENT', deactivate_agent: { agent_id: { value: id2 } } })).status, 200);
  const scheduleBefore = (await operatorCall(master!.address, { type: 'GET_MAINTENANCE_SCHEDULE' })).get_maintenance_schedule.schedule;
  fleet.stop();
  await master!.stop();
  master = await startMaster({ standaloneDir: dir });

  assert.equal((await operatorCall(master.address, { type: 'GET_MAINTENANCE_SCHEDULE' })).get_maintenance_schedule.schedule, scheduleBefore);
  const status = await maintenanceStatus();
  assert.equal(status.down_machines, [{ hostname: 'sim-agent-1' }]);
  assert.equal(status.draining_machines.map((d: any) => d.id.hostname), ['sim-agent-0']);
  // The deactivated agent re-registers deactivated.
  const back = new SimFleet({ count: 3, master: master.address, cpus: 4, mem: 4096, disk: 10_000 });
  fleets.push(back);
  for (const [i, a] of fleet.agents.entries()) back.agents[i]!.agentId = a.agentId;
  back.start();
  const a2 = await waitFor(async () => (await agents()).find((a) => a.agent_info.id.value === id2), { what: 'the deactivated agent re-registered', timeoutMs: 15_000 });
  assert.is(a2.deactivated, true, JSON.stringify(a2));
  assert.is(a2.active, false);
});

test('DEACTIVATE_AGENT stops offers of the agent; REACTIVATE_AGENT resumes them', async () => {
  await cluster(1);
  const id = await agentIdOf('sim-agent-0');
  const fw = await subscribe('deactivation');
  const first = await fw.next('OFFERS');
  assert.is(first.offers.offers[0].agent_id.value, id);
  const missing = await post({ type: 'DEACTIVATE_AGENT', deactivate_agent: { agent_id: { value: 'no-such-agent' } } });
  assert.is(missing.status, 404, missing.body);
  assert.is((await post({ type: 'DEACTIVATE_AGENT', deactivate_agent: { agent_id: { value: id } } })).status, 200);
  await fw.next((e) => e.type === 'RESCIND' && e.rescind.offer_id.value === first.offers.offers[0].id.value, 5000);
  const a = (await agents()).find((x) => x.agent_info.id.value === id);
  assert.is(a.deactivated, true);
  fw.clearQueue();
  await sleep(800); // eight allocation rounds
  assert.not.ok(fw.received.slice(-20).some((e) => e.type === 'OFFERS' && e.offers.offers.some((o: any) => o.agent_id.value === id) && e !== first), 'no offer while deactivated');
  const count = fw.received.filter((e) => e.type === 'OFFERS').length;
  assert.is(count, 1, 'only the first offer came');
  assert.is((await post({ type: 'REACTIVATE_AGENT', reactivate_agent: { agent_id: { value: id } } })).status, 200);
  const again = await fw.next('OFFERS', 5000);
  assert.is(again.offers.offers[0].agent_id.value, id);
  assert.is((await agents()).find((x) => x.agent_info.id.value === id).deactivated, false);
});

test('DRAIN_AGENT kills the tasks with the grace, ends DRAINED, and marks the agent gone when asked', async () => {
  await cluster(2);
  const fw = await subscribe('drained');
  const id0 = await agentIdOf('sim-agent-0');
  const id1 = await agentIdOf('sim-agent-1');
  const offers: any[] = [];
  await waitFor(
    async () => {
      const e = await fw.next('OFFERS', 5000);
      offers.push(...e.offers.offers);
      return [id0, id1].every((id) => offers.some((o) => o.agent_id.value === id)) || undefined;
    },
    { what: 'offers of both agents', timeoutMs: 10_000 },
  );
  const o0 = offers.find((o) => o.agent_id.value === id0);
  const o1 = offers.find((o) => o.agent_id.value === id1);
  await fw.mustCall(launchCall([o0], [taskFor(o0, 'task-0')]));
  await fw.mustCall(launchCall([o1], [taskFor(o1, 'task-1')]));
  await fw.ack(await fw.nextUpdate('task-0', 'TASK_RUNNING'));
  await fw.ack(await fw.nextUpdate('task-1', 'TASK_RUNNING'));

  const negative = await post({ type: 'DRAIN_AGENT', drain_agent: { agent_id: { value: id0 }, max_grace_period: { seconds: -1 } } });
  assert.is(negative.status, 400, negative.body);
  const drain = await post({ type: 'DRAIN_AGENT', drain_agent: { agent_id: { value: id0 }, max_grace_period: { seconds: 2 } } });
  assert.is(drain.status, 200, drain.body);
  const killed = await fw.nextUpdate('task-0', 'TASK_KILLED');
  await fw.ack(killed);
  const drained = await waitFor(
    async () => {
      const a = (await agents()).find((x) => x.agent_info.id.value === id0);
      return a?.drain_info?.state === 'DRAINED' ? a : undefined;
    },
    { what: 'the agent DRAINED', timeoutMs: 10_000 },
  );
  assert.is(drained.deactivated, true);
  assert.is(String(drained.drain_info.config.max_grace_period.nanoseconds), '2000000000');

  const gone = await post({ type: 'DRAIN_AGENT', drain_agent: { agent_id: { value: id1 }, mark_gone: true } });
  assert.is(gone.status, 200, gone.body);
  await fw.ack(await fw.nextUpdate('task-1', 'TASK_KILLED'));
  await waitFor(async () => !(await agents()).some((x) => x.agent_info.id.value === id1) || undefined, { what: 'the drained agent marked gone', timeoutMs: 10_000 });
  await master!.proc.waitForLine(/agent drained/, 1000);
});

test.run();
