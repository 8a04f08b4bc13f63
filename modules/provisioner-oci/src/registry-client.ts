import * as http from 'node:http';
import * as https from 'node:https';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { NotFoundError, type Logger } from '@plateau/kernel';
import type { RegistrySettings } from './config';
import { sha256 } from './digest';
import { AuthError, DigestMismatchError, FetchError } from './errors';
import { MANIFEST_ACCEPT } from './manifest';
import { isDockerHub, type RegistryRef } from './reference';

/** Username and password for one registry. */
export interface Credentials {
  username: string;
  password: string;
}

/** A challenge from a WWW-Authenticate header. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** What the client needs to know about its environment. */
export interface RegistryClientOptions {
  settings(registry: string): RegistrySettings;
  timeoutMs: number;
  log: Logger;
}

/** A fetched manifest, its digest verified. */
export interface FetchedManifest {
  body: Buffer;
  contentType: string | undefined;
  digest: string;
}

/** Counters of what the client has fetched (for logs, metrics and tests). */
export interface ClientStats {
  requests: number;
  manifestRequests: number;
  blobRequests: number;
  tokenRequests: number;
  /** Bytes of response bodies received. */
  bodyBytes: number;
}

const MAX_MANIFEST_BYTES = 4 << 20;
const MAX_REDIRECTS = 5;

/**
 * Parses a WWW-Authenticate header value into its first challenge:
 * `Bearer realm="https://auth/token",service="registry",scope="repository:x:pull"`.
 */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z_][\w.-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!)) !== null) {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

/**
 * Credentials for `registry` from a Docker config.json text (`{"auths": {host: {auth | username,
 * password}}}`); Docker Hub also matches its legacy key https://index.docker.io/v1/.
 */
export function credentialsFromDockerConfig(json: string, registry: string): Credentials | undefined {
  if (!json.trim()) return undefined;
  let doc: { auths?: Record<string, { auth?: string; username?: string; password?: string }> };
  try {
    doc = JSON.parse(json) as typeof doc;
  } catch {
    return undefined;
  }
  const want = (h: string) => h.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  for (const [key, entry] of Object.entries(doc.auths ?? {})) {
    const host = want(key);
    if (host !== registry && !(isDockerHub(registry) && isDockerHub(host))) continue;
    if (entry.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
    if (entry.auth) {
      const text = Buffer.from(entry.auth, 'base64').toString('utf8');
      const i = text.indexOf(':');
      if (i > 0) return { username: text.slice(0, i), password: text.slice(i + 1) };
    }
  }
  return undefined;
}

interface Sent {
  res: http.IncomingMessage;
  /** The response body, through an idle guard. */
  body: Readable;
  url: URL;
}

/**
 * Passes a response body through, failing it when no data comes for `timeoutMs` (a timer of
 * its own: keep-alive sockets are reused, and timeout listeners on them would pile up).
 */
class IdleGuard extends Transform {
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly timeoutMs: number,
    private readonly message: string,
    private readonly onBytes?: (n: number) => void,
  ) {
    super();
    this.arm();
  }
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.destroy(new FetchError(this.message)), this.timeoutMs);
    this.timer.unref();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.arm();
    this.onBytes?.(chunk.length);
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    clearTimeout(this.timer);
    done();
  }
  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    clearTimeout(this.timer);
    done(err);
  }
}

/**
 * A Docker Registry HTTP API v2 client: manifests and blobs, with basic auth and the bearer-token
 * flow (401 + WWW-Authenticate: Bearer realm,service,scope → token endpoint → retry). Tokens are
 * kept per registry and scope until they expire. Redirects (blob storage) are followed by hand so
 * that credentials are never sent to another origin.
 */
export class RegistryClient {
  readonly stats: ClientStats = { requests: 0, manifestRequests: 0, blobRequests: 0, tokenRequests: 0, bodyBytes: 0 };
  private readonly tokens = new Map<string, { header: string; expires: number }>();

  constructor(private readonly opts: RegistryClientOptions) {}

  /** Base URL of a registry's API. */
  baseUrl(registry: string): string {
    const s = this.opts.settings(registry);
    if (s.url) return s.url.replace(/\/+$/, '');
    const host = isDockerHub(registry) ? 'registry-1.docker.io' : registry;
    return `${s.insecure ? 'http' : 'https'}://${host}`;
  }

  /**
   * GET a manifest by tag or digest with every supported media type accepted. The digest is
   * verified: against the reference when it is a digest, else against Docker-Content-Digest.
   */
  async getManifest(ref: RegistryRef, reference: string, creds?: Credentials): Promise<FetchedManifest> {
    const what = `manifest ${ref.registry}/${ref.repository}:${reference}`.replace(/:sha256:/, '@sha256:');
    this.stats.manifestRequests++;
    const { res, body: stream } = await this.send(ref, `/v2/${ref.repository}/manifests/${reference}`, { Accept: MANIFEST_ACCEPT }, creds, what);
    const body = await readBody(stream, MAX_MANIFEST_BYTES, what);
    const actual = sha256(body);
    if (reference.startsWith('sha256:')) {
      if (actual !== reference) throw new DigestMismatchError(what, reference, actual);
    } else {
      const header = headerOf(res, 'docker-content-digest');
      if (header && header.startsWith('sha256:') && header !== actual) throw new DigestMismatchError(what, header, actual);
    }
    return { body, contentType: headerOf(res, 'content-type'), digest: actual };
  }

  /** GET a blob; resolves with the response once its headers are in (the body is the blob). */
  async getBlob(ref: RegistryRef, digest: string, creds?: Credentials): Promise<Readable> {
    this.stats.blobRequests++;
    const { body } = await this.send(ref, `/v2/${ref.repository}/blobs/${digest}`, {}, creds, `blob ${ref.registry}/${ref.repository}@${digest}`);
    return body;
  }

  /** Reads a small blob (an image config) whole and verifies its digest. */
  async getSmallBlob(ref: RegistryRef, digest: string, creds?: Credentials): Promise<Buffer> {
    const what = `blob ${ref.registry}/${ref.repository}@${digest}`;
    const stream = await this.getBlob(ref, digest, creds);
    const body = await readBody(stream, 64 << 20, what);
    const actual = sha256(body);
    if (actual !== digest) throw new DigestMismatchError(what, digest, actual);
    return body;
  }

  /** Sends an authenticated GET, answering one auth challenge; non-2xx answers become errors. */
  private async send(ref: RegistryRef, path: string, headers: Record<string, string>, creds: Credentials | undefined, what: string): Promise<Sent> {
    const base = this.baseUrl(ref.registry);
    const scopeKey = `${ref.registry}|repository:${ref.repository}:pull|${creds?.username ?? ''}`;
    const cached = this.tokens.get(scopeKey);
    const auth = cached && cached.expires > Date.now() ? cached.header : undefined;
    let sent = await this.get(new URL(base + path), { ...headers, ...(auth ? { Authorization: auth } : {}) }, ref.registry, what);
    if (sent.res.statusCode === 401) {
      const challenge = parseChallenge(headerOf(sent.res, 'www-authenticate') ?? '');
      sent.body.resume();
      const header = await this.authorize(ref, challenge, creds, what);
      this.tokens.set(scopeKey, header);
      sent = await this.get(new URL(base + path), { ...headers, Authorization: header.header }, ref.registry, what);
      if (sent.res.statusCode === 401 || sent.res.statusCode === 403) {
        const detail = await errorDetail(sent.body);
        throw new AuthError(`${what}: registry refused the credentials (${sent.res.statusCode}${detail})`);
      }
    }
    const code = sent.res.statusCode ?? 0;
    if (code >= 200 && code < 300) return sent;
    const detail = await errorDetail(sent.body);
    if (code === 404) throw new NotFoundError(`${what}: not found (404${detail})`);
    if (code === 403) throw new AuthError(`${what}: access denied (403${detail})`);
    throw new FetchError(`${what}: registry answered ${code}${detail}`, code);
  }

  /** Answers a challenge: basic credentials, or a bearer token from the realm. */
  private async authorize(ref: RegistryRef, challenge: Challenge | undefined, creds: Credentials | undefined, what: string): Promise<{ header: string; expires: number }> {
    const basic = creds ? `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` : undefined;
    if (!challenge) throw new AuthError(`${what}: registry asked for authentication without a WWW-Authenticate challenge`);
    if (challenge.scheme === 'basic') {
      if (!basic) throw new AuthError(`${what}: registry requires basic auth and no credentials are configured for ${ref.registry}`);
      return { header: basic, expires: Number.MAX_SAFE_INTEGER };
    }
    if (challenge.scheme !== 'bearer') throw new AuthError(`${what}: unsupported auth scheme '${challenge.scheme}'`);
    const realm = challenge.params.realm;
    if (!realm) throw new AuthError(`${what}: bearer challenge without a realm`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new AuthError(`${what}: bearer realm '${realm}' is not a URL`);
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? `repository:${ref.repository}:pull`);
    this.stats.tokenRequests++;
    const { res, body: tokenBody } = await this.get(url, basic ? { Authorization: basic } : {}, ref.registry, `${what}: token`);
    const code = res.statusCode ?? 0;
    if (code === 401 || code === 403) {
      const detail = await errorDetail(tokenBody);
      throw new AuthError(`${what}: token endpoint ${url.origin}${url.pathname} refused ${creds ? 'the credentials' : 'anonymous access'} (${code}${detail})`);
    }
    if (code < 200 || code >= 300) {
      const detail = await errorDetail(tokenBody);
      throw new FetchError(`${what}: token endpoint answered ${code}${detail}`, code);
    }
    const body = await readBody(tokenBody, 1 << 20, `${what}: token`);
    let doc: { token?: string; access_token?: string; expires_in?: number };
    try {
      doc = JSON.parse(body.toString('utf8')) as typeof doc;
    } catch {
      throw new AuthError(`${what}: token endpoint answered something that is not JSON`);
    }
    const token = doc.token ?? doc.access_token;
    if (!token) throw new AuthError(`${what}: token endpoint answered no token`);
    // Renew a little early; the registry's own default lifetime is 60 s.
    const lifetime = Math.max(10, (doc.expires_in ?? 60) - 5) * 1000;
    return { header: `Bearer ${token}`, expires: Date.now() + lifetime };
  }

  /** One GET with redirects followed; Authorization is dropped when the origin changes. */
  private async get(url: URL, headers: Record<string, string>, registry: string, what: string): Promise<Sent> {
    let current = url;
    let hdrs = { ...headers };
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await this.request(current, hdrs, registry, what);
      const code = res.statusCode ?? 0;
      const location = headerOf(res, 'location');
      if ([301, 302, 303, 307, 308].includes(code) && location) {
        res.resume();
        const next = new URL(location, current);
        if (next.origin !== current.origin) {
          const { Authorization: _drop, ...rest } = hdrs;
          hdrs = rest;
        }
        current = next;
        continue;
      }
      const guard = new IdleGuard(this.opts.timeoutMs, `${what}: no data from ${current.origin} for ${this.opts.timeoutMs} ms`, (n) => {
        this.stats.bodyBytes += n;
      });
      res.pipe(guard);
      res.once('error', (err) => guard.destroy(err));
      res.once('aborted', () => guard.destroy(new FetchError(`${what}: connection to ${current.origin} lost`)));
      return { res, body: guard, url: current };
    }
    throw new FetchError(`${what}: more than ${MAX_REDIRECTS} redirects`);
  }

  private request(url: URL, headers: Record<string, string>, registry: string, what: string): Promise<http.IncomingMessage> {
    this.stats.requests++;
    const insecure = this.opts.settings(registry).insecure === true;
    const mod = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        {
          method: 'GET',
          headers: { 'User-Agent': 'plateau-provisioner-oci/0.1', ...headers },
          ...(url.protocol === 'https:' && insecure ? { rejectUnauthorized: false } : {}),
        },
        (res) => {
          resolve(res);
        },
      );
      const answer = setTimeout(() => req.destroy(new FetchError(`${what}: ${url.origin} did not answer within ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
      answer.unref();
      req.once('response', () => clearTimeout(answer));
      req.once('close', () => clearTimeout(answer));
      req.on('error', (err) => reject(err instanceof FetchError ? err : new FetchError(`${what}: ${url.origin}: ${err.message}`)));
      req.end();
    });
  }
}

function headerOf(res: http.IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads a response body up to `limit` bytes. */
export async function readBody(res: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.destroy();
      throw new FetchError(`${what}: response larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** ": CODE message" from a registry error body ({"errors":[{code,message}]}), or "". */
async function errorDetail(res: Readable): Promise<string> {
  let text: string;
  try {
    text = (await readBody(res, 64 << 10, 'error body')).toString('utf8');
  } catch {
    return '';
  }
  try {
    const doc = JSON.parse(text) as { errors?: { code?: string; message?: string }[]; details?: string };
    const e = doc.errors?.[0];
    if (e) return `: ${[e.code, e.message].filter(Boolean).join(' ')}`;
  } catch {
    /* not JSON */
  }
  const line = text.trim().split('\n')[0] ?? '';
  return line ? `: ${line.slice(0, 200)}` : '';
}
