/**
 * The master's books as v1 operator API JSON (GET_TASKS, GET_EXECUTORS, GET_FRAMEWORKS,
 * GET_AGENTS, and GET_STATE which holds all four).
 *
 * Two steps: `snapshot*` reads the books synchronously when the request arrives (references and
 * the few values that change: a task's state and statuses, an agent's usage), then `write*`
 * streams the JSON from that snapshot, pausing when the reader is slow, so the answer is
 * consistent even though the master goes on working meanwhile. What never changes about a task
 * or an agent is encoded once, on the first request, and kept as a flat string (shared between
 * tasks where equal: resources, the fields after the statuses), so a cluster of 20,000 agents
 * and 200,000 tasks is mostly a matter of copying bytes.
 */
import { AgentInfoSchema, DrainInfoSchema, encodeMessage, ExecutorInfoSchema, type MasterResponse_GetFrameworks_Framework, MasterResponse_GetFrameworks_FrameworkSchema, type Offer, Resources, ResourcesSum, TaskSchema, TaskState } from '@plateau/mesos';
import type { AgentRecord, FrameworkRecord, MasterState, OfferRecord, TaskRecord } from '../state/index';
import { type ViewFilter, visible } from './filter';
import { offerMessage, resourcesFor } from './offer';
import { idJson, quote, resourcesJson, timeInfoJson } from './json';
import { flat, Interner, type JsonSink, type Sink } from './sink';
import { FrameworkSums } from './framework-sums';
import { sliced } from './slices';
import { legacyResourcesJson } from './summary';

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

/** A key for a Resources object that is cheap to make for the common (slot-only) case. */
export function resourcesKey(r: Resources): string {
  return r._x === null ? `${r._role}|${r._cpus}|${r._mem}|${r._disk}|${r._gpus}|${r._ports ?? ''}` : `${r._role}|${r.toString()}`;
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

/**
 * A JSON piece derived from a framework or an agent, made once per record: tasks refer to their
 * framework's and agent's pieces instead of each holding a copy of the ids.
 */
export function recordPiece<R extends object>(cache: WeakMap<R, string>, record: R, make: (r: R) => string): string {
  let s = cache.get(record);
  if (s === undefined) {
    s = flat(make(record));
    cache.set(record, s);
  }
  return s;
}

const frameworkIdField = new WeakMap<FrameworkRecord, string>();
const agentIdField = new WeakMap<AgentRecord, string>();

function v1Static(t: TaskRecord): void {
  const i = t.info;
  // Only what is the task's own; its framework's and agent's ids are shared pieces.
  t.v1Head = ['{"name":', quote(i.name), ',"task_id":', idJson(i.task_id.value)].join('');
  t.v1Res = shared.get(`r${resourcesKey(t.resources)}`, () => {
    const res = resourcesJson(t.resources);
    return res === '' ? '' : `,"resources":${res}`;
  });
  const tail = v1Tail(t);
  t.v1Tail = tail.length < 64 ? shared.get(`t${tail}`, () => tail) : flat(tail);
}

// ---------------------------------------------------------------------------------------------
// Tasks

/** Tasks as captured for writing: per task, [record, state, statuses, update state, update uuid]. */
export type TaskList = unknown[];
const STRIDE = 5;

/** Captures tasks (what about them may change meanwhile) into `out`. */
export function captureTasks(tasks: Iterable<TaskRecord>, out: TaskList): void {
  for (const t of tasks) out.push(t, t.state, t.statusJson, t.statusUpdateState, t.statusUpdateUuid);
}

function writeTaskAt(list: TaskList, i: number, sink: Sink): void {
  const t = list[i] as TaskRecord;
  if (t.v1Head === undefined) v1Static(t);
  sink.push(t.v1Head!);
  sink.push(recordPiece(frameworkIdField, t.framework, (f) => `,"framework_id":${idJson(f.id)}`));
  if (t.executorId !== undefined) sink.push(shared.get(`e${t.executorId}`, () => `,"executor_id":${idJson(t.executorId!)}`));
  sink.push(recordPiece(agentIdField, t.agent, (a) => `,"agent_id":${idJson(a.id)}`));
  sink.push(STATE_FIELD[list[i + 1] as string]!);
  sink.push(t.v1Res!);
  const statuses = list[i + 2] as readonly string[];
  if (statuses.length > 0) {
    sink.push(',"statuses":[');
    for (let k = 0; k < statuses.length; k++) {
      if (k > 0) sink.push(',');
      sink.push(statuses[k]!);
    }
    sink.push(']');
  }
  const sus = list[i + 3] as string | undefined;
  if (sus !== undefined) sink.push(UPDATE_STATE_FIELD[sus]!);
  const suu = list[i + 4] as string | undefined;
  if (suu !== undefined) {
    sink.push(',"status_update_uuid":"');
    sink.push(suu);
    sink.push('"');
  }
  sink.push(t.v1Tail!);
}

/** Writes one task (as it is now) as a v1 Task. */
export function writeTaskV1(t: TaskRecord, sink: Sink): void {
  writeTaskAt([t, t.state, t.statusJson, t.statusUpdateState, t.statusUpdateUuid], 0, sink);
}

/**
 * Writes captured tasks, comma-separated, from item `from` on, until the sink blocks; returns
 * the next item to write (list.length when done).
 */
function writeTasksFrom(list: TaskList, from: number, sink: Sink): number {
  for (let i = from * STRIDE; i < list.length; i += STRIDE) {
    if (i > 0) sink.push(',');
    writeTaskAt(list, i, sink);
    if (sink.blocked) return i / STRIDE + 1;
  }
  return list.length / STRIDE;
}

/** Writes captured tasks as a comma-separated list of v1 Tasks, pausing while the sink is blocked. */
export async function writeTaskList(list: TaskList, sink: Sink): Promise<void> {
  const n = list.length / STRIDE;
  let next = writeTasksFrom(list, 0, sink);
  while (next < n && !sink.aborted) {
    await sink.drained();
    next = writeTasksFrom(list, next, sink);
  }
}

/** GetTasks as captured. */
export interface TasksSnapshot {
  tasks: TaskList;
  unreachable: TaskList;
  completed: TaskList;
}

/** Captures GetTasks: the tasks `filter` shows (all without one). */
export function snapshotTasks(state: MasterState, filter?: ViewFilter): TasksSnapshot {
  const all = [...state.frameworks.values(), ...state.completedFrameworks];
  const frameworks = filter === undefined ? all : all.filter((fw) => filter.framework(fw));
  const shown = filter && ((t: TaskRecord) => filter.task(t));
  let live = 0;
  for (const fw of frameworks) live += fw.tasks.size;
  // One array of the final size: pushing 1,000,000 entries one by one regrows it many times.
  const tasks: TaskList = new Array(live * STRIDE);
  let n = 0;
  const snap: TasksSnapshot = { tasks, unreachable: [], completed: [] };
  for (const fw of frameworks) {
    for (const t of fw.tasks.values()) {
      if (shown !== undefined && !shown(t)) continue;
      if (t.state === 'TASK_UNREACHABLE') {
        snap.unreachable.push(t, t.state, t.statusJson, t.statusUpdateState, t.statusUpdateUuid);
        continue;
      }
      tasks[n] = t;
      tasks[n + 1] = t.state;
      tasks[n + 2] = t.statusJson;
      tasks[n + 3] = t.statusUpdateState;
      tasks[n + 4] = t.statusUpdateUuid;
      n += STRIDE;
    }
    captureTasks(visible(fw.completedTasks, shown), snap.completed);
  }
  tasks.length = n;
  return snap;
}

const TASK_FIELDS = [
  ['tasks', 'tasks'],
  ['unreachable_tasks', 'unreachable'],
  ['completed_tasks', 'completed'],
] as const;

/** Writes GetTasks from its snapshot: tasks, unreachable_tasks, completed_tasks. */
export async function writeTasks(snap: TasksSnapshot, sink: Sink): Promise<void> {
  sink.push('{');
  let first = true;
  for (const [name, key] of TASK_FIELDS) {
    if (snap[key].length === 0) continue;
    sink.push(`${first ? '' : ','}"${name}":[`);
    first = false;
    await writeTaskList(snap[key], sink);
    sink.push(']');
  }
  sink.push('}');
}

/** Writes GetTasks at once (into a sink that never blocks). */
export function writeTasksNow(snap: TasksSnapshot, sink: JsonSink): void {
  sink.push('{');
  let first = true;
  for (const [name, key] of TASK_FIELDS) {
    if (snap[key].length === 0) continue;
    sink.push(`${first ? '' : ','}"${name}":[`);
    first = false;
    writeTasksFrom(snap[key], 0, sink);
    sink.push(']');
  }
  sink.push('}');
}

// ---------------------------------------------------------------------------------------------
// Executors and frameworks (few: encoded at once)

/** GetExecutors, encoded: the executors `filter` shows (all without one). */
export function executorsJson(state: MasterState, filter?: ViewFilter): string {
  const items: string[] = [];
  for (const fw of state.frameworks.values()) {
    if (filter !== undefined && !filter.framework(fw)) continue;
    for (const [agentId, execs] of fw.executors) {
      for (const e of execs.values()) if (filter === undefined || filter.executor(e)) items.push(`{"executor_info":${encodeMessage(ExecutorInfoSchema, e.info)},"agent_id":${idJson(agentId)}}`);
    }
  }
  return items.length === 0 ? '{}' : `{"executors":[${items.join(',')}]}`;
}

function nanos(ms: number): { nanoseconds: bigint } {
  return { nanoseconds: BigInt(Math.round(ms)) * 1_000_000n };
}

/** What a framework's tasks and executors hold (ResourcesSum: the same as adding each in turn). */
const allocatedSums = new FrameworkSums<ResourcesSum, Resources>({
  start: () => new ResourcesSum(),
  add: (sum, r) => sum.add(r),
  end: (sum) => sum.result(),
});

/** One framework as a v1 GetFrameworks.Framework. */
export function frameworkV1(fw: FrameworkRecord): MasterResponse_GetFrameworks_Framework {
  const allocated = allocatedSums.of(fw);
  const offered = Resources.sum(fw.offers.values(), offerResources);
  const offers: Offer[] = [];
  for (const o of fw.offers.values()) offers.push(offerMessage(o));
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

/** GetFrameworks, encoded: the frameworks `filter` shows (all without one). */
export function frameworksJson(state: MasterState, filter?: ViewFilter): string {
  const enc = (fw: FrameworkRecord) => encodeMessage(MasterResponse_GetFrameworks_FrameworkSchema, frameworkV1(fw));
  const shown = filter && ((fw: FrameworkRecord) => filter.framework(fw));
  const active = [...visible(state.frameworks.values(), shown)].map(enc);
  const completed = [...visible(state.completedFrameworks, shown)].map(enc);
  const fields: string[] = [];
  if (active.length > 0) fields.push(`"frameworks":[${active.join(',')}]`);
  if (completed.length > 0) fields.push(`"completed_frameworks":[${completed.join(',')}]`);
  return `{${fields.join(',')}}`;
}

// ---------------------------------------------------------------------------------------------
// Agents

/** A task's resources while it holds them. */
function held(t: TaskRecord): Resources | undefined {
  return t.released ? undefined : t.resources;
}

function offerResources(o: OfferRecord): Resources {
  return o.resources;
}

/** Resources used by an agent's tasks and executors, and offered, allocation roles set. */
export function agentUsage(a: AgentRecord): { used: Resources; offered: Resources } {
  // Resources.sum: the same sum as adding each to an empty Resources, without an entry per task.
  const used = Resources.sum(a.tasks, held);
  const frameworks = new Set<FrameworkRecord>();
  for (const t of a.tasks) if (!t.released) frameworks.add(t.framework);
  for (const fw of frameworks) for (const e of fw.executors.get(a.id)?.values() ?? []) if (e.liveTasks > 0) used.add(e.resources);
  return { used, offered: Resources.sum(a.offers, offerResources) };
}

/** An agent's usage as JSON, valid while its `changes` count stays the same. */
interface Usage {
  changes: number;
  /** v1 `,"allocated_resources":[...]` and `,"offered_resources":[...]` ('' when empty). */
  v1: string;
  /** The legacy used and offered summary maps. */
  legacyUsed: string;
  legacyOffered: string;
}

const usageCache = new WeakMap<AgentRecord, Usage>();

/** What an agent's tasks, executors and offers hold, as JSON, recomputed only after a change. */
export function agentUsageJson(a: AgentRecord): Usage {
  let u = usageCache.get(a);
  if (u !== undefined && u.changes === a.changes) return u;
  const { used, offered } = agentUsage(a);
  const usedKey = resourcesKey(used);
  const v1Used = shared.get(`r${usedKey}`, () => resourcesJson(used));
  const v1Offered = offered.isEmpty() ? '' : resourcesJson(offered);
  const legacy = legacyResourcesJson;
  u = {
    changes: a.changes,
    v1: (v1Used === '' ? '' : `,"allocated_resources":${v1Used}`) + (v1Offered === '' ? '' : `,"offered_resources":${v1Offered}`),
    legacyUsed: shared.get(`l${usedKey}`, () => legacy(used)),
    legacyOffered: offered.isEmpty() ? shared.get('l-empty', () => legacy(offered)) : legacy(offered),
  };
  usageCache.set(a, u);
  return u;
}

/** Agents as captured: per agent, [record, what changes about it, encoded]. */
export type AgentList = unknown[];

function agentStatic(a: AgentRecord): { head: string; tail: string } {
  const c = (a.v1Cache ??= {
    info: encodeMessage(AgentInfoSchema, a.info),
    total: resourcesJson(a.total),
    capabilities: a.capabilities.map((x) => `{"type":"${x.type ?? 'UNKNOWN'}"}`).join(','),
  });
  const head = flat(`{"agent_info":${c.info}`);
  const parts = [`,"version":${quote(a.version)},"pid":${quote(a.pid)},"registered_time":${timeInfoJson(a.registeredTime)}`];
  if (a.reregisteredTime !== undefined) parts.push(`,"reregistered_time":${timeInfoJson(a.reregisteredTime)}`);
  if (c.total !== '') parts.push(`,"total_resources":${c.total}`);
  return { head, tail: parts.join('') };
}

const agentStatics = new WeakMap<AgentRecord, { head: string; tail: string; cache: unknown }>();

/** Captures every reachable agent `filter` shows (all without one). */
export function captureAgents(state: MasterState, filter?: ViewFilter): AgentList {
  const out: AgentList = [];
  for (const a of state.agents.values()) if (a.unreachableTime === undefined && (filter === undefined || filter.agent(a))) captureAgent(a, out);
  return out;
}

/** An agent's static head and tail, made once (again after its info, total or capabilities change). */
function agentStaticParts(a: AgentRecord): { head: string; tail: string } {
  let st = agentStatics.get(a);
  if (st === undefined || st.cache !== a.v1Cache) {
    const { head, tail } = agentStatic(a);
    st = { head, tail, cache: a.v1Cache };
    agentStatics.set(a, st);
  }
  return st;
}

/**
 * Makes the cached JSON of every reachable agent `filter` shows (static parts, usage), in slices,
 * so that the capture that follows (which must be synchronous to be consistent) finds it ready.
 */
export function warmAgents(state: MasterState, filter?: ViewFilter): Promise<void> {
  return sliced(state.agents.values(), (a) => {
    if (a.unreachableTime !== undefined || (filter !== undefined && !filter.agent(a))) return;
    agentStaticParts(a);
    agentUsageJson(a);
  });
}

/** Makes what GET_STATE's capture reads from caches (frameworks' sums, agents' JSON), in slices. */
export async function warmState(state: MasterState, filter?: ViewFilter): Promise<void> {
  for (const fw of [...state.frameworks.values()]) if (filter === undefined || filter.framework(fw)) await allocatedSums.warm(fw);
  await warmAgents(state, filter);
}

/** Captures one agent: four strings, its static head, what changes, its static tail, the end. */
function captureAgent(a: AgentRecord, out: AgentList = []): AgentList {
  {
    const st = agentStaticParts(a);
    const active = a.connected && !a.deactivated;
    const dynamic = (active ? ',"active":true' : ',"active":false') + (a.deactivated ? ',"deactivated":true' : ',"deactivated":false') + (a.drainInfo ? `,"drain_info":${encodeMessage(DrainInfoSchema, a.drainInfo)}` : '') + agentUsageJson(a).v1;
    out.push(st.head, dynamic, st.tail, a.capabilities.length === 0 ? '}' : `,"capabilities":[${a.v1Cache!.capabilities}]}`);
  }
  return out;
}

/** GetAgents as captured. */
export interface AgentsSnapshot {
  agents: AgentList;
  recovered: string[];
}

/** Captures GetAgents: the agents `filter` shows (all without one). */
export function snapshotAgents(state: MasterState, filter?: ViewFilter): AgentsSnapshot {
  const recovered = visible(state.recoveredAgents.values(), filter && ((info) => filter.agentId(info.id?.value ?? '')));
  return { agents: captureAgents(state, filter), recovered: [...recovered].map((info) => encodeMessage(AgentInfoSchema, info)) };
}

/** Writes captured agents from item `from` on until the sink blocks; returns the next item. */
function writeAgentsFrom(list: AgentList, from: number, sink: Sink): number {
  for (let i = from * 4; i < list.length; i += 4) {
    if (i > 0) sink.push(',');
    sink.push(list[i] as string);
    sink.push(list[i + 1] as string);
    sink.push(list[i + 2] as string);
    sink.push(list[i + 3] as string);
    if (sink.blocked) return i / 4 + 1;
  }
  return list.length / 4;
}

/** Writes one agent (as it is now) as a v1 GetAgents.Agent. */
export function writeAgentV1(a: AgentRecord, sink: Sink): void {
  writeAgentsFrom(captureAgent(a), 0, sink);
}

/** Writes GetAgents from its snapshot: agents, recovered_agents. */
export async function writeAgents(snap: AgentsSnapshot, sink: Sink): Promise<void> {
  sink.push('{');
  const list = snap.agents;
  if (list.length > 0) {
    sink.push('"agents":[');
    let next = writeAgentsFrom(list, 0, sink);
    while (next < list.length / 4 && !sink.aborted) {
      await sink.drained();
      next = writeAgentsFrom(list, next, sink);
    }
    sink.push(']');
  }
  if (snap.recovered.length > 0) sink.push(`${list.length > 0 ? ',' : ''}"recovered_agents":[${snap.recovered.join(',')}]`);
  sink.push('}');
}

/** Writes GetAgents at once. */
export function writeAgentsNow(snap: AgentsSnapshot, sink: JsonSink): void {
  sink.push('{');
  const list = snap.agents;
  if (list.length > 0) {
    sink.push('"agents":[');
    writeAgentsFrom(list, 0, sink);
    sink.push(']');
  }
  if (snap.recovered.length > 0) sink.push(`${list.length > 0 ? ',' : ''}"recovered_agents":[${snap.recovered.join(',')}]`);
  sink.push('}');
}

// ---------------------------------------------------------------------------------------------
// GetState

/** GetState as captured. */
export interface StateSnapshot {
  tasks: TasksSnapshot;
  executors: string;
  frameworks: string;
  agents: AgentsSnapshot;
}

/** Captures GetState: what `filter` shows (all without one). */
export function snapshotState(state: MasterState, filter?: ViewFilter): StateSnapshot {
  return { tasks: snapshotTasks(state, filter), executors: executorsJson(state, filter), frameworks: frameworksJson(state, filter), agents: snapshotAgents(state, filter) };
}

/** Writes GetState from its snapshot, pausing while the sink is blocked. */
export async function writeState(snap: StateSnapshot, sink: Sink): Promise<void> {
  sink.push('{"get_tasks":');
  await writeTasks(snap.tasks, sink);
  sink.push(`,"get_executors":${snap.executors},"get_frameworks":${snap.frameworks},"get_agents":`);
  await writeAgents(snap.agents, sink);
  sink.push('}');
}

/** Writes GetState as it is now, at once, into a sink that never blocks. */
export function writeStateNow(state: MasterState, sink: JsonSink, filter?: ViewFilter): void {
  const snap = snapshotState(state, filter);
  sink.push('{"get_tasks":');
  writeTasksNow(snap.tasks, sink);
  sink.push(`,"get_executors":${snap.executors},"get_frameworks":${snap.frameworks},"get_agents":`);
  writeAgentsNow(snap.agents, sink);
  sink.push('}');
}
