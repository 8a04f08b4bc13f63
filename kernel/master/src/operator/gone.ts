/**
 * MARK_AGENT_GONE: the operator says an agent will never come back. Recorded in the registry
 * first (so a new leader still refuses it), then its tasks end as TASK_GONE_BY_OPERATOR
 * (TASK_LOST for frameworks that are not partition-aware) with REASON_AGENT_REMOVED_BY_OPERATOR,
 * its offers are rescinded, its resources leave the allocator, it is told to shut down, and it
 * leaves the books (AGENT_REMOVED to operator subscribers). If it ever tries to register again
 * it is told to shut down. Answers 200 (also for an agent already gone), 404 for an unknown
 * agent, 503 when the registry write fails.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { type AgentID, type HttpAnswer, notFound, ok, serviceUnavailable } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';
import type { AgentSession } from '../agent-link/session';
import type { MasterContext } from '../context';
import { rescindAgentOffers } from '../offers';
import type { AgentLink, AgentRecord } from '../state/index';
import { applyStatus, masterStatus, removeTask, sendUpdate } from '../tasks';
import type { Caller } from '../auth';
import { refusal } from './authorize';
import type { OperatorHandlers } from './handler';
import { agentRemoved } from './observe';

async function markGone(m: MasterContext, caller: Caller, agentId: AgentID | undefined): Promise<HttpAnswer> {
  if (agentId === undefined) return notFound('mark_agent_gone.agent_id: required');
  const id = agentId.value;
  const denied = await refusal(m, caller, 'MARK_AGENT_GONE', [{ type: 'agent', value: id }]);
  if (denied) return denied;
  return markAgentGone(m, id);
}

/** Marks an agent gone (authorized already): registry first, then out of the books. */
export async function markAgentGone(m: MasterContext, id: string): Promise<HttpAnswer> {
  const reg = m.operatorRegistry;
  if (reg.gone.has(id)) return ok();
  const agent = m.state.agents.get(id);
  if (agent === undefined && !m.state.recoveredAgents.has(id)) return notFound(`Agent '${id}' not found`);
  reg.gone.add(id);
  try {
    await reg.saveGone();
  } catch (err) {
    reg.gone.delete(id);
    return serviceUnavailable(`Could not persist that agent ${id} is gone: ${messageOf(err)}`);
  }
  // Answered once the admitted list no longer holds it, as Mesos answers after its registry
  // operation; a failure is logged only: the gone list already keeps it out.
  await m.registry.remove(id).catch((err: unknown) => m.log.error({ agentId: id, err: messageOf(err) }, 'registry removal of a gone agent failed'));
  m.state.recoveredAgents.delete(id);
  if (reg.reservations.delete(id)) reg.saveReservations().catch((err: unknown) => m.log.error({ agentId: id, err: messageOf(err) }, 'could not forget the reservations of a gone agent'));
  if (!m.leading || agent === undefined || m.state.agents.get(id) !== agent) return ok();
  removeAgentByOperator(m, agent, `Agent ${id} marked as gone by the operator`);
  m.log.warn({ agentId: id, hostname: agent.info.hostname }, 'agent marked gone by the operator');
  return ok();
}

/**
 * Takes an agent out of the books at the operator's word (marked gone, or its machine DOWN for
 * maintenance): offers rescinded, resources out of the allocator, tasks ended as
 * TASK_GONE_BY_OPERATOR (TASK_LOST for frameworks that are not partition-aware), the agent told to
 * shut down, AGENT_REMOVED to operator subscribers.
 */
export function removeAgentByOperator(m: MasterContext, agent: AgentRecord, message: string): void {
  const id = agent.id;
  rescindAgentOffers(m, agent, message);
  if (agent.inAllocator) {
    m.allocator.removeAgent(id);
    agent.inAllocator = false;
  }
  for (const task of [...agent.tasks]) {
    if (!task.terminal) {
      const fw = task.framework;
      const state = fw.has('PARTITION_AWARE') ? 'TASK_GONE_BY_OPERATOR' : 'TASK_LOST';
      const status = masterStatus(m, task.info.task_id, state, 'REASON_AGENT_REMOVED_BY_OPERATOR', message, agent.idObj);
      applyStatus(m, task, status);
      sendUpdate(fw, status);
    }
    removeTask(m, task);
  }
  for (const fw of m.state.frameworks.values()) fw.executors.delete(id);
  if (agent.session !== null) {
    const s = agent.session;
    agent.session = null;
    shutDown(s, message);
  }
  m.state.agents.delete(id);
  agentRemoved(m, agent);
  m.requestAllocation();
}

/** Tells an agent to stop and closes its link. */
function shutDown(session: AgentLink, message: string): void {
  session.send({ shutdownAgent: { message } });
  session.close();
}

/**
 * For the agent link: refuses the registration of an agent marked gone (it is told to shut
 * down). Returns true when refused.
 */
export function refuseGoneAgent(m: MasterContext, session: AgentSession, agentId: string): boolean {
  if (!agentId || !m.operatorRegistry.gone.has(agentId)) return false;
  m.log.warn({ agentId, peer: session.peer }, 'an agent marked gone tried to register again; shutting it down');
  session.send({ shutdownAgent: { message: `Agent ${agentId} was marked gone by the operator` } });
  session.fail(GrpcStatus.PERMISSION_DENIED, `agent ${agentId} was marked gone by the operator`);
  return true;
}

/** Handlers of this group. */
export const goneHandlers: OperatorHandlers = {
  MARK_AGENT_GONE: (m, call, caller) => markGone(m, caller, call.mark_agent_gone?.agent_id),
};
