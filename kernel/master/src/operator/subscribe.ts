/**
 * SUBSCRIBE: opens an operator event stream (operator/events.ts), at most MAX_SUBSCRIBERS at once;
 * with an authorizer, filtered to what the caller may view.
 */
import { serviceUnavailable } from '@plateau/mesos';
import { StreamViewer, viewFilter } from '../authz-views';
import { MAX_SUBSCRIBERS } from './events';
import type { OperatorHandlers } from './handler';

/** Handlers of this group. */
export const eventHandlers: OperatorHandlers = {
  SUBSCRIBE: async (m, _call, caller, { res, format }) => {
    if (m.events.size >= MAX_SUBSCRIBERS) return serviceUnavailable(`Operator event stream subscribers are limited to ${MAX_SUBSCRIBERS}`);
    const viewer = m.auth.authorizes ? async () => new StreamViewer(m.auth, caller, (await viewFilter(m, caller, ['frameworks', 'tasks', 'executors', 'agents']))!) : undefined;
    await m.events.open(res, format, viewer);
    return undefined;
  },
};
