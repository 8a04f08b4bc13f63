/** The shape of operator API call handlers; each group of calls lives in its own file. */
import { okJson, type HttpAnswer } from '@plateau/mesos';
import type { MasterCall, MasterCall_Type } from '@plateau/mesos';
import type { Caller } from '../auth';
import type { HttpRequest } from '../http/router';
import type { MasterContext } from '../context';

/**
 * Handles one operator call; returns the answer to send, or undefined when it wrote the
 * response itself (streaming calls such as SUBSCRIBE).
 */
export type OperatorHandler = (m: MasterContext, call: MasterCall, caller: Caller, http: HttpRequest) => HttpAnswer | undefined | Promise<HttpAnswer | undefined>;

/** Handlers by call type. */
export type OperatorHandlers = Partial<Record<MasterCall_Type, OperatorHandler>>;

/** A synchronous answer `{"type":TYPE,"<field>":<json>}` with 200. */
export function respond(type: string, json: string): HttpAnswer {
  return okJson(`{"type":"${type}","${type.toLowerCase()}":${json}}`);
}
