import { execFileSync } from 'node:child_process';
import { createSign, randomBytes, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { freePort } from './ports';
import { startProcess, type StartedProcess } from './proc';
import { makeTempDir } from './tmp';
import { waitFor } from './wait';

// A real Docker Registry HTTP API v2 server for tests: Debian's `docker-registry` (distribution
// 2.8) serving a temp storage dir on 127.0.0.1:<free port>, in its own process group, with its
// access log parsed so that tests can count requests. Optionally behind basic auth (htpasswd
// content the test makes, bcrypt) or bearer-token auth (a small token server of our own below,
// signing RS256 JWTs with a throw-away certificate made by openssl; the registry trusts it
// through auth.token.rootcertbundle).

/** One request the registry logged. */
export interface RegistryRequest {
  method: string;
  /** Path and query, e.g. /v2/team/app/blobs/sha256:... */
  uri: string;
  status: number;
}

export interface RegistryOptions {
  /** htpasswd file content (bcrypt lines, `user:$2y$...`): enables basic auth. */
  htpasswd?: string;
  /** Bearer-token auth through this token server. */
  token?: TokenServer;
  /** Use this storage dir (e.g. to restart over the same content); default a fresh temp dir. */
  storageDir?: string;
  /** How long to wait for the registry to answer /v2/ (default 15 000 ms). */
  readyTimeoutMs?: number;
}

export interface RunningRegistry {
  /** "127.0.0.1:port", the registry part of image references. */
  readonly host: string;
  /** "http://127.0.0.1:port". */
  readonly url: string;
  /** Root of the filesystem storage driver. */
  readonly storageDir: string;
  readonly proc: StartedProcess;
  /** Requests logged so far (access log), oldest first. */
  requests(): RegistryRequest[];
  /** Host path where the registry keeps a blob's bytes (to corrupt it in a test). */
  blobPath(digest: string): string;
  /** Stops the registry; the storage dir stays when it was given, else it goes at process exit. */
  stop(): Promise<void>;
}

/** Whether Debian's docker-registry is installed. */
export function registryAvailable(): boolean {
  try {
    execFileSync('docker-registry', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether the openssl command is installed (startTokenServer makes its certificate with it). */
export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ACCESS = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) /;

/** Starts docker-registry on a free loopback port; resolves once GET /v2/ answers. */
export async function startRegistry(opts: RegistryOptions = {}): Promise<RunningRegistry> {
  const dir = makeTempDir('plateau-registry-');
  const storageDir = opts.storageDir ?? path.join(dir, 'storage');
  fs.mkdirSync(storageDir, { recursive: true });
  const port = await freePort();
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storageDir)}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (opts.htpasswd !== undefined && opts.token) throw new Error('startRegistry: htpasswd and token auth are exclusive');
  if (opts.htpasswd !== undefined) {
    const file = path.join(dir, 'htpasswd');
    fs.writeFileSync(file, opts.htpasswd.endsWith('\n') ? opts.htpasswd : `${opts.htpasswd}\n`);
    lines.push('auth:', '  htpasswd:', '    realm: plateau-test', `    path: ${JSON.stringify(file)}`);
  }
  if (opts.token) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${opts.token.realm}`,
      `    service: ${opts.token.service}`,
      `    issuer: ${opts.token.issuer}`,
      `    rootcertbundle: ${JSON.stringify(opts.token.certPath)}`,
    );
  }
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(config, `${lines.join('\n')}\n`);

  const requests: RegistryRequest[] = [];
  const proc = startProcess('docker-registry', ['serve', config], { name: 'docker-registry', tailLines: 400 });
  proc.onLine((line) => {
    const m = ACCESS.exec(line);
    if (m) requests.push({ method: m[1]!, uri: m[2]!, status: Number(m[3]) });
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (proc.exitStatus) throw new Error(`docker-registry exited (${JSON.stringify(proc.exitStatus)}):\n${proc.output()}`);
        const code = await statusOf(`${url}/v2/`);
        return code === 200 || code === 401;
      },
      { timeoutMs: opts.readyTimeoutMs ?? 15_000, what: `docker-registry on ${url} to answer /v2/` },
    );
  } catch (err) {
    await proc.stop('SIGKILL', 1000);
    throw new Error(`${(err as Error).message}\n--- docker-registry output ---\n${proc.output()}`);
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    storageDir,
    proc,
    requests: () => [...requests],
    blobPath: (digest) => {
      const hex = digest.replace(/^sha256:/, '');
      return path.join(storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    },
    stop: async () => {
      await proc.stop('SIGTERM', 3000);
    },
  };
}

function statusOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

// ---------------------------------------------------------------------------------------------
// Bearer-token server

export interface TokenServer {
  /** Token endpoint URL, the registry's auth.token.realm. */
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM certificate the registry trusts (auth.token.rootcertbundle). */
  readonly certPath: string;
  /** Token requests seen: the user (or "" when anonymous), the scope, and whether a token was given. */
  requests(): { user: string; scope: string; granted: boolean }[];
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  /** Users and passwords allowed to pull and push. */
  users: Record<string, string>;
  /** Whether requests without credentials get a pull-only token (default false: 401). */
  anonymousPull?: boolean;
  /** Token lifetime in seconds (default 300). */
  expiresIn?: number;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * Starts a token server on a free loopback port: GET /token?service=..&scope=repository:NAME:ACTIONS
 * with Basic credentials answers {"token","access_token","expires_in"}, a JWT (RS256, x5c header
 * holding the certificate) granting the asked actions. Wrong credentials get 401.
 */
export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const dir = makeTempDir('plateau-token-');
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=plateau-test-token'],
    { stdio: 'pipe' },
  );
  const key = fs.readFileSync(keyPath, 'utf8');
  const certDer = new X509Certificate(fs.readFileSync(certPath)).raw;
  const service = 'plateau-test-registry';
  const issuer = 'plateau-test-issuer';
  const seen: { user: string; scope: string; granted: boolean }[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const scope = url.searchParams.get('scope') ?? '';
    let user = '';
    let ok = false;
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('Basic ')) {
      const text = Buffer.from(auth.slice(6), 'base64').toString('utf8');
      const i = text.indexOf(':');
      user = text.slice(0, i);
      ok = i > 0 && Object.hasOwn(opts.users, user) && opts.users[user] === text.slice(i + 1);
    } else if (opts.anonymousPull) ok = true;
    seen.push({ user, scope, granted: ok });
    if (!ok || url.pathname !== '/token') {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="plateau-test-token"' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
      return;
    }
    const access = scope
      .split(' ')
      .filter(Boolean)
      .map((s) => {
        const [type, name, actions] = [s.slice(0, s.indexOf(':')), s.slice(s.indexOf(':') + 1, s.lastIndexOf(':')), s.slice(s.lastIndexOf(':') + 1)];
        const wanted = actions.split(',').filter(Boolean);
        return { type, name, actions: user ? wanted : wanted.filter((a) => a === 'pull') };
      });
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = opts.expiresIn ?? 300;
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer.toString('base64')] };
    const claims = { iss: issuer, sub: user, aud: service, exp: now + expiresIn, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(key);
    const token = `${signingInput}.${b64url(signature)}`;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString() }));
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPath,
    requests: () => [...seen],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
