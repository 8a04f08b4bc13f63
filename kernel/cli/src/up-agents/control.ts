/**
 * How `plateau agent kill N` and `plateau agent restart N` reach the `plateau up --agents` that
 * runs agent N: HTTP on a Unix socket in up's work dir (<workDir>/up.sock, mode 0600, so only
 * the user who runs up, root, can use it). GET /agents lists them; POST /agents/N/kill and
 * POST /agents/N/restart act and answer once done, with a JSON line that says what happened.
 */
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';

/** The socket of the `up` whose work dir is `workDir`. */
export function controlSocket(workDir: string): string {
  return join(workDir, 'up.sock');
}

/** What up does for the commands. */
export interface AgentControl {
  list(): unknown;
  kill(index: number): Promise<string>;
  restart(index: number): Promise<string>;
}

/** Serves `control` on the socket of `workDir` (a stale socket from a killed up is replaced). */
export async function serveControl(workDir: string, control: AgentControl): Promise<Server> {
  const socket = controlSocket(workDir);
  if (existsSync(socket)) {
    // Another up still answering there owns this work dir.
    if (await answers(socket)) throw new Error(`another plateau up runs with work dir ${workDir} (${socket} answers)`);
    rmSync(socket, { force: true });
  }
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(`${JSON.stringify(body)}\n`);
    };
    const m = /^\/agents\/(\d+)\/(kill|restart)$/.exec(req.url ?? '');
    if (req.method === 'GET' && req.url === '/agents') return reply(200, control.list());
    if (req.method !== 'POST' || !m) return reply(404, { error: `no such call: ${req.method} ${req.url} (GET /agents, POST /agents/N/kill, POST /agents/N/restart)` });
    const index = Number(m[1]);
    (m[2] === 'kill' ? control.kill(index) : control.restart(index)).then(
      (message) => reply(200, { message }),
      (err: Error) => reply(400, { error: err.message }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  chmodSync(socket, 0o600);
  return server;
}

/** Sends a call to the up of `workDir`: its answer's status and body. */
export function callControl(workDir: string, method: 'GET' | 'POST', path: string, timeoutMs = 120_000): Promise<{ status: number; body: any }> {
  const socketPath = controlSocket(workDir);
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, timeout: timeoutMs }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: { error: text.trim() } });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`plateau up did not answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT' || err.code === 'ECONNREFUSED'
          ? new Error(`no plateau up --agents runs with work dir ${workDir} (${socketPath}: ${err.code}); name its --config or --work-dir`)
          : err,
      ),
    );
    req.end();
  });
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, method: 'GET', path: '/agents', timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => (req.destroy(), resolve(false)));
    req.end();
  });
}
