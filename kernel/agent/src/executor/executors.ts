/**
 * The executor API (`POST /api/v1/executor`, also `/slave(1)/api/v1/executor`): custom executors
 * (ExecutorInfo type CUSTOM) run as one container per executor, launched by the agent with the
 * executor's command and Mesos's environment (MESOS_AGENT_ENDPOINT, MESOS_FRAMEWORK_ID,
 * MESOS_EXECUTOR_ID, MESOS_DIRECTORY, MESOS_SANDBOX, MESOS_CHECKPOINT, ...). The executor
 * subscribes back over HTTP:
 *
 *   SUBSCRIBE → 200, a RecordIO stream of events: SUBSCRIBED, then LAUNCH (LAUNCH_GROUP for a task
 *               group) for each of its tasks the agent has not handed it yet (and those it gets
 *               later), KILL, MESSAGE (from the
 *               framework), SHUTDOWN, HEARTBEAT every 15 s. A new SUBSCRIBE replaces the stream.
 *   UPDATE    → 202 once the status is checkpointed by the agent's status update manager (the
 *               same one as command tasks: retried until the framework acknowledges it); the
 *               executor then gets ACKNOWLEDGED with its own uuid.
 *   MESSAGE   → 202; the data goes to the framework through the master.
 *
 * With an authenticator (agent.authenticator), every call needs `Authorization: Bearer <token>` with
 * the token the agent put in the executor's MESOS_EXECUTOR_AUTHENTICATION_TOKEN (401 without);
 * a call naming another framework or executor than the token's claims is 403, so an executor
 * cannot SUBSCRIBE, UPDATE or MESSAGE as another. Calls naming an executor this agent does not run are 400; UPDATE and MESSAGE from an executor
 * that is not subscribed are 403 (Mesos: "Executor is not subscribed"). Calls are JSON or protobuf
 * by their Content-Type; the events are JSON, or protobuf (`mesos.v1.executor.Event`) when the
 * SUBSCRIBE's Accept allows only that (406 when it allows neither).
 */
import type { ServerResponse } from 'node:http';
import {
  accepted,
  acknowledgedEvent,
  type AgentInfo,
  badRequest,
  type BodyFormat,
  errorEvent,
  EXECUTOR_EVENT,
  type ExecutorCall,
  type ExecutorInfo,
  forbidden,
  formatMediaType,
  heartbeatEvent,
  isBodyFormat,
  isTerminalTaskState,
  jsonRecord,
  killEvent,
  type KillPolicy,
  launchEvent,
  launchGroupEvent,
  messageEvent,
  parseExecutorCall,
  readCall,
  responseFormat,
  sendAnswer,
  shutdownEvent,
  subscribedEvent,
  type TaskInfo,
  type TaskStatus,
} from '@plateau/mesos';
import { type Logger, messageOf } from '@plateau/kernel';
import type { AgentHttpRequest, AgentRouter } from '../http/router';
import type { AgentContainer, AgentTask } from '../state';

/** Mesos's executor heartbeat interval, ms. */
export const EXECUTOR_HEARTBEAT_MS = 15_000;

/** What the executor API needs from the agent. */
export interface ExecutorHost {
  readonly log: Logger;
  readonly tasks: Map<string, AgentTask>;
  readonly containers: Map<string, AgentContainer>;
  agentInfo(): AgentInfo;
  frameworkInfo(frameworkId: string): import('@plateau/mesos').FrameworkInfo | undefined;
  /** Takes an executor's status update for `task` into the status update manager; resolves once checkpointed. */
  executorUpdate(task: AgentTask, status: TaskStatus): Promise<void>;
  /** Sends an executor's message to its framework. */
  executorMessage(frameworkId: string, executorId: string, data: Uint8Array): void;
  /** Kills an executor's container (after its SHUTDOWN grace period). */
  killContainer(containerId: string, graceMs: number): void;
  /** Whether callers are authenticated: executor calls then need an executor token whose claims name the call's executor. */
  readonly authenticates: boolean;
}

/** A subscribed executor's event stream. */
interface Subscription {
  res: ServerResponse;
  heartbeat: NodeJS.Timeout;
  /** The encoding of its events. */
  format: BodyFormat;
}

/** The custom executors of an agent, keyed by `<frameworkId> <executorId>`. */
export class Executors {
  private readonly streams = new Map<string, Subscription>();
  /** Tasks handed to their executor with LAUNCH (`<fid> <tid>`). */
  private readonly launched = new Set<string>();
  /** Tasks launched as a group (`<fid> <tid>` → the group's task ids). */
  private readonly groups = new Map<string, string[]>();

  constructor(private readonly host: ExecutorHost) {}

  /** Registers POST /api/v1/executor. */
  register(router: AgentRouter): void {
    router.add(['/api/v1/executor', '/slave(1)/api/v1/executor'], { methods: ['POST'], auth: 'executor', handle: (r) => this.handle(r) });
  }

  /** Whether the executor has a live event stream. */
  subscribed(frameworkId: string, executorId: string): boolean {
    return this.streams.has(`${frameworkId} ${executorId}`);
  }

  /** The tasks of a custom executor on this agent. */
  tasksOf(frameworkId: string, executorId: string): AgentTask[] {
    return [...this.host.tasks.values()].filter((t) => t.frameworkId === frameworkId && t.executorId === executorId && t.info.executor !== undefined);
  }

  /** A new task for a running (or launching) executor: LAUNCH now if it is subscribed, else at SUBSCRIBE. */
  taskAdded(t: AgentTask): void {
    const sub = this.streams.get(`${t.frameworkId} ${t.executorId}`);
    if (sub) this.sendLaunch(sub, t);
  }

  /**
   * A task group for a custom executor: one LAUNCH_GROUP now if it is subscribed, else at
   * SUBSCRIBE. (Groups are kept in memory: after an agent restart their unlaunched tasks go out
   * one LAUNCH each.)
   */
  groupAdded(tasks: AgentTask[]): void {
    if (tasks.length === 0) return;
    const group = tasks.map((t) => t.taskId);
    for (const t of tasks) this.groups.set(`${t.frameworkId} ${t.taskId}`, group);
    const sub = this.streams.get(`${tasks[0]!.frameworkId} ${tasks[0]!.executorId}`);
    if (sub) this.sendLaunch(sub, tasks[0]!);
  }

  /**
   * Asks the executor to kill a task, with the KILL call's policy (else the task's); false when
   * it is not subscribed (the caller decides).
   */
  kill(t: AgentTask, policy?: KillPolicy): boolean {
    const sub = this.streams.get(`${t.frameworkId} ${t.executorId}`);
    if (sub === undefined || !this.launched.has(`${t.frameworkId} ${t.taskId}`)) return false;
    this.send(sub, killEvent(t.info.task_id, policy ?? t.info.kill_policy));
    return true;
  }

  /** A framework message for one of its executors (dropped when it is not subscribed, as in Mesos). */
  frameworkMessage(frameworkId: string, executorId: string, data: Uint8Array): void {
    const sub = this.streams.get(`${frameworkId} ${executorId}`);
    if (sub === undefined) {
      this.host.log.info({ frameworkId, executorId }, 'framework message for an executor that is not subscribed: dropped');
      return;
    }
    this.send(sub, messageEvent(data));
  }

  /** SHUTDOWN to every executor of the framework; containers still running after `graceMs` are killed. */
  shutdownFramework(frameworkId: string, graceMs: number): void {
    for (const [key, sub] of this.streams) {
      if (!key.startsWith(`${frameworkId} `)) continue;
      this.send(sub, shutdownEvent());
    }
    // Executors get the grace period to end by themselves; then their containers are killed.
    const containers = new Set(this.tasksOfFramework(frameworkId).map((t) => t.containerId));
    if (containers.size === 0) return;
    const timer = setTimeout(() => {
      for (const id of containers) if (this.host.containers.has(id)) this.host.killContainer(id, 0);
    }, graceMs);
    timer.unref();
  }

  /**
   * SHUTDOWN to one executor (the framework's SHUTDOWN call, through the master's
   * ShutdownExecutor): it ends its tasks as it sees fit; its container, still running after
   * `graceMs`, is killed (its tasks not yet ended then end as TASK_FAILED, REASON_EXECUTOR_TERMINATED).
   * False when no task of this agent runs under that executor.
   */
  shutdownExecutor(frameworkId: string, executorId: string, graceMs: number): boolean {
    const containers = new Set(this.tasksOf(frameworkId, executorId).map((t) => t.containerId));
    if (containers.size === 0) return false;
    const sub = this.streams.get(`${frameworkId} ${executorId}`);
    if (sub) this.send(sub, shutdownEvent());
    const timer = setTimeout(() => {
      for (const id of containers) if (this.host.containers.has(id)) this.host.killContainer(id, 0);
    }, sub ? graceMs : 0);
    timer.unref();
    return true;
  }

  /** The executor's container ended: its stream closes. */
  containerEnded(c: AgentContainer): void {
    const key = `${c.frameworkId} ${c.executorId}`;
    const sub = this.streams.get(key);
    if (sub) this.close(key, sub);
    for (const id of c.taskIds) {
      this.launched.delete(`${c.frameworkId} ${id}`);
      this.groups.delete(`${c.frameworkId} ${id}`);
    }
  }

  /** Closes every stream (the agent stops). */
  stop(): void {
    for (const [key, sub] of [...this.streams]) this.close(key, sub);
  }

  // ------------------------------------------------------------------------------------------

  private tasksOfFramework(frameworkId: string): AgentTask[] {
    return [...this.host.tasks.values()].filter((t) => t.frameworkId === frameworkId && t.info.executor !== undefined);
  }

  private async handle({ req, res, caller }: AgentHttpRequest): Promise<void> {
    const parsed = await readCall(req, res, parseExecutorCall);
    if (!parsed.ok) return sendAnswer(res, parsed.answer);
    const call = parsed.call;
    const fid = call.framework_id.value;
    const eid = call.executor_id.value;
    if (this.host.authenticates || caller.claims?.cid !== undefined) {
      // Mesos: an executor's token names its framework and executor; it speaks only as them. A
      // container found by its connection (no authenticator) speaks only as its own executor too.
      const claims = caller.claims ?? {};
      if (claims.fid === undefined || claims.eid === undefined) return sendAnswer(res, forbidden('The executor API takes executor tokens only (MESOS_EXECUTOR_AUTHENTICATION_TOKEN); these credentials carry no executor claims'));
      if (claims.fid !== fid || claims.eid !== eid) {
        return sendAnswer(res, forbidden(`The token was issued to executor '${claims.eid}' of framework '${claims.fid}', not to executor '${eid}' of framework '${fid}'`));
      }
    }
    const tasks = this.tasksOf(fid, eid);
    const container = tasks.map((t) => this.host.containers.get(t.containerId)).find((c) => c !== undefined);
    if (tasks.length === 0 || container === undefined) {
      return sendAnswer(res, badRequest(`Executor '${eid}' of framework '${fid}' is not running on this agent`));
    }
    switch (call.type) {
      case 'SUBSCRIBE': {
        const format = responseFormat(req.headers.accept);
        if (!isBodyFormat(format)) return sendAnswer(res, format);
        return this.subscribe(call, tasks, container, res, format);
      }
      case 'UPDATE':
        return sendAnswer(res, await this.update(call, tasks));
      case 'MESSAGE':
        if (!this.subscribed(fid, eid)) return sendAnswer(res, forbidden('Executor is not subscribed'));
        this.host.executorMessage(fid, eid, call.message!.data);
        return sendAnswer(res, accepted());
      case 'HEARTBEAT':
        return sendAnswer(res, accepted());
      default:
        return sendAnswer(res, badRequest(`Unexpected executor call '${call.type}'`));
    }
  }

  private subscribe(call: ExecutorCall, tasks: AgentTask[], container: AgentContainer, res: ServerResponse, format: BodyFormat): void {
    const fid = call.framework_id.value;
    const eid = call.executor_id.value;
    const key = `${fid} ${eid}`;
    const old = this.streams.get(key);
    if (old) this.close(key, old);
    const info: ExecutorInfo = { ...tasks[0]!.info.executor!, framework_id: { value: fid } };
    const fw = this.host.frameworkInfo(fid);
    res.writeHead(200, { 'Content-Type': formatMediaType(format), 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    if (fw === undefined) {
      res.end(jsonRecord(format, EXECUTOR_EVENT, errorEvent(`Framework '${fid}' is not known to this agent`)));
      return;
    }
    const heartbeat = setInterval(() => this.send(sub, heartbeatEvent()), EXECUTOR_HEARTBEAT_MS);
    heartbeat.unref();
    const sub: Subscription = { res, heartbeat, format };
    this.streams.set(key, sub);
    res.on('close', () => {
      if (this.streams.get(key) === sub) this.close(key, sub);
    });
    this.host.log.info({ frameworkId: fid, executorId: eid, containerId: container.containerId }, 'executor subscribed');
    this.send(sub, subscribedEvent({ executorInfo: info, frameworkInfo: fw, agentInfo: this.host.agentInfo(), containerId: { value: container.containerId } }));
    // Tasks the executor says it already has are not launched again.
    const known = new Set((call.subscribe?.unacknowledged_tasks ?? []).map((t: TaskInfo) => t.task_id.value));
    for (const u of call.subscribe?.unacknowledged_updates ?? []) known.add(u.status.task_id.value);
    for (const t of tasks) {
      if (known.has(t.taskId)) {
        this.launched.add(`${t.frameworkId} ${t.taskId}`);
        continue;
      }
      if (isTerminalTaskState(t.state)) continue;
      this.sendLaunch(sub, t);
      if (t.killRequested) this.send(sub, killEvent(t.info.task_id, t.info.kill_policy));
    }
  }

  private async update(call: ExecutorCall, tasks: AgentTask[]) {
    const status = call.update!.status;
    const t = tasks.find((x) => x.taskId === status.task_id.value);
    if (t === undefined) return badRequest(`Task '${status.task_id.value}' is not a task of executor '${call.executor_id.value}'`);
    if (isTerminalTaskState(t.state)) {
      this.host.log.info({ taskId: t.taskId, state: status.state }, 'update of a task already terminal: ignored');
    } else {
      try {
        await this.host.executorUpdate(t, { ...status });
      } catch (err) {
        this.host.log.error({ taskId: t.taskId, err: messageOf(err) }, 'executor update could not be taken');
        return badRequest(`Could not take the update: ${messageOf(err)}`);
      }
    }
    const sub = this.streams.get(`${t.frameworkId} ${t.executorId}`);
    if (sub && status.uuid) this.send(sub, acknowledgedEvent(status.task_id, status.uuid));
    return accepted();
  }

  private sendLaunch(sub: Subscription, t: AgentTask): void {
    const key = `${t.frameworkId} ${t.taskId}`;
    if (this.launched.has(key)) return;
    const group = this.groups.get(key);
    if (group === undefined) {
      this.launched.add(key);
      this.send(sub, launchEvent(t.info));
      return;
    }
    const members = group.map((id) => this.host.tasks.get(`${t.frameworkId} ${id}`)).filter((x): x is AgentTask => x !== undefined);
    for (const m of members) {
      this.launched.add(`${m.frameworkId} ${m.taskId}`);
      this.groups.delete(`${m.frameworkId} ${m.taskId}`);
    }
    // The tasks as the framework sent them (without the executor the agent put in).
    this.send(sub, launchGroupEvent({ tasks: members.map((m) => ({ ...m.info, executor: undefined })) }));
  }

  /** Sends one event, given as its JSON text, in the subscription's encoding. */
  private send(sub: Subscription, event: string): void {
    if (!sub.res.writableEnded && !sub.res.destroyed) sub.res.write(jsonRecord(sub.format, EXECUTOR_EVENT, event));
  }

  private close(key: string, sub: Subscription): void {
    clearInterval(sub.heartbeat);
    if (this.streams.get(key) === sub) this.streams.delete(key);
    if (!sub.res.writableEnded) sub.res.end();
  }
}
