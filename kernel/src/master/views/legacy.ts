/**
 * The legacy JSON of `/master/state` (operator API reference §6): plain-string ids, `slave`
 * names, resources as summary maps (`{"cpus":4.0,"mem":7680.0,"ports":"[31000-32000]"}`), times
 * as seconds. Written as text with per-task and per-agent caches, like the v1 views.
 */
import { Resources } from '../../allocator/resources';
import { encodeMessage } from '../../api/json';
import { ContainerStatusSchema, DiscoveryInfoSchema, ContainerInfoSchema, HealthCheckSchema, LabelsSchema } from '../../api/schema';
import type { Attribute, ExecutorInfo } from '../../api/types';
import type { Master } from '../master';
import type { AgentRecord, FrameworkRecord, OfferRecord, TaskRecord } from '../state/index';
import type { ExecutorEntry } from '../state/framework';
import { formatDouble, quote, secondsJson } from './json';
import { agentUsage } from './v1';

const BASE_SCALARS = new Set(['cpus', 'mem', 'disk', 'gpus']);

function rangesText(ranges: readonly (readonly [number, number])[] | readonly { begin: number; end: number }[]): string {
  return `[${ranges.map((r) => (Array.isArray(r) ? `${r[0]}-${r[1]}` : `${(r as { begin: number }).begin}-${(r as { end: number }).end}`)).join(', ')}]`;
}

/** Resources as a legacy summary map. */
export function legacyResourcesJson(res: Resources): string {
  let s = `{"disk":${formatDouble(res.scalar('disk'))},"mem":${formatDouble(res.scalar('mem'))},"gpus":${formatDouble(res.scalar('gpus'))},"cpus":${formatDouble(res.scalar('cpus'))}`;
  const ports = res.ranges('ports');
  if (ports.length > 0) s += `,"ports":"${rangesText(ports)}"`;
  if (res._x !== null) {
    const extra = new Map<string, string>();
    const scalars = new Map<string, number>();
    for (const r of res.toJSON()) {
      const name = r.revocable ? `${r.name}_revocable` : r.name;
      if (!r.revocable && (BASE_SCALARS.has(r.name) || r.name === 'ports')) continue;
      if (r.type === 'SCALAR') scalars.set(name, (scalars.get(name) ?? 0) + (r.scalar?.value ?? 0));
      else if (r.type === 'RANGES') extra.set(name, `"${rangesText(r.ranges?.range ?? [])}"`);
      else extra.set(name, quote(`{${(r.set?.item ?? []).join(', ')}}`));
    }
    for (const [name, v] of scalars) s += `,${quote(name)}:${formatDouble(v)}`;
    for (const [name, v] of extra) s += `,${quote(name)}:${v}`;
  }
  return `${s}}`;
}

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

function taskLegacyParts(t: TaskRecord): [string, string] {
  const i = t.info;
  const head = `{"id":${quote(i.task_id.value)},"name":${quote(i.name)},"framework_id":${quote(t.framework.id)},"executor_id":${quote(t.executorId ?? '')},"slave_id":${quote(t.agent.id)}`;
  let tail = `,"resources":${legacyResourcesJson(t.resources)},"role":${quote(t.role)}`;
  const user = i.command?.user ?? t.framework.info?.user;
  if (user) tail += `,"user":${quote(user)}`;
  if (i.labels) tail += `,"labels":${encodeMessage(LabelsSchema, i.labels)}`;
  if (i.discovery) tail += `,"discovery":${encodeMessage(DiscoveryInfoSchema, i.discovery)}`;
  if (i.container) tail += `,"container":${encodeMessage(ContainerInfoSchema, i.container)}`;
  if (i.health_check) tail += `,"health_check":${encodeMessage(HealthCheckSchema, i.health_check)}`;
  return [head, `${tail}}`];
}

/** One task in the legacy format. */
export function taskLegacyJson(t: TaskRecord): string {
  const parts = (t.legacyParts ??= taskLegacyParts(t));
  let s = `${parts[0]},"state":"${t.state}","statuses":[`;
  for (let k = 0; k < t.statuses.length; k++) {
    const st = t.statuses[k]!;
    s += `${k > 0 ? ',' : ''}{"state":"${st.state}","timestamp":${formatDouble(st.timestamp ?? 0)}`;
    if (st.healthy !== undefined) s += `,"healthy":${st.healthy}`;
    if (st.labels !== undefined) s += `,"labels":${encodeMessage(LabelsSchema, st.labels)}`;
    if (st.container_status !== undefined) s += `,"container_status":${encodeMessage(ContainerStatusSchema, st.container_status)}`;
    s += '}';
  }
  return `${s}]${parts[1]}`;
}

function executorLegacyJson(fw: FrameworkRecord, agentId: string, e: ExecutorEntry): string {
  const info: ExecutorInfo = e.info;
  return `{"executor_id":${quote(info.executor_id.value)},"name":${quote(info.name ?? '')},"framework_id":${quote(fw.id)},"slave_id":${quote(agentId)},"type":"${info.type ?? 'CUSTOM'}","resources":${legacyResourcesJson(e.resources)}}`;
}

function offerLegacyJson(o: OfferRecord): string {
  return `{"id":${quote(o.id)},"framework_id":${quote(o.framework.id)},"slave_id":${quote(o.agent.id)},"resources":${legacyResourcesJson(o.resources)},"allocation_info":{"role":${quote(o.role)}}}`;
}

/** One framework in the legacy format, with its tasks. */
export function frameworkLegacyJson(fw: FrameworkRecord): string {
  const info = fw.info;
  const used = new Resourcesish();
  const tasks: string[] = [];
  const unreachable: string[] = [];
  for (const t of fw.tasks.values()) {
    if (!t.released) used.add(t.resources);
    (t.state === 'TASK_UNREACHABLE' ? unreachable : tasks).push(taskLegacyJson(t));
  }
  const completed = fw.completedTasks.map(taskLegacyJson);
  const executors: string[] = [];
  for (const [agentId, execs] of fw.executors) {
    for (const e of execs.values()) {
      executors.push(executorLegacyJson(fw, agentId, e));
      if (e.liveTasks > 0) used.add(e.resources);
    }
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
  s += `,"used_resources":${legacyResourcesJson(used.value)},"offered_resources":${legacyResourcesJson(offered.value)}`;
  s += `,"tasks":[${tasks.join(',')}],"unreachable_tasks":[${unreachable.join(',')}],"completed_tasks":[${completed.join(',')}]`;
  s += `,"offers":[${offers.join(',')}],"executors":[${executors.join(',')}]}`;
  return s;
}

/** One agent in the legacy format. */
export function agentLegacyJson(a: AgentRecord): string {
  const stat = (a.legacyCache ??= agentLegacyStatic(a));
  const { used, offered } = agentUsage(a);
  let s = `${stat},"used_resources":${legacyResourcesJson(used)},"offered_resources":${legacyResourcesJson(offered)},"active":${a.connected && !a.deactivated},"deactivated":${a.deactivated}`;
  if (a.reregisteredTime !== undefined) s += `,"reregistered_time":${secondsJson(a.reregisteredTime)}`;
  return `${s}}`;
}

function agentLegacyStatic(a: AgentRecord): string {
  const reserved = a.total
    .reservationRoles()
    .map((role) => `${quote(role)}:${legacyResourcesJson(a.total.reserved(role))}`)
    .join(',');
  return (
    `{"id":${quote(a.id)},"pid":${quote(a.pid)},"hostname":${quote(a.info.hostname)},"port":${a.info.port ?? 5051}` +
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

/** The whole `/master/state` document. */
export function stateLegacyJson(m: Master): string {
  const counts = m.state.counts();
  const info = m.info;
  const leader = m.leadership.elected ? info : undefined;
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
  s += `,"flags":{${flags}}`;
  const slaves: string[] = [];
  for (const a of m.state.agents.values()) if (a.unreachableTime === undefined) slaves.push(agentLegacyJson(a));
  s += `,"slaves":[${slaves.join(',')}]`;
  const recovered = [...m.state.recoveredAgents.values()].map((i) => `{"id":${quote(i.id?.value ?? '')},"hostname":${quote(i.hostname)},"port":${i.port ?? 5051}}`);
  s += `,"recovered_slaves":[${recovered.join(',')}]`;
  s += `,"frameworks":[${[...m.state.frameworks.values()].map(frameworkLegacyJson).join(',')}]`;
  s += `,"completed_frameworks":[${m.state.completedFrameworks.map(frameworkLegacyJson).join(',')}]`;
  s += ',"orphan_tasks":[],"unregistered_frameworks":[]}';
  return s;
}
