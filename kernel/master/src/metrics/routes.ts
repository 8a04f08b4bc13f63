/**
 * `/metrics` (Prometheus text) and `/metrics/snapshot` (Mesos's flat JSON; no JSONP,
 * a `jsonp` query parameter is ignored). Both authenticated in the readonly realm and authorized
 * as GET_ENDPOINT_WITH_PATH on their path.
 * Every master answers both, leading or not: a follower reports `master/elected` 0.
 */
import { sendJson } from '@plateau/mesos';
import type { Router } from '../http/router';
import type { MasterMetrics } from './index';

/** Registers the metrics endpoints of a master's metrics on its router. */
export function addMetricsRoutes(metrics: MasterMetrics, router: Router): void {
  router.add(['/metrics/snapshot', '/metrics/snapshot.json'], {
    methods: ['GET'],
    auth: 'readonly',
    authorizePath: true,
    leaderOnly: false,
    handle: ({ res }) => {
      sendJson(res, JSON.stringify(metrics.snapshot()));
    },
  });
  router.add(['/metrics'], {
    methods: ['GET'],
    auth: 'readonly',
    authorizePath: true,
    leaderOnly: false,
    handle: async ({ res }) => {
      const text = await metrics.prometheus();
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    },
  });
}
