/**
 * Pods: task groups under Mesos's default executor (ExecutorInfo type DEFAULT), run as Mesos runs
 * them. The first LAUNCH_GROUP for an executor makes its executor container: a top-level container
 * with the ExecutorInfo's resources (grown by every task's, as Mesos's agent does, so that the
 * tasks' nested cgroups fit in it) and its ContainerInfo (volumes, network), whose process only
 * holds the pod's namespaces (pause.ts). Each task is a nested container of it (the agent's nested
 * containers: its own image or the host filesystem, its own cgroup, requests and limits, the
 * parent's network, ipc and uts), with its own status updates: TASK_STARTING, TASK_RUNNING, then
 * TASK_FINISHED / TASK_FAILED / TASK_KILLED through the agent's status update manager. Later
 * LAUNCH_GROUPs to the same executor add tasks to the same pod.
 *
 * Kill policy (Mesos's default executor): a task of a group that ends TASK_FAILED or TASK_KILLED
 * has the other tasks of its group killed (TASK_KILLED, the message naming the task that took
 * them down); a KILL of one task therefore takes its group down; SHUTDOWN of the executor kills
 * every task. A task that hits its own limit is killed alone (TASK_FAILED with the limitation's
 * reason); a limit of the executor container, or its end, takes every task with it. The executor
 * ends, and its container is destroyed, when its last task has ended.
 *
 * Recovery after an agent restart: the pod's checkpoint (pod-store.ts) names the executor
 * container and the groups; the nested containers are recovered with their parent by the agent's
 * nested containers; a task still running is waited on again, one that ended meanwhile gets its
 * terminal update, and a pod whose executor container is gone has its tasks failed and is cleaned up.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ExecutorInfo, type FrameworkInfo, isTerminalTaskState, type Resource, type TaskInfo, type TaskState, type TaskStatus, type TaskStatus_Reason } from '@plateau/mesos';
import { type EnvVar, type Logger, messageOf } from '@plateau/kernel';
import type { CheckpointStore } from '../checkpoint';
import { containerNetworkInfos } from '../container-networks';
import type { NestedLaunch } from '../nested/nested-containers';
import type { Containerizer, ContainerLimitation, ContainerTermination } from '../containerizer/index';
import { containerResource } from '../containerizer/resources';
import type { AgentContainer, AgentTask } from '../state';
import { terminalStatusOf } from './pod-status';
import { pauseCommand, POD_STOP_GRACE_MS } from './pause';
import { type PodRecord, readPods, removePod, writePod } from './pod-store';

/** A container id with its parents (Mesos ContainerID). */
export interface ContainerIdChain {
  value: string;
  parent?: ContainerIdChain;
}

/** What the pods use of the agent's nested containers. */
export interface NestedContainersApi {
  launch(req: NestedLaunch): Promise<{ pid?: number; sandbox?: string }>;
  wait(id: string): Promise<ContainerTermination & { limitation?: ContainerLimitation }>;
  kill(id: string, signal: string): Promise<void>;
  get(id: string): unknown;
}

/** What the pods need of the agent. */
export interface PodHost {
  log: Logger;
  containerizer: Containerizer;
  nested: () => NestedContainersApi;
  containers: Map<string, AgentContainer>;
  tasks: () => Iterable<AgentTask>;
  checkpoint: () => CheckpointStore;
  agentId: () => string;
  /** The sandbox of a top-level container. */
  sandboxOf: (frameworkId: string, executorId: string, containerId: string) => string;
  /** A new task in the agent's books (undefined: already known, launch ignored). */
  newTask: (fw: FrameworkInfo, task: TaskInfo, executorId: string, containerId: string, executor: ExecutorInfo) => AgentTask | undefined;
  writeTask: (t: AgentTask) => Promise<void>;
  /** Checkpoints the executor container and watches it as any container (its end is `containerGone`). */
  adopt: (c: AgentContainer) => void;
  /** A status update of a task, into the status update manager. */
  update: (t: AgentTask, status: TaskStatus) => void;
  /** Kills a task through the agent (KILL semantics: TASK_KILLED, grace period). */
  killTask: (frameworkId: string, taskId: string) => void;
  /** MESOS_* variables (and the executor token) of a task's container. */
  environment: (t: AgentTask, containerId: string) => Promise<EnvVar[]>;
  /** Health checks and checks of a running task. */
  monitor: (t: AgentTask, containerId: string) => void;
  unmonitor: (t: AgentTask) => void;
}

/** One pod: an executor container and the tasks nested in it. */
interface Pod extends PodRecord {
  /** Resolves once the executor container runs; rejects if it could not be launched. */
  ready: Promise<void>;
  /** Tasks not ended yet. */
  live: Set<string>;
  /** Groups whose kill policy fired. */
  killing: Set<number>;
  /** Why a task was killed by its group's kill policy. */
  killedBecause: Map<string, string>;
  /** Pending SIGKILLs of tasks being killed, with when their SIGTERM went. */
  escalations: Map<string, { timer: NodeJS.Timeout; since: number }>;
  /** How the executor container ended, once it has (its tasks die with it). */
  executorEnd?: string;
  /** The limit each task hit (its own container's, or the pod's), by task id. */
  limitations: Map<string, ContainerLimitation>;
  /** When a task last reported a limit of its own, ms (0: never). */
  taskLimitAt: number;
  /** The last task ended: the executor container is being stopped. */
  ending: boolean;
  /** Resolves once the executor container is gone. */
  ended: Promise<void>;
  gone: () => void;
}

const podKey = (fid: string, eid: string) => `${fid} ${eid}`;

/** Pods: the agent's default executor. */
export class Pods {
  private readonly pods = new Map<string, Pod>();
  /** Pod of each task, by `${fid} ${tid}`. */
  private readonly taskPods = new Map<string, Pod>();

  constructor(private readonly host: PodHost) {}

  /** Whether the task is a task of a pod. */
  owns(t: AgentTask): boolean {
    return this.taskPods.has(podKey(t.frameworkId, t.taskId));
  }

  /** Runs a task group: in the executor's pod, made now if it has none. */
  run(fw: FrameworkInfo, executor: ExecutorInfo, infos: TaskInfo[]): void {
    const fid = fw.id!.value;
    const eid = executor.executor_id.value;
    let pod = this.pods.get(podKey(fid, eid));
    const fresh = pod === undefined || pod.ending;
    if (fresh) pod = this.newPod(fid, executor, pod?.ended);
    const p = pod!;
    const group: AgentTask[] = [];
    for (const info of infos) {
      const t = this.host.newTask(fw, info, eid, randomUUID(), executor);
      if (t === undefined) continue;
      group.push(t);
      p.live.add(t.taskId);
      this.taskPods.set(podKey(fid, t.taskId), p);
    }
    if (group.length === 0) {
      if (fresh) this.forget(p);
      return;
    }
    p.groups.push(group.map((t) => t.taskId));
    const recorded = Promise.all([writePod(this.host.checkpoint(), p), ...group.map((t) => this.host.writeTask(t))]);
    // A new pod of an executor whose previous one is still stopping waits for it to be gone.
    if (fresh) p.ready = Promise.all([p.ready, recorded]).then(() => this.launchExecutor(fw, p, group));
    else p.ready = p.ready.then(() => this.grow(p));
    for (const t of group) void this.launchTask(fw, p, t);
  }

  /**
   * Kills a task of a pod (the agent marked it killRequested, with its grace period): SIGTERM, then
   * SIGKILL after the grace period. A task still launching is killed once it runs. False when the
   * task is not a pod's.
   */
  kill(t: AgentTask): boolean {
    const p = this.taskPods.get(podKey(t.frameworkId, t.taskId));
    if (p === undefined) return false;
    if (t.state === 'TASK_RUNNING' || t.state === 'TASK_KILLING') this.signal(p, t);
    return true;
  }

  /** The executor container ended (the agent forgot it): the pod is gone. */
  containerGone(c: AgentContainer): void {
    const p = this.pods.get(podKey(c.frameworkId, c.executorId));
    if (p === undefined || p.containerId !== c.containerId) return;
    // Its nested containers went with it; a task not reported yet is reported by its wait.
    if (!p.ending) this.host.log.warn({ executorId: p.executorId, containerId: p.containerId, tasks: [...p.live] }, 'the executor container of a pod ended before its tasks');
    p.ending = true;
    this.forget(p);
  }

  /**
   * After an agent restart (the executor containers and the nested containers are recovered):
   * each pod's tasks are waited on again, reported if they ended meanwhile, failed if their
   * container is lost; a pod without a live executor container is cleaned up.
   */
  async recover(): Promise<void> {
    const store = this.host.checkpoint();
    const tasks = new Map([...this.host.tasks()].map((t) => [podKey(t.frameworkId, t.taskId), t]));
    for (const r of readPods(store)) {
      const p = this.newPod(r.frameworkId, r.executorInfo, undefined, r.containerId);
      p.groups = r.groups;
      const c = this.host.containers.get(r.containerId);
      const running = c !== undefined && c.phase === 'running';
      p.ready = running ? Promise.resolve() : Promise.reject(new Error('the executor container was lost while the agent was away'));
      p.ready.catch(() => undefined);
      if (running) this.watchExecutor(p);
      for (const id of r.groups.flat()) {
        const t = tasks.get(podKey(r.frameworkId, id));
        if (t === undefined || isTerminalTaskState(t.state)) continue;
        p.live.add(id);
        this.taskPods.set(podKey(r.frameworkId, id), p);
        if (this.host.nested().get(t.containerId) === undefined) {
          const why = t.state === 'TASK_STAGING' ? 'The agent restarted while the task was being launched' : 'The container of the task was lost while the agent was away';
          this.finish(p, t, { state: 'TASK_FAILED', reason: 'REASON_AGENT_RESTARTED', message: why });
          continue;
        }
        if (t.state === 'TASK_RUNNING' && !t.killRequested) this.host.monitor(t, t.containerId);
        this.watch(p, t);
        void this.waitTask(p, t);
      }
      if (p.live.size === 0) this.end(p);
      else if (!running) this.host.log.warn({ executorId: r.executorId }, 'pod recovered without its executor container: its tasks end with it');
    }
  }

  /** Stops timers (the agent stops); `clear` forgets the checkpoints too (every container destroyed). */
  stop(clear = false): void {
    for (const p of this.pods.values()) for (const e of p.escalations.values()) clearTimeout(e.timer);
    if (clear) {
      for (const p of this.pods.values()) void removePod(this.host.checkpoint(), p.frameworkId, p.executorId).catch(() => undefined);
      this.pods.clear();
      this.taskPods.clear();
    }
  }

  // ------------------------------------------------------------------------------------------

  private newPod(fid: string, executor: ExecutorInfo, previous: Promise<void> | undefined, containerId: string = randomUUID()): Pod {
    let gone!: () => void;
    const ended = new Promise<void>((resolve) => (gone = resolve));
    const p: Pod = {
      frameworkId: fid,
      executorId: executor.executor_id.value,
      executorInfo: executor,
      containerId,
      groups: [],
      ready: previous ?? Promise.resolve(),
      live: new Set(),
      killing: new Set(),
      killedBecause: new Map(),
      escalations: new Map(),
      limitations: new Map(),
      taskLimitAt: 0,
      ending: false,
      ended,
      gone,
    };
    this.pods.set(podKey(fid, p.executorId), p);
    return p;
  }

  private taskOf(fid: string, tid: string): AgentTask | undefined {
    for (const t of this.host.tasks()) if (t.frameworkId === fid && t.taskId === tid) return t;
    return undefined;
  }

  /** Resources of the executor container: the executor's and every live task's. */
  private resourcesOf(p: Pod, extra: AgentTask[] = []): Resource[] {
    const tasks = [...p.live].map((id) => this.taskOf(p.frameworkId, id)).filter((t): t is AgentTask => t !== undefined);
    const all = new Set([...tasks, ...extra]);
    return [...(p.executorInfo.resources ?? []), ...[...all].flatMap((t) => t.info.resources ?? [])];
  }

  /** Launches the executor container (once per pod). */
  private async launchExecutor(fw: FrameworkInfo, p: Pod, first: AgentTask[]): Promise<void> {
    const { containerizer } = this.host;
    const sandbox = this.host.sandboxOf(p.frameworkId, p.executorId, p.containerId);
    const c: AgentContainer = { containerId: p.containerId, frameworkId: p.frameworkId, executorId: p.executorId, taskIds: [], sandbox, phase: 'launching', pid: 0, launcherState: '', createdAt: Date.now() };
    this.host.containers.set(c.containerId, c);
    try {
      mkdirSync(sandbox, { recursive: true });
      const launched = await containerizer.launch({
        containerId: c.containerId,
        directory: sandbox,
        user: fw.user,
        resources: this.resourcesOf(p, first),
        command: pauseCommand(),
        container: p.executorInfo.container,
        executorInfo: p.executorInfo,
        environment: [
          { name: 'MESOS_FRAMEWORK_ID', value: p.frameworkId },
          { name: 'MESOS_EXECUTOR_ID', value: p.executorId },
          { name: 'MESOS_AGENT_ID', value: this.host.agentId() },
          { name: 'MESOS_SLAVE_ID', value: this.host.agentId() },
          { name: 'MESOS_CONTAINER_ID', value: c.containerId },
        ],
        stdoutPath: join(sandbox, 'stdout'),
        stderrPath: join(sandbox, 'stderr'),
      });
      c.phase = 'running';
      c.pid = launched.pid;
      c.launcherState = launched.launcherState;
      c.config = launched.config;
      // The pod's addresses on named networks: every task of the pod reports them (as Mesos does).
      if (p.executorInfo.container?.network_infos?.some((n) => n.name)) c.networkInfos = await containerNetworkInfos(containerizer.modules.isolators, c.containerId, this.host.log);
    } catch (err) {
      this.host.containers.delete(c.containerId);
      this.host.log.warn({ executorId: p.executorId, containerId: c.containerId, err: messageOf(err) }, 'the executor container of a pod could not be launched');
      throw new Error(`the pod's executor container could not be launched: ${messageOf(err)}`);
    }
    this.host.adopt(c);
    this.watchExecutor(p);
    this.host.log.info({ frameworkId: p.frameworkId, executorId: p.executorId, containerId: c.containerId, pid: c.pid }, 'pod executor container running');
  }

  /**
   * Notes the executor container's end as soon as it comes: its tasks die with it (destroyed
   * before it is cleaned up), and those not being killed end TASK_FAILED REASON_EXECUTOR_TERMINATED.
   */
  private watchExecutor(p: Pod): void {
    void this.host.containerizer.wait(p.containerId).then(
      (term) => (p.executorEnd = term.message || `status ${term.status}`),
      (err: unknown) => (p.executorEnd = messageOf(err)),
    );
  }

  /** A later group joined a running pod: the executor container's cgroup grows to hold its tasks. */
  private async grow(p: Pod): Promise<void> {
    const resources = this.resourcesOf(p).map(containerResource);
    for (const iso of this.host.containerizer.modules.isolators) {
      await iso.module.update({ containerId: { value: p.containerId }, resourceRequests: resources, resourceLimits: {} }).catch((err: unknown) => {
        this.host.log.debug({ containerId: p.containerId, isolator: iso.label, err: messageOf(err) }, 'isolator update of a pod executor container (ignored)');
      });
    }
  }

  /** Launches one task as a nested container of the pod's executor container. */
  private async launchTask(fw: FrameworkInfo, p: Pod, t: AgentTask): Promise<void> {
    try {
      await p.ready;
    } catch (err) {
      return this.finish(p, t, { state: 'TASK_FAILED', reason: 'REASON_CONTAINER_LAUNCH_FAILED', message: messageOf(err) });
    }
    if (t.killRequested) return this.finish(p, t, { state: 'TASK_KILLED', reason: 'REASON_TASK_KILLED_DURING_LAUNCH', message: this.killMessage(p, t, 'Task killed before it was launched') });
    this.host.update(t, this.status(p, t, 'TASK_STARTING'));
    const parent = { value: p.containerId };
    try {
      await this.host.nested().launch({
        containerId: { value: t.containerId, parent },
        command: t.info.command,
        container: t.info.container,
        resources: t.info.resources ?? [],
        limits: t.info.limits,
        environment: await this.host.environment(t, t.containerId),
        user: t.info.command?.user ?? fw.user,
      });
    } catch (err) {
      const message = `the task's nested container could not be launched: ${messageOf(err)}`;
      if (t.killRequested) return this.finish(p, t, { state: 'TASK_KILLED', reason: 'REASON_TASK_KILLED_DURING_LAUNCH', message: this.killMessage(p, t, message) });
      return this.finish(p, t, { state: 'TASK_FAILED', reason: 'REASON_CONTAINER_LAUNCH_FAILED', message });
    }
    this.host.update(t, this.status(p, t, 'TASK_RUNNING'));
    this.watch(p, t);
    if (t.killRequested) this.signal(p, t);
    else this.host.monitor(t, t.containerId);
    void this.waitTask(p, t);
  }

  /** Waits for a task's nested container, then reports its end. */
  private async waitTask(p: Pod, t: AgentTask): Promise<void> {
    let term: ContainerTermination & { limitation?: ContainerLimitation };
    try {
      term = await this.host.nested().wait(t.containerId);
    } catch (err) {
      term = { status: -1, message: `could not wait for the task's container: ${messageOf(err)}` };
    }
    const limitation = p.limitations.get(t.taskId);
    if (limitation) term.limitation = limitation;
    const s = terminalStatusOf(t, term);
    if (s.state === 'TASK_KILLED') s.message = this.killMessage(p, t, s.message);
    else if (p.executorEnd !== undefined && !p.ending && !limitation && s.state !== 'TASK_FINISHED') {
      s.state = 'TASK_FAILED';
      s.reason = 'REASON_EXECUTOR_TERMINATED';
      s.message = `Executor terminated: the pod's executor container ended (${p.executorEnd}); ${s.message}`;
    }
    this.finish(p, t, s, term.limitation);
  }

  /** The isolators' watch of a task's own container: a limit it hits kills it (TASK_FAILED with the limitation). */
  private watch(p: Pod, t: AgentTask): void {
    this.host.containerizer.watch(t.containerId, (l) => {
      if (p.limitations.has(t.taskId)) return;
      p.limitations.set(t.taskId, l);
      p.taskLimitAt = Date.now();
      this.host.log.warn({ taskId: t.taskId, containerId: t.containerId, reason: l.reason, message: l.message }, 'pod task hit a limit: killing it');
      void this.host.nested().kill(t.containerId, 'SIGKILL').catch(() => undefined);
    });
  }

  /**
   * The executor container hit a limit. A task's own limit also shows on its parent's counters
   * (an OOM kill in a nested cgroup counts in its ancestors'): when a task reports one within a
   * second, it was that task's. Otherwise it is the pod's, as with Mesos's default executor: every
   * task fails with it and the executor container is killed. False when `c` is no pod's.
   */
  executorLimited(c: AgentContainer, l: ContainerLimitation): boolean {
    const p = this.pods.get(podKey(c.frameworkId, c.executorId));
    if (p === undefined || p.containerId !== c.containerId) return false;
    const at = Date.now();
    const timer = setTimeout(() => {
      if (p.ending || p.taskLimitAt > at - 1000) return;
      this.host.log.warn({ executorId: p.executorId, containerId: c.containerId, reason: l.reason, message: l.message }, 'pod executor container hit a limit: killing the pod');
      for (const id of p.live) p.limitations.set(id, l);
      void this.host.containerizer.kill(c.containerId, 0);
    }, 1000);
    timer.unref();
    return true;
  }

  /**
   * SIGTERM to a task's container; SIGKILL after its grace period. A further kill (a shorter
   * grace period) only moves the SIGKILL: the grace counts from the first SIGTERM.
   */
  private signal(p: Pod, t: AgentTask): void {
    const nested = this.host.nested();
    const grace = t.killGraceMs ?? 0;
    const running = p.escalations.get(t.taskId);
    if (running) clearTimeout(running.timer);
    else void nested.kill(t.containerId, 'SIGTERM').catch((err: unknown) => this.host.log.debug({ taskId: t.taskId, err: messageOf(err) }, 'SIGTERM of a pod task'));
    const since = running?.since ?? Date.now();
    const timer = setTimeout(() => {
      this.host.log.info({ taskId: t.taskId, graceMs: grace }, 'pod task still running after the grace period: SIGKILL');
      void nested.kill(t.containerId, 'SIGKILL').catch(() => undefined);
    }, Math.max(0, since + grace - Date.now()));
    timer.unref();
    p.escalations.set(t.taskId, { timer, since });
  }

  private killMessage(p: Pod, t: AgentTask, message: string): string {
    const why = p.killedBecause.get(t.taskId);
    return why === undefined ? message : `${why} (${message})`;
  }

  /** A task's terminal update; then the group's kill policy, and the pod's end after its last task. */
  private finish(p: Pod, t: AgentTask, s: { state: TaskState; reason?: TaskStatus_Reason; message: string }, limitation?: ContainerLimitation): void {
    const escalation = p.escalations.get(t.taskId);
    if (escalation) clearTimeout(escalation.timer);
    p.escalations.delete(t.taskId);
    this.host.unmonitor(t);
    if (!isTerminalTaskState(t.state)) {
      const status = this.status(p, t, s.state, s.reason, s.message);
      if (limitation) status.limitation = { resources: limitation.resources.filter((r) => r.name).map((r) => ({ name: r.name, type: 'SCALAR' as const, scalar: { value: r.scalar ?? 0 } })) };
      this.host.update(t, status);
      this.host.log.info({ taskId: t.taskId, executorId: p.executorId, state: s.state, message: s.message }, 'pod task ended');
    }
    p.live.delete(t.taskId);
    if (s.state === 'TASK_FAILED' || s.state === 'TASK_KILLED') this.killGroup(p, t, s.state, s.message);
    // Its sandbox and record stay (its logs stay readable) until the pod's executor container goes.
    if (this.pods.get(podKey(p.frameworkId, p.executorId)) !== p) this.taskPods.delete(podKey(p.frameworkId, t.taskId));
    if (p.live.size === 0) this.end(p);
  }

  /** Mesos's default executor: a task of a group failed or was killed, the rest of its group is killed. */
  private killGroup(p: Pod, t: AgentTask, state: TaskState, message: string): void {
    const g = p.groups.findIndex((ids) => ids.includes(t.taskId));
    if (g < 0 || p.killing.has(g)) return;
    p.killing.add(g);
    const others = p.groups[g]!.filter((id) => id !== t.taskId && p.live.has(id));
    if (others.length === 0) return;
    this.host.log.info({ executorId: p.executorId, because: t.taskId, killing: others }, 'killing the rest of the task group');
    const verb = state === 'TASK_FAILED' ? 'failed' : 'was killed';
    for (const id of others) {
      const other = this.taskOf(p.frameworkId, id);
      if (other === undefined || other.killRequested || isTerminalTaskState(other.state)) continue;
      p.killedBecause.set(id, `Task killed because task '${t.taskId}' of its task group ${verb}: ${message}`);
      this.host.killTask(p.frameworkId, id);
    }
  }

  /** The pod's last task ended: its executor container is stopped (the agent then forgets it). */
  private end(p: Pod): void {
    if (p.ending) return;
    p.ending = true;
    const c = this.host.containers.get(p.containerId);
    if (c === undefined) {
      this.forget(p);
      return;
    }
    this.host.log.info({ frameworkId: p.frameworkId, executorId: p.executorId, containerId: p.containerId }, 'pod executor ends with its last task');
    void p.ready
      .then(() => this.host.containerizer.kill(p.containerId, POD_STOP_GRACE_MS))
      .catch(() => this.forget(p));
  }

  private forget(p: Pod): void {
    const key = podKey(p.frameworkId, p.executorId);
    if (this.pods.get(key) === p) this.pods.delete(key);
    for (const [k, x] of [...this.taskPods.entries()]) if (x === p && !p.live.has(k.slice(p.frameworkId.length + 1))) this.taskPods.delete(k);
    for (const e of p.escalations.values()) clearTimeout(e.timer);
    void removePod(this.host.checkpoint(), p.frameworkId, p.executorId).catch(() => undefined);
    p.gone();
  }

  private status(p: Pod, t: AgentTask, state: TaskState, reason?: TaskStatus_Reason, message?: string): TaskStatus {
    const status: TaskStatus = {
      task_id: t.info.task_id,
      state,
      source: 'SOURCE_EXECUTOR',
      agent_id: { value: this.host.agentId() },
      executor_id: { value: p.executorId },
      timestamp: Date.now() / 1000,
      container_status: { container_id: { value: t.containerId, parent: { value: p.containerId } } },
    };
    const networks = this.host.containers.get(p.containerId)?.networkInfos ?? [];
    if (networks.length > 0) status.container_status!.network_infos = networks;
    if (reason) status.reason = reason;
    if (message) status.message = message;
    return status;
  }
}
