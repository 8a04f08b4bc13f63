/**
 * SimAgent: a simulated agent, for benchmarks and tests of the master only. It speaks the real
 * agent link (register, re-register with its tasks, status updates, pongs) but runs nothing:
 * a task it is given reports TASK_RUNNING at once, then TASK_FINISHED after `taskMs` (or runs
 * until killed). Like a real agent's status update manager it keeps each task's updates in
 * order, sends the next only after the previous one is acknowledged, and resends the one in
 * flight with backoff until it is.
 */
import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { encodeMessage, isTerminalTaskState, type Resource, type TaskState, type TaskStatus, TaskStatusSchema } from '@plateau/mesos';
import { type AgentMessage, LEADER_METADATA, type MasterMessage__Output } from '@plateau/kernel';

/** Opens a link to a master address. */
export type LinkOpener = (address: string) => ClientDuplexStream<AgentMessage, MasterMessage__Output>;

/** Settings of one simulated agent. */
export interface SimAgentOptions {
  /**
   * The master's address (HTTP and agent link share it), or several masters' addresses joined
   * by commas: the agent follows a refusing master's leader hint, and tries the next address
   * when a link fails without one (the leader died).
   */
  master: string;
  hostname: string;
  port: number;
  /** Total resources, v1 JSON. */
  resources: Resource[];
  /** Milliseconds a task runs before TASK_FINISHED; undefined: until killed. */
  taskMs?: number;
  /** First resend delay of an unacknowledged update (doubles up to 10 minutes). Default 10 s. */
  retryMs?: number;
  /** First reconnect delay (doubles up to maxReconnectMs). Default 1 s. */
  reconnectMs?: number;
  /** Longest reconnect delay. Default 1 minute. */
  maxReconnectMs?: number;
  /**
   * A registered link on which the master sends nothing (not even a ping) for this long is
   * dropped and the agent looks for the leader again, as real agents do after missed pings (a
   * stopped master keeps its sockets open). Default 75 s (Mesos: 5 × 15 s); 0 never.
   */
  silenceMs?: number;
}

/** A status update waiting for its acknowledgement. */
interface PendingUpdate {
  uuid: Buffer;
  json: string;
  state: TaskState;
}

/** A task the simulated agent "runs". */
interface SimTask {
  frameworkId: string;
  taskId: string;
  /** TaskInfo as received (JSON). */
  info: { name?: string; resources?: unknown[] };
  executorId: string;
  state: TaskState;
  /** Updates not yet acknowledged, oldest first; the first is in flight. */
  pending: PendingUpdate[];
  retryDelay: number;
  retryTimer: NodeJS.Timeout | undefined;
  finishTimer: NodeJS.Timeout | undefined;
  latest: TaskStatus | undefined;
}

const MAX_RETRY_MS = 10 * 60_000;
const MAX_RECONNECT_MS = 60_000;

/** Counters of a simulated agent. */
export interface SimAgentStats {
  launched: number;
  updatesSent: number;
  updatesResent: number;
  acks: number;
}

/** SimAgent: one simulated agent. */
export class SimAgent {
  /** The id the master gave it. */
  agentId = '';
  /** Whether the master confirmed its (re-)registration on the current link. */
  registered = false;
  readonly stats: SimAgentStats = { launched: 0, updatesSent: 0, updatesResent: 0, acks: 0 };
  /** Called on every message from the master (tests watch the link with it). */
  onMessage: ((msg: MasterMessage__Output) => void) | undefined;
  /** Called once each time the agent is (re-)registered. */
  onRegistered: (() => void) | undefined;

  private readonly tasks = new Map<string, SimTask>();
  private readonly frameworks = new Map<string, string>();
  private link: ClientDuplexStream<AgentMessage, MasterMessage__Output> | undefined;
  private address: string;
  private readonly masters: string[];
  private stopped = false;
  private paused = false;
  private reconnectDelay: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private silenceTimer: NodeJS.Timeout | undefined;
  private lastHeard = 0;

  constructor(
    private readonly opts: SimAgentOptions,
    private readonly open: LinkOpener,
  ) {
    this.masters = opts.master.split(',').map((a) => a.trim()).filter((a) => a !== '');
    this.address = this.masters[0] ?? opts.master;
    this.reconnectDelay = opts.reconnectMs ?? 1000;
  }

  /** Tasks not yet finished and forgotten. */
  get taskCount(): number {
    return this.tasks.size;
  }

  /** The state of a task it runs, if any. */
  taskState(frameworkId: string, taskId: string): TaskState | undefined {
    return this.tasks.get(key(frameworkId, taskId))?.state;
  }

  /** Connects and registers (re-registers once it has an id). */
  start(): void {
    this.stopped = false;
    this.paused = false;
    this.connect();
  }

  /** Closes the link and stops everything. */
  stop(): void {
    this.stopped = true;
    this.closeLink();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.silenceTimer);
    for (const t of this.tasks.values()) {
      clearTimeout(t.retryTimer);
      clearTimeout(t.finishTimer);
    }
  }

  /** Simulates a partition: the link closes and the agent stays away until `reconnect()`. */
  disconnect(): void {
    this.paused = true;
    this.closeLink();
    clearTimeout(this.reconnectTimer);
  }

  /** Ends a partition: connects and re-registers with its tasks. */
  reconnect(): void {
    this.paused = false;
    this.reconnectDelay = this.opts.reconnectMs ?? 1000;
    this.connect();
  }

  /** Drops a registered link the master has been silent on for silenceMs. */
  private watchSilence(): void {
    const limit = this.opts.silenceMs ?? 75_000;
    clearTimeout(this.silenceTimer);
    if (limit <= 0 || this.stopped || this.paused) return;
    this.silenceTimer = setTimeout(() => {
      const link = this.link;
      if (link === undefined) return;
      if (Date.now() - this.lastHeard < limit) return this.watchSilence();
      link.removeAllListeners();
      link.on('error', () => undefined);
      link.cancel();
      this.onLinkDown(link, undefined);
    }, Math.max(10, limit / 4));
    this.silenceTimer.unref();
  }

  private closeLink(): void {
    const link = this.link;
    this.link = undefined;
    this.registered = false;
    if (link) {
      link.removeAllListeners();
      link.on('error', () => undefined);
      link.cancel();
    }
  }

  private connect(): void {
    if (this.stopped || this.paused || this.link) return;
    const link = this.open(this.address);
    this.link = link;
    link.on('data', (msg: MasterMessage__Output) => this.onData(msg));
    link.on('error', (err: ServiceError) => this.onLinkDown(link, err));
    link.on('end', () => this.onLinkDown(link, undefined));
    link.write(this.agentId === '' ? { register: this.registerMessage() } : { reregister: this.reregisterMessage() });
  }

  private onLinkDown(link: ClientDuplexStream<AgentMessage, MasterMessage__Output>, err: ServiceError | undefined): void {
    if (this.link !== link) return;
    this.link = undefined;
    this.registered = false;
    const leader = err?.metadata?.get(LEADER_METADATA)?.[0];
    if (typeof leader === 'string' && leader !== '' && leader !== this.address) {
      // A master that does not lead named the one that does.
      this.address = leader;
      this.reconnectDelay = this.opts.reconnectMs ?? 1000;
    } else if (this.masters.length > 1) {
      // The master is gone or has no leader to name: try the next one.
      this.address = this.masters[(this.masters.indexOf(this.address) + 1) % this.masters.length]!;
    }
    if (this.stopped || this.paused) return;
    // Randomized backoff, as agents do, so a fleet does not reconnect in lockstep.
    const delay = Math.random() * this.reconnectDelay;
    this.reconnectDelay = Math.min(this.opts.maxReconnectMs ?? MAX_RECONNECT_MS, this.reconnectDelay * 2);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    this.reconnectTimer.unref();
  }

  private registerMessage() {
    return {
      agentId: this.agentId,
      hostname: this.opts.hostname,
      port: this.opts.port,
      resourcesJson: JSON.stringify(this.opts.resources),
      attributesJson: '[]',
      version: 'plateau-sim',
      checkpoint: true,
      capabilities: ['MULTI_ROLE', 'HIERARCHICAL_ROLE', 'RESERVATION_REFINEMENT'],
    };
  }

  private reregisterMessage() {
    const tasks = [...this.tasks.values()].map((t) => ({
      name: t.info.name ?? t.taskId,
      task_id: { value: t.taskId },
      framework_id: { value: t.frameworkId },
      executor_id: { value: t.executorId },
      agent_id: { value: this.agentId },
      state: t.state,
      resources: t.info.resources ?? [],
      ...(t.latest ? { statuses: [JSON.parse(encodeMessage(TaskStatusSchema, t.latest))] } : {}),
    }));
    return {
      agent: this.registerMessage(),
      tasksJson: JSON.stringify(tasks),
      executorInfosJson: '[]',
      frameworkInfosJson: `[${[...this.frameworks.values()].join(',')}]`,
    };
  }

  private send(msg: AgentMessage): void {
    this.link?.write(msg);
  }

  private onData(msg: MasterMessage__Output): void {
    this.lastHeard = Date.now();
    this.onMessage?.(msg);
    switch (msg.message) {
      case 'registered':
        this.agentId = msg.registered!.agentId;
        this.onRegisteredLink();
        return;
      case 'reregistered':
        this.onRegisteredLink();
        return;
      case 'runTask': {
        const r = msg.runTask!;
        const info = JSON.parse(r.taskInfoJson) as { task_id: { value: string }; executor?: { executor_id: { value: string } } };
        const fw = JSON.parse(r.frameworkInfoJson) as { id: { value: string } };
        this.frameworks.set(fw.id.value, r.frameworkInfoJson);
        this.launch(fw.id.value, info, info.executor?.executor_id.value ?? info.task_id.value);
        return;
      }
      case 'runTaskGroup': {
        const g = msg.runTaskGroup!;
        const fw = JSON.parse(g.frameworkInfoJson) as { id: { value: string } };
        const executor = JSON.parse(g.executorInfoJson) as { executor_id: { value: string } };
        const group = JSON.parse(g.taskGroupJson) as { tasks?: { task_id: { value: string } }[] };
        this.frameworks.set(fw.id.value, g.frameworkInfoJson);
        for (const t of group.tasks ?? []) this.launch(fw.id.value, t, executor.executor_id.value);
        return;
      }
      case 'killTask': {
        const k = msg.killTask!;
        const t = this.tasks.get(key(k.frameworkId, k.taskId));
        if (t !== undefined && !isTerminalTaskState(t.state)) {
          clearTimeout(t.finishTimer);
          this.update(t, 'TASK_KILLED');
        }
        return;
      }
      case 'shutdownFramework': {
        const fwId = msg.shutdownFramework!.frameworkId;
        for (const [k, t] of this.tasks) {
          if (t.frameworkId !== fwId) continue;
          clearTimeout(t.retryTimer);
          clearTimeout(t.finishTimer);
          this.tasks.delete(k);
        }
        this.frameworks.delete(fwId);
        return;
      }
      case 'statusUpdateAck': {
        const a = msg.statusUpdateAck!;
        const t = this.tasks.get(key(a.frameworkId, a.taskId));
        const head = t?.pending[0];
        if (t === undefined || head === undefined || !head.uuid.equals(a.uuid)) return;
        this.stats.acks++;
        t.pending.shift();
        clearTimeout(t.retryTimer);
        t.retryTimer = undefined;
        t.retryDelay = this.opts.retryMs ?? 10_000;
        if (t.pending.length > 0) this.transmit(t, false);
        else if (isTerminalTaskState(t.state)) this.tasks.delete(key(t.frameworkId, t.taskId));
        return;
      }
      case 'ping':
        this.send({ pong: {} });
        return;
      case 'frameworkMessage': {
        // The simulated executor answers every framework message with the same data.
        const f = msg.frameworkMessage!;
        this.send({ executorMessage: { agentId: this.agentId, frameworkId: f.frameworkId, executorId: f.executorId, data: f.data } });
        return;
      }
      case 'shutdownAgent':
        this.stop();
        return;
      default:
        return;
    }
  }

  private onRegisteredLink(): void {
    this.registered = true;
    this.watchSilence();
    this.reconnectDelay = this.opts.reconnectMs ?? 1000;
    // Resend what the master may not have seen.
    for (const t of this.tasks.values()) if (t.pending.length > 0) this.transmit(t, true);
    this.onRegistered?.();
  }

  private launch(frameworkId: string, info: { task_id: { value: string } }, executorId: string): void {
    const k = key(frameworkId, info.task_id.value);
    if (this.tasks.has(k)) return;
    const t: SimTask = {
      frameworkId,
      taskId: info.task_id.value,
      info: info as SimTask['info'],
      executorId,
      state: 'TASK_STAGING',
      pending: [],
      retryDelay: this.opts.retryMs ?? 10_000,
      retryTimer: undefined,
      finishTimer: undefined,
      latest: undefined,
    };
    this.tasks.set(k, t);
    this.stats.launched++;
    this.update(t, 'TASK_RUNNING');
    if (this.opts.taskMs !== undefined) {
      t.finishTimer = setTimeout(() => {
        if (!isTerminalTaskState(t.state)) this.update(t, 'TASK_FINISHED');
      }, this.opts.taskMs);
      t.finishTimer.unref();
    }
  }

  /** A new state for a task: queued behind unacknowledged updates, sent when its turn comes. */
  private update(t: SimTask, state: TaskState): void {
    t.state = state;
    const uuid = randomBytes(16);
    const status: TaskStatus = {
      task_id: { value: t.taskId },
      state,
      source: 'SOURCE_EXECUTOR',
      agent_id: { value: this.agentId },
      executor_id: { value: t.executorId },
      timestamp: Date.now() / 1000,
      uuid,
    };
    t.latest = status;
    t.pending.push({ uuid, json: encodeMessage(TaskStatusSchema, status), state });
    if (t.pending.length === 1) this.transmit(t, false);
  }

  private transmit(t: SimTask, resend: boolean): void {
    const head = t.pending[0];
    if (head === undefined) return;
    if (this.registered) {
      this.send({ statusUpdate: { frameworkId: t.frameworkId, statusJson: head.json, uuid: head.uuid } });
      if (resend) this.stats.updatesResent++;
      else this.stats.updatesSent++;
    }
    clearTimeout(t.retryTimer);
    t.retryTimer = setTimeout(() => {
      t.retryDelay = Math.min(MAX_RETRY_MS, t.retryDelay * 2);
      this.transmit(t, true);
    }, t.retryDelay);
    t.retryTimer.unref();
  }
}

function key(frameworkId: string, taskId: string): string {
  return `${frameworkId} ${taskId}`;
}
