/**
 * The executor API (`POST /api/v1/executor` on an agent, `mesos.v1.executor.Call` and `Event`):
 * call validation and parsing (the call's types and tables are generated from
 * kernel/mesos/proto/mesos/v1/executor/executor.proto), and the events' JSON.
 *
 * Calls: SUBSCRIBE (the answer is a RecordIO stream of events), UPDATE (a task status, with a
 * uuid the executor made; 202), MESSAGE (data for the framework; 202). Every call names its
 * framework and executor. Events: SUBSCRIBED, LAUNCH, LAUNCH_GROUP, KILL, ACKNOWLEDGED, MESSAGE,
 * SHUTDOWN, ERROR, HEARTBEAT.
 */
import { encodeMessage, type Issue } from './json';
import type { BodyFormat } from './negotiate';
import { ExecutorCallSchema, ExecutorEventSchema } from './generated/schema';
import type { AgentInfo, ContainerID, ExecutorCall, ExecutorEvent, ExecutorInfo, FrameworkInfo, KillPolicy, TaskGroupInfo, TaskID, TaskInfo } from './generated/types';
import { parseCall, type ParsedCall } from './validate';

/** Checks an executor call: type, its body, and an UPDATE's status (uuid, not TASK_STAGING). */
export function validateExecutorCall(call: ExecutorCall, root = 'call'): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, msg: string) => issues.push({ path: `${root}${path}`, message: msg });
  if (call.type === undefined) {
    add('.type', "Expecting 'type' to be present");
    return issues;
  }
  if (!call.executor_id.value) add('.executor_id.value', 'must not be empty');
  if (!call.framework_id.value) add('.framework_id.value', 'must not be empty');
  if (call.type === 'SUBSCRIBE' && call.subscribe === undefined) add('.subscribe', "Expecting 'subscribe' to be present");
  if (call.type === 'MESSAGE' && call.message === undefined) add('.message', "Expecting 'message' to be present");
  if (call.type === 'UPDATE') {
    const s = call.update?.status;
    if (s === undefined) add('.update', "Expecting 'update' to be present");
    else {
      if (s.uuid === undefined || s.uuid.length === 0) add('.update.status.uuid', "Expecting 'uuid' to be present");
      if (s.state === 'TASK_STAGING') add('.update.status.state', 'an executor must not send TASK_STAGING');
      if (s.executor_id !== undefined && s.executor_id.value !== call.executor_id.value) add('.update.status.executor_id', 'does not match the call\'s executor_id');
    }
  }
  return issues;
}

/** Parses, decodes and validates an executor call body (JSON or protobuf): 400 naming the field; UNKNOWN → 501. */
export function parseExecutorCall(body: string | Uint8Array, format: BodyFormat = 'json'): ParsedCall<ExecutorCall> {
  return parseCall(body, ExecutorCallSchema, validateExecutorCall, 'executor::Call', format);
}

// ---------------------------------------------------------------------------------------------
// Events (Mesos JSON of mesos.v1.executor.Event)

const event = (e: ExecutorEvent): string => encodeMessage(ExecutorEventSchema, e);

/** SUBSCRIBED. */
export function subscribedEvent(e: { executorInfo: ExecutorInfo; frameworkInfo: FrameworkInfo; agentInfo: AgentInfo; containerId: ContainerID }): string {
  return event({
    type: 'SUBSCRIBED',
    subscribed: { executor_info: e.executorInfo, framework_info: e.frameworkInfo, agent_info: e.agentInfo, container_id: e.containerId },
  });
}

/** LAUNCH of one task. */
export function launchEvent(task: TaskInfo): string {
  return event({ type: 'LAUNCH', launch: { task } });
}

/** LAUNCH_GROUP of a task group. */
export function launchGroupEvent(group: TaskGroupInfo): string {
  return event({ type: 'LAUNCH_GROUP', launch_group: { task_group: group } });
}

/** KILL of a task. */
export function killEvent(taskId: TaskID, killPolicy?: KillPolicy): string {
  return event({ type: 'KILL', kill: { task_id: taskId, ...(killPolicy ? { kill_policy: killPolicy } : {}) } });
}

/** ACKNOWLEDGED: the agent has the update (checkpointed); the executor may forget it. */
export function acknowledgedEvent(taskId: TaskID, uuid: Uint8Array): string {
  return event({ type: 'ACKNOWLEDGED', acknowledged: { task_id: taskId, uuid } });
}

/** MESSAGE from the framework. */
export function messageEvent(data: Uint8Array): string {
  return event({ type: 'MESSAGE', message: { data } });
}

/** SHUTDOWN: the executor should kill its tasks and exit. */
export function shutdownEvent(): string {
  return event({ type: 'SHUTDOWN' });
}

/** ERROR, then the stream closes. */
export function errorEvent(message: string): string {
  return event({ type: 'ERROR', error: { message } });
}

/** HEARTBEAT. */
export function heartbeatEvent(): string {
  return event({ type: 'HEARTBEAT' });
}
