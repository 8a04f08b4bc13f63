/**
 * HTTP plumbing of the production clients: one request with a bounded wait, JSON calls, and
 * leader discovery through a master's `/master/redirect` (any master answers it: 307 to the
 * leader, or 503 while there is none). Addresses are `host:port` or `https://host:port`
 * (tls.ts: when TLS is used and whom it trusts).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { answerError, authorizationHeader } from './credentials';
import { ClientError } from './errors';
import { clientTlsOptions, describeConnectionError, endpointOf, type Endpoint } from './tls';

export { CLIENT_ERROR_CODE, ClientError } from './errors';

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

/** Splits `host:port` (IPv6 in brackets; an `https://` or `http://` prefix is dropped). */
export function splitHostPort(address: string): { host: string; port: number } {
  const { host, port } = endpointOf(address);
  return { host, port };
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });
const keepAliveTls = new https.Agent({ keepAlive: true, maxSockets: 8 });

/** The request options that reach `ep`: the transport, and over TLS whom to trust and what to present. */
export function transportOf(ep: Endpoint, agent: 'keep-alive' | false = 'keep-alive'): { request: typeof http.request; options: https.RequestOptions } {
  if (!ep.secure) return { request: http.request, options: { host: ep.host, port: ep.port, agent: agent === false ? false : keepAlive } };
  return {
    request: https.request,
    options: { host: ep.host, port: ep.port, agent: agent === false ? false : keepAliveTls, ...clientTlsOptions(), rejectUnauthorized: true },
  };
}

/** Sends one request to `address` (`host:port`) and reads the whole answer. */
export function request(address: string, method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult> {
  const ep = endpointOf(address);
  const transport = transportOf(ep);
  const data = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string | number> = { ...(opts.headers ?? {}) };
  const authorization = authorizationHeader();
  if (authorization !== undefined) headers.Authorization ??= authorization;
  if (data !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    headers['Content-Length'] = Buffer.byteLength(data);
  }
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const req = transport.request({ ...transport.options, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => reject(new ClientError(`${method} ${ep.origin}${path}: ${err.message}`)));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new ClientError(`${method} ${ep.origin}${path}: ${describeConnectionError(err as Error, ep)}`)));
    req.end(data);
  });
}

/** POSTs a JSON call and parses the JSON answer; anything but 200 is a ClientError naming it. */
export async function postJson(address: string, path: string, body: unknown, timeoutMs?: number): Promise<any> {
  const r = await request(address, 'POST', path, { body, headers: { Accept: 'application/json' }, timeoutMs });
  if (r.status !== 200) throw answerError((body as { type?: string }).type ?? 'call', `${endpointOf(address).origin}${path}`, r.status, r.body);
  return r.body === '' ? {} : JSON.parse(r.body);
}

/** GETs a JSON endpoint. */
export async function getJson(address: string, path: string, timeoutMs?: number): Promise<any> {
  const r = await request(address, 'GET', path, { headers: { Accept: 'application/json' }, timeoutMs });
  if (r.status !== 200) throw answerError('GET', `${endpointOf(address).origin}${path}`, r.status, r.body);
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
    const why = (err as Error).message.replace(/^[A-Z]+ \S+: /, '');
    throw new ClientError(`cannot reach a master at ${master} (${why}): start one, or give --master HOST:PORT`);
  }
  if (r.status === 307 || r.status === 302 || r.status === 301) {
    const location = String(r.headers.location ?? '');
    const m = /^(https?:)?\/\/([^/]+)/.exec(location);
    // The leader speaks the scheme the asked master speaks, unless the redirect names one.
    if (m) {
      const secure = m[1] === undefined ? endpointOf(master).secure : m[1] === 'https:';
      // A bare host:port means the scheme PLATEAU_CA implies; otherwise the scheme is written out.
      return secure === endpointOf(m[2]!).secure ? m[2]! : `${secure ? 'https' : 'http'}://${m[2]!}`;
    }
    throw new ClientError(`master ${master} redirected to '${location}', which names no host`);
  }
  if (r.status === 503) throw new ClientError(`master ${master} knows no leading master yet (503)`, 503);
  if (r.status === 200 || r.status === 404) return master;
  throw answerError('GET', `${endpointOf(master).origin}/master/redirect`, r.status, r.body);
}
