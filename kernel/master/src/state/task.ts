/**
 * A task as the master tracks it, kept small because a master holds hundreds of thousands: the
 * parts of its TaskInfo the APIs show (not its command or executor, which went to the agent),
 * where it runs, its latest state, and its status history as the JSON already sent to the
 * framework (the TaskStatus objects are not kept).
 */
import type { Resources } from '@plateau/mesos';
import { isTerminalTaskState, TaskState as TaskStateValues, type AgentID, type ContainerInfo, type DiscoveryInfo, type HealthCheck, type KillPolicy, type Labels, type TaskID, type TaskState, type Value_Scalar } from '@plateau/mesos';
import type { AgentRecord } from './agent';
import type { FrameworkRecord } from './framework';

/** Statuses kept per task (the first one and the latest ones are what the APIs show). */
export const MAX_STATUSES_PER_TASK = 16;

/** One string per state name, so that tasks share them instead of each holding a decoded copy. */
const STATE_NAMES = new Map<string, TaskState>(Object.keys(TaskStateValues).map((k) => [k, k as TaskState]));

/** The shared string of a state name. */
export function stateName(state: TaskState): TaskState {
  return STATE_NAMES.get(state) ?? state;
}

/** A copy of `list` with `item` appended, of exactly the needed length (no room kept for growth). */
function appended(list: readonly string[], item: string, dropSecond: boolean): string[] {
  const from = dropSecond ? 1 : 0;
  const out = new Array<string>(list.length - from + 1);
  let j = 0;
  for (let i = 0; i < list.length; i++) if (!(dropSecond && i === 1)) out[j++] = list[i]!;
  out[j] = item;
  return out;
}

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

const NO_STATUSES: readonly string[] = [];

/** TaskRecord: one task of one framework on one agent. */
export class TaskRecord {
  /** Latest state reported (or set by the master). */
  state: TaskState = 'TASK_STAGING';
  /** Status history as v1 TaskStatus JSON, oldest first, at most MAX_STATUSES_PER_TASK. */
  statusJson: readonly string[] = NO_STATUSES;
  /** The same statuses in the legacy /master/state form. */
  legacyStatuses: readonly string[] = NO_STATUSES;
  /** State of the update last forwarded to the framework and not yet acknowledged. */
  statusUpdateState: TaskState | undefined;
  /** Uuid of that update, base64. */
  statusUpdateUuid: string | undefined;
  /** Resources have gone back to the allocator (the task is terminal or unreachable). */
  released = false;
  /** When the master launched it (ms since the epoch). */
  readonly launchedAt: number;
  /** Encoded JSON of what never changes, made on the first state request (views/). */
  v1Head: string | undefined;
  /** `,"resources":[...]`, shared between tasks with the same resources. */
  v1Res: string | undefined;
  /** The fields after the status fields, and the closing brace; shared when equal. */
  v1Tail: string | undefined;
  /** Legacy head (ids), and tail (resources, role, user, ...; shared when equal). */
  legacyHead: string | undefined;
  legacyTail: string | undefined;

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
    this.state = stateName(state);
    // New arrays of exactly the right length: a task has few statuses, and arrays grown by
    // push keep room for 16 more, which adds up over hundreds of thousands of tasks.
    const full = this.statusJson.length >= MAX_STATUSES_PER_TASK;
    this.statusJson = appended(this.statusJson, json, full);
    this.legacyStatuses = appended(this.legacyStatuses, legacy, full);
  }

  /** The latest status as v1 JSON, if any. */
  get latestStatusJson(): string | undefined {
    return this.statusJson[this.statusJson.length - 1];
  }
}
