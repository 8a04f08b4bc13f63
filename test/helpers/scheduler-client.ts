// A small Mesos v1 HTTP scheduler client for tests and benchmarks: SUBSCRIBE over node:http with
// the stream read by the kernel's RecordIO decoder, and call() for every other call (it adds
// framework_id and Mesos-Stream-Id). Events are plain JSON objects (JSON.parse).

import * as http from 'node:http';
import { RecordIODecoder } from '@plateau/mesos';

/** A scheduler event as JSON. */
export type SchedulerEvent = { type: string } & Record<string, any>;

/** An HTTP answer. */
export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Connection pool for calls (keep-alive, many sockets, for benchmarks). */
export const callAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Sends one request; resolves with status, headers and body. `master` is `host:port`.
 * A string body is sent as is (tests of malformed input), anything else as JSON.
 */
export function request(
  master: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  agent: http.Agent = callAgent,
): Promise<HttpResult> {
  const [host, port] = splitHostPort(master);
  const data = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const h: Record<string, string | number> = { ...headers };
  if (data !== undefined) {
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
    h['Content-Length'] = Buffer.byteLength(data);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path, headers: h, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // One write for headers and body (write + end would send them apart).
    req.end(data);
  });
}

/** POST a JSON body to the operator API; resolves with the parsed answer (throws on non-200). */
export async function operatorCall(master: string, call: unknown): Promise<any> {
  const r = await request(master, 'POST', '/api/v1', call, { Accept: 'application/json' });
  if (r.status !== 200) throw new Error(`operator call ${JSON.stringify(call)}: ${r.status} ${r.body}`);
  return JSON.parse(r.body);
}

function splitHostPort(hp: string): [string, number] {
  const i = hp.lastIndexOf(':');
  return [hp.slice(0, i).replace(/^\[|\]$/g, ''), Number(hp.slice(i + 1))];
}

/** Options of `SchedulerClient.subscribe`. */
export interface SubscribeOptions {
  /** Re-subscribe as this framework (sets framework_id and framework_info.id). */
  frameworkId?: string;
  /** Default /api/v1/scheduler. */
  path?: string;
  headers?: Record<string, string>;
  suppressedRoles?: string[];
}

/** SchedulerClient: one subscription and the calls made on it. */
export class SchedulerClient {
  /** Every event received, in order (including consumed ones). */
  readonly received: SchedulerEvent[] = [];
  /** Called on every event as it arrives (benchmarks). */
  onEvent: ((e: SchedulerEvent) => void) | undefined;
  frameworkId = '';
  private queue: SchedulerEvent[] = [];
  private waiters: { match: (e: SchedulerEvent) => boolean; resolve: (e: SchedulerEvent) => void }[] = [];
  private ended = false;
  private endWaiters: (() => void)[] = [];
  private response: http.IncomingMessage | undefined;
  private req: http.ClientRequest | undefined;

  private constructor(
    readonly master: string,
    readonly streamId: string,
  ) {}

  /**
   * SUBSCRIBEs with `frameworkInfo` (JSON); resolves once the SUBSCRIBED event arrived (or
   * rejects with the ERROR event's message / the HTTP error).
   */
  static subscribe(master: string, frameworkInfo: Record<string, unknown>, opts: SubscribeOptions = {}): Promise<SchedulerClient> {
    const [host, port] = splitHostPort(master);
    const info = opts.frameworkId ? { ...frameworkInfo, id: { value: opts.frameworkId } } : frameworkInfo;
    const call: Record<string, unknown> = { type: 'SUBSCRIBE', subscribe: { framework_info: info, ...(opts.suppressedRoles ? { suppressed_roles: opts.suppressedRoles } : {}) } };
    if (opts.frameworkId) call.framework_id = { value: opts.frameworkId };
    const body = JSON.stringify(call);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host,
          port,
          method: 'POST',
          path: opts.path ?? '/api/v1/scheduler',
          agent: false,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': Buffer.byteLength(body), ...(opts.headers ?? {}) },
        },
        (res) => {
          if (res.statusCode !== 200) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => reject(Object.assign(new Error(`SUBSCRIBE answered ${res.statusCode}: ${Buffer.concat(chunks).toString()}`), { status: res.statusCode, headers: res.headers })));
            return;
          }
          const client = new SchedulerClient(master, String(res.headers['mesos-stream-id'] ?? ''));
          client.response = res;
          client.req = req;
          const decoder = new RecordIODecoder();
          res.on('data', (chunk: Buffer) => {
            for (const record of decoder.push(chunk)) client.deliver(JSON.parse(record.toString('utf8')) as SchedulerEvent);
          });
          const end = () => client.finish();
          res.on('end', end);
          res.on('close', end);
          res.on('error', end);
          client
            .next((e) => e.type === 'SUBSCRIBED' || e.type === 'ERROR', 15_000)
            .then((e) => {
              if (e.type === 'ERROR') {
                client.close();
                reject(new Error(`SUBSCRIBE refused: ${e.error?.message}`));
              } else {
                client.frameworkId = e.subscribed.framework_id.value;
                resolve(client);
              }
            }, reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private deliver(e: SchedulerEvent): void {
    this.received.push(e);
    this.onEvent?.(e);
    const i = this.waiters.findIndex((w) => w.match(e));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      w!.resolve(e);
    } else this.queue.push(e);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    for (const w of this.endWaiters) w();
    this.endWaiters = [];
  }

  /** Whether the event stream has ended. */
  get closed(): boolean {
    return this.ended;
  }

  /** Resolves when the stream ends (rejects after `timeoutMs`). */
  waitClosed(timeoutMs = 10_000): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`event stream still open after ${timeoutMs} ms`)), timeoutMs);
      this.endWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /**
   * The next event (not yet taken) of type `what` (or matching it), taken off the queue; rejects
   * after `timeoutMs` naming what it waited for and the events seen meanwhile.
   */
  next(what?: string | ((e: SchedulerEvent) => boolean), timeoutMs = 10_000): Promise<SchedulerEvent> {
    const match = typeof what === 'function' ? what : (e: SchedulerEvent) => what === undefined || e.type === what;
    const i = this.queue.findIndex(match);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const w = {
        match,
        resolve: (e: SchedulerEvent) => {
          clearTimeout(t);
          resolve(e);
        },
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        const seen = this.queue.map((e) => e.type + (e.update ? `(${e.update.status.task_id.value}:${e.update.status.state})` : '')).join(', ');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : 'a matching event'}; unconsumed events: [${seen}]`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** The next UPDATE for `taskId` (optionally in `state`). */
  nextUpdate(taskId: string, state?: string, timeoutMs = 10_000): Promise<any> {
    return this.next((e) => e.type === 'UPDATE' && e.update.status.task_id.value === taskId && (state === undefined || e.update.status.state === state), timeoutMs).then(
      (e) => e.update.status,
    );
  }

  /** Drops events not taken yet. */
  clearQueue(): void {
    this.queue = [];
  }

  /** Sends a call (framework_id and Mesos-Stream-Id added unless given). */
  call(call: Record<string, unknown>, headers: Record<string, string> = {}): Promise<HttpResult> {
    const body = { framework_id: { value: this.frameworkId }, ...call };
    return request(this.master, 'POST', '/api/v1/scheduler', body, { 'Mesos-Stream-Id': this.streamId, ...headers });
  }

  /** Sends a call and throws unless the answer is `expect` (default 202). */
  async mustCall(call: Record<string, unknown>, expect = 202): Promise<HttpResult> {
    const r = await this.call(call);
    if (r.status !== expect) throw new Error(`${String(call.type)} answered ${r.status} (expected ${expect}): ${r.body}`);
    return r;
  }

  /** Acknowledges an update that carries a uuid. */
  ack(status: any): Promise<HttpResult> {
    return this.mustCall({ type: 'ACKNOWLEDGE', acknowledge: { agent_id: status.agent_id, task_id: status.task_id, uuid: status.uuid } });
  }

  /** Closes the event stream (the framework disconnects). */
  close(): void {
    this.req?.destroy();
    this.response?.destroy();
    this.finish();
  }
}
