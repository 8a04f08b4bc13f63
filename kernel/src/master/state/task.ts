/**
 * A task as the master tracks it: the TaskInfo it was launched with, where it runs, its latest
 * state and the status history. Kept small: one object per task plus its statuses, sharing the
 * id objects of its framework and agent.
 */
import type { Resources } from '../../allocator/resources';
import { isTerminalTaskState, type TaskInfo, type TaskState, type TaskStatus } from '../../api/types';
import type { AgentRecord } from './agent';
import type { FrameworkRecord } from './framework';

/** Statuses kept per task (the first ones and the latest ones are what the APIs show). */
export const MAX_STATUSES_PER_TASK = 16;

/** TaskRecord: one task of one framework on one agent. */
export class TaskRecord {
  /** Latest state reported (or set by the master). */
  state: TaskState = 'TASK_STAGING';
  /** Status history, oldest first, at most MAX_STATUSES_PER_TASK (the oldest drop out). */
  statuses: TaskStatus[] = [];
  /** Each status as v1 JSON, once encoded (for UPDATE events and the state endpoints). */
  statusJson: (string | undefined)[] = [];
  /** Cached v1 JSON of what never changes: up to agent_id, the resources, and from labels on. */
  v1Parts: [string, string, string] | undefined;
  /** Cached legacy (/master/state) JSON of what never changes. */
  legacyParts: [string, string] | undefined;
  /** State of the update last forwarded to the framework and not yet acknowledged. */
  statusUpdateState: TaskState | undefined;
  /** Uuid of that update. */
  statusUpdateUuid: Uint8Array | undefined;
  /** Resources have gone back to the allocator (the task is terminal or unreachable). */
  released = false;
  /** When the master launched it (ms since the epoch). */
  readonly launchedAt: number;

  constructor(
    /** As the framework sent it (agent_id replaced by the agent's shared id object). */
    readonly info: TaskInfo,
    readonly framework: FrameworkRecord,
    readonly agent: AgentRecord,
    /** The task's executor, or undefined for a command task. */
    readonly executorId: string | undefined,
    /** Resources it holds, allocation role set; what goes back to the allocator when it ends. */
    readonly resources: Resources,
    /** The role its resources are allocated to. */
    readonly role: string,
    now: number,
  ) {
    this.launchedAt = now;
  }

  /** The task id. */
  get id(): string {
    return this.info.task_id.value;
  }

  /** Whether the latest state is terminal. */
  get terminal(): boolean {
    return isTerminalTaskState(this.state);
  }

  /** Records a status (and its JSON, when already encoded): state and history. */
  addStatus(status: TaskStatus, json?: string): void {
    this.state = status.state;
    const list = this.statuses;
    if (list.length >= MAX_STATUSES_PER_TASK) {
      // keep the first, drop the next oldest
      list.splice(1, 1);
      this.statusJson.splice(1, 1);
    }
    list.push(status);
    this.statusJson.push(json);
  }

  /** The latest status, if any. */
  get latestStatus(): TaskStatus | undefined {
    return this.statuses[this.statuses.length - 1];
  }
}
