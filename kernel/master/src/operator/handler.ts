/** The shape of operator API call handlers; each group of calls lives in its own file. */
import { type BodyFormat, type HttpAnswer, type MasterCall, type MasterCall_Type, okJson } from '@plateau/mesos';
import type { Caller } from '../auth';
import type { HttpRequest } from '../http/router';
import type { MasterContext } from '../context';

/** An operator request as handlers see it: the HTTP request and the negotiated answer encoding. */
export interface OperatorRequest extends HttpRequest {
  /** Encoding of the answer (Accept): a JSON answer is written as protobuf when this says so. */
  format: BodyFormat;
}

/**
 * Handles one operator call; returns the answer to send (a 200 body is `mesos.v1.master.Response`
 * JSON, written in the negotiated encoding), or undefined when it wrote the response itself
 * (streaming calls such as SUBSCRIBE, in `http.format`).
 */
export type OperatorHandler = (m: MasterContext, call: MasterCall, caller: Caller, http: OperatorRequest) => HttpAnswer | undefined | Promise<HttpAnswer | undefined>;

/** Handlers by call type. */
export type OperatorHandlers = Partial<Record<MasterCall_Type, OperatorHandler>>;

/** A synchronous answer `{"type":TYPE,"<field>":<json>}` with 200. */
export function respond(type: string, json: string): HttpAnswer {
  return okJson(`{"type":"${type}","${type.toLowerCase()}":${json}}`);
}
