/**
 * The master's books as v1 operator API JSON (GET_TASKS, GET_EXECUTORS, GET_FRAMEWORKS,
 * GET_AGENTS, and GET_STATE which holds all four), written into a JsonSink. What never changes
 * about a task is encoded once, on the first request, and kept as bytes (its head per task; its
 * resources and the rest shared between tasks that have the same), so that a cluster of 20,000
 * agents and 200,000 tasks is mostly a matter of copying bytes.
 */
import { Resources } from '../../allocator/resources';
import { encodeMessage } from '../../api/json';
import { AgentInfoSchema, ExecutorInfoSchema, MasterResponse_GetFrameworks_FrameworkSchema, TaskSchema } from '../../api/schema';
import { TaskState, type MasterResponse_GetFrameworks_Framework, type Offer } from '../../api/types';
import type { Master } from '../master';
import { offerMessage, resourcesFor } from '../offers';
import type { AgentRecord, FrameworkRecord, TaskRecord } from '../state/index';
import { idJson, quote, resourcesJson, timeInfoJson } from './json';
import { flat, Interner, ObjectWriter, type JsonSink } from './sink';

const STATE_MARK = '"state":"TASK_STAGING"';
const shared = new Interner();
/** `,"state":"<STATE>"` for each state, so writing a state copies a constant. */
const STATE_FIELD = Object.fromEntries(Object.keys(TaskState).map((s) => [s, `,"state":"${s}"`])) as Record<string, string>;
/** `,"status_update_state":"<STATE>"` for each state. */
const UPDATE_STATE_FIELD = Object.fromEntries(Object.keys(TaskState).map((s) => [s, `,"status_update_state":"${s}"`])) as Record<string, string>;

/** The user a task runs as, as the APIs show it. */
export function taskUser(t: TaskRecord): string | undefined {
  return t.info.user ?? (t.framework.info?.user || undefined);
}

function v1Tail(t: TaskRecord): string {
  const i = t.info;
  const user = taskUser(t);
  if (!(i.labels || i.discovery || i.container || i.health_check || i.kill_policy || i.limits)) return user ? `,"user":${quote(user)}}` : '}';
  const enc = encodeMessage(TaskSchema, {
    name: '',
    task_id: { value: '' },
    framework_id: { value: '' },
    agent_id: { value: '' },
    state: 'TASK_STAGING',
    labels: i.labels,
    discovery: i.discovery,
    container: i.container,
    health_check: i.health_check,
    kill_policy: i.kill_policy,
    user,
    limits: i.limits,
  });
  return enc.slice(enc.indexOf(STATE_MARK) + STATE_MARK.length);
}

/** A key for a Resources object that is cheap to make for the common (slot-only) case. */
export function resourcesKey(r: Resources): string {
  return r._x === null ? `${r._role}|${r._cpus}|${r._mem}|${r._disk}|${r._gpus}|${r._ports ?? ''}` : `${r._role}|${r.toString()}`;
}

function v1Static(t: TaskRecord): void {
  const i = t.info;
  const parts = ['{"name":', quote(i.name), ',"task_id":', idJson(i.task_id.value), ',"framework_id":', idJson(t.framework.id)];
  if (t.executorId !== undefined) parts.push(',"executor_id":', idJson(t.executorId));
  parts.push(',"agent_id":', idJson(t.agent.id));
  t.v1Head = parts.join('');
  t.v1Res = shared.get(`r${resourcesKey(t.resources)}`, () => {
    const res = resourcesJson(t.resources);
    return res === '' ? '' : `,"resources":${res}`;
  });
  const tail = v1Tail(t);
  t.v1Tail = tail.length < 64 ? shared.get(`t${tail}`, () => tail) : flat(tail);
}

/** Writes one task as a v1 Task. */
export function writeTaskV1(t: TaskRecord, sink: JsonSink): void {
  if (t.v1Head === undefined) v1Static(t);
  sink.push(t.v1Head!);
  sink.push(STATE_FIELD[t.state]!);
  sink.push(t.v1Res!);
  const statuses = t.statusJson;
  if (statuses.length > 0) {
    sink.push(',"statuses":[');
    for (let k = 0; k < statuses.length; k++) {
      if (k > 0) sink.push(',');
      sink.push(statuses[k]!);
    }
    sink.push(']');
  }
  if (t.statusUpdateState !== undefined) sink.push(UPDATE_STATE_FIELD[t.statusUpdateState]!);
  if (t.statusUpdateUuid !== undefined) {
    sink.push(',"status_update_uuid":"');
    sink.push(t.statusUpdateUuid);
    sink.push('"');
  }
  sink.push(t.v1Tail!);
}

/** GetTasks: tasks, unreachable_tasks, completed_tasks. */
export function writeTasks(m: Master, sink: JsonSink): void {
  const tasks: TaskRecord[] = [];
  const unreachable: TaskRecord[] = [];
  const completed: TaskRecord[] = [];
  for (const fw of [...m.state.frameworks.values(), ...m.state.completedFrameworks]) {
    for (const t of fw.tasks.values()) (t.state === 'TASK_UNREACHABLE' ? unreachable : tasks).push(t);
    for (const t of fw.completedTasks) completed.push(t);
  }
  const write = (t: TaskRecord) => writeTaskV1(t, sink);
  new ObjectWriter(sink).array('tasks', tasks, write).array('unreachable_tasks', unreachable, write).array('completed_tasks', completed, write).end();
}

/** GetExecutors: executors with their agents. */
export function writeExecutors(m: Master, sink: JsonSink): void {
  const items: string[] = [];
  for (const fw of m.state.frameworks.values()) {
    for (const [agentId, execs] of fw.executors) {
      for (const e of execs.values()) items.push(`{"executor_info":${encodeMessage(ExecutorInfoSchema, e.info)},"agent_id":${idJson(agentId)}}`);
    }
  }
  new ObjectWriter(sink).array('executors', items, (x) => sink.push(x)).end();
}

/** Resources used by an agent's tasks and executors, and offered, allocation roles set. */
export function agentUsage(a: AgentRecord): { used: Resources; offered: Resources } {
  const used = new Resources();
  const frameworks = new Set<FrameworkRecord>();
  for (const t of a.tasks) {
    if (t.released) continue;
    used.add(t.resources);
    frameworks.add(t.framework);
  }
  for (const fw of frameworks) for (const e of fw.executors.get(a.id)?.values() ?? []) if (e.liveTasks > 0) used.add(e.resources);
  const offered = new Resources();
  for (const o of a.offers) offered.add(o.resources);
  return { used, offered };
}

/** Writes one agent as a v1 GetAgents.Agent. */
export function writeAgentV1(a: AgentRecord, sink: JsonSink): void {
  const cache = (a.v1Cache ??= {
    info: encodeMessage(AgentInfoSchema, a.info),
    total: resourcesJson(a.total),
    capabilities: a.capabilities.map((c) => `{"type":"${c.type ?? 'UNKNOWN'}"}`).join(','),
  });
  const { used, offered } = agentUsage(a);
  sink.push(`{"agent_info":${cache.info},"active":${a.connected && !a.deactivated},"deactivated":${a.deactivated},"version":${quote(a.version)},"pid":${quote(a.pid)},"registered_time":${timeInfoJson(a.registeredTime)}`);
  if (a.reregisteredTime !== undefined) sink.push(`,"reregistered_time":${timeInfoJson(a.reregisteredTime)}`);
  if (cache.total !== '') sink.push(`,"total_resources":${cache.total}`);
  const u = shared.get(`r${resourcesKey(used)}`, () => resourcesJson(used));
  if (u !== '') sink.push(`,"allocated_resources":${u}`);
  const o = offered.isEmpty() ? '' : resourcesJson(offered);
  if (o !== '') sink.push(`,"offered_resources":${o}`);
  if (cache.capabilities !== '') sink.push(`,"capabilities":[${cache.capabilities}]`);
  sink.push('}');
}

/** GetAgents: registered agents (reachable), and agents of the registry not yet back. */
export function writeAgents(m: Master, sink: JsonSink): void {
  const agents: AgentRecord[] = [];
  for (const a of m.state.agents.values()) if (a.unreachableTime === undefined) agents.push(a);
  const recovered = [...m.state.recoveredAgents.values()];
  new ObjectWriter(sink)
    .array('agents', agents, (a) => writeAgentV1(a, sink))
    .array('recovered_agents', recovered, (info) => sink.push(encodeMessage(AgentInfoSchema, info)))
    .end();
}

function nanos(ms: number): { nanoseconds: bigint } {
  return { nanoseconds: BigInt(Math.round(ms)) * 1_000_000n };
}

/** One framework as a v1 GetFrameworks.Framework. */
export function frameworkV1(fw: FrameworkRecord): MasterResponse_GetFrameworks_Framework {
  const allocated = new Resources();
  for (const t of fw.tasks.values()) if (!t.released) allocated.add(t.resources);
  for (const execs of fw.executors.values()) for (const e of execs.values()) if (e.liveTasks > 0) allocated.add(e.resources);
  const offered = new Resources();
  const offers: Offer[] = [];
  for (const o of fw.offers.values()) {
    offered.add(o.resources);
    offers.push(offerMessage(o));
  }
  const out: MasterResponse_GetFrameworks_Framework = {
    framework_info: fw.info,
    active: fw.active,
    connected: fw.connected,
    recovered: fw.recovered,
  };
  if (fw.registeredTime !== undefined) out.registered_time = nanos(fw.registeredTime);
  if (fw.reregisteredTime !== undefined) out.reregistered_time = nanos(fw.reregisteredTime);
  if (fw.unregisteredTime !== undefined) out.unregistered_time = nanos(fw.unregisteredTime);
  if (offers.length > 0) out.offers = offers;
  if (!allocated.isEmpty()) out.allocated_resources = resourcesFor(fw, allocated);
  if (!offered.isEmpty()) out.offered_resources = resourcesFor(fw, offered);
  if (fw.offerConstraints !== undefined) out.offer_constraints = fw.offerConstraints;
  return out;
}

/** GetFrameworks: frameworks and completed frameworks. */
export function writeFrameworks(m: Master, sink: JsonSink): void {
  const enc = (fw: FrameworkRecord) => sink.push(encodeMessage(MasterResponse_GetFrameworks_FrameworkSchema, frameworkV1(fw)));
  new ObjectWriter(sink).array('frameworks', [...m.state.frameworks.values()], enc).array('completed_frameworks', m.state.completedFrameworks, enc).end();
}

/** GetState: the four listings. */
export function writeState(m: Master, sink: JsonSink): void {
  new ObjectWriter(sink)
    .field('get_tasks', () => writeTasks(m, sink))
    .field('get_executors', () => writeExecutors(m, sink))
    .field('get_frameworks', () => writeFrameworks(m, sink))
    .field('get_agents', () => writeAgents(m, sink))
    .end();
}
