/** SUBSCRIBE: opens an operator event stream (operator/events.ts), at most MAX_SUBSCRIBERS at once. */
import { serviceUnavailable } from '@plateau/mesos';
import { MAX_SUBSCRIBERS } from './events';
import type { OperatorHandlers } from './handler';

/** Handlers of this group. */
export const eventHandlers: OperatorHandlers = {
  SUBSCRIBE: async (m, _call, _caller, { res, format }) => {
    if (m.events.size >= MAX_SUBSCRIBERS) return serviceUnavailable(`Operator event stream subscribers are limited to ${MAX_SUBSCRIBERS}`);
    await m.events.open(res, format);
    return undefined;
  },
};
