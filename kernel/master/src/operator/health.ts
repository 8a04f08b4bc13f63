/** GET_HEALTH, GET_VERSION, GET_FLAGS: about this master process. */
import { encodeMessage, VersionInfoSchema } from '@plateau/mesos';
import { quote } from '../views/json';
import { type OperatorHandlers, respond } from './handler';

/** Handlers of this group. */
export const healthHandlers: OperatorHandlers = {
  GET_HEALTH: () => respond('GET_HEALTH', '{"healthy":true}'),
  GET_VERSION: (m) => respond('GET_VERSION', `{"version_info":${encodeMessage(VersionInfoSchema, { version: m.opts.version, build_time: m.startTime / 1000 })}}`),
  GET_FLAGS: (m) => {
    const flags = Object.entries(m.opts.flags ?? {}).map(([name, value]) => `{"name":${quote(name)},"value":${quote(value)}}`);
    return respond('GET_FLAGS', flags.length === 0 ? '{}' : `{"flags":[${flags.join(',')}]}`);
  },
};
