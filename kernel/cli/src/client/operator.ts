/** The master's v1 operator API (`POST /api/v1`): GET_* calls as JSON, and the SUBSCRIBE stream. */
import { postJson } from './http';
import { RecordStream } from './stream';

/** A client of one master's operator API. */
export class OperatorClient {
  constructor(readonly master: string) {}

  /** Sends a call `{type, <type lowercased>: body}` and returns the answer's JSON. */
  call(type: string, body?: unknown): Promise<any> {
    const call: Record<string, unknown> = { type };
    if (body !== undefined) call[type.toLowerCase()] = body;
    return postJson(this.master, '/api/v1', call);
  }

  async getState(): Promise<any> {
    return (await this.call('GET_STATE')).get_state ?? {};
  }

  async getAgents(): Promise<any> {
    return (await this.call('GET_AGENTS')).get_agents ?? {};
  }

  async getFrameworks(): Promise<any> {
    return (await this.call('GET_FRAMEWORKS')).get_frameworks ?? {};
  }

  async getTasks(): Promise<any> {
    return (await this.call('GET_TASKS')).get_tasks ?? {};
  }

  /** The operator event stream (SUBSCRIBED first, then TASK_ADDED, TASK_UPDATED, AGENT_ADDED, ...). */
  subscribe(): Promise<RecordStream> {
    return RecordStream.open(this.master, '/api/v1', { type: 'SUBSCRIBE' });
  }
}

/** Sums scalar resources by name. */
export function scalars(resources: any[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of resources ?? []) if (r?.type === 'SCALAR' || r?.scalar) out[r.name] = (out[r.name] ?? 0) + (r.scalar?.value ?? 0);
  return out;
}

/** Every task of a GET_TASKS / GET_STATE answer, active ones first. */
export function allTasks(getTasks: any): any[] {
  return [...(getTasks?.pending_tasks ?? []), ...(getTasks?.tasks ?? []), ...(getTasks?.unreachable_tasks ?? []), ...(getTasks?.completed_tasks ?? []), ...(getTasks?.orphan_tasks ?? [])];
}
