/**
 * StatusUpdates: the agent's status update manager. Each update gets a uuid and joins its task's
 * queue; the queue is checkpointed before the update is first sent. Only the oldest update of a
 * task is in flight; it is resent with backoff (Mesos: 10 s doubling to 10 min) until the master
 * forwards the framework's acknowledgement, then the next one goes. After (re-)registration every
 * task's in-flight update is resent at once. A task whose terminal update is acknowledged is done.
 */
import { randomBytes } from 'node:crypto';
import { encodeMessage, isTerminalTaskState, type TaskStatus, TaskStatusSchema } from '@plateau/mesos';
import { type Logger, messageOf } from '@plateau/kernel';
import type { AgentTask, PendingUpdate } from './state';

/** What the manager needs from the agent. */
export interface StatusUpdateHooks {
  /** Sends one update to the master; false when there is no registered link (it is retried later). */
  send(frameworkId: string, statusJson: string, uuid: Buffer): boolean;
  /** Whether `send` would reach a master now. */
  connected(): boolean;
  /** Checkpoints the task (its queue changed); resolves once durable. */
  persist(task: AgentTask): Promise<void>;
  /** The task's terminal update was acknowledged: forget the task. */
  done(task: AgentTask): void;
}

/** Maximum resend interval (Mesos: 10 minutes). */
export const MAX_RETRY_MS = 10 * 60_000;

/** StatusUpdates: per-task queues of unacknowledged updates. */
export class StatusUpdates {
  private readonly timers = new Map<AgentTask, { timer: NodeJS.Timeout; delay: number }>();
  /** Updates whose checkpoint is not yet durable: they are not sent before it is. */
  private readonly durable = new WeakMap<PendingUpdate, Promise<void>>();
  /** Updates that will be sent as soon as they are durable. */
  private readonly waiting = new WeakSet<PendingUpdate>();
  /** Counters, for /state and tests. */
  readonly stats = { sent: 0, resent: 0, acknowledged: 0 };

  constructor(
    private readonly hooks: StatusUpdateHooks,
    private readonly initialRetryMs: number,
    private readonly log: Logger,
  ) {}

  /**
   * A new status for `task`: it gets a uuid, becomes the task's latest status, is checkpointed
   * and sent when its turn comes.
   */
  enqueue(task: AgentTask, status: TaskStatus, after?: Promise<unknown>): void {
    const uuid = randomBytes(16);
    status.uuid = uuid;
    task.state = status.state;
    task.latest = status;
    const pending = { uuid: uuid.toString('base64'), status: encodeMessage(TaskStatusSchema, status), state: status.state };
    task.pending.push(pending);
    if (task.pending.length === 1 && this.hooks.connected()) {
      // It goes out right after this checkpoint: record it as sent in the same write.
      task.sentState = pending.state;
      task.sentStatus = pending.status;
    }
    const written = Promise.all([this.hooks.persist(task), after]).then(
      () => undefined,
      (err: unknown) => this.log.error({ taskId: task.taskId, err: messageOf(err) }, 'status update checkpoint failed; sending it anyway'),
    );
    this.durable.set(pending, written);
    void written.then(() => this.durable.delete(pending));
    if (task.pending.length === 1) this.transmitWhenDurable(task);
  }

  /** The master forwarded an acknowledgement; true when it matched the update in flight. */
  acknowledge(task: AgentTask, uuid: Buffer): boolean {
    const head = task.pending[0];
    if (head === undefined || !Buffer.from(head.uuid, 'base64').equals(uuid)) return false;
    this.stats.acknowledged++;
    task.pending.shift();
    this.clearTimer(task);
    if (task.pending.length === 0 && isTerminalTaskState(head.state)) {
      this.hooks.done(task);
      return true;
    }
    void this.hooks.persist(task).catch((err: unknown) => this.log.warn({ taskId: task.taskId, err: messageOf(err) }, 'checkpoint of an acknowledgement failed'));
    if (task.pending.length > 0) this.transmitWhenDurable(task);
    return true;
  }

  /** Resends the in-flight update of every task (after the agent (re-)registered). */
  resendAll(tasks: Iterable<AgentTask>): void {
    for (const t of tasks) {
      if (t.pending.length === 0) continue;
      this.clearTimer(t);
      this.transmitWhenDurable(t, true);
    }
  }

  /** Stops resending for a task (it is being forgotten). */
  forget(task: AgentTask): void {
    this.clearTimer(task);
  }

  /** Stops every timer. */
  stop(): void {
    for (const t of [...this.timers.keys()]) this.clearTimer(t);
  }

  /** Sends the task's head update once its checkpoint is durable. */
  private transmitWhenDurable(task: AgentTask, resend = false): void {
    const head = task.pending[0];
    if (head === undefined) return;
    const written = this.durable.get(head);
    if (written === undefined) {
      this.transmit(task, resend);
      return;
    }
    if (this.waiting.has(head)) return; // already goes out once durable
    this.waiting.add(head);
    void written.then(() => {
      this.waiting.delete(head);
      if (task.pending[0] === head) this.transmit(task, resend);
    });
  }

  private transmit(task: AgentTask, resend: boolean): void {
    const head = task.pending[0];
    if (head === undefined) return;
    const sent = this.hooks.send(task.frameworkId, head.status, Buffer.from(head.uuid, 'base64'));
    if (sent) {
      if (resend) this.stats.resent++;
      else this.stats.sent++;
      if (task.sentState !== head.state || task.sentStatus !== head.status) {
        task.sentState = head.state;
        task.sentStatus = head.status;
        void this.hooks.persist(task).catch(() => undefined);
      }
      this.log.debug({ taskId: task.taskId, state: head.state, resend }, 'status update sent');
    }
    const prev = this.timers.get(task);
    const delay = prev === undefined ? this.initialRetryMs : Math.min(MAX_RETRY_MS, prev.delay * 2);
    clearTimeout(prev?.timer);
    const timer = setTimeout(() => this.transmit(task, true), delay);
    timer.unref();
    this.timers.set(task, { timer, delay });
  }

  private clearTimer(task: AgentTask): void {
    const t = this.timers.get(task);
    if (t) clearTimeout(t.timer);
    this.timers.delete(task);
  }
}
