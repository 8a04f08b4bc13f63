/**
 * The web UI: static files (one HTML page, plain ES modules and one stylesheet; no build step)
 * served at `/` and `/ui/<file>` by the leading master (a follower redirects the browser to the
 * leader); its pages (overview, agent, framework, task, roles) are hash routes of that one page.
 * The master reads from agents for it, so the page stays on its own origin (over https from agents
 * that serve TLS, see agent-proxy.ts):
 * - `/proxy/agent/files/{read,browse,download}?agent=<agentId>&path=..`: the agent's `/files/*`;
 * - `/proxy/agent/containers?agent=<agentId>`: the agent API's GET_CONTAINERS with show_nested
 *   (the containers and their nested containers, for the agent page's tree).
 * The static files are open (the same bytes for everyone, no cluster data); the proxy, like the
 * operator API the page reads, is authenticated when an authenticator is configured (the
 * browser asks for credentials on the 401's `WWW-Authenticate: Basic`).
 */
import { readFileSync } from 'node:fs';
import type * as http from 'node:http';
import { join } from 'node:path';
import { badRequest, notFound, sendAnswer } from '@plateau/mesos';
import type { Router } from '../http/router';
import type { AgentRecord, MasterState } from '../state/index';
import { type AgentAccess, proxyAgentGet, proxyAgentRequest } from './agent-proxy';

/** Where the static files are: next to this file's source (lib/ holds only compiled code). */
const STATIC_DIRS = [join(__dirname, 'static'), join(__dirname, '..', '..', 'src', 'ui', 'static')];

/** The UI's files under /ui/ (each an explicit open route; index.html is served at / as well). */
export const UI_FILES = [
  'app.js',
  'style.css',
  'store.js',
  'dom.js',
  'links.js',
  'log-tail.js',
  'sandbox.js',
  'page-overview.js',
  'page-agent.js',
  'page-framework.js',
  'page-task.js',
  'page-roles.js',
] as const;

function contentType(name: string): string {
  if (name.endsWith('.html')) return 'text/html; charset=utf-8';
  if (name.endsWith('.css')) return 'text/css; charset=utf-8';
  return 'text/javascript; charset=utf-8';
}

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
      res.writeHead(200, { 'Content-Type': contentType(name), 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  });
  router.add(['/', '/index.html', '/ui', '/ui/'], serve('index.html'));
  for (const name of UI_FILES) router.add([`/ui/${name}`], serve(name));
  /** A route that reads from the agent named by the `agent` query parameter. */
  const toAgent = (send: (agent: AgentRecord, rest: URLSearchParams, res: http.ServerResponse) => Promise<void>) => ({
    methods: ['GET'] as const,
    auth: 'readonly' as const,
    // Any sandbox, any container of any agent: only for callers allowed this endpoint.
    authorizePath: true,
    leaderOnly: true,
    handle: ({ res, search }: { res: http.ServerResponse; search: string }) => {
      const q = new URLSearchParams(search);
      const agentId = q.get('agent');
      const agent = agentId === null ? undefined : state.agents.get(agentId);
      if (agent === undefined) return sendAnswer(res, agentId === null ? badRequest("Missing 'agent' query parameter") : notFound(`No agent '${agentId}'`));
      q.delete('agent');
      return send(agent, q, res);
    },
  });
  for (const endpoint of ['read', 'browse', 'download']) {
    router.add([`/proxy/agent/files/${endpoint}`], toAgent((agent, q, res) => proxyAgentGet(agent, `/files/${endpoint}?${q.toString()}`, access, res)));
  }
  router.add(['/proxy/agent/containers'], toAgent((agent, _q, res) => proxyAgentRequest(agent, '/api/v1', GET_CONTAINERS, access, res)));
}

/** The one agent API call /proxy/agent/containers makes. */
const GET_CONTAINERS = JSON.stringify({ type: 'GET_CONTAINERS', get_containers: { show_nested: true } });
