/**
 * The master's books as v1 operator API JSON (GET_TASKS, GET_EXECUTORS, GET_FRAMEWORKS,
 * GET_AGENTS, and GET_STATE which holds all four). Written as text, with per-task and per-agent
 * caches of what never changes, so that a cluster of 20,000 agents and 200,000 tasks answers in
 * well under a second.
 */
import { Resources } from '../../allocator/resources';
import { encodeMessage } from '../../api/json';
import { AgentInfoSchema, ExecutorInfoSchema, MasterResponse_GetFrameworks_FrameworkSchema, TaskSchema } from '../../api/schema';
import type { MasterResponse_GetFrameworks_Framework, Offer } from '../../api/types';
import type { Master } from '../master';
import { offerMessage, resourcesFor } from '../offers';
import type { AgentRecord, FrameworkRecord, TaskRecord } from '../state/index';
import { statusToJson } from '../tasks';
import { arrayField, idJson, quote, resourceListJson, resourcesJson, timeInfoJson } from './json';

const STATE_MARK = '"state":"TASK_STAGING"';

function taskV1Parts(t: TaskRecord): [string, string, string] {
  const i = t.info;
  let head = `{"name":${quote(i.name)},"task_id":${idJson(i.task_id.value)},"framework_id":${idJson(t.framework.id)}`;
  if (t.executorId !== undefined) head += `,"executor_id":${idJson(t.executorId)}`;
  head += `,"agent_id":${idJson(t.agent.id)}`;
  const user = i.command?.user ?? t.framework.info?.user;
  let tail: string;
  if (i.labels || i.discovery || i.container || i.health_check || i.kill_policy || i.limits) {
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
      user: user || undefined,
      limits: i.limits,
    });
    tail = enc.slice(enc.indexOf(STATE_MARK) + STATE_MARK.length);
  } else tail = user ? `,"user":${quote(user)}}` : '}';
  return [head, resourceListJson(i.resources), tail];
}

/** One task as a v1 Task. */
export function taskV1Json(t: TaskRecord): string {
  const parts = (t.v1Parts ??= taskV1Parts(t));
  let s = `${parts[0]},"state":"${t.state}"`;
  if (parts[1] !== '') s += `,"resources":${parts[1]}`;
  const n = t.statuses.length;
  if (n > 0) {
    s += ',"statuses":[';
    for (let k = 0; k < n; k++) s += (k > 0 ? ',' : '') + (t.statusJson[k] ??= statusToJson(t.statuses[k]!));
    s += ']';
  }
  if (t.statusUpdateState !== undefined) s += `,"status_update_state":"${t.statusUpdateState}"`;
  if (t.statusUpdateUuid !== undefined) s += `,"status_update_uuid":"${Buffer.from(t.statusUpdateUuid).toString('base64')}"`;
  return s + parts[2];
}

/** GetTasks: tasks, unreachable_tasks, completed_tasks. */
export function getTasksJson(m: Master): string {
  const tasks: string[] = [];
  const unreachable: string[] = [];
  const completed: string[] = [];
  const frameworks = [...m.state.frameworks.values(), ...m.state.completedFrameworks];
  for (const fw of frameworks) {
    for (const t of fw.tasks.values()) (t.state === 'TASK_UNREACHABLE' ? unreachable : tasks).push(taskV1Json(t));
    for (const t of fw.completedTasks) completed.push(taskV1Json(t));
  }
  return `{${(arrayField('tasks', tasks) + arrayField('unreachable_tasks', unreachable) + arrayField('completed_tasks', completed)).slice(1)}}`;
}

/** GetExecutors: executors with their agents. */
export function getExecutorsJson(m: Master): string {
  const items: string[] = [];
  for (const fw of m.state.frameworks.values()) {
    for (const [agentId, execs] of fw.executors) {
      for (const e of execs.values()) items.push(`{"executor_info":${encodeMessage(ExecutorInfoSchema, e.info)},"agent_id":${idJson(agentId)}}`);
    }
  }
  return `{${arrayField('executors', items).slice(1)}}`;
}

/** Resources used by an agent's tasks and executors, and offered, allocation roles set. */
export function agentUsage(a: AgentRecord): { used: Resources; offered: Resources } {
  const used = new Resources();
  const frameworks = new Set<FrameworkRecord>();
  for (const t of a.tasks.values()) {
    if (t.released) continue;
    used.add(t.resources);
    frameworks.add(t.framework);
  }
  for (const fw of frameworks) for (const e of fw.executors.get(a.id)?.values() ?? []) if (e.liveTasks > 0) used.add(e.resources);
  const offered = new Resources();
  for (const o of a.offers) offered.add(o.resources);
  return { used, offered };
}

/** One agent as a v1 GetAgents.Agent. */
export function agentV1Json(a: AgentRecord): string {
  const cache = (a.v1Cache ??= {
    info: encodeMessage(AgentInfoSchema, a.info),
    total: resourcesJson(a.total),
    capabilities: a.capabilities.map((c) => `{"type":"${c.type ?? 'UNKNOWN'}"}`).join(','),
  });
  const { used, offered } = agentUsage(a);
  let s = `{"agent_info":${cache.info},"active":${a.connected && !a.deactivated},"deactivated":${a.deactivated},"version":${quote(a.version)},"pid":${quote(a.pid)},"registered_time":${timeInfoJson(a.registeredTime)}`;
  if (a.reregisteredTime !== undefined) s += `,"reregistered_time":${timeInfoJson(a.reregisteredTime)}`;
  if (cache.total !== '') s += `,"total_resources":${cache.total}`;
  const u = resourcesJson(used);
  if (u !== '') s += `,"allocated_resources":${u}`;
  const o = resourcesJson(offered);
  if (o !== '') s += `,"offered_resources":${o}`;
  if (cache.capabilities !== '') s += `,"capabilities":[${cache.capabilities}]`;
  return `${s}}`;
}

/** GetAgents: registered agents (reachable), and agents of the registry not yet back. */
export function getAgentsJson(m: Master): string {
  const agents: string[] = [];
  for (const a of m.state.agents.values()) if (a.unreachableTime === undefined) agents.push(agentV1Json(a));
  const recovered = [...m.state.recoveredAgents.values()].map((info) => encodeMessage(AgentInfoSchema, info));
  return `{${(arrayField('agents', agents) + arrayField('recovered_agents', recovered)).slice(1)}}`;
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
  if (fw.registeredTime !== undefined) out.registered_time = { nanoseconds: BigInt(Math.round(fw.registeredTime)) * 1_000_000n };
  if (fw.reregisteredTime !== undefined) out.reregistered_time = { nanoseconds: BigInt(Math.round(fw.reregisteredTime)) * 1_000_000n };
  if (fw.unregisteredTime !== undefined) out.unregistered_time = { nanoseconds: BigInt(Math.round(fw.unregisteredTime)) * 1_000_000n };
  if (offers.length > 0) out.offers = offers;
  if (!allocated.isEmpty()) out.allocated_resources = resourcesFor(fw, allocated);
  if (!offered.isEmpty()) out.offered_resources = resourcesFor(fw, offered);
  if (fw.offerConstraints !== undefined) out.offer_constraints = fw.offerConstraints;
  return out;
}

/** GetFrameworks: frameworks and completed frameworks. */
export function getFrameworksJson(m: Master): string {
  const enc = (fw: FrameworkRecord) => encodeMessage(MasterResponse_GetFrameworks_FrameworkSchema, frameworkV1(fw));
  const active = [...m.state.frameworks.values()].map(enc);
  const completed = m.state.completedFrameworks.map(enc);
  return `{${(arrayField('frameworks', active) + arrayField('completed_frameworks', completed)).slice(1)}}`;
}

/** GetState: the four listings. */
export function getStateJson(m: Master): string {
  return `{"get_tasks":${getTasksJson(m)},"get_executors":${getExecutorsJson(m)},"get_frameworks":${getFrameworksJson(m)},"get_agents":${getAgentsJson(m)}}`;
}
