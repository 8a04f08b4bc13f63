/** GET_MASTER: this master's MasterInfo, start and election times. */
import { encodeMessage, MasterInfoSchema } from '@plateau/mesos';
import { formatDouble } from '../views/json';
import { type OperatorHandlers, respond } from './handler';

/** Handlers of this group. */
export const masterHandlers: OperatorHandlers = {
  GET_MASTER: (m) => {
    let s = `{"master_info":${encodeMessage(MasterInfoSchema, m.info)},"start_time":${formatDouble(m.startTime / 1000)}`;
    if (m.electedTime !== undefined) s += `,"elected_time":${formatDouble(m.electedTime / 1000)}`;
    return respond('GET_MASTER', `${s}}`);
  },
};
