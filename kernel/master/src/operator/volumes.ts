/**
 * CREATE_VOLUMES and DESTROY_VOLUMES: persistent volumes an operator makes on an agent's free
 * reserved disk, or destroys when no live task uses them. Offered resources are taken back first
 * when that frees what is needed. The agent is sent its new checkpointed resources (it makes or
 * removes the volume's directory). Answers: 202 done; 400 malformed, unknown agent, a volume
 * refused (naming why); 409 not free or in use.
 */
import { accepted, type AgentID, badRequest, conflict, type HttpAnswer, type Resource, Resources } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';
import type { MasterContext } from '../context';
import { rescindAgentOffers } from '../offers';
import type { Caller } from '../auth';
import { createProblem, destroyProblem } from '../volumes';
import { refusal } from './authorize';
import type { OperatorHandlers } from './handler';
import { checkpointChanged } from './reservations';

/** The volume resource as the disk it was made from. */
function diskOf(r: Resource): Resource {
  const copy = JSON.parse(JSON.stringify(r)) as Resource;
  if (copy.disk !== undefined) {
    delete copy.disk.persistence;
    delete copy.disk.volume;
    if (Object.keys(copy.disk).length === 0) delete copy.disk;
  }
  return copy;
}

async function change(m: MasterContext, caller: Caller, kind: 'create' | 'destroy', agentId: AgentID | undefined, volumes: Resource[] | undefined): Promise<HttpAnswer> {
  const field = kind === 'create' ? 'create_volumes' : 'destroy_volumes';
  if (agentId === undefined) return badRequest(`${field}.agent_id: required`);
  const agent = m.state.agents.get(agentId.value);
  if (agent === undefined || agent.unreachableTime !== undefined || !agent.inAllocator) return badRequest(`No agent found with specified ID '${agentId.value}'`);
  if (volumes === undefined || volumes.length === 0) return badRequest(`${field}.volumes: must not be empty`);
  if (kind === 'create') {
    const problem = createProblem(agent, volumes, `${field}.volumes`);
    if (problem !== undefined) return badRequest(problem);
  }
  let vols: Resources;
  let disks: Resources;
  try {
    vols = Resources.fromJSON(volumes as never).unallocate();
    disks = Resources.fromJSON(volumes.map(diskOf) as never).unallocate();
  } catch (err) {
    return badRequest(`${field}.volumes: ${messageOf(err)}`);
  }
  const roles = vols.reservationRoles().map((value) => ({ type: 'role', value }));
  const denied = await refusal(m, caller, kind === 'create' ? 'CREATE_VOLUME' : 'DESTROY_VOLUME', roles);
  if (denied) return denied;
  if (m.state.agents.get(agent.id) !== agent || !agent.inAllocator) return badRequest(`No agent found with specified ID '${agentId.value}'`);
  if (kind === 'destroy') {
    const problem = destroyProblem(agent, volumes, `${field}.volumes`);
    if (problem !== undefined) return conflict(problem);
  }
  const consumed = kind === 'create' ? disks : vols;
  const converted = kind === 'create' ? vols : disks;
  const free = () => m.allocator.available(agent.id).unallocate();
  if (!free().contains(consumed)) {
    const offered = free();
    for (const o of agent.offers) offered.add(o.resources.clone().unallocate());
    if (!offered.contains(consumed)) return conflict(`Resources ${consumed.toString()} are not free on agent ${agent.id}`);
    rescindAgentOffers(m, agent, `operator ${field}`);
    if (!free().contains(consumed)) return conflict(`Resources ${consumed.toString()} are not free on agent ${agent.id}`);
  }
  try {
    m.allocator.updateAgent(agent.id, m.allocator.agentTotal(agent.id).unallocate().minus(consumed).plus(converted), { attributes: agent.info.attributes as never });
  } catch (err) {
    return badRequest(`${field}: ${messageOf(err)}`);
  }
  agent.total = m.allocator.agentTotal(agent.id);
  agent.invalidateViews();
  checkpointChanged(m, agent);
  m.log.info({ agentId: agent.id, volumes: vols.toString() }, kind === 'create' ? 'persistent volumes created by the operator' : 'persistent volumes destroyed by the operator');
  m.requestAllocation();
  return accepted();
}

/** Handlers of this group. */
export const volumeHandlers: OperatorHandlers = {
  CREATE_VOLUMES: (m, call, caller) => change(m, caller, 'create', call.create_volumes?.agent_id, call.create_volumes?.volumes),
  DESTROY_VOLUMES: (m, call, caller) => change(m, caller, 'destroy', call.destroy_volumes?.agent_id, call.destroy_volumes?.volumes),
};
