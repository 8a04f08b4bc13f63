/**
 * `/metrics` (Prometheus text) and `/metrics/snapshot` (Mesos's flat JSON, `?jsonp=` supported).
 * Every master answers both, leading or not: a follower reports `master/elected` 0.
 */
import { sendJson } from '@plateau/mesos';
import type { Router } from '../http/router';
import type { MasterMetrics } from './index';

/** Registers the metrics endpoints of a master's metrics on its router. */
export function addMetricsRoutes(metrics: MasterMetrics, router: Router): void {
  router.add(['/metrics/snapshot', '/metrics/snapshot.json'], {
    methods: ['GET'],
    leaderOnly: false,
    handle: ({ res, search }) => {
      const json = JSON.stringify(metrics.snapshot());
      const jsonp = search === '' ? null : new URLSearchParams(search).get('jsonp');
      if (jsonp !== null && /^[A-Za-z_$][\w$.]*$/.test(jsonp)) {
        const body = `${jsonp}(${json});`;
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      sendJson(res, json);
    },
  });
  router.add(['/metrics'], {
    methods: ['GET'],
    leaderOnly: false,
    handle: async ({ res }) => {
      const text = await metrics.prometheus();
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    },
  });
}
