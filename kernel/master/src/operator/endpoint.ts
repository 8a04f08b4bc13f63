/**
 * `POST /api/v1` (also `/master/api/v1`): the Mesos v1 operator API. Content-Type (400 / 415;
 * bodies JSON or protobuf), Accept (406; answers JSON, else protobuf, as Mesos), body (413), call validation (400, 501 for UNKNOWN), authentication (401, realm
 * read-only for GET_* calls and read-write for the others), then the call's handler; a call this
 * master does not implement yet is answered 501 naming it.
 */
import { isBodyFormat, MASTER_RESPONSE, notImplemented, OPERATOR_READONLY_REALM, OPERATOR_READWRITE_REALM, parseMasterCall, readCall, requestFormat, responseFormat, sendAnswer } from '@plateau/mesos';
import { isAnswer as isCallerAnswer } from '../auth';
import type { HttpRequest } from '../http/router';
import type { MasterContext } from '../context';
import { operatorHandlers } from './index';

/** Handles one operator API request. */
export async function operatorEndpoint(m: MasterContext, http: HttpRequest): Promise<void> {
  const { req, res } = http;
  const content = requestFormat(req.headers['content-type']);
  if (!isBodyFormat(content)) {
    req.resume();
    return sendAnswer(res, content);
  }
  const format = responseFormat(req.headers.accept);
  if (!isBodyFormat(format)) {
    req.resume();
    return sendAnswer(res, format);
  }
  const parsed = await readCall(req, res, parseMasterCall);
  if (!parsed.ok) return sendAnswer(res, parsed.answer);
  const call = parsed.call;
  const readOnly = call.type!.startsWith('GET_');
  const caller = m.auth.authenticates ? await m.auth.authenticate(req, readOnly ? OPERATOR_READONLY_REALM : OPERATOR_READWRITE_REALM) : {};
  if (isCallerAnswer(caller)) return sendAnswer(res, caller);
  const handler = operatorHandlers[call.type!];
  if (handler === undefined) return sendAnswer(res, notImplemented(`Operator call ${call.type} is not supported by this master yet`));
  // Reading the body and authenticating may have waited: a mutation needs leadership proven
  // again now, just before it is applied (the router's gate ran when the request arrived).
  if (!readOnly) {
    const gated = await m.provenGateAnswer(req.url ?? '/api/v1');
    if (gated) return sendAnswer(res, gated);
  }
  const answer = await handler(m, call, caller, { ...http, format });
  if (answer !== undefined) sendAnswer(res, answer, { format, message: MASTER_RESPONSE });
}
