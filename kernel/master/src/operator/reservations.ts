/**
 * RESERVE_RESOURCES and UNRESERVE_RESOURCES: dynamic reservations an operator makes on an
 * agent, through the allocator, on resources that are free. When they are not free because they
 * are offered, the agent's offers are rescinded and the reservation tried once more; resources
 * in use by tasks are never taken (409). Answers: 202 done; 400 malformed, unknown or
 * unreachable agent, resources that are not dynamically reserved; 409 not available.
 */
import { AllocatorError } from '../allocator/errors';
import { accepted, type AgentID, badRequest, conflict, type HttpAnswer, type Resource, Resources } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';
import type { MasterContext } from '../context';
import { rescindAgentOffers } from '../offers';
import type { AgentRecord } from '../state/index';
import type { Caller } from '../auth';
import { refusal } from './authorize';
import type { OperatorHandlers } from './handler';
import { sendCheckpointedResources } from '../volumes';

type Change = 'reserve' | 'unreserve';

/** Whether `need` would be free on `agent` once its outstanding offers are taken back. */
function freedByRescinding(m: MasterContext, agent: AgentRecord, need: Resources): boolean {
  if (agent.offers.size === 0) return false;
  const free = m.allocator.available(agent.id).unallocate();
  for (const o of agent.offers) free.add(o.resources.clone().unallocate());
  return free.contains(need);
}

async function change(m: MasterContext, caller: Caller, kind: Change, agentId: AgentID | undefined, list: Resource[] | undefined): Promise<HttpAnswer> {
  const field = kind === 'reserve' ? 'reserve_resources' : 'unreserve_resources';
  if (agentId === undefined) return badRequest(`${field}.agent_id: required`);
  const agent = m.state.agents.get(agentId.value);
  if (agent === undefined || agent.unreachableTime !== undefined || !agent.inAllocator) return badRequest(`No agent found with specified ID '${agentId.value}'`);
  if (list === undefined || list.length === 0) return badRequest(`${field}.resources: must not be empty`);
  let res: Resources;
  try {
    res = Resources.fromJSON(list as never).unallocate();
  } catch (err) {
    return badRequest(`${field}.resources: ${messageOf(err)}`);
  }
  if (!res.allDynamicallyReserved()) return badRequest(`${field}.resources: every resource must carry a dynamic reservation (reservations[] ending with type DYNAMIC)`);
  for (const role of res.reservationRoles()) if (role === '*') return badRequest(`${field}.resources: cannot reserve for role '*'`);
  const denied = await refusal(m, caller, kind === 'reserve' ? 'RESERVE_RESOURCES' : 'UNRESERVE_RESOURCES', res.reservationRoles().map((value) => ({ type: 'role', value })));
  if (denied) return denied;
  if (m.state.agents.get(agent.id) !== agent || !agent.inAllocator) return badRequest(`No agent found with specified ID '${agentId.value}'`);
  const apply = () => (kind === 'reserve' ? m.allocator.reserve(agent.id, res) : m.allocator.unreserve(agent.id, res));
  try {
    try {
      apply();
    } catch (err) {
      if (!(err instanceof AllocatorError) || err.code !== 'PLT_ERR_ALLOCATOR_UNAVAILABLE' || !freedByRescinding(m, agent, kind === 'reserve' ? res.popReservations() : res)) throw err;
      rescindAgentOffers(m, agent, `operator ${kind}`);
      apply();
    }
  } catch (err) {
    if (err instanceof AllocatorError && err.code === 'PLT_ERR_ALLOCATOR_UNAVAILABLE') return conflict(`Resources ${res.toString()} are not available on agent ${agent.id}: ${err.message}`);
    if (err instanceof AllocatorError) return badRequest(`${field}: ${err.message}`);
    throw err;
  }
  agent.total = m.allocator.agentTotal(agent.id);
  agent.invalidateViews();
  checkpointChanged(m, agent);
  m.log.info({ agentId: agent.id, resources: res.toString() }, kind === 'reserve' ? 'resources reserved by the operator' : 'resources unreserved by the operator');
  m.requestAllocation();
  return accepted();
}

/** The dynamic reservations in an agent's total. */
function dynamicReservations(total: Resources): Resources {
  return total.filter((r) => (r.reservations ?? []).some((x) => x.type === 'DYNAMIC'));
}

/**
 * The agent's dynamic reservations or volumes changed in the master's books: they are persisted
 * and sent to the agent to checkpoint.
 */
export function checkpointChanged(m: MasterContext, agent: AgentRecord): void {
  rememberReservations(m, agent);
  sendCheckpointedResources(m, agent);
}

/** Persists the agent's dynamic reservations (and volumes), so that they outlive its re-registration and a master failover. */
function rememberReservations(m: MasterContext, agent: AgentRecord): void {
  const reg = m.operatorRegistry;
  const list = dynamicReservations(agent.total).toJSON();
  if (list.length === 0) reg.reservations.delete(agent.id);
  else reg.reservations.set(agent.id, list);
  reg.saveReservations().catch((err: unknown) => m.log.error({ agentId: agent.id, err: messageOf(err) }, 'could not persist the reservations of an agent'));
}

/**
 * An agent (re-)registered: the dynamic reservations persisted for it that its announced total
 * lacks are made again, where they are free.
 */
export function restoreReservations(m: MasterContext, agent: AgentRecord): void {
  restoreStored(m, agent);
  // The agent checkpoints what the master's books hold for it (Mesos does so on re-registration).
  sendCheckpointedResources(m, agent);
}

function restoreStored(m: MasterContext, agent: AgentRecord): void {
  const stored = m.operatorRegistry.reservations.get(agent.id);
  if (stored === undefined || !agent.inAllocator) return;
  try {
    // Volumes live on the agent; only reservations are made again.
    const wanted = Resources.fromJSON(stored.filter((r) => (r as { disk?: { persistence?: unknown } }).disk?.persistence === undefined) as never).unallocate();
    const missing = wanted.minus(wanted.intersection(dynamicReservations(agent.total)));
    if (missing.isEmpty()) return;
    m.allocator.reserve(agent.id, missing);
    agent.total = m.allocator.agentTotal(agent.id);
    agent.invalidateViews();
    m.log.info({ agentId: agent.id, resources: missing.toString() }, 'dynamic reservations of the agent restored');
  } catch (err) {
    m.log.warn({ agentId: agent.id, err: messageOf(err) }, 'stored dynamic reservations of the agent could not be restored');
  }
}

/** Handlers of this group. */
export const reservationHandlers: OperatorHandlers = {
  RESERVE_RESOURCES: (m, call, caller) => change(m, caller, 'reserve', call.reserve_resources?.agent_id, call.reserve_resources?.resources),
  UNRESERVE_RESOURCES: (m, call, caller) => change(m, caller, 'unreserve', call.unreserve_resources?.agent_id, call.unreserve_resources?.resources),
};
