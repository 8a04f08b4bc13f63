/** A framework as the master tracks it: its info, its subscription stream, tasks and offers. */
import { encodeMessage } from '@plateau/mesos';
import { FrameworkInfoSchema } from '@plateau/mesos';
import type { Resources } from '@plateau/mesos';
import type { ExecutorInfo, FrameworkID, FrameworkInfo, OfferConstraints } from '@plateau/mesos';
import { frameworkRoles } from '@plateau/mesos';
import type { SchedulerStream } from '../scheduler/stream';
import type { OfferRecord } from './offer';
import type { TaskRecord } from './task';

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

  /** Tasks not yet removed (running, unreachable, terminal awaiting acknowledgement), by task id. */
  readonly tasks = new Map<string, TaskRecord>();
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
    let m = this.executors.get(agentId);
    if (m === undefined) this.executors.set(agentId, (m = new Map()));
    m.set(entry.info.executor_id.value, entry);
  }

  /** Forgets an executor on an agent. */
  removeExecutor(agentId: string, executorId: string): void {
    const m = this.executors.get(agentId);
    if (m === undefined) return;
    m.delete(executorId);
    if (m.size === 0) this.executors.delete(agentId);
  }
}
