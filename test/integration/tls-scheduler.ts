// A Mesos v1 HTTP scheduler over HTTPS for the TLS tests: SUBSCRIBE with a CA (and a client
// certificate), the event stream read by the kernel's RecordIO decoder, and calls on the same
// stream id. Verification is always on.

import * as fs from 'node:fs';
import * as https from 'node:https';
import { RecordIODecoder } from '@plateau/mesos';

/** A scheduler event as JSON. */
export type Event = { type: string } & Record<string, any>;

/** What the scheduler trusts and presents (PEM file paths). */
export interface SchedulerTls {
  ca: string;
  cert?: string;
  key?: string;
}

function split(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
}

export class TlsScheduler {
  frameworkId = '';
  private streamId = '';
  private queue: Event[] = [];
  private waiters: { match: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];
  private req: ReturnType<typeof https.request> | undefined;
  private readonly tls: https.RequestOptions;

  private constructor(
    private readonly master: string,
    tls: SchedulerTls,
  ) {
    this.tls = { agent: false, rejectUnauthorized: true, ca: fs.readFileSync(tls.ca), cert: tls.cert ? fs.readFileSync(tls.cert) : undefined, key: tls.key ? fs.readFileSync(tls.key) : undefined };
  }

  /** SUBSCRIBEs with `frameworkInfo`; resolves once SUBSCRIBED arrived. */
  static async subscribe(master: string, tls: SchedulerTls, frameworkInfo: Record<string, unknown>): Promise<TlsScheduler> {
    const s = new TlsScheduler(master, tls);
    const body = JSON.stringify({ type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo } });
    await new Promise<void>((resolve, reject) => {
      const req = https.request(
        { ...split(master), ...s.tls, method: 'POST', path: '/api/v1/scheduler', headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`SUBSCRIBE answered ${res.statusCode}`));
            res.resume();
            return;
          }
          s.streamId = String(res.headers['mesos-stream-id'] ?? '');
          const decoder = new RecordIODecoder();
          res.on('data', (chunk: Buffer) => {
            for (const record of decoder.push(chunk)) s.deliver(JSON.parse(record.toString('utf8')) as Event);
          });
          res.on('error', () => undefined);
          resolve();
        },
      );
      req.on('error', reject);
      req.end(body);
      s.req = req;
    });
    const subscribed = await s.next('SUBSCRIBED', 15_000);
    s.frameworkId = subscribed.subscribed.framework_id.value;
    return s;
  }

  private deliver(e: Event): void {
    const i = this.waiters.findIndex((w) => w.match(e));
    if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(e);
    else this.queue.push(e);
  }

  /** The next event of type `what` (or matching it); rejects after `timeoutMs` naming it. */
  next(what: string | ((e: Event) => boolean), timeoutMs = 20_000): Promise<Event> {
    const match = typeof what === 'string' ? (e: Event) => e.type === what : what;
    const i = this.queue.findIndex(match);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const w = { match, resolve: (e: Event) => (clearTimeout(t), resolve(e)) };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`no ${typeof what === 'string' ? what : 'matching'} event within ${timeoutMs} ms; queued: ${this.queue.map((e) => e.type).join(', ') || 'none'}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** A call on this subscription; throws unless it is answered 202. */
  call(call: Record<string, unknown>): Promise<void> {
    const body = JSON.stringify({ framework_id: { value: this.frameworkId }, ...call });
    return new Promise((resolve, reject) => {
      const req = https.request(
        { ...split(this.master), ...this.tls, method: 'POST', path: '/api/v1/scheduler', headers: { 'Content-Type': 'application/json', 'Mesos-Stream-Id': this.streamId, 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => (res.statusCode === 202 ? resolve() : reject(new Error(`${call.type} answered ${res.statusCode}: ${text}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The next status update of `taskId`, acknowledged. */
  async nextStatus(taskId: string, timeoutMs = 30_000): Promise<any> {
    const e = await this.next((x) => x.type === 'UPDATE' && x.update.status.task_id.value === taskId, timeoutMs);
    const s = e.update.status;
    if (s.uuid) await this.call({ type: 'ACKNOWLEDGE', acknowledge: { agent_id: s.agent_id, task_id: s.task_id, uuid: s.uuid } });
    return s;
  }

  close(): void {
    this.req?.destroy();
  }
}
