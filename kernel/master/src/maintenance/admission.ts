/**
 * What maintenance says when an agent (re-)registers: an agent of a DOWN machine is refused; one
 * the operator deactivated or is draining comes back deactivated, and its drain goes on.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { AgentSession } from '../agent-link/session';
import type { MasterContext } from '../context';
import type { AgentRecord } from '../state/index';
import { continueDrain } from './drain';
import { hostOnMachine, machineName } from './machines';

/**
 * For the agent link: refuses an agent whose machine is DOWN (it is told to shut down, as Mesos
 * does until STOP_MAINTENANCE). Returns true when refused.
 */
export function refuseDownMachine(m: MasterContext, session: AgentSession, hostname: string): boolean {
  for (const id of m.maintenance.store.down.values()) {
    if (!hostOnMachine(hostname, session.peer, id)) continue;
    m.log.warn({ hostname, peer: session.peer, machine: machineName(id) }, 'an agent of a DOWN machine tried to register; shutting it down');
    session.send({ shutdownAgent: { message: `Machine ${machineName(id)} is DOWN for maintenance` } });
    session.fail(GrpcStatus.PERMISSION_DENIED, `machine ${machineName(id)} is DOWN for maintenance`);
    return true;
  }
  return false;
}

/**
 * An agent (re-)registered: it is deactivated again if the operator deactivated or drained it,
 * and a drain in progress goes on. Call before the agent is given to the allocator.
 */
export function maintenanceOnAdmission(m: MasterContext, agent: AgentRecord): void {
  const drain = m.maintenance.store.draining.get(agent.id);
  agent.drainInfo = drain;
  if (m.maintenance.store.deactivated.has(agent.id) || drain !== undefined) agent.deactivated = true;
  if (drain !== undefined) continueDrain(m, agent, drain, m.maintenance.drainWatches);
}
