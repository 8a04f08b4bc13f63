/**
 * The records of the master's books: agents, frameworks, offers and tasks. They refer to one
 * another (a task to its framework and agent, an agent to its tasks and offers, ...), so they
 * are one unit and live in one file.
 */
import { type AgentID, type AgentInfo, type AgentInfo_Capability, type ContainerInfo, type DiscoveryInfo, type DrainInfo, encodeMessage, type ExecutorInfo, type FrameworkID, type FrameworkInfo, FrameworkInfoSchema, frameworkRoles, type HealthCheck, isTerminalTaskState, type KillPolicy, type Labels, type OfferConstraints, type Resources, type TaskID, type TaskState, TaskState as TaskStateValues, type Value_Scalar } from '@plateau/mesos';
import type { MasterMessage } from '@plateau/kernel';
import type { SchedulerStream } from '../scheduler/stream';

// ---------------------------------------------------------------------------------------------
// Agents: what an agent announced, its link, its tasks and offers.

/** An agent's open link as the books use it (the agent link's session implements it). */
export interface AgentLink {
  /** Sends a message to the agent; false when the link is closed. */
  send(msg: MasterMessage): boolean;
  /** Closes the link. */
  close(): void;
}

/** A Set that counts its changes into its owner's `changes` (what views cache against). */
class CountingSet<T> extends Set<T> {
  constructor(private readonly owner: { changes: number }) {
    super();
  }
  override add(value: T): this {
    this.owner.changes++;
    return super.add(value);
  }
  override delete(value: T): boolean {
    this.owner.changes++;
    return super.delete(value);
  }
}

/** A Map that counts its changes into its owner's `changes`. */
class CountingMap<K, V> extends Map<K, V> {
  constructor(private readonly owner: { changes: number }) {
    super();
  }
  override set(key: K, value: V): this {
    this.owner.changes++;
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.owner.changes++;
    return super.delete(key);
  }
}

/** AgentRecord: one registered agent (connected, disconnected, or unreachable). */
/** Scheme of an agent's HTTP API. */
export type AgentScheme = 'http' | 'https';

/** `scheme://host:port` of an agent's HTTP API. */
export function agentUrl(a: { scheme: AgentScheme; info: { hostname: string; port?: number } }): string {
  const host = a.info.hostname.includes(':') ? `[${a.info.hostname}]` : a.info.hostname;
  return `${a.scheme}://${host}:${a.info.port ?? 5051}`;
}

export class AgentRecord {
  readonly idObj: AgentID;
  /** AgentInfo as registered, id set; `resources` is its total as announced. */
  info: AgentInfo;
  /** Current total (static resources plus dynamic reservations and volumes made through the master). */
  total: Resources;
  version = '';
  capabilities: AgentInfo_Capability[] = [];
  /** `slave(1)@ip:port`, as Mesos tools expect it (a libprocess UPID: no scheme). */
  pid = '';
  /** Scheme of the agent's HTTP API, as it registered ('https' with agent.tls). */
  scheme: AgentScheme = 'http';

  /** The open agent link, or null while disconnected. */
  session: AgentLink | null = null;
  /** Pings sent without a Pong since the last Pong. */
  missedPings = 0;
  /** A Pong (or any message) came since the last ping round. */
  heardFrom = true;
  /** Known to the allocator (not while unreachable). */
  inAllocator = false;
  /** Not offered (operator DEACTIVATE_AGENT / draining). */
  deactivated = false;
  /** Set by DRAIN_AGENT: DRAINING, then DRAINED. */
  drainInfo: DrainInfo | undefined;
  /** Marked unreachable at this time (ms); undefined while reachable. */
  unreachableTime: number | undefined;

  /** Cached JSON of what rarely changes, for the state endpoints; reset when it changes. */
  v1Cache: { info: string; total: string; capabilities: string } | undefined;
  legacyCache: string | undefined;

  registeredTime: number;
  reregisteredTime: number | undefined;

  /**
   * Counts changes to what it holds (tasks, offers, a task giving its resources back), so that
   * views can cache what derives from them.
   */
  changes = 0;
  /** Tasks on it. */
  readonly tasks: Set<TaskRecord> = new CountingSet<TaskRecord>(this);
  /** Outstanding offers of its resources. */
  readonly offers: Set<OfferRecord> = new CountingSet<OfferRecord>(this);

  constructor(
    readonly id: string,
    info: AgentInfo,
    total: Resources,
    now: number,
  ) {
    this.idObj = { value: id };
    this.info = { ...info, id: this.idObj };
    this.total = total;
    this.registeredTime = now;
  }

  /** Connected and reachable: tasks may be sent to it. */
  get connected(): boolean {
    return this.session !== null && this.unreachableTime === undefined;
  }

  /** Forgets the cached JSON (info, total or capabilities changed). */
  invalidateViews(): void {
    this.v1Cache = undefined;
    this.legacyCache = undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Frameworks: info, subscription stream, tasks and offers.

/** An executor of a framework on an agent. */
export interface ExecutorEntry {
  info: ExecutorInfo;
  /** Resources it holds beyond its tasks', allocation role set. */
  resources: Resources;
  /** Its tasks that still hold resources. */
  liveTasks: number;
}

/** FrameworkRecord: one framework, subscribed, disconnected (failover pending), or recovered from agents. */
export class FrameworkRecord {
  readonly idObj: FrameworkID;
  info!: FrameworkInfo;
  /** The framework's roles (MULTI_ROLE `roles`, else `[role ?? '*']`). */
  roles: string[] = [];
  capabilities = new Set<string>();
  suppressedRoles: string[] = [];
  offerConstraints: OfferConstraints | undefined;
  /** FrameworkInfo as JSON, for RunTask messages (encoded once per change). */
  infoJson = '';

  /** The SUBSCRIBE stream while connected. */
  stream: SchedulerStream | null = null;
  /** Learned from a re-registering agent, never subscribed to this master. */
  recovered = false;
  /** Offers may go to it (connected and not deactivated). */
  active = false;
  registeredTime: number | undefined;
  reregisteredTime: number | undefined;
  unregisteredTime: number | undefined;
  failoverTimer: NodeJS.Timeout | undefined;
  /** Added to the allocator (by a subscription; recovered frameworks are not). */
  inAllocator = false;
  /** Authenticated principal of the subscription, if any. */
  principal: string | undefined;

  /**
   * Counts changes to what its tasks and executors hold (a task added or removed, a task giving
   * its resources back, an executor added or removed), so that views can cache the sums.
   */
  changes = 0;
  /** Tasks not yet removed (running, unreachable, terminal awaiting acknowledgement), by task id. */
  readonly tasks: Map<string, TaskRecord> = new CountingMap<string, TaskRecord>(this);
  /** Removed tasks, oldest first, bounded. */
  readonly completedTasks: TaskRecord[] = [];
  /** Outstanding offers, by offer id. */
  readonly offers = new Map<string, OfferRecord>();
  /** Executors by agent id, then executor id. */
  readonly executors = new Map<string, Map<string, ExecutorEntry>>();

  constructor(readonly id: string) {
    this.idObj = { value: id };
  }

  /** Whether its SUBSCRIBE stream is open. */
  get connected(): boolean {
    return this.stream !== null;
  }

  /** Sets the FrameworkInfo (with this id) and what derives from it. */
  setInfo(info: FrameworkInfo): void {
    this.info = { ...info, id: this.idObj };
    this.roles = frameworkRoles(this.info);
    this.capabilities = new Set((info.capabilities ?? []).map((c) => c.type ?? 'UNKNOWN'));
    this.infoJson = encodeMessage(FrameworkInfoSchema, this.info);
  }

  /** Whether it declared a capability (PARTITION_AWARE, MULTI_ROLE, ...). */
  has(capability: string): boolean {
    return this.capabilities.has(capability);
  }

  /** Adds a task to the completed list, dropping the oldest past `max`. */
  complete(task: TaskRecord, max: number): void {
    this.tasks.delete(task.id);
    if (max <= 0) return;
    if (this.completedTasks.length >= max) this.completedTasks.shift();
    this.completedTasks.push(task);
  }

  /** The executor `executorId` on agent `agentId`, if known. */
  executor(agentId: string, executorId: string): ExecutorEntry | undefined {
    return this.executors.get(agentId)?.get(executorId);
  }

  /** Records an executor on an agent. */
  addExecutor(agentId: string, entry: ExecutorEntry): void {
    this.changes++;
    let m = this.executors.get(agentId);
    if (m === undefined) this.executors.set(agentId, (m = new Map()));
    m.set(entry.info.executor_id.value, entry);
  }

  /** Forgets an executor on an agent. */
  removeExecutor(agentId: string, executorId: string): void {
    const m = this.executors.get(agentId);
    if (m === undefined) return;
    this.changes++;
    m.delete(executorId);
    if (m.size === 0) this.executors.delete(agentId);
  }
}

// ---------------------------------------------------------------------------------------------
// Offers: resources of one agent offered to one framework for one role.

/** OfferRecord: lives from the OFFERS event until accepted, declined, rescinded or timed out. */
export class OfferRecord {
  /** Offer timeout timer, when offers time out. */
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly framework: FrameworkRecord,
    readonly agent: AgentRecord,
    readonly role: string,
    /** The offered resources, allocation role set. */
    readonly resources: Resources,
    readonly createdAt: number,
  ) {}
}

// ---------------------------------------------------------------------------------------------
// Tasks, kept small because a master holds hundreds of thousands: the parts of its TaskInfo the
// APIs show (not its command or executor, which went to the agent), where it runs, its latest
// state, and its status history as the JSON already sent to the framework (the TaskStatus
// objects are not kept).

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
