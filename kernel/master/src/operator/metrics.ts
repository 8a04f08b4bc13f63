/** GET_METRICS: the Mesos metrics snapshot as `{metrics: [{name, value}]}`. */
import { formatDouble, quote } from '../views/json';
import { respond, type OperatorHandlers } from './handler';

/** Handlers of this group. */
export const metricsHandlers: OperatorHandlers = {
  GET_METRICS: (m) => {
    const items = Object.entries(m.metrics.snapshot()).map(([name, value]) => `{"name":${quote(name)},"value":${formatDouble(value)}}`);
    return respond('GET_METRICS', items.length === 0 ? '{}' : `{"metrics":[${items.join(',')}]}`);
  },
};
