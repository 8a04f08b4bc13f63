/**
 * The agent's HTTP router: endpoints by path, then the method (405), then the handler; a handler
 * that throws gets a 500 with the error's message. The agent registers /health, /state and
 * /monitor/statistics (routes.ts); the agent v1 API, the sandbox file endpoints and the executor
 * API are added with `add` by whoever implements them. Answers are written by @plateau/mesos's
 * sendAnswer / sendJson (the master's too).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkMethod, notFound, sendAnswer, textAnswer } from '@plateau/mesos';
import { type Logger, messageOf } from '@plateau/kernel';

/** A request as handlers see it. */
export interface AgentHttpRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path without the query. */
  path: string;
  /** The query, without '?' ('' when none). */
  search: string;
}

/** An endpoint. */
export interface AgentRoute {
  /** Allowed methods (405 otherwise). */
  methods: readonly string[];
  handle(r: AgentHttpRequest): void | Promise<void>;
}

/** AgentRouter: paths to routes. */
export class AgentRouter {
  private readonly routes = new Map<string, AgentRoute>();

  constructor(private readonly log: Logger) {}

  /** Serves `route` at each of `paths` (a later add for the same path replaces it). */
  add(paths: readonly string[], route: AgentRoute): void {
    for (const p of paths) this.routes.set(p, route);
  }

  /** Paths served, sorted. */
  paths(): string[] {
    return [...this.routes.keys()].sort();
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
      const badMethod = checkMethod(req.method, route.methods);
      if (badMethod) {
        if (!req.complete) req.resume();
        sendAnswer(res, badMethod);
        return;
      }
      await route.handle({ req, res, path, search: q < 0 ? '' : url.slice(q + 1) });
    } catch (err) {
      this.log.error({ err: messageOf(err), path }, 'agent request failed');
      if (!res.headersSent) sendAnswer(res, textAnswer(500, `Internal error: ${messageOf(err)}`));
      else res.destroy();
    }
  }
}
