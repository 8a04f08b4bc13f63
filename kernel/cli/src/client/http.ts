/**
 * HTTP plumbing of the production clients: one request with a bounded wait, JSON calls, and
 * leader discovery through a master's `/master/redirect` (any master answers it: 307 to the
 * leader, or 503 while there is none).
 */
import * as http from 'node:http';
import { PlateauError } from '@plateau/kernel';

/** Code of a ClientError. */
export const CLIENT_ERROR_CODE = 'PLT_ERR_CLIENT';

/** ClientError: a request failed (unreachable, an unexpected status, a bad answer). */
export class ClientError extends PlateauError {
  constructor(
    message: string,
    /** HTTP status, when an answer came. */
    readonly status?: number,
  ) {
    super(CLIENT_ERROR_CODE, message);
  }
}

/** An HTTP answer with its whole body. */
export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Options of one request. */
export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
}

/** Splits `host:port` (IPv6 in brackets). */
export function splitHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  const port = Number(address.slice(i + 1));
  if (i <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) throw new ClientError(`'${address}' is not HOST:PORT`);
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port };
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Sends one request to `address` (`host:port`) and reads the whole answer. */
export function request(address: string, method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult> {
  const { host, port } = splitHostPort(address);
  const data = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string | number> = { ...(opts.headers ?? {}) };
  if (data !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    headers['Content-Length'] = Buffer.byteLength(data);
  }
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path, headers, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => reject(new ClientError(`${method} http://${address}${path}: ${err.message}`)));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new ClientError(`${method} http://${address}${path}: ${(err as Error).message}`)));
    req.end(data);
  });
}

/** POSTs a JSON call and parses the JSON answer; anything but 200 is a ClientError naming it. */
export async function postJson(address: string, path: string, body: unknown, timeoutMs?: number): Promise<any> {
  const r = await request(address, 'POST', path, { body, headers: { Accept: 'application/json' }, timeoutMs });
  if (r.status !== 200) throw new ClientError(`${(body as { type?: string }).type ?? 'call'} to http://${address}${path} answered ${r.status}: ${r.body.trim()}`, r.status);
  return r.body === '' ? {} : JSON.parse(r.body);
}

/** GETs a JSON endpoint. */
export async function getJson(address: string, path: string, timeoutMs?: number): Promise<any> {
  const r = await request(address, 'GET', path, { headers: { Accept: 'application/json' }, timeoutMs });
  if (r.status !== 200) throw new ClientError(`GET http://${address}${path} answered ${r.status}: ${r.body.trim()}`, r.status);
  return JSON.parse(r.body);
}

/**
 * The leading master's `host:port`, asked of `master` (any master of the cluster) through
 * `/master/redirect`: its 307 names the leader; a 503 means there is none now.
 */
export async function discoverLeader(master: string, timeoutMs = 10_000): Promise<string> {
  let r: HttpResult;
  try {
    r = await request(master, 'GET', '/master/redirect', { timeoutMs });
  } catch (err) {
    throw new ClientError(`cannot reach a master at ${master} (${(err as Error).message.replace(/^.*: /, '')}): start one, or give --master HOST:PORT`);
  }
  if (r.status === 307 || r.status === 302 || r.status === 301) {
    const location = String(r.headers.location ?? '');
    const m = /^(?:https?:)?\/\/([^/]+)/.exec(location);
    if (m) return m[1]!;
    throw new ClientError(`master ${master} redirected to '${location}', which names no host`);
  }
  if (r.status === 503) throw new ClientError(`master ${master} knows no leading master yet (503)`, 503);
  if (r.status === 200 || r.status === 404) return master;
  throw new ClientError(`GET http://${master}/master/redirect answered ${r.status}: ${r.body.trim()}`, r.status);
}
