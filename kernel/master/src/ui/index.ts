/**
 * The web UI: static files (one HTML page, one script, one stylesheet; no build step) served at
 * `/` by the leading master (a follower redirects the browser to the leader), and
 * `/proxy/agent/files/read?agent=<agentId>&path=..&offset=..&length=..`, the agent's
 * `/files/read` fetched by the master so the page reads sandbox logs from its own origin (over
 * https from agents that serve TLS, see agent-proxy.ts).
 * The static files are open (the same bytes for everyone, no cluster data); the proxy, like the
 * operator API the page reads, is authenticated when an authenticator is configured (the
 * browser asks for credentials on the 401's `WWW-Authenticate: Basic`).
 */
import { readFileSync } from 'node:fs';
import type * as http from 'node:http';
import { join } from 'node:path';
import { badRequest, notFound, sendAnswer } from '@plateau/mesos';
import type { Router } from '../http/router';
import type { MasterState } from '../state/index';
import { type AgentAccess, proxyAgentGet } from './agent-proxy';

/** Where the static files are: next to this file's source (lib/ holds only compiled code). */
const STATIC_DIRS = [join(__dirname, 'static'), join(__dirname, '..', '..', 'src', 'ui', 'static')];

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

const cache = new Map<string, Buffer>();

function staticFile(name: string): Buffer | undefined {
  let body = cache.get(name);
  if (body !== undefined) return body;
  for (const dir of STATIC_DIRS) {
    try {
      body = readFileSync(join(dir, name));
      cache.set(name, body);
      return body;
    } catch {
      // next place
    }
  }
  return undefined;
}

/** Registers the UI's routes; the log proxy finds agents in `state` and reaches them with `access`. */
export function uiRoutes(state: MasterState, router: Router, access: AgentAccess = {}): void {
  const serve = (name: string) => ({
    methods: ['GET', 'HEAD'] as const,
    auth: 'none' as const,
    leaderOnly: true,
    handle: ({ req, res }: { req: http.IncomingMessage; res: http.ServerResponse }) => {
      const body = staticFile(name);
      if (body === undefined) return sendAnswer(res, notFound(`UI file ${name} is missing from this installation`));
      res.writeHead(200, { 'Content-Type': TYPES[name]!, 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  });
  router.add(['/', '/index.html', '/ui', '/ui/'], serve('index.html'));
  router.add(['/ui/app.js'], serve('app.js'));
  router.add(['/ui/style.css'], serve('style.css'));
  router.add(['/proxy/agent/files/read'], {
    methods: ['GET'],
    auth: 'readonly',
    // Any sandbox of any agent: only for callers allowed this endpoint.
    authorizePath: true,
    leaderOnly: true,
    handle: ({ res, search }) => {
      const q = new URLSearchParams(search);
      const agentId = q.get('agent');
      const agent = agentId === null ? undefined : state.agents.get(agentId);
      if (agent === undefined) return sendAnswer(res, agentId === null ? badRequest("Missing 'agent' query parameter") : notFound(`No agent '${agentId}'`));
      q.delete('agent');
      return proxyAgentGet(agent, `/files/read?${q.toString()}`, access, res);
    },
  });
}
