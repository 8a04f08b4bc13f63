/**
 * The legacy JSON of `/master/state` (operator API reference §6): plain-string ids, `slave`
 * names, resources as summary maps (`{"cpus":4.0,"mem":7680.0,"ports":"[31000-32000]"}`), times
 * as seconds. Captured, then streamed, with per-task and per-agent caches, like the v1 views.
 */
import { type Attribute, ContainerInfoSchema, ContainerStatusSchema, DiscoveryInfoSchema, encodeMessage, type ExecutorInfo, HealthCheckSchema, LabelsSchema, type MasterInfo, Resources, TaskState, type TaskStatus } from '@plateau/mesos';
import type { MasterOptions } from '../options';
import type { AgentRecord, ExecutorEntry, FrameworkRecord, MasterState, OfferRecord, TaskRecord } from '../state/index';
import { agentUrl } from '../state/index';
import { type ViewFilter, visible } from './filter';
import { formatDouble, quote, secondsJson } from './json';
import { flat, Interner, type Sink } from './sink';
import { FrameworkSums } from './framework-sums';
import { sliced } from './slices';
import { legacyResourcesJson, rangesText } from './summary';
import { agentUsageJson, recordPiece, resourcesKey, taskUser } from './v1';

const frameworkIdField = new WeakMap<FrameworkRecord, string>();
const agentIdField = new WeakMap<AgentRecord, string>();
const NO_EXECUTOR = ',"executor_id":""';

export { legacyResourcesJson } from './summary';

const shared = new Interner();
const legacyResources = new Interner();
/** `,"state":"<STATE>"` for each state. */
const STATE_FIELD = Object.fromEntries(Object.keys(TaskState).map((s) => [s, `,"state":"${s}"`])) as Record<string, string>;

function attributesJson(attrs: readonly Attribute[] | undefined): string {
  const parts: string[] = [];
  for (const a of attrs ?? []) {
    let v: string;
    if (a.type === 'SCALAR') v = formatDouble(a.scalar?.value ?? 0);
    else if (a.type === 'RANGES') v = `"${rangesText(a.ranges?.range ?? [])}"`;
    else if (a.type === 'SET') v = quote(`{${(a.set?.item ?? []).join(', ')}}`);
    else v = quote(a.text?.value ?? '');
    parts.push(`${quote(a.name)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}

function legacyStatic(t: TaskRecord): void {
  const i = t.info;
  // Only what is the task's own; its framework's and agent's ids are shared pieces.
  t.legacyHead = ['{"id":', quote(i.task_id.value), ',"name":', quote(i.name)].join('');
  const user = taskUser(t);
  const extras = i.labels !== undefined || i.discovery !== undefined || i.container !== undefined || i.health_check !== undefined;
  const make = () => {
    const tail = [',"resources":', legacyResources.get(resourcesKey(t.resources), () => legacyResourcesJson(t.resources)), ',"role":', quote(t.role)];
    if (user) tail.push(',"user":', quote(user));
    if (i.labels) tail.push(',"labels":', encodeMessage(LabelsSchema, i.labels));
    if (i.discovery) tail.push(',"discovery":', encodeMessage(DiscoveryInfoSchema, i.discovery));
    if (i.container) tail.push(',"container":', encodeMessage(ContainerInfoSchema, i.container));
    if (i.health_check) tail.push(',"health_check":', encodeMessage(HealthCheckSchema, i.health_check));
    tail.push('}');
    return tail.join('');
  };
  t.legacyTail = extras ? flat(make()) : shared.get(`${resourcesKey(t.resources)}|${t.role}|${user ?? ''}`, make);
}

/** A status in the legacy form: state, timestamp, and health, labels and container status when set. */
export function legacyStatusJson(st: TaskStatus): string {
  const parts = ['{"state":"', st.state, '","timestamp":', formatDouble(st.timestamp ?? 0)];
  if (st.healthy !== undefined) parts.push(st.healthy ? ',"healthy":true' : ',"healthy":false');
  if (st.labels !== undefined) parts.push(',"labels":', encodeMessage(LabelsSchema, st.labels));
  if (st.container_status !== undefined) parts.push(',"container_status":', encodeMessage(ContainerStatusSchema, st.container_status));
  parts.push('}');
  return parts.join('');
}

/** Tasks as captured: per task, [record, state, legacy statuses]. */
type TaskList = unknown[];

function captureTasks(tasks: Iterable<TaskRecord>, out: TaskList): void {
  for (const t of tasks) out.push(t, t.state, t.legacyStatuses);
}

/** Writes captured tasks in the legacy format, comma-separated. */
async function writeTaskList(list: TaskList, sink: Sink): Promise<void> {
  for (let i = 0; i < list.length; i += 3) {
    const t = list[i] as TaskRecord;
    if (i > 0) sink.push(',');
    if (t.legacyHead === undefined) legacyStatic(t);
    sink.push(t.legacyHead!);
    sink.push(recordPiece(frameworkIdField, t.framework, (f) => `,"framework_id":${quote(f.id)}`));
    sink.push(t.executorId === undefined ? NO_EXECUTOR : shared.get(`e${t.executorId}`, () => `,"executor_id":${quote(t.executorId!)}`));
    sink.push(recordPiece(agentIdField, t.agent, (a) => `,"slave_id":${quote(a.id)}`));
    sink.push(STATE_FIELD[list[i + 1] as string]!);
    sink.push(',"statuses":[');
    const st = list[i + 2] as readonly string[];
    for (let k = 0; k < st.length; k++) {
      if (k > 0) sink.push(',');
      sink.push(st[k]!);
    }
    sink.push(']');
    sink.push(t.legacyTail!);
    if (sink.blocked) {
      await sink.drained();
      if (sink.aborted) return;
    }
  }
}

function executorLegacyJson(fw: FrameworkRecord, agentId: string, e: ExecutorEntry): string {
  const info: ExecutorInfo = e.info;
  return `{"executor_id":${quote(info.executor_id.value)},"name":${quote(info.name ?? '')},"framework_id":${quote(fw.id)},"slave_id":${quote(agentId)},"type":"${info.type ?? 'CUSTOM'}","resources":${legacyResourcesJson(e.resources)}}`;
}

function offerLegacyJson(o: OfferRecord): string {
  return `{"id":${quote(o.id)},"framework_id":${quote(o.framework.id)},"slave_id":${quote(o.agent.id)},"resources":${legacyResourcesJson(o.resources)},"allocation_info":{"role":${quote(o.role)}}}`;
}

/** A framework as captured: its fields, its tasks, and what follows them. */
interface FrameworkSnapshot {
  head: string;
  tasks: TaskList;
  unreachable: TaskList;
  completed: TaskList;
  tail: string;
}

/** Captures one framework in the legacy format: its tasks and executors `filter` shows (all without one). */
function captureFramework(fw: FrameworkRecord, filter?: ViewFilter): FrameworkSnapshot {
  const info = fw.info;
  const tasks: TaskList = new Array(fw.tasks.size * 3);
  let n = 0;
  const snap: FrameworkSnapshot = { head: '', tasks, unreachable: [], completed: [], tail: '' };
  for (const t of fw.tasks.values()) {
    if (filter !== undefined && !filter.task(t)) continue;
    if (t.state === 'TASK_UNREACHABLE') {
      snap.unreachable.push(t, t.state, t.legacyStatuses);
      continue;
    }
    tasks[n++] = t;
    tasks[n++] = t.state;
    tasks[n++] = t.legacyStatuses;
  }
  tasks.length = n;
  captureTasks(visible(fw.completedTasks, filter && ((t) => filter.task(t))), snap.completed);
  const executors: string[] = [];
  for (const [agentId, execs] of fw.executors) {
    for (const e of execs.values()) if (filter === undefined || filter.executor(e)) executors.push(executorLegacyJson(fw, agentId, e));
  }
  const offered = new Resourcesish();
  const offers: string[] = [];
  for (const o of fw.offers.values()) {
    offered.add(o.resources);
    offers.push(offerLegacyJson(o));
  }
  const roles = fw.has('MULTI_ROLE') ? `"roles":[${fw.roles.map(quote).join(',')}]` : `"role":${quote(fw.roles[0] ?? '*')}`;
  let s = `{"id":${quote(fw.id)},"name":${quote(info.name)},"user":${quote(info.user)},"hostname":${quote(info.hostname ?? '')},"webui_url":${quote(info.webui_url ?? '')}`;
  s += `,"failover_timeout":${formatDouble(info.failover_timeout ?? 0)},"checkpoint":${info.checkpoint ?? false},${roles}`;
  if (info.principal !== undefined) s += `,"principal":${quote(info.principal)}`;
  s += `,"capabilities":[${[...fw.capabilities].map((c) => quote(c)).join(',')}]`;
  s += `,"active":${fw.active},"connected":${fw.connected},"recovered":${fw.recovered}`;
  s += `,"registered_time":${secondsJson(fw.registeredTime ?? 0)},"unregistered_time":${secondsJson(fw.unregisteredTime ?? 0)}`;
  if (fw.reregisteredTime !== undefined) s += `,"reregistered_time":${secondsJson(fw.reregisteredTime)}`;
  if (info.labels !== undefined) s += `,"labels":${encodeMessage(LabelsSchema, info.labels)}`;
  s += `,"used_resources":${usedJson.of(fw)},"offered_resources":${legacyResourcesJson(offered.value)}`;
  snap.head = s;
  snap.tail = `],"offers":[${offers.join(',')}],"executors":[${executors.join(',')}]}`;
  return snap;
}

/** What a framework's tasks and executors hold, as a legacy summary map. */
const usedJson = new FrameworkSums<Resourcesish, string>({
  start: () => new Resourcesish(),
  add: (used, r) => used.add(r),
  end: (used) => legacyResourcesJson(used.value),
});

async function writeFramework(f: FrameworkSnapshot, sink: Sink): Promise<void> {
  sink.push(f.head);
  sink.push(',"tasks":[');
  await writeTaskList(f.tasks, sink);
  sink.push('],"unreachable_tasks":[');
  await writeTaskList(f.unreachable, sink);
  sink.push('],"completed_tasks":[');
  await writeTaskList(f.completed, sink);
  sink.push(f.tail);
}

/** What changes about an agent, in the legacy format (follows its cached static part). */
function agentLegacyDynamic(a: AgentRecord): string {
  const u = agentUsageJson(a);
  const active = a.connected && !a.deactivated;
  let s = `,"used_resources":${u.legacyUsed},"offered_resources":${u.legacyOffered}${active ? ',"active":true' : ',"active":false'}${a.deactivated ? ',"deactivated":true' : ',"deactivated":false'}`;
  if (a.reregisteredTime !== undefined) s += `,"reregistered_time":${secondsJson(a.reregisteredTime)}`;
  return `${s}}`;
}

function agentLegacyStatic(a: AgentRecord): string {
  const reserved = a.total
    .reservationRoles()
    .map((role) => `${quote(role)}:${legacyResourcesJson(a.total.reserved(role))}`)
    .join(',');
  return flat(
    `{"id":${quote(a.id)},"pid":${quote(a.pid)},"url":${quote(agentUrl(a))},"hostname":${quote(a.info.hostname)},"port":${a.info.port ?? 5051}` +
    `,"attributes":${attributesJson(a.info.attributes)},"registered_time":${secondsJson(a.registeredTime)},"version":${quote(a.version)}` +
    `,"capabilities":[${a.capabilities.map((c) => quote(c.type ?? 'UNKNOWN')).join(',')}]` +
    `,"resources":${legacyResourcesJson(a.total)},"unreserved_resources":${legacyResourcesJson(a.total.unreserved())},"reserved_resources":{${reserved}}`
  );
}

/** Sums Resources lazily (most frameworks and agents need one or two additions). */
class Resourcesish {
  private r: Resources | undefined;
  add(x: Resources): void {
    if (this.r === undefined) this.r = x.clone();
    else this.r.add(x);
  }
  get value(): Resources {
    return this.r ?? EMPTY;
  }
}

const EMPTY = new Resources();

/** `/master/state` as captured. */
export interface LegacyStateSnapshot {
  head: string;
  agents: string[];
  recovered: string;
  frameworks: FrameworkSnapshot[];
  completed: FrameworkSnapshot[];
}

/** What `/master/state` reads of its master besides the books. */
export interface LegacyStateSource {
  readonly state: MasterState;
  readonly info: MasterInfo;
  readonly opts: Pick<MasterOptions, 'version' | 'flags' | 'cluster'>;
  readonly startTime: number;
  readonly electedTime: number | undefined;
  /** Whether this master leads (then it is the leader `/master/state` names). */
  readonly leading: boolean;
}

/**
 * Makes what snapshotLegacyState (synchronous, to be consistent) reads from caches, in slices:
 * frameworks' used resources, agents' JSON (static part, usage).
 */
export async function warmLegacyState(state: MasterState, filter?: ViewFilter): Promise<void> {
  for (const fw of [...state.frameworks.values(), ...state.completedFrameworks]) if (filter === undefined || filter.framework(fw)) await usedJson.warm(fw);
  await sliced(state.agents.values(), (a) => {
    if (a.unreachableTime !== undefined || (filter !== undefined && !filter.agent(a))) return;
    a.legacyCache ??= agentLegacyStatic(a);
    agentUsageJson(a);
  });
}

/** Captures `/master/state`: the frameworks, tasks, executors and agents `filter` shows (all without one). */
export function snapshotLegacyState(m: LegacyStateSource, filter?: ViewFilter): LegacyStateSnapshot {
  const counts = m.state.counts();
  const info = m.info;
  const leader = m.leading ? info : undefined;
  const flags = Object.entries(m.opts.flags ?? {})
    .map(([k, v]) => `${quote(k)}:${quote(v)}`)
    .join(',');
  let s = `{"version":${quote(m.opts.version)},"build_date":"","build_time":${formatDouble(m.startTime / 1000)},"build_user":""`;
  s += `,"start_time":${secondsJson(m.startTime)}`;
  if (m.electedTime !== undefined) s += `,"elected_time":${secondsJson(m.electedTime)}`;
  s += `,"id":${quote(info.id)},"pid":${quote(info.pid ?? '')},"hostname":${quote(info.hostname ?? '')}`;
  s += `,"capabilities":[${(info.capabilities ?? []).map((c) => quote(c.type ?? 'UNKNOWN')).join(',')}]`;
  s += `,"activated_slaves":${formatDouble(counts.activeAgents)},"deactivated_slaves":${formatDouble(counts.deactivatedAgents)},"unreachable_slaves":${formatDouble(counts.unreachableAgents)}`;
  if (leader !== undefined) {
    s += `,"leader":${quote(leader.pid ?? '')},"leader_info":{"id":${quote(leader.id)},"pid":${quote(leader.pid ?? '')},"port":${leader.port},"hostname":${quote(leader.hostname ?? '')}}`;
  }
  if (m.opts.cluster !== undefined) s += `,"cluster":${quote(m.opts.cluster)}`;
  const agents: string[] = [];
  for (const a of m.state.agents.values()) {
    if (a.unreachableTime !== undefined || (filter !== undefined && !filter.agent(a))) continue;
    agents.push((a.legacyCache ??= agentLegacyStatic(a)), agentLegacyDynamic(a));
  }
  const shownFw = filter && ((fw: FrameworkRecord) => filter.framework(fw));
  const recovered = [...visible(m.state.recoveredAgents.values(), filter && ((i) => filter.agentId(i.id?.value ?? '')))].map((i) => `{"id":${quote(i.id?.value ?? '')},"hostname":${quote(i.hostname)},"port":${i.port ?? 5051}}`);
  return {
    head: `${s},"flags":{${flags}},"slaves":[`,
    agents,
    recovered: `],"recovered_slaves":[${recovered.join(',')}],"frameworks":[`,
    frameworks: [...visible(m.state.frameworks.values(), shownFw)].map((fw) => captureFramework(fw, filter)),
    completed: [...visible(m.state.completedFrameworks, shownFw)].map((fw) => captureFramework(fw, filter)),
  };
}

/** Writes `/master/state` from its snapshot. */
export async function writeLegacyState(snap: LegacyStateSnapshot, sink: Sink): Promise<void> {
  sink.push(snap.head);
  for (let i = 0; i < snap.agents.length; i += 2) {
    if (i > 0) sink.push(',');
    sink.push(snap.agents[i]!);
    sink.push(snap.agents[i + 1]!);
    if (sink.blocked) await sink.drained();
  }
  sink.push(snap.recovered);
  for (let i = 0; i < snap.frameworks.length; i++) {
    if (i > 0) sink.push(',');
    await writeFramework(snap.frameworks[i]!, sink);
  }
  sink.push('],"completed_frameworks":[');
  for (let i = 0; i < snap.completed.length; i++) {
    if (i > 0) sink.push(',');
    await writeFramework(snap.completed[i]!, sink);
  }
  sink.push('],"orphan_tasks":[],"unregistered_frameworks":[]}');
}
