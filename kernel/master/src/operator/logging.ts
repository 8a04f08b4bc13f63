/**
 * GET_LOGGING_LEVEL and SET_LOGGING_LEVEL: the master's log verbosity as glog's number (see
 * @plateau/mesos logging-level for the mapping to the log's levels). SET needs `level` and a
 * positive `duration` (400 naming the field otherwise) and the SET_LOG_LEVEL authorization (403
 * with the authorizer's reason); the level lasts `duration`, then the starting level comes back.
 */
import { forbidden, LoggingLevel, ok } from '@plateau/mesos';
import { because } from '../auth';
import { type OperatorHandlers, respond } from './handler';

/** Handlers of this group. */
export const loggingHandlers: OperatorHandlers = {
  GET_LOGGING_LEVEL: (m) => respond('GET_LOGGING_LEVEL', `{"level":${m.loggingLevel.verbosity}}`),
  SET_LOGGING_LEVEL: async (m, call, caller) => {
    const parsed = LoggingLevel.parse(call.set_logging_level, 'set_logging_level');
    if (!parsed.ok) return parsed.answer;
    if (m.auth.authorizes) {
      const d = await m.auth.decision(caller, 'SET_LOG_LEVEL');
      if (!d.allowed) return forbidden(`Not authorized to SET_LOG_LEVEL${because(d)}`);
    }
    const level = m.loggingLevel.set(parsed.level, parsed.ms);
    m.log.warn({ verbosity: parsed.level, level, forMs: parsed.ms, revertsTo: m.loggingLevel.initial }, 'logging level set by the operator');
    return ok();
  },
};
