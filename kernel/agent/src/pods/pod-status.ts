/**
 * The terminal status of a pod's task whose nested container ended, as Mesos's default executor
 * words it: a limitation fails the task with its reason; a task the agent killed for running past
 * its max_completion_time fails; a killed task is TASK_KILLED; exit 0 is TASK_FINISHED; anything
 * else is TASK_FAILED.
 */
import type { TaskState, TaskStatus_Reason } from '@plateau/mesos';
import type { ContainerLimitation, ContainerTermination } from '../containerizer/index';
import type { AgentTask } from '../state';

export interface PodTaskEnd {
  state: TaskState;
  reason?: TaskStatus_Reason;
  message: string;
}

export function terminalStatusOf(t: AgentTask, term: ContainerTermination & { limitation?: ContainerLimitation }): PodTaskEnd {
  const how = term.exitCode !== undefined ? `Command exited with status ${term.exitCode}` : term.signal !== undefined ? `Command terminated by signal ${term.signal}${term.message ? ` (${term.message})` : ''}` : term.message || 'Command terminated with unknown status';
  if (term.limitation) return { state: 'TASK_FAILED', reason: term.limitation.reason, message: term.limitation.message };
  if (t.killCause === 'max_completion_time') return { state: 'TASK_FAILED', reason: 'REASON_MAX_COMPLETION_TIME_REACHED', message: `Task reached its max_completion_time: ${how}` };
  if (t.killCause === 'health_check') return { state: 'TASK_KILLED', message: `Task killed after failing its health check: ${how}` };
  if (t.killRequested) return { state: 'TASK_KILLED', message: `Task killed: ${how}` };
  if (term.exitCode === 0) return { state: 'TASK_FINISHED', message: how };
  if (term.exitCode === undefined && term.signal === undefined) return { state: 'TASK_FAILED', reason: 'REASON_EXECUTOR_TERMINATED', message: how };
  return { state: 'TASK_FAILED', message: how };
}
