/**
 * The operator calls of maintenance (Mesos 1.x) and agent draining (Mesos 1.9):
 * UPDATE_MAINTENANCE_SCHEDULE, GET_MAINTENANCE_SCHEDULE, GET_MAINTENANCE_STATUS,
 * START_MAINTENANCE, STOP_MAINTENANCE, DRAIN_AGENT, DEACTIVATE_AGENT, REACTIVATE_AGENT.
 * Each mutation is authorized with Mesos's action name, validated as Mesos validates it (400
 * naming what is wrong, nothing changed), persisted (503 when the registry write fails, nothing
 * changed), then applied to the books.
 */
import { badRequest, encodeMessage, type HttpAnswer, type MachineID, MachineIDSchema, type MaintenanceSchedule, MaintenanceClusterStatusSchema, MaintenanceScheduleSchema, notFound, ok, serviceUnavailable, type DrainInfo, type MasterCall_DrainAgent } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';
import type { AuthzObject, Caller } from '../auth';
import type { MasterContext } from '../context';
import { rescindAgentOffers } from '../offers';
import { removeAgentByOperator } from '../operator/gone';
import { refusal } from '../operator/authorize';
import { type OperatorHandlers, respond } from '../operator/handler';
import { AgentRecord } from '../state/index';
import { continueDrain, durationInfo } from './drain';
import { agentOnMachine, machineIdError, machineKey, machineName, scheduledMachines, scheduleError } from './machines';

function machineObject(id: MachineID): AuthzObject {
  return { type: 'machine', value: machineName(id), json: encodeMessage(MachineIDSchema, id) };
}

/** Persists the store; on failure restores `undo` and answers 503. */
async function persist(m: MasterContext, what: string, undo: () => void): Promise<HttpAnswer | undefined> {
  try {
    await m.maintenance.store.save();
  } catch (err) {
    undo();
    return serviceUnavailable(`Could not persist ${what}: ${messageOf(err)}`);
  }
  if (!m.leading) return serviceUnavailable(`Master lost leadership while persisting ${what}`);
  return undefined;
}

/** The machines of `list` the caller may act on (GET calls show only those). */
async function allowed(m: MasterContext, caller: Caller, action: string, list: MachineID[]): Promise<MachineID[]> {
  if (!m.auth.authorizes || list.length === 0) return list;
  const d = await m.auth.authorizedMany(caller, action, list.map(machineObject));
  return list.filter((_, i) => d[i]?.allowed === true);
}

async function updateSchedule(m: MasterContext, caller: Caller, schedule: MaintenanceSchedule | undefined): Promise<HttpAnswer> {
  if (schedule === undefined) return badRequest('update_maintenance_schedule.schedule: required');
  for (const w of schedule.windows ?? []) for (const id of w.machine_ids ?? []) if (id.hostname) id.hostname = id.hostname.toLowerCase();
  const invalid = scheduleError(schedule);
  if (invalid) return badRequest(invalid);
  const next = scheduledMachines(schedule);
  const store = m.maintenance.store;
  for (const [key, id] of store.down) if (!next.has(key)) return badRequest(`Machine '${machineName(id)}' is DOWN and cannot be removed from the schedule (STOP_MAINTENANCE first)`);
  const denied = await refusal(m, caller, 'UPDATE_MAINTENANCE_SCHEDULE', [...next.values()].map((s) => machineObject(s.id)));
  if (denied) return denied;
  const before = scheduledMachines(store.schedule);
  const old = store.schedule;
  store.schedule = schedule;
  const failed = await persist(m, 'the maintenance schedule', () => (store.schedule = old));
  if (failed) return failed;
  // Machines that left the schedule are UP again: their inverse offers are taken back. Offers of
  // agents whose unavailability changed are re-made with it.
  const left = new Set([...before.keys()].filter((k) => !next.has(k)));
  m.maintenance.inverse.forgetMachines(m, left);
  const changed = [...next].filter(([k, s]) => before.get(k)?.window.unavailability !== s.window.unavailability).map(([, s]) => s.id);
  // Frameworks reconsider a machine whose unavailability really changed (by value): its inverse offer holds go.
  const text = (u: unknown) => JSON.stringify(u, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  const reconsider = [...next].filter(([k, s]) => text(before.get(k)?.window.unavailability) !== text(s.window.unavailability));
  m.maintenance.inverse.dropFilters(new Set(reconsider.map(([k]) => k)));
  const touched = [...changed, ...[...before].filter(([k]) => left.has(k)).map(([, s]) => s.id)];
  for (const agent of m.state.agents.values()) if (touched.some((id) => agentOnMachine(agent, id))) rescindAgentOffers(m, agent, 'maintenance schedule changed');
  m.log.info({ windows: (schedule.windows ?? []).length, machines: next.size }, 'maintenance schedule updated');
  m.requestAllocation();
  return ok();
}

async function getSchedule(m: MasterContext, caller: Caller): Promise<HttpAnswer> {
  const schedule = m.maintenance.store.schedule;
  let shown = schedule;
  if (m.auth.authorizes) {
    const windows = [];
    for (const w of schedule.windows ?? []) {
      const ids = await allowed(m, caller, 'GET_MAINTENANCE_SCHEDULE', w.machine_ids ?? []);
      if (ids.length > 0) windows.push({ ...w, machine_ids: ids });
    }
    shown = { windows };
  }
  return respond('GET_MAINTENANCE_SCHEDULE', `{"schedule":${encodeMessage(MaintenanceScheduleSchema, shown)}}`);
}

async function getStatus(m: MasterContext, caller: Caller): Promise<HttpAnswer> {
  const store = m.maintenance.store;
  const draining = [...scheduledMachines(store.schedule)].filter(([k]) => !store.down.has(k)).map(([, s]) => s.id);
  const shownDraining = await allowed(m, caller, 'GET_MAINTENANCE_STATUS', draining);
  const shownDown = await allowed(m, caller, 'GET_MAINTENANCE_STATUS', [...store.down.values()]);
  const status = {
    draining_machines: shownDraining.map((id) => {
      const statuses = m.maintenance.inverse.statusesOf(machineKey(id));
      return statuses.length > 0 ? { id, statuses } : { id };
    }),
    down_machines: shownDown,
  };
  return respond('GET_MAINTENANCE_STATUS', `{"status":${encodeMessage(MaintenanceClusterStatusSchema, status)}}`);
}

/** Checks START/STOP_MAINTENANCE's machine list. */
function machinesError(list: MachineID[], field: string): string | undefined {
  if (list.length === 0) return `${field}.machines: the list of machines is empty`;
  const seen = new Set<string>();
  for (const [i, id] of list.entries()) {
    if (id.hostname) id.hostname = id.hostname.toLowerCase();
    const err = machineIdError(id, `${field}.machines[${i}]`);
    if (err) return err;
    if (seen.has(machineKey(id))) return `Machine '${machineName(id)}' appears more than once in ${field}.machines`;
    seen.add(machineKey(id));
  }
  return undefined;
}

/** START_MAINTENANCE: DRAINING machines go DOWN; their agents are removed and told to shut down. */
async function startMaintenance(m: MasterContext, caller: Caller, list: MachineID[]): Promise<HttpAnswer> {
  const invalid = machinesError(list, 'start_maintenance');
  if (invalid) return badRequest(invalid);
  const store = m.maintenance.store;
  const scheduled = scheduledMachines(store.schedule);
  for (const id of list) {
    if (!scheduled.has(machineKey(id))) return badRequest(`Machine '${machineName(id)}' is not in the maintenance schedule`);
    if (store.down.has(machineKey(id))) return badRequest(`Machine '${machineName(id)}' is already DOWN`);
  }
  const denied = await refusal(m, caller, 'START_MAINTENANCE', list.map(machineObject));
  if (denied) return denied;
  for (const id of list) store.down.set(machineKey(id), id);
  const failed = await persist(m, 'the DOWN machines', () => list.forEach((id) => store.down.delete(machineKey(id))));
  if (failed) return failed;
  m.maintenance.inverse.forgetMachines(m, new Set(list.map(machineKey)));
  for (const agent of [...m.state.agents.values()]) {
    const id = list.find((x) => agentOnMachine(agent, x));
    if (id === undefined) continue;
    await m.registry.remove(agent.id).catch((err: unknown) => m.log.error({ agentId: agent.id, err: messageOf(err) }, 'registry removal of an agent of a DOWN machine failed'));
    if (!m.leading || m.state.agents.get(agent.id) !== agent) continue;
    removeAgentByOperator(m, agent, `Machine ${machineName(id)} is DOWN for maintenance`);
    m.log.warn({ agentId: agent.id, machine: machineName(id) }, 'agent removed: its machine is DOWN for maintenance');
  }
  return ok();
}

/** STOP_MAINTENANCE: DOWN machines are UP again and leave the schedule; their agents may register. */
async function stopMaintenance(m: MasterContext, caller: Caller, list: MachineID[]): Promise<HttpAnswer> {
  const invalid = machinesError(list, 'stop_maintenance');
  if (invalid) return badRequest(invalid);
  const store = m.maintenance.store;
  for (const id of list) if (!store.down.has(machineKey(id))) return badRequest(`Machine '${machineName(id)}' is not DOWN`);
  const denied = await refusal(m, caller, 'STOP_MAINTENANCE', list.map(machineObject));
  if (denied) return denied;
  const keys = new Set(list.map(machineKey));
  const oldSchedule = store.schedule;
  const oldDown = new Map(store.down);
  for (const k of keys) store.down.delete(k);
  store.schedule = {
    windows: (oldSchedule.windows ?? []).map((w) => ({ ...w, machine_ids: (w.machine_ids ?? []).filter((id) => !keys.has(machineKey(id))) })).filter((w) => w.machine_ids.length > 0),
  };
  const failed = await persist(m, 'the machines brought up', () => {
    store.schedule = oldSchedule;
    store.down = oldDown;
  });
  if (failed) return failed;
  m.maintenance.inverse.forgetMachines(m, keys);
  return ok();
}

function agentOf(m: MasterContext, field: string, agentId: { value: string } | undefined): AgentRecord | HttpAnswer {
  if (agentId === undefined || !agentId.value) return badRequest(`${field}.agent_id: required`);
  return m.state.agents.get(agentId.value) ?? notFound(`Agent '${agentId.value}' not found`);
}

/** DRAIN_AGENT: no offers, tasks killed with the grace, then DRAINED (and gone if asked). */
async function drainAgent(m: MasterContext, caller: Caller, call: MasterCall_DrainAgent | undefined): Promise<HttpAnswer> {
  const agent = agentOf(m, 'drain_agent', call?.agent_id);
  if (!(agent instanceof AgentRecord)) return agent;
  let grace;
  if (call!.max_grace_period !== undefined) {
    grace = durationInfo(call!.max_grace_period);
    if (grace === undefined) return badRequest('drain_agent.max_grace_period: must not be negative');
  }
  const denied = await refusal(m, caller, 'DRAIN_AGENT', [{ type: 'agent', value: agent.id }]);
  if (denied) return denied;
  const store = m.maintenance.store;
  const info: DrainInfo = { state: 'DRAINING', config: { ...(grace ? { max_grace_period: grace } : {}), mark_gone: call!.mark_gone === true } };
  const old = store.draining.get(agent.id);
  store.draining.set(agent.id, info);
  const failed = await persist(m, `the drain of agent ${agent.id}`, () => (old === undefined ? store.draining.delete(agent.id) : store.draining.set(agent.id, old)));
  if (failed) return failed;
  if (m.state.agents.get(agent.id) !== agent) return ok();
  deactivate(m, agent);
  agent.drainInfo = info;
  continueDrain(m, agent, info, m.maintenance.drainWatches);
  m.log.info({ agentId: agent.id, maxGracePeriodNs: grace?.nanoseconds.toString(), markGone: info.config.mark_gone }, 'draining agent');
  return ok();
}

function deactivate(m: MasterContext, agent: AgentRecord): void {
  if (!agent.deactivated) {
    agent.deactivated = true;
    if (agent.inAllocator) m.allocator.deactivateAgent(agent.id);
  }
  rescindAgentOffers(m, agent, 'agent deactivated');
}

/** DEACTIVATE_AGENT: no new offers of the agent; its tasks go on. */
async function deactivateAgent(m: MasterContext, caller: Caller, agentId: { value: string } | undefined): Promise<HttpAnswer> {
  const agent = agentOf(m, 'deactivate_agent', agentId);
  if (!(agent instanceof AgentRecord)) return agent;
  const denied = await refusal(m, caller, 'DEACTIVATE_AGENT', [{ type: 'agent', value: agent.id }]);
  if (denied) return denied;
  const store = m.maintenance.store;
  const had = store.deactivated.has(agent.id);
  store.deactivated.add(agent.id);
  const failed = await persist(m, `the deactivation of agent ${agent.id}`, () => (had ? undefined : store.deactivated.delete(agent.id)));
  if (failed) return failed;
  if (m.state.agents.get(agent.id) === agent) deactivate(m, agent);
  return ok();
}

/** REACTIVATE_AGENT: offers again; a drain in progress or done is forgotten (as Mesos does). */
async function reactivateAgent(m: MasterContext, caller: Caller, agentId: { value: string } | undefined): Promise<HttpAnswer> {
  const agent = agentOf(m, 'reactivate_agent', agentId);
  if (!(agent instanceof AgentRecord)) return agent;
  const denied = await refusal(m, caller, 'REACTIVATE_AGENT', [{ type: 'agent', value: agent.id }]);
  if (denied) return denied;
  const store = m.maintenance.store;
  const had = store.deactivated.has(agent.id);
  const drain = store.draining.get(agent.id);
  store.deactivated.delete(agent.id);
  store.draining.delete(agent.id);
  const failed = await persist(m, `the reactivation of agent ${agent.id}`, () => {
    if (had) store.deactivated.add(agent.id);
    if (drain) store.draining.set(agent.id, drain);
  });
  if (failed) return failed;
  if (m.state.agents.get(agent.id) !== agent) return ok();
  clearInterval(m.maintenance.drainWatches.get(agent.id));
  m.maintenance.drainWatches.delete(agent.id);
  agent.drainInfo = undefined;
  if (agent.deactivated) {
    agent.deactivated = false;
    if (agent.inAllocator && agent.connected) m.allocator.activateAgent(agent.id);
  }
  m.requestAllocation();
  return ok();
}

/** Handlers of this group. */
export const maintenanceHandlers: OperatorHandlers = {
  UPDATE_MAINTENANCE_SCHEDULE: (m, call, caller) => updateSchedule(m, caller, call.update_maintenance_schedule?.schedule),
  GET_MAINTENANCE_SCHEDULE: (m, _call, caller) => getSchedule(m, caller),
  GET_MAINTENANCE_STATUS: (m, _call, caller) => getStatus(m, caller),
  START_MAINTENANCE: (m, call, caller) => startMaintenance(m, caller, call.start_maintenance?.machines ?? []),
  STOP_MAINTENANCE: (m, call, caller) => stopMaintenance(m, caller, call.stop_maintenance?.machines ?? []),
  DRAIN_AGENT: (m, call, caller) => drainAgent(m, caller, call.drain_agent),
  DEACTIVATE_AGENT: (m, call, caller) => deactivateAgent(m, caller, call.deactivate_agent?.agent_id),
  REACTIVATE_AGENT: (m, call, caller) => reactivateAgent(m, caller, call.reactivate_agent?.agent_id),
};
