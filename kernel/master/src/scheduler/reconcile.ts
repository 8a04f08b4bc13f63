/**
 * RECONCILE: the master answers with UPDATE events carrying no uuid (never acknowledged) and
 * reason REASON_RECONCILIATION. Implicit (no tasks listed): the latest state of every task the
 * master has for the framework. Explicit: each listed task; one the master does not have is
 * TASK_GONE on a registered agent, TASK_UNREACHABLE on an unreachable one, TASK_UNKNOWN
 * otherwise, for partition-aware frameworks, and TASK_LOST for the others; a task on an agent
 * that has not yet re-registered after a master failover gets no answer yet.
 */
import { type Call_Reconcile_Task, parseMessage, type TaskState, type TaskStatus, TaskStatusSchema, timeInfoFromMillis } from '@plateau/mesos';
import type { MasterContext } from '../context';
import type { FrameworkRecord, TaskRecord } from '../state/index';
import { masterStatus, sendUpdate } from '../tasks';

/** The reconciliation answer for a known task: its latest status, without uuid. */
function known(m: MasterContext, task: TaskRecord): TaskStatus {
  const json = task.latestStatusJson;
  let latest: TaskStatus | undefined;
  try {
    latest = json === undefined ? undefined : parseMessage(TaskStatusSchema, json);
  } catch {
    latest = undefined;
  }
  const s = masterStatus(m, task.info.task_id, task.state, 'REASON_RECONCILIATION', 'Reconciliation: Latest task state', task.agent.idObj);
  if (task.executorId !== undefined) s.executor_id = { value: task.executorId };
  if (latest !== undefined) {
    if (latest.healthy !== undefined) s.healthy = latest.healthy;
    if (latest.labels !== undefined) s.labels = latest.labels;
    if (latest.container_status !== undefined) s.container_status = latest.container_status;
    if (latest.check_status !== undefined) s.check_status = latest.check_status;
    if (latest.unreachable_time !== undefined) s.unreachable_time = latest.unreachable_time;
    if (latest.data !== undefined) s.data = latest.data;
  }
  return s;
}

/** Answers a RECONCILE call with UPDATE events. */
export function reconcile(m: MasterContext, fw: FrameworkRecord, tasks: readonly Call_Reconcile_Task[]): void {
  if (tasks.length === 0) {
    for (const task of fw.tasks.values()) sendUpdate(fw, known(m, task));
    return;
  }
  const pa = fw.has('PARTITION_AWARE');
  for (const t of tasks) {
    const task = fw.tasks.get(t.task_id.value);
    if (task !== undefined) {
      sendUpdate(fw, known(m, task));
      continue;
    }
    const agentId = t.agent_id?.value;
    let state: TaskState;
    let unreachableSince: number | undefined;
    const agent = agentId === undefined ? undefined : m.state.agents.get(agentId);
    if (agentId !== undefined && agent === undefined && m.state.recoveredAgents.has(agentId)) continue;
    if (agent !== undefined && agent.unreachableTime === undefined) state = pa ? 'TASK_GONE' : 'TASK_LOST';
    else if (agent !== undefined) {
      state = pa ? 'TASK_UNREACHABLE' : 'TASK_LOST';
      unreachableSince = agent.unreachableTime;
    } else if (agentId !== undefined && m.failover.missing.has(agentId)) {
      // An agent of the registry that did not come back after a master failover.
      state = pa ? 'TASK_UNREACHABLE' : 'TASK_LOST';
      unreachableSince = m.failover.missing.get(agentId);
    } else state = pa ? 'TASK_UNKNOWN' : 'TASK_LOST';
    const s = masterStatus(m, t.task_id, state, 'REASON_RECONCILIATION', 'Reconciliation: Task is unknown', t.agent_id);
    if (unreachableSince !== undefined) s.unreachable_time = timeInfoFromMillis(unreachableSince);
    sendUpdate(fw, s);
  }
}
