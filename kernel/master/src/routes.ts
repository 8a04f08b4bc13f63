/**
 * The master's HTTP endpoints: scheduler and operator APIs (leader only), legacy state (leader
 * only), and the health and redirect endpoints every master answers.
 */
import { noLeader, redirectToLeader, sendAnswer } from '@plateau/mesos';
import { Router } from './http/router';
import type { MasterContext } from './context';
import { addMetricsRoutes } from './metrics/routes';
import { operatorEndpoint } from './operator/endpoint';
import { schedulerEndpoint } from './scheduler/endpoint';
import { snapshotLegacyState, writeLegacyState } from './views/legacy';
import { StreamSink } from './views/sink';

/** Builds the router of a master. */
export function buildRoutes(m: MasterContext): Router {
  const router = new Router((url) => m.gateAnswer(url), m.log);
  router.add(['/api/v1/scheduler', '/master/api/v1/scheduler'], {
    methods: ['POST'],
    leaderOnly: true,
    handle: (r) => schedulerEndpoint(m, r),
  });
  router.add(['/api/v1', '/master/api/v1'], {
    methods: ['POST'],
    leaderOnly: true,
    handle: (r) => operatorEndpoint(m, r),
  });
  router.add(['/master/state', '/state', '/state.json', '/master/state.json'], {
    methods: ['GET'],
    leaderOnly: true,
    handle: async ({ res, search, path }) => {
      const started = performance.now();
      const snap = snapshotLegacyState(m);
      const captured = performance.now();
      const jsonp = search === '' ? null : new URLSearchParams(search).get('jsonp');
      const padded = jsonp !== null && /^[A-Za-z_$][\w$.]*$/.test(jsonp);
      const sink = new StreamSink(res, padded ? 'text/javascript' : 'application/json');
      if (padded) sink.push(`${jsonp}(`);
      await writeLegacyState(snap, sink);
      if (padded) sink.push(');');
      sink.end();
      m.log.debug({ path, captureMs: Math.round(captured - started), totalMs: Math.round(performance.now() - started) }, 'legacy state answered');
    },
  });
  router.add(['/health', '/master/health'], {
    methods: ['GET', 'HEAD'],
    leaderOnly: false,
    handle: ({ res }) => {
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
    },
  });
  router.add(['/master/redirect', '/redirect'], {
    methods: ['GET', 'HEAD', 'POST'],
    leaderOnly: false,
    handle: ({ req, res }) => {
      const leader = m.leaderAddress();
      sendAnswer(res, leader === undefined ? noLeader() : redirectToLeader(leader, req.url ?? '/master/redirect'));
    },
  });
  addMetricsRoutes(m.metrics, router);
  (require('./ui/index') as typeof import('./ui/index')).uiRoutes(m.state, router);
  return router;
}
