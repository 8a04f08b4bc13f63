/**
 * What the master does with each message of an agent link: registration first, then status
 * updates (recorded, forwarded to the framework, acknowledged later by the framework), pongs
 * and executor messages.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { parseMessage, type TaskStatus, TaskStatusSchema } from '@plateau/mesos';
import { type AgentMessage__Output, type ExecutorMessage__Output, messageOf, type StatusUpdate__Output } from '@plateau/kernel';
import { registerAgent, reregisterAgent } from '../agents';
import type { MasterContext } from '../context';
import { type AgentRecord, stateName } from '../state/index';
import { applyStatus, sendUpdate, statusToJson, uuidKey } from '../tasks';
import type { AgentSession } from './session';

/** Handles one message of an agent link. */
export function agentMessage(m: MasterContext, session: AgentSession, msg: AgentMessage__Output): void | Promise<void> {
  if (!m.leading) return;
  switch (msg.message) {
    case 'register':
      return registerAgent(m, session, msg.register!);
    case 'reregister':
      return reregisterAgent(m, session, msg.reregister!);
    default:
      break;
  }
  const agent = session.agent;
  if (agent === null) {
    session.fail(GrpcStatus.FAILED_PRECONDITION, 'the first message of an agent link must be register or reregister');
    return;
  }
  if (agent.session !== session) return;
  agent.heardFrom = true;
  switch (msg.message) {
    case 'statusUpdate':
      statusUpdate(m, agent, msg.statusUpdate!);
      return;
    case 'executorMessage':
      executorMessage(m, agent, msg.executorMessage!);
      return;
    default:
      return; // pong, or a message this master does not know: liveness is all it tells
  }
}

/**
 * A status update from an agent: the task's books change (resources go back when it ends), and
 * the update goes to the framework if it is connected. Updates with a uuid wait for the
 * framework's ACKNOWLEDGE; the agent resends them until then (a resend is forwarded again, not
 * recorded twice).
 */
export function statusUpdate(m: MasterContext, agent: AgentRecord, u: StatusUpdate__Output): void {
  let status: TaskStatus;
  try {
    status = parseMessage(TaskStatusSchema, u.statusJson, { root: 'status_json' });
  } catch (err) {
    m.log.warn({ agentId: agent.id, err: messageOf(err) }, 'dropping unreadable status update');
    return;
  }
  const uuid = u.uuid.length > 0 ? new Uint8Array(u.uuid) : status.uuid;
  if (uuid !== undefined) status.uuid = uuid;
  status.agent_id = agent.idObj;
  const fw = m.state.frameworks.get(u.frameworkId);
  if (fw === undefined) {
    if (uuid !== undefined && m.state.removedFrameworkIds.has(u.frameworkId)) {
      // The framework is gone for good: nobody will acknowledge, so the master does.
      agent.session?.send({ statusUpdateAck: { agentId: agent.id, frameworkId: u.frameworkId, taskId: status.task_id.value, uuid } });
    }
    return;
  }
  const json = statusToJson(status);
  const task = fw.tasks.get(status.task_id.value);
  if (task !== undefined && task.agent === agent) {
    const key = uuid === undefined ? undefined : uuidKey(uuid);
    const resend = key !== undefined && task.statusUpdateUuid === key;
    if (!resend) applyStatus(m, task, status, json);
    if (key !== undefined) {
      task.statusUpdateState = stateName(status.state);
      task.statusUpdateUuid = key;
    }
  }
  sendUpdate(fw, status, json);
}

/** Opaque data from an executor: a MESSAGE event to its framework. */
function executorMessage(m: MasterContext, agent: AgentRecord, e: ExecutorMessage__Output): void {
  const fw = m.state.frameworks.get(e.frameworkId);
  fw?.stream?.send({ type: 'MESSAGE', message: { agent_id: agent.idObj, executor_id: { value: e.executorId }, data: new Uint8Array(e.data) } });
}
