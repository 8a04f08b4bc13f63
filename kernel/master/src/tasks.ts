/**
 * Task bookkeeping shared by the scheduler calls and the agent link: master-made statuses,
 * UPDATE events, giving resources back, and removing tasks once their end is acknowledged.
 */
import { type AgentID, isTerminalTaskState, type TaskID, type TaskState, type TaskStatus, type TaskStatus_Reason } from '@plateau/mesos';
import type { MasterContext } from './context';
import type { FrameworkRecord, TaskRecord } from './state/index';
import { taskUpdated } from './operator/observe';
import { legacyStatusJson } from './views/legacy';
import { taskStatusJson } from './views/json';

/** A status the master produces itself: no uuid, so never acknowledged (scheduler API reference §7). */
export function masterStatus(
  m: MasterContext,
  taskId: TaskID,
  state: TaskState,
  reason: TaskStatus_Reason,
  message: string,
  agentId?: AgentID,
): TaskStatus {
  const s: TaskStatus = { task_id: taskId, state, message, source: 'SOURCE_MASTER', reason, timestamp: m.now() / 1000 };
  if (agentId !== undefined) s.agent_id = agentId;
  return s;
}

/** A TaskStatus as v1 JSON (what the schema encoder writes; the common shapes by hand). */
export function statusToJson(status: TaskStatus): string {
  return taskStatusJson(status);
}

/**
 * Sends UPDATE to a framework, if it is connected (a disconnected one learns by reconciling).
 * `json` is the status already encoded, when the caller has it.
 */
export function sendUpdate(fw: FrameworkRecord, status: TaskStatus, json?: string): void {
  if (fw.stream === null) return;
  // Same bytes as encoding the whole Event: `type` comes first, then `update`.
  fw.stream.sendJson(`{"type":"UPDATE","update":{"status":${json ?? statusToJson(status)}}}`);
}

/** TASK_DROPPED for partition-aware frameworks, TASK_LOST for the others. */
export function droppedState(fw: FrameworkRecord): 'TASK_DROPPED' | 'TASK_LOST' {
  return fw.has('PARTITION_AWARE') ? 'TASK_DROPPED' : 'TASK_LOST';
}

/**
 * Gives a task's resources back to the allocator, once; also its executor's, when it was the
 * executor's last task holding resources (the agent link has no executor-exited message, so an
 * executor is taken to end with its last task).
 */
export function releaseTask(m: MasterContext, task: TaskRecord): void {
  if (task.released) return;
  task.released = true;
  const fw = task.framework;
  const agent = task.agent;
  agent.changes++;
  fw.changes++;
  m.allocator.recoverResources(fw.id, agent.id, task.resources);
  if (task.executorId !== undefined) {
    const e = fw.executor(agent.id, task.executorId);
    if (e !== undefined && --e.liveTasks <= 0) {
      fw.removeExecutor(agent.id, task.executorId);
      if (!e.resources.isEmpty()) m.allocator.recoverResources(fw.id, agent.id, e.resources);
    }
  }
  m.requestAllocation();
}

/** Records a status on a task; its resources go back when it turns terminal or unreachable. */
export function applyStatus(m: MasterContext, task: TaskRecord, status: TaskStatus, json?: string): void {
  task.addStatus(status.state, json ?? statusToJson(status), legacyStatusJson(status));
  taskUpdated(m, task, status);
  if (isTerminalTaskState(status.state) || status.state === 'TASK_UNREACHABLE') releaseTask(m, task);
}

/** Removes a task from the books (its end was acknowledged, or it can never be): into completed tasks. */
export function removeTask(m: MasterContext, task: TaskRecord): void {
  releaseTask(m, task);
  task.agent.tasks.delete(task);
  task.framework.complete(task, m.opts.maxCompletedTasksPerFramework);
}

/** A uuid as the master keeps it (base64). */
export function uuidKey(uuid: Uint8Array): string {
  return Buffer.from(uuid.buffer, uuid.byteOffset, uuid.byteLength).toString('base64');
}
