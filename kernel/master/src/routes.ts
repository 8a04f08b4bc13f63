/**
 * The master's HTTP endpoints: scheduler and operator APIs (leader only), legacy state (leader
 * only), and the health and redirect endpoints every master answers.
 *
 * Authentication (when an authenticator is configured) is declared per route and done by the
 * router (see RouteAuth in http/router.ts):
 * - `handler`: the scheduler and operator APIs, which authenticate in their own realms.
 * - `readonly`: everything that serves cluster data: `/master/state` and its aliases,
 *   `/metrics/snapshot`, `/metrics`, the UI's `/proxy/agent/files/read`. The metrics and the
 *   proxy are also authorized as GET_ENDPOINT_WITH_PATH on their path (Mesos does so for
 *   /metrics/snapshot); `/master/state` shows each caller what VIEW_* lets it see, as Mesos's.
 * - `none`, left open on purpose: `/health` (load balancers and probes call it without
 *   credentials; it answers an empty 200), `/master/redirect` (it tells only the leader's
 *   address, which any leader-only route's 307 tells anyway), and the web UI's static files
 *   (`/`, `/ui/app.js`, `/ui/style.css`: the same bytes for everyone, no cluster data; the page's
 *   data requests are authenticated, and the browser asks for credentials on their 401).
 * No endpoint answers JSONP: a `jsonp` query parameter is ignored (JSONP would hand the data to
 * any page's script, credentials or not).
 */
import { forbidden, noLeader, redirectToLeader, sendAnswer } from '@plateau/mesos';
import { because } from './auth';
import { viewFilter } from './authz-views';
import { Router } from './http/router';
import type { MasterContext } from './context';
import { addMetricsRoutes } from './metrics/routes';
import { operatorEndpoint } from './operator/endpoint';
import { schedulerEndpoint } from './scheduler/endpoint';
import { snapshotLegacyState, warmLegacyState, writeLegacyState } from './views/legacy';
import { StreamSink } from './views/sink';

/** Builds the router of a master. */
export function buildRoutes(m: MasterContext): Router {
  const router = new Router(
    m.auth.authenticates ? (req, realm) => m.auth.authenticate(req, realm) : undefined,
    (url) => m.provenGateAnswer(url),
    m.log,
    m.auth.authorizes
      ? async (caller, path) => {
          const d = await m.auth.decision(caller, 'GET_ENDPOINT_WITH_PATH', { type: 'path', value: path });
          const who = caller.principal === undefined ? 'an anonymous caller' : `principal '${caller.principal}'`;
          return d.allowed ? undefined : forbidden(`${who} is not authorized to GET_ENDPOINT_WITH_PATH '${path}'${because(d)}`);
        }
      : undefined,
  );
  router.add(['/api/v1/scheduler', '/master/api/v1/scheduler'], {
    methods: ['POST'],
    auth: 'handler',
    leaderOnly: true,
    handle: (r) => schedulerEndpoint(m, r),
  });
  router.add(['/api/v1', '/master/api/v1'], {
    methods: ['POST'],
    auth: 'handler',
    leaderOnly: true,
    handle: (r) => operatorEndpoint(m, r),
  });
  router.add(['/master/state', '/state', '/state.json', '/master/state.json'], {
    methods: ['GET'],
    auth: 'readonly',
    leaderOnly: true,
    handle: async ({ res, path, caller }) => {
      const started = performance.now();
      const filter = await viewFilter(m, caller, ['frameworks', 'tasks', 'executors', 'agents']);
      await warmLegacyState(m.state, filter);
      const snap = snapshotLegacyState(m, filter);
      const captured = performance.now();
      const sink = new StreamSink(res, 'application/json');
      await writeLegacyState(snap, sink);
      sink.end();
      m.log.debug({ path, captureMs: Math.round(captured - started), totalMs: Math.round(performance.now() - started) }, 'legacy state answered');
    },
  });
  router.add(['/health', '/master/health'], {
    methods: ['GET', 'HEAD'],
    auth: 'none',
    leaderOnly: false,
    handle: ({ res }) => {
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
    },
  });
  router.add(['/master/redirect', '/redirect'], {
    methods: ['GET', 'HEAD', 'POST'],
    auth: 'none',
    leaderOnly: false,
    handle: ({ req, res }) => {
      const leader = m.leaderAddress();
      sendAnswer(res, leader === undefined ? noLeader() : redirectToLeader(leader, req.url ?? '/master/redirect'));
    },
  });
  addMetricsRoutes(m.metrics, router);
  (require('./ui/index') as typeof import('./ui/index')).uiRoutes(m.state, router, { tls: m.opts.agentTls, credential: m.opts.agentCredential });
  return router;
}
