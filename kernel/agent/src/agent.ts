/**
 * Agent: the composition root of the agent role. It discovers the machine's resources, registers
 * with the leading master over the agent link, runs each task it is given in a container through
 * the containerizer, reports status updates until they are acknowledged, checkpoints everything
 * under `<workDir>/meta`, and after a restart (kill -9 included) recovers its containers and
 * re-registers with the same id and the tasks it still has.
 *
 * Executors: a command task runs as one container (its executor id is its task id, as with
 * Mesos's command executor). A task group under the default executor is a pod (pods/pods.ts): one
 * executor container holding the pod's namespaces, each task a container nested in it; as with
 * Mesos's default executor, a task of the group that fails or is killed takes the others down
 * with it, and the executor ends with its last task. A custom executor (TaskInfo.executor,
 * ExecutorInfo type CUSTOM) runs its command in one container with Mesos's MESOS_* environment and
 * gets its tasks through the executor API (executor/executors.ts); its updates go through the same
 * status update manager.
 *
 * Hooks (`agent.hooks`, in order, as Mesos's decorators): AgentResources decorates the resources
 * advertised at start, AgentRunTask the labels of each task received (before anything else sees
 * the task), AgentTaskStatus the labels of each status update before it is queued, and the
 * containerizer calls AgentPreLaunch. A decorating hook that fails or times out is logged and
 * skipped; while hooks run, messages from the master and status updates keep their order.
 *
 * Containers outlive the agent: stopping it (`stop()`) leaves them running for the next start to
 * recover; `stop({ destroyContainers: true })` (plateau up) destroys them all.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import {
  type AgentInfo,
  type Attribute,
  durationFromSeconds,
  encodeMessage,
  type ExecutorInfo,
  ExecutorInfoSchema,
  type FrameworkInfo,
  FrameworkInfoSchema,
  forbidden,
  type HttpAnswer,
  isTerminalTaskState,
  type KillPolicy,
  KillPolicySchema,
  type Label,
  NETWORKS_ATTRIBUTE,
  networksAttribute,
  parseMessage,
  type ResourceJSON,
  type Task,
  TaskGroupInfoSchema,
  type TaskInfo,
  TaskInfoSchema,
  TaskSchema,
  type TaskStatus,
  type TaskStatus_Reason,
  type TaskStatus_Source,
  TaskStatusSchema,
  withoutSecretValues,
} from '@plateau/mesos';
import { Containerizer, type ContainerLimitation, type ContainerTermination, type ContainerizerModules } from './containerizer/index';
import {
  type AgentMessage,
  type Authenticator,
  type Authorizer,
  type ClientTls,
  type ContainerState,
  createHttpsServer,
  type ServerTls,
  decorate,
  decoratedLabels,
  type DecorateOptions,
  type Detector,
  InvalidError,
  type Logger,
  type MasterMessage__Output,
  messageOf,
  type NamedHook,
} from '@plateau/kernel';
import { AgentAuth, type AgentCaller, EXECUTOR_TOKEN_ENV } from './http/auth';
import { type PeerCandidate, PeerContainers } from './http/peer-container';
import { AgentRouter } from './http/router';
import { NestedContainers } from './nested/nested-containers';
import { Pods } from './pods/pods';
import { AgentApi } from './http/agent-api';
import { fileRoutes } from './http/files';
import { agentRoutes } from './http/routes';
import { Executors } from './executor/executors';
import { MasterLink } from './link-client';
import { AgentMetrics } from './metrics/index';
import { sandboxDir } from './paths';
import { agentResources, discover } from './resources';
import { commandExecutorInfo, decorateAdvertised, decorateRunTask, notifyRemoveExecutor } from './hook-points';
import { type SandboxLogFile, SandboxLogs, type SandboxLogOptions } from './sandbox-logs';
import { AgentStore, type AgentContainer, type AgentTask } from './state';
import { StatusUpdates } from './status-updates';
import { containerIpEnvironment } from './container-ip';
import { ImagePulls } from './image-pulls';
import { PullStatusThrottle, pullData, pullMessage } from './pull-status';
import type { PullView } from './containerizer/pull-progress';
import { containerNetworkInfos, containerStatusOf } from './container-networks';
import { FETCHER_DEFAULTS, Fetcher } from './fetcher/index';
import { TaskMonitors } from './health/task-monitors';
import { CheckpointedResources, type VolumeRef, volumeOf } from './volumes/checkpointed-resources';

/** Everything an agent needs to know, resolved from plateau.yaml and the command line. */
export interface AgentOptions {
  /** Checkpoints (meta/) and sandboxes (slaves/) go here. */
  workDir: string;
  /** Address of the agent's HTTP API. */
  listen: { host: string; port: number };
  /** Hostname to advertise (default: advertiseIp, else the listen host, or the machine's name for a wildcard). */
  hostname?: string;
  /**
   * The address the master and containers reach this agent at, when not the listen address (NAT,
   * containers in their own network namespace, a wildcard listen): AgentInfo's port, the pid and
   * MESOS_AGENT_ENDPOINT (Mesos --advertise_ip, --advertise_port). The agent does not bind to it.
   */
  advertiseIp?: string;
  advertisePort?: number;
  /** A fixed master address (`host:port`); otherwise the detector finds the leader. */
  master?: string;
  /** "auto" or Mesos resource text; what it names replaces what discovery found. */
  resources?: string;
  /** Attributes offered with the agent's resources. */
  attributes?: Record<string, string | number>;
  /** Backoff factor of registration retries, ms (Mesos: 1 s). */
  registrationBackoffMs: number;
  /** A master silent this long (no pings) is given up on and the link reopened, ms. */
  masterSilenceMs: number;
  /** First resend delay of an unacknowledged status update, ms (Mesos: 10 s, doubling to 10 min). */
  statusUpdateRetryMs: number;
  /** Kill grace period of tasks without a KillPolicy, ms (Mesos: 3 s). */
  defaultKillGraceMs: number;
  /** Size caps of sandbox stdout/stderr. */
  sandboxLogs: SandboxLogOptions;
  /** The fetcher's cache (agent.fetcher; default `<workDir>/fetch`, 2 GiB). */
  fetcher?: { cacheDir?: string; cacheMaxBytes?: number };
  /** Version reported to the master. */
  version: string;
  /** Deadline of one hook call, ms (default: the kernel's HOOK_TIMEOUT_MS). */
  hookTimeoutMs?: number;
  /** Run tasks as their user (CommandInfo.user, else FrameworkInfo.user; Mesos --switch_user); default true. */
  switchUser?: boolean;
  /** Host directories that containers without an image must not see, besides the agent's workDir (the cluster's workDir). */
  hiddenHostPaths?: string[];
  /** The agent's credential, sent on the agent link (agent.credential; Mesos --credential). */
  credential?: { principal: string; secret: string };
  /** TLS on the agent's HTTP API (agent.tls): HTTPS; undefined: plain HTTP. */
  tls?: ServerTls;
  /** TLS of the link to the master (agent.masterCa, and agent.tls's certificate for mutual TLS). */
  linkTls?: ClientTls;
}

/** Defaults (Mesos's where Mesos has one). */
export const AGENT_DEFAULTS = {
  listen: '127.0.0.1:5051',
  registrationBackoffMs: 1000,
  masterSilenceMs: 75_000,
  statusUpdateRetryMs: 10_000,
  defaultKillGraceMs: 3000,
  sandboxLogMaxBytes: 10 * 1024 * 1024,
  sandboxLogKeep: 2,
  sandboxLogIntervalMs: 2000,
} as const;

/** The modules an agent uses. */
export interface AgentModules {
  containerizer: ContainerizerModules;
  /** Finds the leading master (without a fixed `master`). */
  detector?: Detector;
  /** Authenticates HTTP callers and issues executor tokens (agent.authenticator). */
  authenticator?: Authenticator;
  /** Authorizes agent API calls (agent.authorizer). */
  authorizer?: Authorizer;
}

const taskKey = (frameworkId: string, taskId: string) => `${frameworkId} ${taskId}`;

/** NetworkInfo name of the resources an isolator advertises in a Status without a container id. */
export const ADVERTISED_RESOURCES = 'plateau.resources';

/** Agent: one agent process's role. */
export class Agent {
  /** The id the master gave this agent ('' until the first registration). */
  agentId = '';
  readonly containerizer: Containerizer;
  /** The agent's metrics (its containerizer's launches are timed from here on). */
  readonly metrics: AgentMetrics;
  readonly router: AgentRouter;
  /** Authentication and authorization of the agent's HTTP APIs. */
  readonly auth: AgentAuth;
  readonly frameworks = new Map<string, FrameworkInfo>();
  readonly tasks = new Map<string, AgentTask>();
  readonly containers = new Map<string, AgentContainer>();
  /** Image pulls of containers being launched (GET /pulls). */
  readonly pulls = new ImagePulls();
  /** Total resources advertised (Mesos v1 JSON). */
  resources: ResourceJSON[] = [];
  attributes: Attribute[] = [];
  readonly startTime = Date.now();
  /** Set once the agent has started (recovered and listening). */
  started = false;

  /** The agent's v1 operator API (sessions). */
  readonly api: AgentApi;
  /** Containers nested in running ones (LAUNCH_NESTED_CONTAINER, pods' tasks). */
  readonly nested: NestedContainers;
  /** Task groups under the default executor. */
  readonly pods: Pods;
  /** The executor API (custom executors). */
  readonly executors: Executors;
  private store!: AgentStore;
  /** Reservations and persistent volumes the master checkpointed here; `resources` includes them. */
  private checkpointed!: CheckpointedResources;
  /** Resources before the checkpointed ones are applied (discovered, configured, decorated). */
  private staticResources: ResourceJSON[] = [];
  private readonly link: MasterLink;
  private readonly updates: StatusUpdates;
  private readonly logs: SandboxLogs;
  /** Health checks, checks and max_completion_time of running tasks. */
  private readonly monitors: TaskMonitors;
  private readonly http: Server | HttpsServer;
  private readonly launches = new Map<string, Promise<void>>();
  /** The process is going away and its containers stay: ignore what they do from now on. */
  private detached = false;
  /** Every container is being destroyed (plateau up shutdown). */
  private destroying = false;
  private hostname: string;
  private boundPort = 0;
  /** Master messages wait here while an earlier one is being decorated by hooks (order is kept). */
  private inbox: Promise<void> | undefined;
  /** Status updates wait here for their AgentTaskStatus decoration (order is kept). */
  private statusChain: Promise<void> | undefined;

  constructor(
    readonly opts: AgentOptions,
    readonly modules: AgentModules,
    readonly log: Logger,
  ) {
    this.containerizer = new Containerizer(
      { ...modules.containerizer, hookTimeoutMs: modules.containerizer.hookTimeoutMs ?? opts.hookTimeoutMs, secretsDir: modules.containerizer.secretsDir ?? join(opts.workDir, 'secrets'), switchUser: modules.containerizer.switchUser ?? opts.switchUser ?? true, hiddenHostPaths: [...new Set([...(opts.hiddenHostPaths ?? []), opts.workDir])],
        fetcher: modules.containerizer.fetcher ?? new Fetcher({ cacheDir: opts.fetcher?.cacheDir ?? join(opts.workDir, 'fetch'), cacheMaxBytes: opts.fetcher?.cacheMaxBytes ?? FETCHER_DEFAULTS.cacheMaxBytes }),
      },
      log,
    );
    this.metrics = new AgentMetrics(this);
    this.hostname = opts.hostname || opts.advertiseIp || (['0.0.0.0', '::', ''].includes(opts.listen.host) ? osHostname() : opts.listen.host);
    this.link = new MasterLink(
      { master: opts.master, detector: modules.detector, backoffMs: opts.registrationBackoffMs, silenceMs: opts.masterSilenceMs, credential: opts.credential, tls: opts.linkTls, log },
      {
        hello: () => this.hello(),
        registered: (id, again) => this.onRegistered(id, again),
        message: (m) => this.onMessage(m),
        disconnected: (reason) => this.log.debug({ reason }, 'agent link closed'),
      },
    );
    this.updates = new StatusUpdates(
      {
        send: (fid, json, uuid) => this.link.send({ statusUpdate: { frameworkId: fid, statusJson: json, uuid } }),
        connected: () => this.link.registered,
        persist: (t) => this.store.writeTask(t),
        done: (t) => this.forgetTask(t),
      },
      opts.statusUpdateRetryMs,
      log,
    );
    this.logs = new SandboxLogs(opts.sandboxLogs, () => this.logFiles(), log);
    this.monitors = new TaskMonitors({
      exec: (req) => this.modules.containerizer.launcher.module.exec(req),
      log,
      running: (t, reason, message) => {
        if (t.state !== 'TASK_RUNNING' || t.killRequested || this.detached || this.destroying) return;
        this.report(t, 'TASK_RUNNING', 'SOURCE_EXECUTOR', reason, message, this.containers.get(t.containerId));
      },
      kill: (t, cause) => this.killTask(t.frameworkId, t.taskId, undefined, cause),
    });
    this.auth = new AgentAuth(modules.authenticator, modules.authorizer, log);
    // Without an authenticator there are no executor tokens: the agent tells a task's request
    // from the host's by who holds the connection, and confines tasks to their own container.
    const peers = modules.authenticator === undefined ? new PeerContainers(() => this.peerCandidates()) : undefined;
    this.router = new AgentRouter(log, this.auth, peers && ((socket) => this.peerCaller(peers, socket)));
    agentRoutes(this, this.router);
    fileRoutes(this, this.router);
    this.nested = new NestedContainers({
      log,
      containerizer: this.containerizer,
      store: () => this.store.store,
      containers: this.containers,
      agentId: () => this.agentId,
      leaving: () => this.detached || this.destroying,
    });
    this.pods = new Pods({
      log,
      containerizer: this.containerizer,
      nested: () => this.nested,
      containers: this.containers,
      tasks: () => this.tasks.values(),
      checkpoint: () => this.store.store,
      agentId: () => this.agentId,
      sandboxOf: (fid, eid, cid) => sandboxDir(this.opts.workDir, this.agentId || 'unregistered', fid, eid, cid),
      newTask: (fw, task, eid, cid, executor) => this.newTask(fw, task, eid, cid, executor),
      writeTask: (t) => this.store.writeTask(t),
      adopt: (c) => {
        void this.store.writeContainer(c).catch((err: unknown) => this.log.error({ containerId: c.containerId, err: messageOf(err) }, 'container checkpoint failed'));
        this.attach(c);
      },
      update: (t, status) => {
        if (!this.detached && !this.destroying) void this.enqueueStatus(t, status);
      },
      killTask: (fid, tid) => this.killTask(fid, tid, undefined),
      environment: async (t, cid) => [
        { name: 'MESOS_TASK_ID', value: t.taskId },
        ...containerIpEnvironment(this.opts.listen.host, t.executorInfo?.container?.network_infos),
        ...(await this.auth.executorToken(t.frameworkId, t.executorId, cid).then((token) => (token === undefined ? [] : [{ name: EXECUTOR_TOKEN_ENV, value: token }]))),
      ],
      monitor: (t, cid) => this.monitors.start(t, cid, Date.now()),
      unmonitor: (t) => this.monitors.stop(t),
    });
    this.api = new AgentApi(this);
    this.api.register(this.router);
    this.executors = new Executors({
      log,
      tasks: this.tasks,
      containers: this.containers,
      agentInfo: () => this.agentInfo(),
      frameworkInfo: (id) => this.frameworks.get(id),
      executorUpdate: (t, status) => this.executorUpdate(t, status),
      executorMessage: (fid, eid, data) => this.link.send({ executorMessage: { agentId: this.agentId, frameworkId: fid, executorId: eid, data: Buffer.from(data) } }),
      killContainer: (id, graceMs) => void this.containerizer.kill(id, graceMs),
      authenticates: this.auth.authenticates,
    });
    this.executors.register(this.router);
    const serve = (req: IncomingMessage, res: ServerResponse) => void this.router.dispatch(req, res);
    this.http = opts.tls ? createHttpsServer(opts.tls, { keepAlive: true }, serve) : createServer({ keepAlive: true }, serve);
  }

  /** The master the agent links to (or tries to). */
  get master(): string | undefined {
    return this.link.master;
  }

  /** Whether the agent is registered with a master right now. */
  get registered(): boolean {
    return this.link.registered;
  }

  /** `slave(1)@host:port`, as Mesos tools expect an agent's pid. */
  get pid(): string {
    return `slave(1)@${this.opts.advertiseIp ?? this.hostname}:${this.advertisedPort}`;
  }

  /** The port others reach the HTTP API at: --advertise-port, else the one it listens on. */
  get advertisedPort(): number {
    return this.opts.advertisePort ?? this.port;
  }

  /** The advertised hostname. */
  get advertisedHostname(): string {
    return this.hostname;
  }

  /** The port the HTTP API listens on. */
  get port(): number {
    return this.boundPort || this.opts.listen.port;
  }

  /** This agent as a Mesos AgentInfo. */
  agentInfo(): AgentInfo {
    return { hostname: this.hostname, port: this.advertisedPort, id: { value: this.agentId }, resources: this.resources as never, attributes: this.attributes };
  }

  /** The agent's hook modules (agent.hooks), in order. */
  private get hooks(): readonly NamedHook[] {
    return this.modules.containerizer.hooks;
  }

  private hookOptions(context: Record<string, unknown>): DecorateOptions {
    return { log: this.log, timeoutMs: this.opts.hookTimeoutMs, context };
  }

  /** Status update counters. */
  get updateStats(): StatusUpdates['stats'] {
    return this.updates.stats;
  }

  /** Discovers resources, recovers checkpointed state and containers, listens, then registers. */
  async start(): Promise<void> {
    mkdirSync(this.opts.workDir, { recursive: true });
    this.store = new AgentStore(join(this.opts.workDir, 'meta'));
    const advertised = await this.advertisedResources();
    const discovered = await discover(this.opts.workDir, advertised.gpus ?? 0, this.log);
    this.resources = agentResources(discovered, this.opts.resources, advertised);
    this.attributes = withNetworks(attributesOf(this.opts.attributes), [...(await this.containerizer.supported()).networks.keys()]);
    this.agentId = this.store.readAgentId() ?? '';
    if (this.hooks.length > 0) {
      const advertised = await decorateAdvertised(this.hooks, this.agentInfo(), { resources: this.resources, attributes: this.attributes }, this.hookOptions({}));
      this.resources = advertised.resources;
      this.attributes = advertised.attributes;
    }
    this.checkpointed = new CheckpointedResources(this.opts.workDir, this.log);
    this.checkpointed.load();
    this.staticResources = this.resources;
    this.resources = this.checkpointed.totalOver(this.staticResources);
    await this.recover();
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.opts.listen.port, this.opts.listen.host, () => {
        this.http.removeListener('error', reject);
        resolve();
      });
    });
    const addr = this.http.address();
    if (addr && typeof addr === 'object') this.boundPort = addr.port;
    this.logs.start();
    this.started = true;
    this.log.info(
      {
        agentId: this.agentId || null,
        listen: `${this.opts.listen.host}:${this.boundPort}`,
        resources: this.resources.map((r) => `${r.name}:${r.scalar?.value ?? JSON.stringify(r.ranges ?? r.set)}`).join(';'),
        launcher: this.modules.containerizer.launcher.label,
        isolators: this.modules.containerizer.isolators.map((i) => i.label),
        tasks: this.tasks.size,
        containers: this.containers.size,
      },
      'agent listening',
    );
    this.link.start();
  }

  /**
   * Stops the agent. Containers keep running for the next start to recover, unless
   * `destroyContainers` (then every container is killed and cleaned up, and the checkpointed
   * workload forgotten; the agent id stays).
   */
  async stop(opts: { destroyContainers?: boolean } = {}): Promise<void> {
    if (!opts.destroyContainers) this.detached = true;
    this.link.stop();
    this.logs.stop();
    this.updates.stop();
    this.executors.stop();
    this.monitors.stopAll();
    this.pods.stop(opts.destroyContainers);
    if (opts.destroyContainers) {
      this.destroying = true;
      await Promise.race([Promise.allSettled([...this.launches.values()]), new Promise((r) => setTimeout(r, 30_000).unref())]);
      const ids = [...new Set([...this.containers.keys(), ...this.containerizer.ids()])];
      await Promise.allSettled(ids.map((id) => this.containerizer.destroy(id)));
      this.containers.clear();
      this.tasks.clear();
      this.frameworks.clear();
      await this.store?.clearWorkload();
      if (ids.length) this.log.info({ containers: ids.length }, 'containers destroyed');
    }
    this.detached = true;
    await this.store?.flush();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------------------------------
  // Registration

  /**
   * Scalar resources the isolators advertise (isolator-gpu: gpus). The isolator kind has no call
   * for it yet; the convention (isolator-gpu's README) is a Status without a container id answering
   * a NetworkInfo named `plateau.resources` whose ip_addresses are `{protocol: name, ip_address:
   * amount}`. It works in process and over gRPC alike; isolators without it answer an error.
   */
  private async advertisedResources(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const iso of this.modules.containerizer.isolators) {
      let answer: Awaited<ReturnType<typeof iso.module.status>>;
      try {
        answer = await iso.module.status({ containerId: null });
      } catch {
        continue;
      }
      for (const n of answer?.networkInfos ?? []) {
        if (n.name !== ADVERTISED_RESOURCES) continue;
        for (const a of n.ipAddresses ?? []) {
          const v = Number(a.ipAddress);
          if (a.protocol && Number.isFinite(v)) out[a.protocol] = (out[a.protocol] ?? 0) + v;
        }
        this.log.info({ isolator: iso.label, resources: out }, 'isolator advertises resources');
      }
    }
    return out;
  }

  private registerMessage() {
    return {
      agentId: this.agentId,
      hostname: this.hostname,
      port: this.advertisedPort,
      resourcesJson: JSON.stringify(this.resources),
      attributesJson: JSON.stringify(this.attributes),
      version: this.opts.version,
      checkpoint: true,
      capabilities: ['MULTI_ROLE', 'HIERARCHICAL_ROLE', 'RESERVATION_REFINEMENT', 'TASK_NO_EXECUTOR'],
      domainJson: '',
      scheme: this.scheme,
    };
  }

  /** Scheme of this agent's HTTP API, as the master and executors are told it. */
  get scheme(): 'http' | 'https' {
    return this.opts.tls ? 'https' : 'http';
  }

  private hello(): AgentMessage {
    if (this.agentId === '') return { register: this.registerMessage() };
    const tasks: string[] = [];
    const executors = new Map<string, string>();
    const frameworkIds = new Set<string>();
    for (const t of this.tasks.values()) {
      frameworkIds.add(t.frameworkId);
      tasks.push(encodeMessage(TaskSchema, this.taskView(t, true)));
      if (t.executorInfo) executors.set(`${t.frameworkId} ${t.executorId}`, encodeMessage(ExecutorInfoSchema, withoutSecretValues({ ...t.executorInfo, framework_id: { value: t.frameworkId } })));
    }
    const frameworks = [...frameworkIds].map((id) => this.frameworks.get(id)).filter((f): f is FrameworkInfo => f !== undefined);
    return {
      reregister: {
        agent: this.registerMessage(),
        tasksJson: `[${tasks.join(',')}]`,
        executorInfosJson: `[${[...executors.values()].join(',')}]`,
        frameworkInfosJson: `[${frameworks.map((f) => encodeMessage(FrameworkInfoSchema, f)).join(',')}]`,
        completedFrameworksJson: '[]',
        checkpointedResourcesJson: JSON.stringify(this.checkpointed.resources),
      },
    };
  }

  private onRegistered(agentId: string, again: boolean): void {
    if (agentId && agentId !== this.agentId) {
      if (this.agentId !== '') this.log.warn({ old: this.agentId, new: agentId }, 'the master gave this agent a new id');
      this.agentId = agentId;
      this.store.writeAgentId(agentId);
    }
    this.log.info({ agentId: this.agentId, master: this.link.master }, again ? 'agent re-registered' : 'agent registered');
    this.updates.resendAll(this.tasks.values());
  }

  /**
   * A task as the master sees it. In a re-registration its state is the one the master last
   * heard from this agent, so that updates the master has not seen yet reach it as the real
   * updates (resent with their uuids) rather than as the master's own reconciliation.
   */
  taskView(t: AgentTask, forReregister = false): Task {
    const info = t.info;
    const state = forReregister ? (t.sentState ?? 'TASK_STAGING') : t.state;
    const task: Task = {
      name: info.name,
      task_id: info.task_id,
      framework_id: { value: t.frameworkId },
      executor_id: { value: t.executorId },
      agent_id: { value: this.agentId },
      state,
      resources: info.resources ?? [],
    };
    const latest = forReregister ? (t.sentStatus ? parseMessage(TaskStatusSchema, t.sentStatus) : undefined) : t.latest;
    if (latest) task.statuses = [latest];
    if (info.labels) task.labels = info.labels;
    // The master, the state endpoints and the operator API see secrets by reference only.
    if (info.container) task.container = withoutSecretValues(info.container);
    if (info.kill_policy) task.kill_policy = info.kill_policy;
    if (info.limits) task.limits = info.limits;
    if (info.discovery) task.discovery = info.discovery;
    if (info.health_check) task.health_check = info.health_check;
    return task;
  }

  // ------------------------------------------------------------------------------------------
  // Messages from the master

  private onMessage(msg: MasterMessage__Output): void {
    if (this.inbox !== undefined) {
      this.queueMessage(this.inbox.then(() => this.handleMessage(msg)));
      return;
    }
    const later = this.handleMessage(msg);
    if (later !== undefined) this.queueMessage(later);
  }

  private queueMessage(p: Promise<void>): void {
    const q = p.catch((err: unknown) => this.log.error({ err: messageOf(err) }, 'could not handle a message from the master'));
    this.inbox = q;
    void q.then(() => {
      if (this.inbox === q) this.inbox = undefined;
    });
  }

  /** Handles one master message; a promise when it goes on after hooks decorated it. */
  private handleMessage(msg: MasterMessage__Output): Promise<void> | undefined {
    try {
      switch (msg.message) {
        case 'runTask': {
          const r = msg.runTask!;
          const fw = parseMessage(FrameworkInfoSchema, r.frameworkInfoJson);
          const task = parseMessage(TaskInfoSchema, r.taskInfoJson);
          if (this.hooks.length === 0) {
            this.runTask(fw, task);
            return undefined;
          }
          return this.decorateTasks(fw, [task], task.executor).then(() => {
            if (!this.detached && !this.destroying) this.runTask(fw, task);
          });
        }
        case 'runTaskGroup': {
          const g = msg.runTaskGroup!;
          const fw = parseMessage(FrameworkInfoSchema, g.frameworkInfoJson);
          const executor = parseMessage(ExecutorInfoSchema, g.executorInfoJson);
          const group = parseMessage(TaskGroupInfoSchema, g.taskGroupJson);
          const tasks = group.tasks ?? [];
          if (this.hooks.length === 0) {
            this.runTaskGroup(fw, executor, tasks);
            return undefined;
          }
          return this.decorateTasks(fw, tasks, executor).then(() => {
            if (!this.detached && !this.destroying) this.runTaskGroup(fw, executor, tasks);
          });
        }
        case 'killTask': {
          const k = msg.killTask!;
          const policy = k.killPolicyJson ? parseMessage(KillPolicySchema, k.killPolicyJson) : undefined;
          this.killTask(k.frameworkId, k.taskId, policy?.grace_period ? Number(policy.grace_period.nanoseconds) / 1e6 : undefined);
          return;
        }
        case 'shutdownFramework':
          this.shutdownFramework(msg.shutdownFramework!.frameworkId);
          return;
        case 'shutdownExecutor':
          this.shutdownExecutor(msg.shutdownExecutor!.frameworkId, msg.shutdownExecutor!.executorId);
          return;
        case 'statusUpdateAck': {
          const a = msg.statusUpdateAck!;
          const t = this.tasks.get(taskKey(a.frameworkId, a.taskId));
          if (t === undefined || !this.updates.acknowledge(t, Buffer.from(a.uuid))) {
            this.log.debug({ frameworkId: a.frameworkId, taskId: a.taskId }, 'acknowledgement of an update not in flight (ignored)');
          }
          return;
        }
        case 'shutdownAgent':
          this.log.error({ message: msg.shutdownAgent!.message }, 'the master asked this agent to shut down; stopping the link');
          this.link.stop();
          return;
        case 'checkpointResources':
          this.checkpointResources(msg.checkpointResources!.resourcesJson);
          return;
        case 'frameworkMessage': {
          const f = msg.frameworkMessage!;
          this.executors.frameworkMessage(f.frameworkId, f.executorId, f.data);
          return;
        }
        default:
          return;
      }
    } catch (err) {
      this.log.error({ err: messageOf(err), message: msg.message }, 'could not handle a message from the master');
    }
    return undefined;
  }

  /** AgentRunTask of each hook over each task: the labels and environment the hooks answer become the task's. */
  private async decorateTasks(fw: FrameworkInfo, tasks: TaskInfo[], executor: ExecutorInfo | undefined): Promise<void> {
    const agentInfo = this.agentInfo();
    await Promise.all(
      tasks.map((task) => decorateRunTask(this.hooks, task, { frameworkInfo: fw, executor, agentInfo }, this.hookOptions({ frameworkId: fw.id?.value, taskId: task.task_id?.value }))),
    );
  }

  private addFramework(info: FrameworkInfo): void {
    const id = info.id?.value;
    if (!id) return;
    const known = this.frameworks.get(id);
    if (known && encodeMessage(FrameworkInfoSchema, known) === encodeMessage(FrameworkInfoSchema, info)) return;
    this.frameworks.set(id, info);
    void this.store.writeFramework(info).catch((err: unknown) => this.log.error({ frameworkId: id, err: messageOf(err) }, 'framework checkpoint failed'));
  }

  /** Runs a task: a command task in its own container, or a task of a custom executor. */
  runTask(fw: FrameworkInfo, task: TaskInfo): void {
    this.addFramework(fw);
    if (task.executor !== undefined) {
      const t = this.runOnExecutor(fw, task);
      if (t) this.executors.taskAdded(t);
      return;
    }
    this.launch(fw, task, task.task_id.value, undefined);
  }

  /**
   * A task of a custom executor: it joins the executor's container if that runs (or is being
   * launched), else the container is launched with it.
   */
  private runOnExecutor(fw: FrameworkInfo, task: TaskInfo): AgentTask | undefined {
    const eid = task.executor!.executor_id.value;
    const fid = fw.id!.value;
    const info: ExecutorInfo = { ...task.executor!, framework_id: fw.id };
    const c = [...this.containers.values()].find((x) => x.frameworkId === fid && x.executorId === eid);
    if (c === undefined) {
      this.launch(fw, task, eid, info);
      return undefined;
    }
    const t = this.newTask(fw, task, eid, c.containerId, info);
    if (t === undefined) return undefined;
    c.taskIds.push(t.taskId);
    void this.store.writeTask(t).then(() => (c.phase === 'running' ? this.store.writeContainer(c) : undefined)).catch(() => undefined);
    return t;
  }

  /** An update from a custom executor: into the status update manager; resolves once checkpointed. */
  private async executorUpdate(t: AgentTask, status: TaskStatus): Promise<void> {
    const c = this.containers.get(t.containerId);
    status.source = 'SOURCE_EXECUTOR';
    status.agent_id = { value: this.agentId };
    status.executor_id = { value: t.executorId };
    status.timestamp ??= Date.now() / 1000;
    if (c && !status.container_status) status.container_status = containerStatusOf(c);
    await this.enqueueStatus(t, status);
    await this.store.flush();
  }

  /** Runs the tasks of a group: a custom executor gets them at once; the default executor runs them as a pod. */
  runTaskGroup(fw: FrameworkInfo, executor: ExecutorInfo, tasks: TaskInfo[]): void {
    this.addFramework(fw);
    if (executor.type === 'CUSTOM') {
      // A custom executor gets the whole group at once (LAUNCH_GROUP).
      for (const task of tasks) this.runOnExecutor(fw, { ...task, executor });
      const group = tasks.map((task) => this.tasks.get(taskKey(fw.id!.value, task.task_id.value))).filter((t): t is AgentTask => t !== undefined);
      this.executors.groupAdded(group);
      return;
    }
    this.pods.run(fw, executor, tasks);
  }

  private newTask(fw: FrameworkInfo, task: TaskInfo, executorId: string, containerId: string, executorInfo: ExecutorInfo | undefined): AgentTask | undefined {
    const fid = fw.id!.value;
    const key = taskKey(fid, task.task_id.value);
    if (this.tasks.has(key)) {
      this.log.warn({ frameworkId: fid, taskId: task.task_id.value }, 'task already known: launch ignored');
      return undefined;
    }
    const t: AgentTask = { frameworkId: fid, taskId: task.task_id.value, info: task, executorId, containerId, state: 'TASK_STAGING', pending: [] };
    if (executorInfo) t.executorInfo = executorInfo;
    this.tasks.set(key, t);
    return t;
  }

  private launch(fw: FrameworkInfo, task: TaskInfo, executorId: string, executorInfo: ExecutorInfo | undefined): void {
    const containerId = randomUUID();
    const t = this.newTask(fw, task, executorId, containerId, executorInfo);
    if (t === undefined) return;
    const fid = t.frameworkId;
    const sandbox = sandboxDir(this.opts.workDir, this.agentId || 'unregistered', fid, executorId, containerId);
    const c: AgentContainer = { containerId, frameworkId: fid, executorId, taskIds: [t.taskId], sandbox, phase: 'launching', pid: 0, launcherState: '', createdAt: Date.now() };
    this.containers.set(containerId, c);
    try {
      mkdirSync(sandbox, { recursive: true });
      // The container gets its record once it runs; until then the task's record says it exists
      // (a crash before that leaves an orphan that recovery destroys, and the task fails).
      void this.store.writeTask(t).catch((err: unknown) => this.log.error({ taskId: t.taskId, err: messageOf(err) }, 'task checkpoint failed'));
    } catch (err) {
      this.containers.delete(containerId);
      this.report(t, 'TASK_FAILED', 'SOURCE_AGENT', 'REASON_CONTAINER_LAUNCH_FAILED', `could not create the sandbox: ${messageOf(err)}`);
      return;
    }
    const p = this.runContainer(fw, t, c).finally(() => this.launches.delete(containerId));
    this.launches.set(containerId, p);
  }

  /** CheckpointResources: the master's set of this agent's reservations and volumes becomes ours. */
  private checkpointResources(json: string): void {
    const next = JSON.parse(json) as ResourceJSON[];
    if (!Array.isArray(next)) throw new Error('checkpointResources.resourcesJson: not a JSON array');
    // Checked against the static resources before anything is written.
    const resources = this.checkpointed.totalOver(this.staticResources, next);
    this.checkpointed.apply(next, (v) => this.volumeUser(v));
    this.resources = resources;
    this.log.info({ resources: next.length }, 'checkpointed resources updated by the master');
  }

  /** A live task using persistent volume `v`, or undefined. */
  private volumeUser(v: VolumeRef): string | undefined {
    for (const t of this.tasks.values()) {
      if (isTerminalTaskState(t.state)) continue;
      const all = [...(t.info.resources ?? []), ...(t.executorInfo?.resources ?? [])];
      if (all.some((r) => { const u = volumeOf(r); return u !== undefined && u.role === v.role && u.id === v.id; })) return t.taskId;
    }
    return undefined;
  }

  private async runContainer(fw: FrameworkInfo, t: AgentTask, c: AgentContainer): Promise<void> {
    const task = t.info;
    const custom = task.executor !== undefined ? t.executorInfo : undefined;
    const env = [
      ...(custom ? this.executorEnvironment(t, c) : [{ name: 'MESOS_TASK_ID', value: t.taskId }]),
      { name: 'MESOS_FRAMEWORK_ID', value: t.frameworkId },
      { name: 'MESOS_EXECUTOR_ID', value: t.executorId },
      { name: 'MESOS_AGENT_ID', value: this.agentId },
      { name: 'MESOS_SLAVE_ID', value: this.agentId },
      { name: 'MESOS_CONTAINER_ID', value: c.containerId },
      ...containerIpEnvironment(this.opts.listen.host, (custom ? custom.container : task.container)?.network_infos),
    ];
    // A command task's pull shows as TASK_STARTING updates (a custom executor reports its own states).
    const pullStatus = new PullStatusThrottle((view) => this.reportPull(t, c, view));
    try {
      const launched = await this.containerizer.launch({
        onPull: (view) => {
          this.pulls.update(c, view);
          if (custom) return;
          if (view.done) pullStatus.close();
          else pullStatus.update(view);
        },
        containerId: c.containerId,
        directory: c.sandbox,
        user: task.command?.user ?? fw.user,
        resources: [...(custom?.resources ?? []), ...(task.resources ?? [])],
        limits: task.limits,
        volumeMounts: this.checkpointed.mountsFor([...(custom?.resources ?? []), ...(task.resources ?? [])]),
        volumes: this.checkpointed.volumesFor([...(custom?.resources ?? []), ...(task.resources ?? [])]),
        command: custom ? custom.command : task.command,
        container: custom ? custom.container : task.container,
        taskInfo: task,
        executorInfo: t.executorInfo,
        labels: (task.labels?.labels ?? []).map((l) => ({ key: l.key, value: l.value ?? '' })),
        environment: [...env, ...(await this.tokenEnvironment(t, c))],
        stdoutPath: join(c.sandbox, 'stdout'),
        stderrPath: join(c.sandbox, 'stderr'),
        // Its pid as soon as the container exists, before its command can run: from then on a
        // request from it is told apart from the host's (peerCandidates), never taken for the host's.
      }, (created) => (c.pid = created.pid)).finally(() => pullStatus.close());
      c.phase = 'running';
      c.pid = launched.pid;
      c.launcherState = launched.launcherState;
      c.config = launched.config;
      // Its addresses on named networks, for every status update and the state endpoints.
      if ((custom ? custom.container : task.container)?.network_infos?.some((n) => n.name)) c.networkInfos = await containerNetworkInfos(this.modules.containerizer.isolators, c.containerId, this.log);
      if (this.destroying || this.detached) return;
    } catch (err) {
      this.containers.delete(c.containerId);
      if (this.destroying || this.detached) return;
      this.executorRemoved(c);
      this.log.warn({ taskId: t.taskId, containerId: c.containerId, err: messageOf(err) }, 'container launch failed');
      if (t.killRequested) this.report(t, 'TASK_KILLED', 'SOURCE_AGENT', 'REASON_TASK_KILLED_DURING_LAUNCH', `Task killed while it was launching (${messageOf(err)})`, c);
      else this.report(t, 'TASK_FAILED', 'SOURCE_AGENT', 'REASON_CONTAINER_LAUNCH_FAILED', messageOf(err), c);
      return;
    }
    // TASK_RUNNING goes out once the container's record (pid, config for the isolators) is durable.
    const recorded = this.store.writeContainer(c);
    this.attach(c);
    if (t.killRequested) {
      void this.containerizer.kill(c.containerId, t.killGraceMs ?? this.graceOf(t));
      return;
    }
    // A custom executor reports its tasks' states itself, once it has subscribed.
    if (custom) return;
    this.report(t, 'TASK_RUNNING', 'SOURCE_EXECUTOR', undefined, undefined, c, undefined, recorded);
    this.monitors.start(t, c.containerId, c.createdAt);
  }

  /** TASK_STARTING with the image pull's progress, unless the task moved on or updates pile up unacknowledged. */
  private reportPull(t: AgentTask, c: AgentContainer, view: PullView): void {
    if ((t.state !== 'TASK_STAGING' && t.state !== 'TASK_STARTING') || t.killRequested || this.destroying || this.detached) return;
    if (t.pending.length >= 2) return; // the framework is slow to acknowledge: skip, a later view says more
    const status: TaskStatus = {
      task_id: t.info.task_id,
      state: 'TASK_STARTING',
      source: 'SOURCE_EXECUTOR',
      agent_id: { value: this.agentId },
      executor_id: { value: t.executorId },
      timestamp: Date.now() / 1000,
      message: pullMessage(view),
      data: pullData(view),
      container_status: containerStatusOf(c),
    };
    void this.enqueueStatus(t, status);
  }

  /**
   * MESOS_EXECUTOR_AUTHENTICATION_TOKEN: a token the agent's authenticator issues for the
   * container (claims fid, eid, cid), which the executor (or task) sends back as
   * `Authorization: Bearer <token>`; nothing when the agent has no authenticator or it issues no tokens.
   */
  private async tokenEnvironment(t: AgentTask, c: AgentContainer): Promise<{ name: string; value: string }[]> {
    const token = await this.auth.executorToken(t.frameworkId, t.executorId, c.containerId);
    return token === undefined ? [] : [{ name: EXECUTOR_TOKEN_ENV, value: token }];
  }

  /** Running containers with a process, for telling which one a connection comes from. */
  private peerCandidates(): PeerCandidate[] {
    const out: PeerCandidate[] = [];
    for (const c of this.containers.values()) if (c.pid !== undefined && c.pid > 0) out.push({ containerId: c.containerId, pid: c.pid });
    // Nested containers too: their cgroups lie under their parents', the innermost one matches.
    for (const n of this.nested.all()) if (n.pid > 0) out.push({ containerId: n.containerId.value, pid: n.pid });
    return out;
  }

  /**
   * The caller of a connection when no authenticator is configured: a task's container gets the
   * claims an executor token would carry (so it acts only on its own container); the host is
   * anonymous; a local client that cannot be found is refused.
   */
  private async peerCaller(peers: PeerContainers, socket: Socket): Promise<AgentCaller | HttpAnswer> {
    const peer = await peers.of(socket);
    if (peer.kind === 'host') return {};
    if (peer.kind === 'unknown') return forbidden(`The agent cannot tell which process is calling (${peer.why}); retry on a connection that stays open`);
    const c = this.containers.get(peer.containerId) ?? this.nested.get(peer.containerId);
    return { claims: { cid: peer.containerId, fid: c?.frameworkId ?? '', eid: c?.executorId ?? '' } };
  }

  /** Mesos's environment of an executor's command. */
  private executorEnvironment(t: AgentTask, c: AgentContainer): { name: string; value: string }[] {
    const host = this.opts.advertiseIp ?? (['0.0.0.0', '::', ''].includes(this.opts.listen.host) ? '127.0.0.1' : this.opts.listen.host);
    const shutdownNs = t.executorInfo?.shutdown_grace_period?.nanoseconds;
    return [
      { name: 'MESOS_AGENT_ENDPOINT', value: `${host.includes(':') ? `[${host}]` : host}:${this.advertisedPort}` },
      // MESOS_AGENT_ENDPOINT has no scheme: executors learn it here, and the CA of an https agent
      // (agent.tls.ca) as PEM text, which reaches them whatever filesystem their container has.
      { name: 'PLATEAU_AGENT_SCHEME', value: this.scheme },
      ...(this.opts.tls?.ca ? [{ name: 'PLATEAU_AGENT_CA_PEM', value: this.opts.tls.ca.toString('utf8') }] : []),
      { name: 'MESOS_FRAMEWORK_ID', value: t.frameworkId },
      { name: 'MESOS_EXECUTOR_ID', value: t.executorId },
      { name: 'MESOS_DIRECTORY', value: c.sandbox },
      // MESOS_SANDBOX is the launcher's: the sandbox as the container sees it.
      { name: 'MESOS_CHECKPOINT', value: '1' },
      { name: 'MESOS_HTTP_COMMAND_EXECUTOR', value: '0' },
      { name: 'MESOS_RECOVERY_TIMEOUT', value: '15mins' },
      { name: 'MESOS_SUBSCRIPTION_BACKOFF_MAX', value: '2secs' },
      { name: 'MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD', value: `${shutdownNs === undefined ? this.opts.defaultKillGraceMs : Number(shutdownNs) / 1e6}ms` },
    ];
  }

  /** Watches a running container's isolators and waits for its end. */
  private attach(c: AgentContainer): void {
    this.containerizer.watch(c.containerId, (l) => this.onLimitation(c, l));
    void this.supervise(c);
  }

  private onLimitation(c: AgentContainer, l: ContainerLimitation): void {
    if (this.detached || this.destroying) return;
    // A pod's executor container: the pod decides (a task's own limit shows there too).
    if (this.pods.executorLimited(c, l)) return;
    this.log.warn({ containerId: c.containerId, reason: l.reason, isolator: l.source, message: l.message }, 'container hit a limit: killing it');
    const grace = Math.min(...c.taskIds.map((id) => this.graceOf(this.tasks.get(taskKey(c.frameworkId, id)))));
    void this.containerizer.kill(c.containerId, grace);
  }

  /**
   * Waits for the container's end. A command that exited by itself (an exit code, no limitation
   * seen) is reported at once, as Mesos's command executor does, and the container is cleaned up
   * after; a death by signal is reported after the isolators' cleanup, which surfaces a limitation
   * (an OOM kill) that raced the exit.
   */
  private async supervise(c: AgentContainer): Promise<void> {
    let term: ContainerTermination;
    try {
      term = await this.containerizer.wait(c.containerId);
    } catch (err) {
      term = { status: -1, message: `could not wait for the container: ${messageOf(err)}` };
    }
    if (this.detached || this.destroying) return;
    const early = term.exitCode !== undefined && this.containerizer.limitation(c.containerId) === undefined;
    if (early) this.reportEnd(c, term, undefined);
    const limitation = await this.containerizer.cleanup(c.containerId);
    if (this.detached || this.destroying) return;
    if (!early) this.reportEnd(c, term, limitation);
    this.forgetContainer(c);
  }

  /** A container ended (now, or while the agent was away) and is cleaned up. */
  private containerEnded(c: AgentContainer, term: ContainerTermination, limitation: ContainerLimitation | undefined): void {
    this.reportEnd(c, term, limitation);
    this.forgetContainer(c);
  }

  private forgetContainer(c: AgentContainer): void {
    this.containers.delete(c.containerId);
    this.executors.containerEnded(c);
    void this.store.removeContainer(c.containerId).catch(() => undefined);
    void this.nested.topLevelGone(c.containerId).catch(() => undefined);
    this.pods.containerGone(c);
    this.executorRemoved(c);
  }

  /** AgentRemoveExecutor of each hook, once a container is gone (its failure is only logged). */
  private executorRemoved(c: AgentContainer): void {
    if (this.hooks.length === 0) return;
    const t = c.taskIds.map((id) => this.tasks.get(taskKey(c.frameworkId, id))).find((x) => x !== undefined);
    const executor = t?.executorInfo ?? commandExecutorInfo(c.frameworkId, c.executorId, t?.info);
    void notifyRemoveExecutor(this.hooks, { frameworkId: c.frameworkId, containerId: c.containerId, executor }, this.hookOptions({ frameworkId: c.frameworkId, executorId: c.executorId, containerId: c.containerId }));
  }

  /** The terminal updates of a container's tasks. */
  private reportEnd(c: AgentContainer, term: ContainerTermination, limitation: ContainerLimitation | undefined): void {
    for (const id of c.taskIds) {
      const t = this.tasks.get(taskKey(c.frameworkId, id));
      if (t === undefined || isTerminalTaskState(t.state)) continue;
      this.monitors.stop(t);
      const s = t.info.executor && !limitation && !t.killRequested
        ? { state: 'TASK_FAILED' as const, reason: 'REASON_EXECUTOR_TERMINATED' as const, message: `Executor terminated: ${term.message || `status ${term.status}`}` }
        : terminalStatus(t, term, limitation);
      this.report(t, s.state, 'SOURCE_EXECUTOR', s.reason, s.message, c, limitation);
      this.log.info({ taskId: t.taskId, state: s.state, message: s.message }, 'task ended');
    }
  }

  /** The grace period of a task's kill, ms: its KillPolicy, else the default. */
  private graceOf(t: AgentTask | undefined): number {
    const ns = t?.info.kill_policy?.grace_period?.nanoseconds;
    return ns === undefined ? this.opts.defaultKillGraceMs : Number(ns) / 1e6;
  }

  /**
   * Kills a task: SIGTERM, then SIGKILL after the grace period (`graceMs`, the KILL call's
   * kill_policy, else the task's); it ends as TASK_KILLED (TASK_FAILED when it ran past its
   * max_completion_time). A framework with the TASK_KILLING_STATE capability hears TASK_KILLING first.
   * A kill of a task already being killed can only shorten its grace period (killAgain).
   */
  killTask(frameworkId: string, taskId: string, graceMs: number | undefined, cause?: AgentTask['killCause']): void {
    const t = this.tasks.get(taskKey(frameworkId, taskId));
    if (t === undefined) {
      this.log.info({ frameworkId, taskId }, 'kill of a task this agent does not have (ignored)');
      return;
    }
    if (isTerminalTaskState(t.state)) return;
    if (t.killRequested) return this.killAgain(t, graceMs);
    t.killRequested = true;
    t.killGraceMs = graceMs ?? this.graceOf(t);
    if (cause) t.killCause = cause;
    this.monitors.stop(t);
    void this.store.writeTask(t).catch(() => undefined);
    const c = this.containers.get(t.containerId);
    const killing = (this.frameworks.get(frameworkId)?.capabilities ?? []).some((x) => x.type === 'TASK_KILLING_STATE');
    if (killing && (c?.phase === 'running' || this.pods.owns(t)) && !t.info.executor && t.state === 'TASK_RUNNING') this.report(t, 'TASK_KILLING', 'SOURCE_EXECUTOR', undefined, undefined, c);
    // A custom executor kills its own task; its container only goes when it ends.
    if (t.info.executor && this.executors.kill(t, killPolicyOf(graceMs))) return;
    // A pod's task: its nested container (TASK_KILLED, then its group's kill policy).
    if (this.pods.kill(t)) return;
    if (c?.phase === 'running') void this.containerizer.kill(c.containerId, t.killGraceMs);
    // A container still launching is killed as soon as it runs (runContainer).
  }

  /**
   * A further kill of a task being killed, as Mesos handles it: the grace period (the call's, else
   * the task's) counts from the first SIGTERM and can only get shorter, so a retry changes nothing
   * and a shorter one brings the SIGKILL forward. A custom executor gets the kill again.
   */
  private killAgain(t: AgentTask, graceMs: number | undefined): void {
    const grace = graceMs ?? this.graceOf(t);
    if (t.info.executor && this.executors.kill(t, killPolicyOf(graceMs))) return;
    if (t.killGraceMs !== undefined && grace >= t.killGraceMs) return;
    this.log.info({ taskId: t.taskId, graceMs: grace, was: t.killGraceMs }, 'kill of a task being killed: shorter grace period');
    t.killGraceMs = grace;
    void this.store.writeTask(t).catch(() => undefined);
    if (this.pods.kill(t)) return;
    const c = this.containers.get(t.containerId);
    if (c?.phase === 'running') void this.containerizer.kill(c.containerId, grace);
  }

  /**
   * Shuts one executor down (ShutdownExecutor, the scheduler's SHUTDOWN): a custom executor gets
   * SHUTDOWN and the grace period to end its tasks before its container is killed; the command
   * executor and the default executor kill their tasks (TASK_KILLED).
   */
  shutdownExecutor(frameworkId: string, executorId: string): void {
    this.log.info({ frameworkId, executorId }, 'shutting down executor');
    if (this.executors.shutdownExecutor(frameworkId, executorId, this.opts.defaultKillGraceMs)) return;
    const tasks = [...this.tasks.values()].filter((t) => t.frameworkId === frameworkId && t.executorId === executorId);
    if (tasks.length === 0) this.log.info({ frameworkId, executorId }, 'shutdown of an executor this agent does not run (ignored)');
    for (const t of tasks) this.killTask(frameworkId, t.taskId, undefined);
  }

  /** Kills every task of a framework (the master removed it). */
  shutdownFramework(frameworkId: string): void {
    this.log.info({ frameworkId }, 'shutting down framework');
    this.executors.shutdownFramework(frameworkId, this.opts.defaultKillGraceMs);
    for (const t of [...this.tasks.values()]) if (t.frameworkId === frameworkId) this.killTask(frameworkId, t.taskId, undefined);
  }

  private report(
    t: AgentTask,
    state: TaskStatus['state'],
    source: TaskStatus_Source,
    reason?: TaskStatus_Reason,
    message?: string,
    c?: AgentContainer,
    limitation?: ContainerLimitation,
    after?: Promise<unknown>,
  ): void {
    const status: TaskStatus = {
      task_id: t.info.task_id,
      state,
      source,
      agent_id: { value: this.agentId },
      executor_id: { value: t.executorId },
      timestamp: Date.now() / 1000,
    };
    if (reason) status.reason = reason;
    if (message) status.message = message;
    this.monitors.decorate(t, status);
    if (c) status.container_status = containerStatusOf(c);
    if (limitation) {
      status.limitation = {
        resources: limitation.resources.filter((r) => r.name).map((r) => ({ name: r.name, type: 'SCALAR' as const, scalar: { value: r.scalar ?? 0 } })),
      };
    }
    void this.enqueueStatus(t, status, after);
  }

  /**
   * A status update into the status update manager, after the hooks' AgentTaskStatus decorated
   * its labels. The task's state is the new one at once; the updates of the agent join their
   * queues in the order they were made.
   */
  private enqueueStatus(t: AgentTask, status: TaskStatus, after?: Promise<unknown>): Promise<void> {
    if (this.hooks.length === 0) {
      this.updates.enqueue(t, status, after);
      return Promise.resolve();
    }
    t.state = status.state;
    t.latest = status;
    const next = (this.statusChain ?? Promise.resolve())
      .then(async () => {
        const before: Label[] = status.labels?.labels ?? [];
        const labels = await decorate(
          this.hooks,
          'agentTaskStatus',
          before,
          (current) => ({
            frameworkId: t.frameworkId,
            taskStatusJson: encodeMessage(TaskStatusSchema, { ...status, labels: { labels: current } }),
            labels: current.map((l) => ({ key: l.key, value: l.value ?? '' })),
          }),
          (current, d) => decoratedLabels(d) ?? current,
          this.hookOptions({ frameworkId: t.frameworkId, taskId: t.taskId, state: status.state }),
        );
        if (labels !== before) status.labels = { labels };
        if (this.tasks.get(taskKey(t.frameworkId, t.taskId)) !== t) return; // forgotten meanwhile
        // A later update may have been made while this one was decorated: it stays the latest.
        const state = t.state;
        const latest = t.latest;
        this.updates.enqueue(t, status, after);
        t.state = state;
        t.latest = latest;
      })
      .catch((err: unknown) => this.log.error({ taskId: t.taskId, err: messageOf(err) }, 'could not queue a status update'));
    this.statusChain = next;
    void next.then(() => {
      if (this.statusChain === next) this.statusChain = undefined;
    });
    return next;
  }

  /** A task whose terminal update was acknowledged. Its framework's record stays (pruned at the next start). */
  private forgetTask(t: AgentTask): void {
    this.updates.forget(t);
    this.monitors.forget(t);
    this.tasks.delete(taskKey(t.frameworkId, t.taskId));
    void this.store.removeTask(t).catch(() => undefined);
  }

  // ------------------------------------------------------------------------------------------
  // Recovery

  private async recover(): Promise<void> {
    for (const t of this.store.tasks()) this.tasks.set(taskKey(t.frameworkId, t.taskId), t);
    const withTasks = new Set([...this.tasks.values()].map((t) => t.frameworkId));
    for (const fw of this.store.frameworks()) {
      if (!fw.id) continue;
      if (withTasks.has(fw.id.value)) this.frameworks.set(fw.id.value, fw);
      else this.store.removeFramework(fw.id.value);
    }
    for (const c of this.store.containers()) this.containers.set(c.containerId, c);
    const states: ContainerState[] = [...this.containers.values()].map((c) => ({
      containerId: { value: c.containerId },
      pid: c.pid,
      config: c.config ?? { containerId: { value: c.containerId }, directory: c.sandbox },
      launcherState: c.launcherState,
    }));
    states.push(...this.nested.load());
    const recovered = await this.containerizer.recover(states);
    const byId = new Map(recovered.map((r) => [r.containerId, r]));
    let running = 0;
    let ended = 0;
    for (const c of [...this.containers.values()]) {
      const r = byId.get(c.containerId);
      if (c.phase === 'launching') {
        // It never reached Start: whatever the launcher made is destroyed.
        await this.containerizer.destroy(c.containerId);
        this.forgetContainer(c);
        for (const id of c.taskIds) {
          const t = this.tasks.get(taskKey(c.frameworkId, id));
          if (t && !isTerminalTaskState(t.state)) {
            this.report(t, 'TASK_FAILED', 'SOURCE_AGENT', 'REASON_AGENT_RESTARTED', 'The agent restarted while the container was being launched');
          }
        }
        ended++;
        continue;
      }
      if (r?.running) {
        // A crash between launch and start leaves the command waiting at the start gate.
        await this.modules.containerizer.launcher.module.start({ containerId: { value: c.containerId } }).catch(() => undefined);
        this.attach(c);
        for (const id of c.taskIds) {
          const t = this.tasks.get(taskKey(c.frameworkId, id));
          if (t?.state === 'TASK_RUNNING' && !t.killRequested) this.monitors.start(t, c.containerId, c.createdAt);
        }
        running++;
        continue;
      }
      const term = r?.termination ?? { status: -1, message: 'the container is gone and its exit status is unknown' };
      const limitation = await this.containerizer.cleanup(c.containerId);
      this.containerEnded(c, term, limitation);
      ended++;
    }
    const nested = await this.nested.recovered(byId);
    running += nested.running;
    ended += nested.ended;
    // Pods: their tasks (nested containers) are waited on again, reported, or failed.
    await this.pods.recover();
    // Tasks without a container record: the agent went away while launching them (whatever the
    // launcher had made was an orphan, destroyed above), or the record was lost.
    for (const t of this.tasks.values()) {
      if (!isTerminalTaskState(t.state) && !this.containers.has(t.containerId) && !this.pods.owns(t)) {
        const why = t.state === 'TASK_STAGING' || t.state === 'TASK_STARTING' ? 'The agent restarted while the task was being launched' : 'The container of the task was lost while the agent was away';
        this.report(t, 'TASK_FAILED', 'SOURCE_AGENT', 'REASON_AGENT_RESTARTED', why);
      }
    }
    if (this.tasks.size || running || ended) {
      this.log.info({ agentId: this.agentId, tasks: this.tasks.size, running, ended }, 'recovered checkpointed state');
    }
  }

  // ------------------------------------------------------------------------------------------
  // Views

  private logFiles(): SandboxLogFile[] {
    const out: SandboxLogFile[] = [];
    for (const c of this.containers.values()) {
      if (c.phase === 'running') out.push({ path: join(c.sandbox, 'stdout'), containerId: c.containerId }, { path: join(c.sandbox, 'stderr'), containerId: c.containerId });
    }
    return out;
  }

  /** The container a task runs in. */
  containerOf(frameworkId: string, taskId: string): AgentContainer | undefined {
    const t = this.tasks.get(taskKey(frameworkId, taskId));
    return t ? this.containers.get(t.containerId) : undefined;
  }
}

/** The terminal status of a task whose container ended. */
export function terminalStatus(
  t: AgentTask,
  term: ContainerTermination,
  limitation: ContainerLimitation | undefined,
): { state: TaskStatus['state']; reason?: TaskStatus_Reason; message: string } {
  if (limitation) return { state: 'TASK_FAILED', reason: limitation.reason, message: limitation.message };
  if (t.killCause === 'max_completion_time') return { state: 'TASK_FAILED', reason: 'REASON_MAX_COMPLETION_TIME_REACHED', message: `Task reached its max_completion_time: ${term.message || 'killed'}` };
  if (t.killCause === 'health_check') return { state: 'TASK_KILLED', message: `Task killed after failing its health check: ${term.message || 'container stopped'}` };
  if (t.killRequested) return { state: 'TASK_KILLED', message: `Task killed: ${term.message || 'container stopped'}` };
  if (term.exitCode === 0) return { state: 'TASK_FINISHED', message: 'Command exited with status 0' };
  if (term.exitCode !== undefined) return { state: 'TASK_FAILED', message: `Command exited with status ${term.exitCode}` };
  if (term.signal !== undefined) return { state: 'TASK_FAILED', message: `Command terminated: ${term.message || `signal ${term.signal}`}` };
  return { state: 'TASK_FAILED', reason: 'REASON_EXECUTOR_TERMINATED', message: term.message || 'the container ended with an unknown status' };
}

/**
 * The attributes plus the networks the isolators provide (SET `networks`, which the master checks
 * tasks against); none leaves them as they are. The config may not set that attribute itself.
 */
function withNetworks(attributes: Attribute[], networks: string[]): Attribute[] {
  if (networks.length === 0) return attributes;
  if (attributes.some((a) => a.name === NETWORKS_ATTRIBUTE)) {
    throw new InvalidError(`agent.attributes.${NETWORKS_ATTRIBUTE}: the agent sets this attribute from its isolators' networks (${networks.join(', ')}); remove it from the config`);
  }
  return [...attributes, networksAttribute(networks)];
}

/** Config attributes as Mesos attributes: numbers are SCALAR, strings TEXT. */
export function attributesOf(attrs: Record<string, string | number> | undefined): Attribute[] {
  return Object.entries(attrs ?? {}).map(([name, v]) =>
    typeof v === 'number' ? { name, type: 'SCALAR' as const, scalar: { value: v } } : { name, type: 'TEXT' as const, text: { value: String(v) } },
  );
}

/** The KILL call's grace period as the KillPolicy an executor's KILL event carries. */
function killPolicyOf(graceMs: number | undefined): KillPolicy | undefined {
  return graceMs === undefined ? undefined : { grace_period: durationFromSeconds(graceMs / 1000) };
}
