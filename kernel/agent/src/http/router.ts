/**
 * The agent's HTTP router: endpoints by path, then authentication in the realm the route declares
 * (401 with `WWW-Authenticate` when an authenticator is configured; as Mesos's libprocess
 * authenticates before any handler runs), then the method (405), then the handler, which gets the
 * caller. A handler that throws gets a 500 with the error's message. The agent registers /health,
 * /state and /monitor/statistics (routes.ts); the agent v1 API, the sandbox file endpoints and the
 * executor API are added with `add` by whoever implements them. Answers are written by
 * @plateau/mesos's sendAnswer / sendJson (the master's too).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { checkMethod, forbidden, type HttpAnswer, notFound, sendAnswer, textAnswer } from '@plateau/mesos';
import { type Logger, messageOf } from '@plateau/kernel';
import { AGENT_EXECUTOR_REALM, AGENT_READONLY_REALM, AGENT_READWRITE_REALM, type AgentAuth, type AgentCaller, callerName, isAnswer, tokenContainer } from './auth';

/** A request as handlers see it. */
export interface AgentHttpRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path without the query. */
  path: string;
  /** The query, without '?' ('' when none). */
  search: string;
  /** Who is calling (anonymous `{}` without an authenticator, and on `auth: 'none'` routes). */
  caller: AgentCaller;
}

/**
 * How a route's requests are authenticated (when an authenticator is configured):
 * - `readonly`: in Mesos's `mesos-agent-readonly` realm; the router then authorizes
 *   GET_ENDPOINT_WITH_PATH on the path (as Mesos does for /monitor/statistics and
 *   /metrics/snapshot) unless the route authorizes itself (`selfAuthorizing`: /files, per
 *   sandbox). Executor tokens are refused here except on self-authorizing routes, which confine
 *   them to their own container.
 * - `readwrite`: the v1 agent API, in `mesos-agent-readwrite`; the handler authorizes each call.
 * - `executor`: the executor API, in `mesos-agent-executor`; the handler checks the token's claims.
 * - `none`: open to anyone; only `/health`.
 */
export type AgentRouteAuth = 'readonly' | 'readwrite' | 'executor' | 'none';

const REALMS: Record<Exclude<AgentRouteAuth, 'none'>, string> = {
  readonly: AGENT_READONLY_REALM,
  readwrite: AGENT_READWRITE_REALM,
  executor: AGENT_EXECUTOR_REALM,
};

/** An endpoint. */
export interface AgentRoute {
  /** How its requests are authenticated; every route must say (there is no default). */
  auth: AgentRouteAuth;
  /** A `readonly` route whose handler authorizes its object itself (ACCESS_SANDBOX). */
  selfAuthorizing?: boolean;
  /** Allowed methods (405 otherwise). */
  methods: readonly string[];
  handle(r: AgentHttpRequest): void | Promise<void>;
}

/** AgentRouter: paths to routes. */
export class AgentRouter {
  private readonly routes = new Map<string, AgentRoute>();

  constructor(
    private readonly log: Logger,
    /** Authenticates and authorizes; without it (or without its modules) every caller is anonymous and allowed. */
    private readonly auth?: AgentAuth,
    /** Without an authenticator: who a connection comes from (a task's container, or the host), or the 403 to send. */
    private readonly peerCaller?: (socket: Socket) => Promise<AgentCaller | HttpAnswer>,
  ) {}

  /** Serves `route` at each of `paths` (a later add for the same path replaces it). */
  add(paths: readonly string[], route: AgentRoute): void {
    if (!['readonly', 'readwrite', 'executor', 'none'].includes(route.auth)) throw new Error(`route ${paths.join(', ')}: unknown auth '${String(route.auth)}'`);
    for (const p of paths) this.routes.set(p, route);
  }

  /** Paths served, sorted. */
  paths(): string[] {
    return [...this.routes.keys()].sort();
  }

  /** Every path served, with its route (for tests that go through all of them). */
  list(): Array<{ path: string; route: AgentRoute }> {
    return [...this.routes].map(([path, route]) => ({ path, route }));
  }

  /** The caller of a request to `route`, or the answer (401 / 403) already sent. */
  private async admit(req: IncomingMessage, res: ServerResponse, path: string, route: AgentRoute): Promise<AgentCaller | undefined> {
    const auth = this.auth;
    if (route.auth === 'none') return {};
    let caller: AgentCaller = {};
    if (auth?.authenticates) {
      const r = await auth.authenticate(req, REALMS[route.auth]);
      if (isAnswer(r)) {
        sendAnswer(res, r);
        return undefined;
      }
      caller = r;
    } else if (this.peerCaller !== undefined) {
      const r = await this.peerCaller(req.socket);
      if (isAnswer(r)) {
        sendAnswer(res, r);
        return undefined;
      }
      caller = r;
    }
    if (auth === undefined) return caller;
    if (route.auth === 'readonly' && !route.selfAuthorizing) {
      if (tokenContainer(caller) !== undefined) {
        sendAnswer(res, forbidden(`An executor token does not give access to '${path}'`));
        return undefined;
      }
      const d = await auth.authorized(caller, 'GET_ENDPOINT_WITH_PATH', { type: 'path', value: path });
      if (!d.allowed) {
        sendAnswer(res, forbidden(`${callerName(caller)} is not authorized to GET_ENDPOINT_WITH_PATH '${path}'${d.reason ? `: ${d.reason}` : ''}`));
        return undefined;
      }
    }
    return caller;
  }

  /** Handles one request. Never throws. */
  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    try {
      const route = this.routes.get(path) ?? (path.length > 1 && path.endsWith('/') ? this.routes.get(path.slice(0, -1)) : undefined);
      if (route === undefined) {
        if (!req.complete) req.resume();
        sendAnswer(res, notFound(`No endpoint '${path}'`));
        return;
      }
      const caller = await this.admit(req, res, path, route);
      if (caller === undefined) {
        if (!req.complete) req.resume();
        return;
      }
      const badMethod = checkMethod(req.method, route.methods);
      if (badMethod) {
        if (!req.complete) req.resume();
        sendAnswer(res, badMethod);
        return;
      }
      await route.handle({ req, res, path, search: q < 0 ? '' : url.slice(q + 1), caller });
    } catch (err) {
      this.log.error({ err: messageOf(err), path }, 'agent request failed');
      if (!res.headersSent) sendAnswer(res, textAnswer(500, `Internal error: ${messageOf(err)}`));
      else res.destroy();
    }
  }
}
