/**
 * The Docker plugin protocol's transport, as Docker's plugin client (moby pkg/plugins/client.go)
 * speaks it: `POST /<Service>.<Method>` with a JSON body over a unix socket or TCP (TLS when the
 * spec says so), `Accept` and `Content-Type: application/vnd.docker.plugins.v1.2+json`. A call
 * that cannot connect is retried with back-off 1 s, 2 s, 4 s ... for up to `connectRetryMs`
 * (Docker: 30 s, so a plugin may start after its caller); every call has a time limit. A reply
 * that is not 200, or a 200 whose `Err` is not empty, is a VolumePluginError carrying the
 * plugin's `Err` text (or the raw body when it is not JSON).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { ErrorCodes, PlateauError } from '@plateau/kernel';
import type { PluginAddress } from './plugin-discovery';

/** The media type Docker's engine sends since 2016. */
export const PLUGIN_MEDIA_TYPE = 'application/vnd.docker.plugins.v1.2+json';

/** An error the plugin answered (`Err`), or a failure to reach it, naming the call. */
export class VolumePluginError extends PlateauError {
  constructor(
    readonly plugin: string,
    readonly method: string,
    readonly detail: string,
    readonly status?: number,
    code: string = ErrorCodes.internal,
  ) {
    super(code, `${method}: ${detail}`);
  }
}

/** Connection errors worth a retry (the plugin is not listening yet, or restarting). */
const RETRIED = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** Docker's back-off: 1 s doubled per retry, at most 30 s. */
export function backoffMs(retries: number): number {
  return Math.min(1000 * 2 ** retries, 30_000);
}

/** One reply: its status and its parsed body (an object, or {} when the body is empty). */
interface Reply {
  status: number;
  body: string;
}

/** A client of one plugin. */
export class PluginClient {
  private readonly agent: http.Agent;

  constructor(
    readonly name: string,
    readonly address: PluginAddress,
    private readonly connectRetryMs: number,
  ) {
    if (address.kind === 'tcp' && address.tls) {
      const t = address.tls;
      this.agent = new https.Agent({
        keepAlive: true,
        rejectUnauthorized: !t.insecureSkipVerify,
        ca: t.caFile ? fs.readFileSync(t.caFile) : undefined,
        cert: t.certFile ? fs.readFileSync(t.certFile) : undefined,
        key: t.keyFile ? fs.readFileSync(t.keyFile) : undefined,
      });
    } else {
      this.agent = new http.Agent({ keepAlive: true });
    }
  }

  /** Where it is, for messages. */
  get where(): string {
    const a = this.address;
    return a.kind === 'unix' ? `unix://${a.socketPath}` : `${a.tls ? 'https' : 'tcp'}://${a.host}:${a.port}`;
  }

  /**
   * POSTs `body` (undefined sends an empty body, as Plugin.Activate) to `/<method>` and answers
   * the reply's JSON object; throws a VolumePluginError on a failure or a non-empty `Err`.
   */
  async call(method: string, body: unknown, timeoutMs: number): Promise<Record<string, unknown>> {
    const payload = body === undefined ? '' : `${JSON.stringify(body)}\n`;
    const start = Date.now();
    for (let retries = 0; ; retries++) {
      let reply: Reply;
      try {
        reply = await this.post(method, payload, timeoutMs);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        const wait = backoffMs(retries);
        if (code === 'ETIMEDOUT') throw new VolumePluginError(this.name, method, `plugin '${this.name}' at ${this.where} did not answer within ${timeoutMs} ms`, undefined, ErrorCodes.deadline);
        // As Docker: give up once the next wait would end past the retry budget.
        if (!RETRIED.has(code) || Date.now() - start + wait >= this.connectRetryMs) {
          const tried = retries > 0 ? ` (tried ${retries + 1} times over ${Math.round((Date.now() - start) / 100) / 10} s)` : '';
          throw new VolumePluginError(this.name, method, `plugin '${this.name}' is unreachable at ${this.where}: ${(err as Error).message}${tried}`);
        }
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      return this.answer(method, reply);
    }
  }

  /** The reply's object, or the error it carries. */
  private answer(method: string, reply: Reply): Record<string, unknown> {
    let parsed: unknown;
    try {
      parsed = reply.body.trim() === '' ? {} : JSON.parse(reply.body);
    } catch {
      parsed = undefined;
    }
    const obj = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    const errText = typeof obj?.Err === 'string' ? obj.Err : '';
    if (reply.status !== 200) {
      throw new VolumePluginError(this.name, method, errText || reply.body.trim() || `HTTP ${reply.status} with an empty body`, reply.status);
    }
    if (errText !== '') throw new VolumePluginError(this.name, method, errText, reply.status);
    if (obj === undefined) throw new VolumePluginError(this.name, method, `plugin '${this.name}' answered something that is not a JSON object: ${reply.body.slice(0, 200)}`, reply.status);
    return obj;
  }

  private post(method: string, payload: string, timeoutMs: number): Promise<Reply> {
    const a = this.address;
    const secure = a.kind === 'tcp' && a.tls !== undefined;
    const options: http.RequestOptions = {
      method: 'POST',
      path: `/${method}`,
      agent: this.agent,
      headers: {
        Host: a.kind === 'unix' ? 'plugin.moby.localhost' : `${a.host}:${a.port}`,
        Accept: PLUGIN_MEDIA_TYPE,
        'Content-Type': PLUGIN_MEDIA_TYPE,
        'Content-Length': Buffer.byteLength(payload),
      },
      ...(a.kind === 'unix' ? { socketPath: a.socketPath } : { host: a.host, port: a.port }),
    };
    return new Promise<Reply>((resolve, reject) => {
      const req = (secure ? https : http).request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      });
      const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end(payload);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
