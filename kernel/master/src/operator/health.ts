/** GET_HEALTH: whether this master process answers. */
import { type OperatorHandlers, respond } from './handler';

/** Handlers of this group. */
export const healthHandlers: OperatorHandlers = {
  GET_HEALTH: () => respond('GET_HEALTH', '{"healthy":true}'),
};
