/**
 * Router: the master's HTTP endpoints by path. Order of checks: the path (404), then
 * authentication for routes that declare `auth: 'readonly'` (401 with `WWW-Authenticate`, in
 * Mesos's `mesos-master-readonly` realm, when an authenticator is configured; as Mesos's
 * libprocess authenticates before any handler runs), then for routes that declare
 * `authorizePath`, GET_ENDPOINT_WITH_PATH on the path (403 naming the authorizer's rule, when an
 * authorizer is configured), then, as Mesos's master, leadership (307 to
 * the leader, 503 without one or before recovery), then the method (405), then the handler. A
 * handler that throws gets a 500 with the error's message; the master goes on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkMethod, type HttpAnswer, notFound, OPERATOR_READONLY_REALM, sendAnswer, textAnswer } from '@plateau/mesos';
import { type Logger, messageOf } from '@plateau/kernel';

/** A request as handlers see it. */
export interface HttpRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path without the query. */
  path: string;
  /** The query part, without '?' ('' when none). */
  search: string;
  /** Who a `readonly` route's request comes from (empty: anonymous, or no authenticator). */
  caller: { principal?: string; claims?: Record<string, string> };
}

/**
 * How the router authenticates a route's requests (when an authenticator is configured; without
 * one every caller is anonymous and allowed):
 * - `readonly`: the router authenticates in Mesos's readonly realm (`mesos-master-readonly`)
 *   before anything else; 401 with `WWW-Authenticate` without or with wrong credentials.
 * - `handler`: the handler authenticates itself, in the realm its calls need (the scheduler
 *   API's `mesos-master-scheduler`; the operator API's readonly or readwrite realm by call).
 * - `none`: open to anyone; only for what serves no cluster data (static UI files, `/health`).
 */
export type RouteAuth = 'readonly' | 'handler' | 'none';

/** Authenticates a request for a realm: the caller, or the answer (401) to send. */
export type Authenticate = (req: IncomingMessage, realm: string) => Promise<HttpAnswer | object>;

/** Authorizes GET_ENDPOINT_WITH_PATH on `path` for `caller`: undefined, or the answer (403) to send. */
export type AuthorizeEndpoint = (caller: HttpRequest['caller'], path: string) => Promise<HttpAnswer | undefined>;

/** An endpoint. */
export interface Route {
  /** How its requests are authenticated; every route must say (there is no default). */
  auth: RouteAuth;
  /**
   * A `readonly` route whose callers must also be allowed GET_ENDPOINT_WITH_PATH on the path (as
   * Mesos authorizes /metrics/snapshot); routes without it show only what VIEW_* lets a caller see.
   */
  authorizePath?: boolean;
  /** Allowed methods (405 otherwise). */
  methods: readonly string[];
  /** Whether only the leader serves it (others redirect). */
  leaderOnly: boolean;
  handle(r: HttpRequest): void | Promise<void>;
}

/** Router: paths to routes. */
export class Router {
  private readonly routes = new Map<string, Route>();

  constructor(
    /** Authenticates `auth: 'readonly'` routes' requests; undefined when no authenticator is configured. */
    private readonly authenticate: Authenticate | undefined,
    /** For leader-only routes: the answer a non-leader gives (307 / 503), or undefined to serve. */
    private readonly gate: (requestUrl: string) => HttpAnswer | undefined | Promise<HttpAnswer | undefined>,
    private readonly log: Logger,
    /** For `authorizePath` routes; undefined when no authorizer is configured. */
    private readonly authorizeEndpoint?: AuthorizeEndpoint,
  ) {}

  /** Serves `route` at each of `paths`. */
  add(paths: readonly string[], route: Route): void {
    if (route.auth !== 'readonly' && route.auth !== 'handler' && route.auth !== 'none') throw new Error(`route ${paths.join(', ')}: unknown auth '${String(route.auth)}'`);
    if (route.authorizePath && route.auth !== 'readonly') throw new Error(`route ${paths.join(', ')}: authorizePath needs auth 'readonly'`);
    for (const p of paths) this.routes.set(p, route);
  }

  /** Every path served, with its route (for tests that go through all of them). */
  list(): Array<{ path: string; route: Route }> {
    return [...this.routes].map(([path, route]) => ({ path, route }));
  }

  /** Handles one request. Never throws. */
  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    try {
      const route = this.routes.get(path) ?? this.routes.get(path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);
      if (route === undefined) {
        drain(req);
        sendAnswer(res, notFound(`No endpoint '${path}'`));
        return;
      }
      let caller: HttpRequest['caller'] = {};
      if (route.auth === 'readonly' && this.authenticate !== undefined) {
        const authenticated = await this.authenticate(req, OPERATOR_READONLY_REALM);
        if (typeof (authenticated as HttpAnswer).status === 'number') {
          drain(req);
          sendAnswer(res, authenticated as HttpAnswer);
          return;
        }
        caller = authenticated as HttpRequest['caller'];
      }
      if (route.authorizePath && this.authorizeEndpoint !== undefined) {
        const refused = await this.authorizeEndpoint(caller, path);
        if (refused) {
          drain(req);
          sendAnswer(res, refused);
          return;
        }
      }
      if (route.leaderOnly) {
        const gated = await this.gate(url);
        if (gated) {
          drain(req);
          sendAnswer(res, gated);
          return;
        }
      }
      const badMethod = checkMethod(req.method, route.methods);
      if (badMethod) {
        drain(req);
        sendAnswer(res, badMethod);
        return;
      }
      await route.handle({ req, res, path, search: q < 0 ? '' : url.slice(q + 1), caller });
    } catch (err) {
      this.log.error({ err: messageOf(err), stack: (err as Error)?.stack, path }, 'request failed');
      if (!res.headersSent) sendAnswer(res, textAnswer(500, `Internal error: ${messageOf(err)}`));
      else res.destroy();
    }
  }
}

/** Discards a body nobody reads, so keep-alive connections stay usable. */
function drain(req: IncomingMessage): void {
  if (!req.complete) req.resume();
}
