/**
 * A task as the master tracks it, kept small because a master holds hundreds of thousands: the
 * parts of its TaskInfo the APIs show (not its command or executor, which went to the agent),
 * where it runs, its latest state, and its status history as the JSON already sent to the
 * framework (the TaskStatus objects are not kept).
 */
import type { Resources } from '../../allocator/resources';
import { isTerminalTaskState, type AgentID, type ContainerInfo, type DiscoveryInfo, type HealthCheck, type KillPolicy, type Labels, type TaskID, type TaskState, type Value_Scalar } from '../../api/types';
import type { AgentRecord } from './agent';
import type { FrameworkRecord } from './framework';

/** Statuses kept per task (the first one and the latest ones are what the APIs show). */
export const MAX_STATUSES_PER_TASK = 16;

/** What the master keeps of a TaskInfo. */
export interface TaskSummary {
  name: string;
  task_id: TaskID;
  agent_id: AgentID;
  labels?: Labels;
  discovery?: DiscoveryInfo;
  container?: ContainerInfo;
  health_check?: HealthCheck;
  kill_policy?: KillPolicy;
  limits?: Record<string, Value_Scalar>;
  /** CommandInfo.user, else the framework's user. */
  user?: string;
}

/** TaskRecord: one task of one framework on one agent. */
export class TaskRecord {
  /** Latest state reported (or set by the master). */
  state: TaskState = 'TASK_STAGING';
  /** Status history as v1 TaskStatus JSON, oldest first, at most MAX_STATUSES_PER_TASK. */
  statusJson: string[] = [];
  /** The same statuses in the legacy /master/state form. */
  legacyStatuses: string[] = [];
  /** State of the update last forwarded to the framework and not yet acknowledged. */
  statusUpdateState: TaskState | undefined;
  /** Uuid of that update, base64. */
  statusUpdateUuid: string | undefined;
  /** Resources have gone back to the allocator (the task is terminal or unreachable). */
  released = false;
  /** When the master launched it (ms since the epoch). */
  readonly launchedAt: number;
  /** Encoded JSON of what never changes, made on the first state request (views/). */
  v1Head: Buffer | undefined;
  /** `,"resources":[...]`, shared between tasks with the same resources. */
  v1Res: Buffer | undefined;
  /** The fields after the status fields, and the closing brace; shared when equal. */
  v1Tail: Buffer | undefined;
  /** Legacy head (ids), and tail (resources, role, user, ...; shared when equal). */
  legacyHead: Buffer | undefined;
  legacyTail: Buffer | undefined;

  constructor(
    readonly info: TaskSummary,
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

  /** Records a status (its v1 and legacy JSON): state and history. */
  addStatus(state: TaskState, json: string, legacy: string): void {
    this.state = state;
    if (this.statusJson.length >= MAX_STATUSES_PER_TASK) {
      // keep the first, drop the next oldest
      this.statusJson.splice(1, 1);
      this.legacyStatuses.splice(1, 1);
    }
    this.statusJson.push(json);
    this.legacyStatuses.push(legacy);
  }

  /** The latest status as v1 JSON, if any. */
  get latestStatusJson(): string | undefined {
    return this.statusJson[this.statusJson.length - 1];
  }
}
