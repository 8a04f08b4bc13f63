/**
 * The master's reads from agents for the web UI (`/proxy/agent/files/{read,browse,download}` and
 * `/proxy/agent/containers`, the agent API's GET_CONTAINERS): over https when the
 * agent registered as serving TLS, verified against the CA the master trusts for agents
 * (master.agentCa, else master.tls.ca), with master.tls's certificate as client certificate for
 * agents that require one, and master.agentCredential as HTTP Basic for agents that authenticate.
 * An agent's refusal is answered with a message that says which setting to look at, never passed
 * on as a bare 401 (which would make the browser ask for the master's credentials).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { ServerResponse } from 'node:http';
import { sendAnswer, textAnswer } from '@plateau/mesos';
import type { ClientTls } from '@plateau/kernel';
import { type AgentRecord, agentUrl } from '../state/index';

/** How the master reaches agents' HTTP APIs. */
export interface AgentAccess {
  /** CA and client certificate for agents that serve HTTPS. */
  tls?: ClientTls;
  /** Sent as HTTP Basic to every agent (master.agentCredential). */
  credential?: { principal: string; secret: string };
}

const TIMEOUT_MS = 10_000;

/** The upstream request's options: scheme, TLS material and credential. */
function requestOptions(agent: AgentRecord, path: string, access: AgentAccess, body?: string): https.RequestOptions {
  const headers: Record<string, string> = {};
  if (body !== undefined) Object.assign(headers, { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
  const c = access.credential;
  if (c !== undefined) headers.Authorization = `Basic ${Buffer.from(`${c.principal}:${c.secret}`).toString('base64')}`;
  const base: https.RequestOptions = { host: agent.info.hostname, port: agent.info.port ?? 5051, path, headers, timeout: TIMEOUT_MS, method: body === undefined ? 'GET' : 'POST' };
  if (agent.scheme === 'http') return base;
  // Verification stays on: without a CA the system's trusted CAs apply.
  return { ...base, agent: false, rejectUnauthorized: true, ca: access.tls?.ca, cert: access.tls?.cert, key: access.tls?.key };
}

/** Why an HTTPS request failed, in words that name the setting to fix. */
function tlsHint(err: NodeJS.ErrnoException, access: AgentAccess): string {
  const code = err.code ?? '';
  if (/CERT|SELF_SIGNED|VERIFY|ALTNAME/.test(code)) {
    const ca = access.tls?.caFile ? `the CA in ${access.tls.caFile} (master.agentCa, else master.tls.ca)` : 'the system CAs (set master.agentCa)';
    return `: the agent's certificate does not verify against ${ca}`;
  }
  if (/certificate required|handshake failure|alert/i.test(err.message)) {
    return access.tls?.cert ? ": the agent refused master.tls's certificate" : ': the agent requires a client certificate (the master presents master.tls\'s)';
  }
  return '';
}

/** What the agent's refusal means for the UI: which credential it refused, and its reason. */
function refusal(agentId: string, status: number, body: string, access: AgentAccess, what: string): string {
  const reason = body.trim().slice(0, 500);
  if (status === 401) {
    const who = access.credential ? `refused the master's credential (master.agentCredential, principal '${access.credential.principal}')` : 'requires authentication and the master has no master.agentCredential';
    return `agent ${agentId} ${who}${reason ? `: ${reason}` : ''}`;
  }
  return `agent ${agentId} does not allow principal '${access.credential?.principal ?? '(none)'}' to read ${what}${reason ? `: ${reason}` : ''}`;
}

/**
 * proxyAgentGet: GETs `path` from the agent and streams its answer to `res`. Connection and TLS
 * failures answer 502, a 401 from the agent 502 and a 403 403, each with a message naming the
 * agent and the cause. Resolves once `res` is answered.
 */
export function proxyAgentGet(agent: AgentRecord, path: string, access: AgentAccess, res: ServerResponse): Promise<void> {
  return proxyAgentRequest(agent, path, undefined, access, res);
}

/** The headers of the agent's answer that the browser needs (a download's name and size). */
const PASSED_HEADERS = ['content-disposition', 'content-length'] as const;

/**
 * proxyAgentRequest: as proxyAgentGet, POSTing `body` (JSON) when given: the agent API's
 * read-only calls, which the routes that use it fix (the browser never chooses the call).
 */
export function proxyAgentRequest(agent: AgentRecord, path: string, body: string | undefined, access: AgentAccess, res: ServerResponse): Promise<void> {
  const where = `agent ${agent.id} at ${agentUrl(agent)}`;
  return new Promise<void>((resolve) => {
    const onAnswer = (r: http.IncomingMessage) => {
      const status = r.statusCode ?? 502;
      if (status === 401 || status === 403) {
        let body = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        r.on('end', () => {
          sendAnswer(res, textAnswer(status === 401 ? 502 : 403, refusal(agent.id, status, body, access, path.split('?')[0] === '/api/v1' ? 'its containers' : 'this file')));
          resolve();
        });
        r.on('error', () => resolve());
        return;
      }
      const headers: Record<string, string> = { 'Content-Type': String(r.headers['content-type'] ?? 'application/json'), 'Cache-Control': 'no-cache' };
      for (const h of PASSED_HEADERS) if (r.headers[h] !== undefined) headers[h] = String(r.headers[h]);
      res.writeHead(status, headers);
      r.pipe(res);
      r.on('end', resolve);
      r.on('error', () => resolve());
    };
    const opts = requestOptions(agent, path, access, body);
    const upstream = agent.scheme === 'https' ? https.request(opts, onAnswer) : http.request(opts, onAnswer);
    upstream.end(body);
    upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (!res.headersSent) sendAnswer(res, textAnswer(502, `${where}: ${err.message}${agent.scheme === 'https' ? tlsHint(err, access) : ''}`));
      else res.destroy();
      resolve();
    });
  });
}
