/**
 * The agent's books (frameworks, tasks, containers) and how each is checkpointed. Every record is
 * one JSON file under `<workDir>/meta` (CheckpointStore: atomic, fsynced):
 *
 *   agent.json                          {agentId}
 *   frameworks/<fid>.json               FrameworkInfo
 *   tasks/<fid>/<tid>.json              the task, its latest status and its unacknowledged updates
 *   containers/<containerId>.json       the container: phase, pid, launcher state, ContainerConfig
 *
 * A task record is durable before each of its status updates is first sent, so an update is never
 * sent that a restarted agent would not resend. Writes go through the thread pool (fsync off the
 * event loop), in order per record. Ids are escaped as in paths.ts.
 */
import { encodeMessage, type ExecutorInfo, ExecutorInfoSchema, type FrameworkInfo, FrameworkInfoSchema, type NetworkInfo, parseMessage, type TaskInfo, TaskInfoSchema, type TaskState, type TaskStatus, TaskStatusSchema } from '@plateau/mesos';
import type { ContainerConfig } from '@plateau/kernel';
import { configFromJson, configToJson } from './containerizer/containerizer';
import { CheckpointStore } from './checkpoint';
import { segment } from './paths';

/** A status update waiting for its acknowledgement. */
export interface PendingUpdate {
  /** The update's uuid, base64 (as in TaskStatus JSON). */
  uuid: string;
  /** TaskStatus, Mesos v1 JSON. */
  status: string;
  state: TaskState;
}

/** A task on this agent. */
export interface AgentTask {
  frameworkId: string;
  taskId: string;
  info: TaskInfo;
  executorId: string;
  /** The executor of a task group (task groups only). */
  executorInfo?: ExecutorInfo;
  containerId: string;
  /** Latest state (what the latest status says). */
  state: TaskState;
  latest?: TaskStatus;
  /** State of the latest update ever sent to a master (what the master has most likely seen). */
  sentState?: TaskState;
  sentStatus?: string;
  /** Updates not acknowledged yet, oldest first; the first is in flight. */
  pending: PendingUpdate[];
  /** A kill was asked for (the end is reported as TASK_KILLED). */
  killRequested?: boolean;
  /** Grace period of that kill, ms. */
  killGraceMs?: number;
  /** Why the agent itself killed the task (its health check failed, or it ran past max_completion_time). */
  killCause?: 'health_check' | 'max_completion_time';
}

/** Where a container is in its life. */
export type ContainerPhase = 'launching' | 'running';

/** A container on this agent (one per command task, one per task of a task group). */
export interface AgentContainer {
  containerId: string;
  frameworkId: string;
  executorId: string;
  /** Tasks it runs (one). */
  taskIds: string[];
  /** Host path of its sandbox. */
  sandbox: string;
  phase: ContainerPhase;
  pid: number;
  launcherState: string;
  config?: ContainerConfig;
  /** When it was created, ms since the epoch. */
  createdAt: number;
  /** Its networks and addresses, as the isolators reported them after launch (named networks only). */
  networkInfos?: NetworkInfo[];
}

interface TaskJson {
  frameworkId: string;
  taskId: string;
  info: string;
  executorId: string;
  executorInfo?: string;
  containerId: string;
  state: TaskState;
  latest?: string;
  sentState?: TaskState;
  sentStatus?: string;
  pending: PendingUpdate[];
  killRequested?: boolean;
  killGraceMs?: number;
  killCause?: AgentTask['killCause'];
}

/** AgentStore: the agent's checkpoint, record by record. */
export class AgentStore {
  readonly store: CheckpointStore;

  constructor(metaDir: string) {
    this.store = new CheckpointStore(metaDir);
  }

  readAgentId(): string | undefined {
    return this.store.read<{ agentId?: string }>(['agent'])?.agentId || undefined;
  }

  writeAgentId(agentId: string): void {
    this.store.write(['agent'], { agentId });
  }

  writeFramework(info: FrameworkInfo): Promise<void> {
    return this.store.writeAsync(['frameworks', segment(info.id!.value)], { info: encodeMessage(FrameworkInfoSchema, info) });
  }

  /** Forgets a framework (sync: only for frameworks without tasks being written). */
  removeFramework(frameworkId: string): void {
    this.store.remove(['frameworks', segment(frameworkId)]);
    this.store.removeFolder(['tasks', segment(frameworkId)]);
  }

  frameworks(): FrameworkInfo[] {
    return [...this.store.list<{ info: string }>(['frameworks']).values()].map((r) => parseMessage(FrameworkInfoSchema, r.info));
  }

  /** Checkpoints a task (asynchronously; writes of one task keep their order, the latest wins). */
  writeTask(t: AgentTask): Promise<void> {
    const json: TaskJson = {
      frameworkId: t.frameworkId,
      taskId: t.taskId,
      info: encodeMessage(TaskInfoSchema, t.info),
      executorId: t.executorId,
      containerId: t.containerId,
      state: t.state,
      pending: t.pending,
    };
    if (t.executorInfo) json.executorInfo = encodeMessage(ExecutorInfoSchema, t.executorInfo);
    if (t.latest) json.latest = encodeMessage(TaskStatusSchema, t.latest);
    if (t.sentState) json.sentState = t.sentState;
    if (t.sentStatus) json.sentStatus = t.sentStatus;
    if (t.killRequested) json.killRequested = true;
    if (t.killGraceMs !== undefined) json.killGraceMs = t.killGraceMs;
    if (t.killCause) json.killCause = t.killCause;
    return this.store.writeAsync(['tasks', segment(t.frameworkId), segment(t.taskId)], json);
  }

  removeTask(t: AgentTask): Promise<void> {
    return this.store.removeAsync(['tasks', segment(t.frameworkId), segment(t.taskId)]);
  }

  tasks(): AgentTask[] {
    const out: AgentTask[] = [];
    for (const fw of this.store.folders(['tasks'])) {
      for (const j of this.store.list<TaskJson>(['tasks', fw]).values()) {
        const t: AgentTask = {
          frameworkId: j.frameworkId,
          taskId: j.taskId,
          info: parseMessage(TaskInfoSchema, j.info),
          executorId: j.executorId,
          containerId: j.containerId,
          state: j.state,
          pending: j.pending ?? [],
        };
        if (j.executorInfo) t.executorInfo = parseMessage(ExecutorInfoSchema, j.executorInfo);
        if (j.latest) t.latest = parseMessage(TaskStatusSchema, j.latest);
        if (j.sentState) t.sentState = j.sentState;
        if (j.sentStatus) t.sentStatus = j.sentStatus;
        if (j.killRequested) t.killRequested = true;
        if (j.killGraceMs !== undefined) t.killGraceMs = j.killGraceMs;
        if (j.killCause) t.killCause = j.killCause;
        out.push(t);
      }
    }
    return out;
  }

  writeContainer(c: AgentContainer): Promise<void> {
    return this.store.writeAsync(['containers', c.containerId], { ...c, config: c.config ? configToJson(c.config) : undefined });
  }

  removeContainer(containerId: string): Promise<void> {
    return this.store.removeAsync(['containers', containerId]);
  }

  containers(): AgentContainer[] {
    return [...this.store.list<AgentContainer>(['containers']).values()].map((c) => ({ ...c, config: c.config ? configFromJson(c.config) : undefined }));
  }

  /** Resolves once every checkpoint write started so far is durable. */
  flush(): Promise<void> {
    return this.store.flush();
  }

  /** Forgets every framework, task and container (the agent id stays). */
  async clearWorkload(): Promise<void> {
    await this.store.flush();
    for (const dir of ['frameworks', 'tasks', 'containers']) this.store.removeFolder([dir]);
  }
}
