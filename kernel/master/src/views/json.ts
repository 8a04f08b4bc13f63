/**
 * Hand-written JSON for the shapes the state endpoints repeat hundreds of thousands of times
 * (ids, plain resources, task statuses). They write exactly what the schema encoder writes
 * (same field order, ASCII only, doubles with a decimal point) and fall back to it for anything
 * unusual, so the output does not depend on which path wrote it.
 */
import {
  type EnumType,
  encodeMessage,
  formatDouble,
  quote,
  type Resource,
  type Resources,
  ResourceSchema,
  TaskStateSchema,
  type TaskStatus,
  TaskStatus_ReasonSchema,
  TaskStatus_SourceSchema,
  TaskStatusSchema,
} from '@plateau/mesos';

export { quote, formatDouble };

/** `{"value":"..."}`. */
export function idJson(value: string): string {
  return `{"value":${quote(value)}}`;
}

/** One v1 Resource. */
export function resourceJson(r: Resource): string {
  if (r.provider_id !== undefined || r.disk !== undefined || r.revocable !== undefined || r.shared !== undefined || r.reservation !== undefined) {
    return encodeMessage(ResourceSchema, r);
  }
  let s = `{"name":${quote(r.name)},"type":"${r.type}"`;
  if (r.scalar !== undefined) s += `,"scalar":{"value":${formatDouble(r.scalar.value)}}`;
  if (r.ranges !== undefined) {
    const range = r.ranges.range ?? [];
    s += range.length === 0 ? ',"ranges":{}' : `,"ranges":{"range":[${range.map((x) => `{"begin":${x.begin},"end":${x.end}}`).join(',')}]}`;
  }
  if (r.set !== undefined) {
    const item = r.set.item ?? [];
    s += item.length === 0 ? ',"set":{}' : `,"set":{"item":[${item.map(quote).join(',')}]}`;
  }
  if (r.role !== undefined) s += `,"role":${quote(r.role)}`;
  if (r.allocation_info !== undefined) s += r.allocation_info.role === undefined ? ',"allocation_info":{}' : `,"allocation_info":{"role":${quote(r.allocation_info.role)}}`;
  if (r.reservations !== undefined && r.reservations.length > 0) {
    const parts: string[] = [];
    for (const x of r.reservations) {
      if (x.labels !== undefined) return encodeMessage(ResourceSchema, r);
      let p = x.type === undefined ? '{' : `{"type":"${x.type}"`;
      if (x.role !== undefined) p += `${p.length > 1 ? ',' : ''}"role":${quote(x.role)}`;
      if (x.principal !== undefined) p += `${p.length > 1 ? ',' : ''}"principal":${quote(x.principal)}`;
      parts.push(`${p}}`);
    }
    s += `,"reservations":[${parts.join(',')}]`;
  }
  return `${s}}`;
}

/** A JSON array of v1 Resources ('' when empty, so callers omit the field). */
export function resourceListJson(list: readonly Resource[] | undefined): string {
  if (list === undefined || list.length === 0) return '';
  let s = '[';
  for (let i = 0; i < list.length; i++) s += (i > 0 ? ',' : '') + resourceJson(list[i]!);
  return `${s}]`;
}

/** A Resources object as a JSON array of v1 Resources ('' when empty). */
export function resourcesJson(res: Resources): string {
  return resourceListJson(res.toJSON() as unknown as Resource[]);
}

/** Seconds since the epoch from milliseconds, as Mesos writes times (a double). */
export function secondsJson(ms: number): string {
  return formatDouble(ms / 1000);
}

/** A TimeInfo JSON from milliseconds since the epoch (exact nanoseconds). */
export function timeInfoJson(ms: number): string {
  return `{"nanoseconds":${BigInt(Math.round(ms * 1000)) * 1000n}}`;
}

/** The value of a TaskID / AgentID / ExecutorID the schema encoder would write as is. */
function plainIdValue(id: unknown): string | undefined {
  if (typeof id !== 'object' || id === null || Array.isArray(id) || id instanceof Uint8Array) return undefined;
  const v = (id as { value?: unknown }).value;
  return typeof v === 'string' ? v : undefined;
}

function isEnumName(type: EnumType, v: unknown): v is string {
  return typeof v === 'string' && type.has(v);
}

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/**
 * One v1 TaskStatus (every status update the master records and forwards): its plain fields by
 * hand, in the schema's order; a status with check, labels, container status, unreachable time or
 * limitation, or a value of an unexpected type, goes to the schema encoder.
 */
export function taskStatusJson(st: TaskStatus): string {
  const taskId = plainIdValue(st.task_id);
  if (taskId === undefined || !isEnumName(TaskStateSchema, st.state)) return encodeMessage(TaskStatusSchema, st);
  if (st.check_status != null || st.labels != null || st.container_status != null || st.unreachable_time != null || st.limitation != null) return encodeMessage(TaskStatusSchema, st);
  let s = `{"task_id":{"value":${quote(taskId)}},"state":"${st.state}"`;
  if (st.message != null) {
    if (typeof st.message !== 'string') return encodeMessage(TaskStatusSchema, st);
    s += `,"message":${quote(st.message)}`;
  }
  if (st.source != null) {
    if (!isEnumName(TaskStatus_SourceSchema, st.source)) return encodeMessage(TaskStatusSchema, st);
    s += `,"source":"${st.source}"`;
  }
  if (st.reason != null) {
    if (!isEnumName(TaskStatus_ReasonSchema, st.reason)) return encodeMessage(TaskStatusSchema, st);
    s += `,"reason":"${st.reason}"`;
  }
  if (st.data != null) {
    if (!(st.data instanceof Uint8Array)) return encodeMessage(TaskStatusSchema, st);
    s += `,"data":"${base64(st.data)}"`;
  }
  if (st.agent_id != null) {
    const v = plainIdValue(st.agent_id);
    if (v === undefined) return encodeMessage(TaskStatusSchema, st);
    s += `,"agent_id":{"value":${quote(v)}}`;
  }
  if (st.executor_id != null) {
    const v = plainIdValue(st.executor_id);
    if (v === undefined) return encodeMessage(TaskStatusSchema, st);
    s += `,"executor_id":{"value":${quote(v)}}`;
  }
  if (st.timestamp != null) {
    if (typeof st.timestamp !== 'number') return encodeMessage(TaskStatusSchema, st);
    s += `,"timestamp":${formatDouble(st.timestamp)}`;
  }
  if (st.uuid != null) {
    if (!(st.uuid instanceof Uint8Array)) return encodeMessage(TaskStatusSchema, st);
    s += `,"uuid":"${base64(st.uuid)}"`;
  }
  if (st.healthy != null) {
    if (typeof st.healthy !== 'boolean') return encodeMessage(TaskStatusSchema, st);
    s += st.healthy ? ',"healthy":true' : ',"healthy":false';
  }
  return `${s}}`;
}
