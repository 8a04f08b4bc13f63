/**
 * Router: the master's HTTP endpoints by path. Order of checks, as Mesos's master: leadership
 * (307 to the leader, 503 without one or before recovery), then the method (405), then the
 * handler. A handler that throws gets a 500 with the error's message; the master goes on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkMethod, type HttpAnswer, notFound, sendAnswer, textAnswer } from '@plateau/mesos';
import { type Logger, messageOf } from '@plateau/kernel';

/** A request as handlers see it. */
export interface HttpRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path without the query. */
  path: string;
  /** The query part, without '?' ('' when none). */
  search: string;
}

/** An endpoint. */
export interface Route {
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
    /** For leader-only routes: the answer a non-leader gives (307 / 503), or undefined to serve. */
    private readonly gate: (requestUrl: string) => HttpAnswer | undefined,
    private readonly log: Logger,
  ) {}

  /** Serves `route` at each of `paths`. */
  add(paths: readonly string[], route: Route): void {
    for (const p of paths) this.routes.set(p, route);
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
      if (route.leaderOnly) {
        const gated = this.gate(url);
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
      await route.handle({ req, res, path, search: q < 0 ? '' : url.slice(q + 1) });
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
