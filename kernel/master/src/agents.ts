/**
 * Agent lifecycle in the master's books: registration, re-registration (with the tasks the agent
 * still runs), disconnection, and unreachability after missed pings.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  type AgentInfo,
  type AgentInfo_Capability,
  type AgentInfo_Capability_Type,
  AttributeSchema,
  DomainInfoSchema,
  type ExecutorInfo,
  ExecutorInfoSchema,
  formatIssue,
  type FrameworkInfo,
  FrameworkInfoSchema,
  isTerminalTaskState,
  type MessageType,
  parseJson,
  Resources,
  ResourceSchema,
  type Task,
  TaskSchema,
  timeInfoFromMillis,
  tryDecode,
  withoutSecretValues,
} from '@plateau/mesos';
import { messageOf, type Register__Output, type ReRegister__Output } from '@plateau/kernel';
import { admitAgent } from './agent-link/admit';
import type { AgentSession } from './agent-link/session';
import type { MasterContext } from './context';
import { rescindAgentOffers } from './offers';
import { refuseGoneAgent } from './operator/gone';
import { agentAdded, agentRemoved, taskAdded } from './operator/observe';
import { restoreReservations } from './operator/reservations';
import { type AgentScheme, AgentRecord, TaskRecord, type FrameworkRecord, type TaskSummary } from './state/index';
import { applyStatus, masterStatus, removeTask, sendUpdate, statusToJson } from './tasks';
import { legacyStatusJson } from './views/legacy';
import { maintenanceOnAdmission, refuseDownMachine } from './maintenance/admission';

/** A decoding problem in what an agent sent. */
class AgentInputError extends Error {}

function decodeList<T>(schema: MessageType<T>, text: string, what: string): T[] {
  if (text.trim() === '') return [];
  let json;
  try {
    json = parseJson(text);
  } catch (err) {
    throw new AgentInputError(`${what}: ${messageOf(err)}`);
  }
  if (!Array.isArray(json)) throw new AgentInputError(`${what}: expected a JSON array`);
  return json.map((item, i) => {
    const r = tryDecode(schema, item, { root: `${what}[${i}]` });
    if (!r.ok) throw new AgentInputError(r.issues.map(formatIssue).join('; '));
    return r.value;
  });
}

/** AgentInfo and total resources from a Register message. */
/** What readRegister makes of a Register message. */
interface ParsedRegister {
  info: AgentInfo;
  total: Resources;
  capabilities: AgentInfo_Capability[];
  /** Scheme of the agent's HTTP API. */
  scheme: AgentScheme;
}

function readRegister(r: Register__Output): ParsedRegister {
  if (!r.hostname) throw new AgentInputError('register.hostname must not be empty');
  if (!['', 'http', 'https'].includes(r.scheme)) throw new AgentInputError(`register.scheme must be 'http' or 'https', not '${r.scheme}'`);
  const resources = decodeList(ResourceSchema, r.resourcesJson, 'resources_json');
  const attributes = decodeList(AttributeSchema, r.attributesJson, 'attributes_json');
  let total: Resources;
  try {
    total = Resources.fromJSON(resources).unallocate();
  } catch (err) {
    throw new AgentInputError(`resources_json: ${messageOf(err)}`);
  }
  const info: AgentInfo = { hostname: r.hostname, port: r.port || 5051, resources, attributes };
  if (r.domainJson) {
    const d = tryDecode(DomainInfoSchema, parseJsonOrThrow(r.domainJson, 'domain_json'), { root: 'domain_json' });
    if (!d.ok) throw new AgentInputError(d.issues.map(formatIssue).join('; '));
    info.domain = d.value;
  }
  const capabilities = r.capabilities.map((type) => ({ type: type as AgentInfo_Capability_Type }));
  return { info, total, capabilities, scheme: r.scheme === 'https' ? 'https' : 'http' };
}

function parseJsonOrThrow(text: string, what: string) {
  try {
    return parseJson(text);
  } catch (err) {
    throw new AgentInputError(`${what}: ${messageOf(err)}`);
  }
}

function attach(session: AgentSession, agent: AgentRecord, r: Register__Output, parsed: ParsedRegister): void {
  session.agent = agent;
  agent.session = session;
  agent.version = r.version;
  agent.capabilities = parsed.capabilities;
  agent.scheme = parsed.scheme;
  agent.pid = `slave(1)@${agent.info.hostname}:${agent.info.port ?? 5051}`;
  agent.missedPings = 0;
  agent.heardFrom = true;
  agent.invalidateViews();
}

/** Register: a new agent gets an id, is admitted to the registry, and its resources go to the allocator. */
export async function registerAgent(m: MasterContext, session: AgentSession, r: Register__Output): Promise<void> {
  if (session.agent !== null) return;
  await m.agentTurns.take();
  if (!session.open || session.agent !== null || !m.leading) return;
  let parsed;
  try {
    parsed = readRegister(r);
  } catch (err) {
    m.log.warn({ peer: session.peer, err: messageOf(err) }, 'agent registration refused: invalid message');
    session.fail(GrpcStatus.INVALID_ARGUMENT, `invalid registration: ${messageOf(err)}`);
    return;
  }
  if (!(await admitAgent(m, session, parsed.info.hostname, parsed.info.port ?? 5051))) return;
  if (!session.open || session.agent !== null) return;
  if (refuseDownMachine(m, session, parsed.info.hostname)) return;
  const id = m.ids.agent();
  try {
    await m.registry.admit({ id, hostname: parsed.info.hostname, port: parsed.info.port ?? 5051 });
  } catch (err) {
    session.fail(GrpcStatus.UNAVAILABLE, `registry write failed: ${messageOf(err)}`);
    return;
  }
  if (!session.open || !m.leading) return;
  const agent = new AgentRecord(id, parsed.info, parsed.total, m.now());
  attach(session, agent, r, parsed);
  m.state.addAgent(agent);
  m.allocator.addAgent(id, parsed.total, { attributes: parsed.info.attributes as never });
  agent.inAllocator = true;
  session.send({ registered: { agentId: id } });
  restoreReservations(m, agent);
  agentAdded(m, agent);
  m.log.info({ agentId: id, hostname: agent.info.hostname, resources: parsed.total.toString() }, 'agent registered');
  m.requestAllocation();
}

/**
 * ReRegister: a known agent comes back (after a disconnection, a partition or a master
 * failover) with the tasks it runs; the master's books are reconciled with its report.
 */
export async function reregisterAgent(m: MasterContext, session: AgentSession, rr: ReRegister__Output): Promise<void> {
  const r = rr.agent;
  if (r === null || r === undefined) {
    session.fail(GrpcStatus.INVALID_ARGUMENT, 'reregister.agent is required');
    return;
  }
  if (!r.agentId) return registerAgent(m, session, r);
  if (session.agent !== null) return;
  // After a failover every agent comes back at once: a batch per turn of the event loop.
  await m.agentTurns.take();
  if (!session.open || session.agent !== null || !m.leading) return;
  let parsed;
  let tasks: Task[];
  let executors: ExecutorInfo[];
  let frameworks: FrameworkInfo[];
  try {
    parsed = readRegister(r);
    tasks = decodeList(TaskSchema, rr.tasksJson, 'tasks_json');
    executors = decodeList(ExecutorInfoSchema, rr.executorInfosJson, 'executor_infos_json');
    frameworks = decodeList(FrameworkInfoSchema, rr.frameworkInfosJson, 'framework_infos_json');
  } catch (err) {
    m.log.warn({ peer: session.peer, agentId: r.agentId, err: messageOf(err) }, 'agent re-registration refused: invalid message');
    session.fail(GrpcStatus.INVALID_ARGUMENT, `invalid re-registration: ${messageOf(err)}`);
    return;
  }
  if (!(await admitAgent(m, session, parsed.info.hostname, parsed.info.port ?? 5051))) return;
  if (!session.open || session.agent !== null) return;
  const id = r.agentId;
  if (refuseGoneAgent(m, session, id)) return;
  if (refuseDownMachine(m, session, parsed.info.hostname)) return;
  if (!m.registry.has(id)) {
    try {
      await m.registry.admit({ id, hostname: parsed.info.hostname, port: parsed.info.port ?? 5051 });
    } catch (err) {
      session.fail(GrpcStatus.UNAVAILABLE, `registry write failed: ${messageOf(err)}`);
      return;
    }
    if (!session.open || !m.leading) return;
  }
  const now = m.now();
  let agent = m.state.agents.get(id);
  // An agent of the registry this master awaits since it was elected (a master failover): the
  // tasks it reports are news, even for frameworks that re-subscribed before it came back.
  const firstSeen = agent === undefined && m.state.recoveredAgents.has(id);
  // One that came back after that window: its tasks of partition-aware frameworks come back too.
  const late = agent === undefined && m.failover.missing.has(id);
  m.failover.agentBack(id);
  let wasUnreachable = false;
  if (agent !== undefined) {
    if (agent.session !== null && agent.session !== session) {
      const old = agent.session;
      agent.session = null;
      old.close();
    }
    wasUnreachable = agent.unreachableTime !== undefined;
    agent.info = { ...parsed.info, id: agent.idObj };
    agent.total = parsed.total;
    agent.unreachableTime = undefined;
    agent.reregisteredTime = now;
  } else {
    agent = new AgentRecord(id, parsed.info, parsed.total, now);
    agent.reregisteredTime = now;
    m.state.addAgent(agent);
  }
  attach(session, agent, r, parsed);
  reconcileAgentTasks(m, agent, tasks, executors, frameworks, firstSeen, late);
  maintenanceOnAdmission(m, agent);

  if (agent.inAllocator) {
    m.allocator.updateAgent(id, parsed.total, { attributes: parsed.info.attributes as never });
    if (!agent.deactivated) m.allocator.activateAgent(id);
  } else {
    m.allocator.addAgent(id, parsed.total, { attributes: parsed.info.attributes as never, used: usedOn(agent), active: !agent.deactivated });
    agent.inAllocator = true;
  }
  session.send({ reregistered: { agentId: id } });
  restoreReservations(m, agent);
  agentAdded(m, agent);
  m.log.info({ agentId: id, hostname: agent.info.hostname, tasks: tasks.length, wasUnreachable }, 'agent re-registered');
  m.requestAllocation();
}

/** What the tasks and executors on an agent hold, by framework, for the allocator. */
function usedOn(agent: AgentRecord): { frameworkId: string; resources: Resources }[] {
  const by = new Map<string, Resources>();
  const add = (fwId: string, res: Resources) => {
    const cur = by.get(fwId);
    if (cur === undefined) by.set(fwId, res.clone());
    else cur.add(res);
  };
  const frameworks = new Set<FrameworkRecord>();
  for (const t of agent.tasks) {
    frameworks.add(t.framework);
    if (!t.released) add(t.framework.id, t.resources);
  }
  for (const fw of frameworks) {
    for (const e of fw.executors.get(agent.id)?.values() ?? []) if (!e.resources.isEmpty() && e.liveTasks > 0) add(fw.id, e.resources);
  }
  return [...by].map(([frameworkId, resources]) => ({ frameworkId, resources }));
}

/** Brings the master's tasks on `agent` in line with what the agent reported. */
function reconcileAgentTasks(m: MasterContext, agent: AgentRecord, reported: Task[], executors: ExecutorInfo[], frameworkInfos: FrameworkInfo[], firstSeen: boolean, late: boolean): void {
  const seen = new Set<TaskRecord>();
  const shutdown = new Set<string>();
  const infoOf = new Map(frameworkInfos.filter((f) => f.id).map((f) => [f.id!.value, f]));
  for (const t of reported) {
    const fwId = t.framework_id.value;
    let fw = m.state.frameworks.get(fwId);
    if (fw === undefined) {
      if (m.state.removedFrameworkIds.has(fwId)) {
        shutdown.add(fwId);
        continue;
      }
      fw = m.state.addFramework(fwId);
      fw.setInfo(infoOf.get(fwId) ?? { user: '', name: '' });
      fw.recovered = true;
    }
    const task = fw.tasks.get(t.task_id.value);
    if (task === undefined) {
      if (!fw.recovered && !firstSeen && !(late && fw.has('PARTITION_AWARE'))) {
        // The framework is known but the master no longer has the task (it was lost while the
        // agent was away, and the framework was told so): the agent must kill it.
        agent.session?.send({ killTask: { frameworkId: fwId, taskId: t.task_id.value, killPolicyJson: '' } });
        continue;
      }
      seen.add(addReportedTask(m, agent, fw, t));
      continue;
    }
    if (task.agent !== agent) continue;
    seen.add(task);
    const back = task.state === 'TASK_UNREACHABLE';
    if (back) {
      task.released = false;
      agent.changes++;
      task.framework.changes++;
    }
    if (t.state !== task.state && !isTerminalTaskState(task.state)) {
      const latest = t.statuses?.[t.statuses.length - 1];
      const status = masterStatus(m, task.info.task_id, t.state, 'REASON_AGENT_REREGISTERED', 'Agent re-registered', agent.idObj);
      if (latest?.container_status) status.container_status = latest.container_status;
      applyStatus(m, task, status);
      sendUpdate(fw, status);
    }
  }
  for (const task of [...agent.tasks]) {
    if (seen.has(task)) continue;
    // The agent does not know the task: it never arrived, or it ended and the agent forgot it.
    if (!task.terminal) {
      const fw = task.framework;
      const state = fw.has('PARTITION_AWARE') ? (task.state === 'TASK_STAGING' ? 'TASK_DROPPED' : 'TASK_GONE') : 'TASK_LOST';
      const status = masterStatus(m, task.info.task_id, state, 'REASON_RECONCILIATION', 'Task unknown to the agent when it re-registered', agent.idObj);
      applyStatus(m, task, status);
      sendUpdate(fw, status);
    }
    removeTask(m, task);
  }
  for (const fwId of shutdown) agent.session?.send({ shutdownFramework: { frameworkId: fwId } });
  for (const e of executors) {
    const fwId = e.framework_id?.value;
    const fw = fwId === undefined ? undefined : m.state.frameworks.get(fwId);
    if (fw === undefined || fw.executor(agent.id, e.executor_id.value) !== undefined) continue;
    fw.addExecutor(agent.id, { info: withoutSecretValues(e), resources: safeResources(e.resources ?? []), liveTasks: 0 });
  }
  // Executors hold resources while some task of theirs does.
  const counted = new Set<FrameworkRecord>();
  for (const t of agent.tasks) counted.add(t.framework);
  for (const fw of counted) {
    const execs = fw.executors.get(agent.id);
    if (execs === undefined) continue;
    fw.changes++;
    for (const e of execs.values()) e.liveTasks = 0;
    for (const t of agent.tasks) {
      if (t.framework !== fw || t.released || t.executorId === undefined) continue;
      const e = execs.get(t.executorId);
      if (e !== undefined) e.liveTasks++;
    }
  }
}

function safeResources(list: readonly unknown[]): Resources {
  try {
    return Resources.fromJSON(list as never);
  } catch {
    return new Resources();
  }
}

/** A task the master learns from an agent (after a master failover). */
function addReportedTask(m: MasterContext, agent: AgentRecord, fw: FrameworkRecord, t: Task): TaskRecord {
  const resources = safeResources(t.resources ?? []);
  const roles = resources.allocationRoles();
  const role = roles[0] ?? fw.roles[0] ?? '*';
  if (roles.length <= 1) resources.allocate(role);
  const info: TaskSummary = { name: t.name, task_id: t.task_id, agent_id: agent.idObj };
  if (t.labels) info.labels = t.labels;
  if (t.discovery) info.discovery = t.discovery;
  if (t.container) info.container = withoutSecretValues(t.container);
  if (t.health_check) info.health_check = t.health_check;
  if (t.kill_policy) info.kill_policy = t.kill_policy;
  if (t.limits) info.limits = t.limits;
  if (t.user) info.user = t.user;
  const task = new TaskRecord(info, fw, agent, t.executor_id?.value, resources, role, m.now());
  for (const st of t.statuses ?? []) task.addStatus(st.state, statusToJson(st), legacyStatusJson(st));
  task.state = t.state;
  if (isTerminalTaskState(t.state)) task.released = true;
  fw.tasks.set(task.id, task);
  agent.tasks.add(task);
  taskAdded(m, task);
  return task;
}

/** The agent link closed: no offers of its resources until it re-registers; pings go on counting. */
export function agentDisconnected(m: MasterContext, session: AgentSession): void {
  const agent = session.agent;
  if (agent === null || agent.session !== session) return;
  agent.session = null;
  if (agent.unreachableTime !== undefined || !m.leading) return;
  rescindAgentOffers(m, agent, 'agent disconnected');
  if (agent.inAllocator) m.allocator.deactivateAgent(agent.id);
  m.log.warn({ agentId: agent.id, hostname: agent.info.hostname }, 'agent disconnected');
}

/**
 * The agent missed too many pings: its offers are rescinded, its resources leave the allocator,
 * its tasks become TASK_UNREACHABLE (partition-aware frameworks) or TASK_LOST (the others, whose
 * tasks are then removed), and every framework hears FAILURE. It may come back by re-registering.
 */
export function markUnreachable(m: MasterContext, agent: AgentRecord, why: string): void {
  if (agent.unreachableTime !== undefined) return;
  const now = m.now();
  rescindAgentOffers(m, agent, 'agent unreachable');
  agent.unreachableTime = now;
  if (agent.session !== null) {
    const s = agent.session;
    agent.session = null;
    s.close();
  }
  if (agent.inAllocator) {
    m.allocator.removeAgent(agent.id);
    agent.inAllocator = false;
  }
  for (const task of [...agent.tasks]) {
    if (task.terminal) continue;
    const fw = task.framework;
    if (fw.has('PARTITION_AWARE')) {
      const status = masterStatus(m, task.info.task_id, 'TASK_UNREACHABLE', 'REASON_AGENT_REMOVED', `Agent ${agent.id} is unreachable: ${why}`, agent.idObj);
      status.unreachable_time = timeInfoFromMillis(now);
      applyStatus(m, task, status);
      sendUpdate(fw, status);
    } else {
      const status = masterStatus(m, task.info.task_id, 'TASK_LOST', 'REASON_AGENT_REMOVED', `Agent ${agent.id} is unreachable: ${why}`, agent.idObj);
      applyStatus(m, task, status);
      sendUpdate(fw, status);
      removeTask(m, task);
    }
  }
  for (const fw of m.state.frameworks.values()) fw.stream?.send({ type: 'FAILURE', failure: { agent_id: agent.idObj } });
  agentRemoved(m, agent);
  m.log.warn({ agentId: agent.id, hostname: agent.info.hostname, why }, 'agent unreachable');
}
