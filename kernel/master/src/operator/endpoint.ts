/**
 * `POST /api/v1` (also `/master/api/v1`): the Mesos v1 operator API. Content-Type (400 / 415),
 * Accept (406), body (413), call validation (400, 501 for UNKNOWN), authentication (401, realm
 * read-only for GET_* calls and read-write for the others), then the call's handler; a call this
 * master does not implement yet is answered 501 naming it.
 */
import { checkAccept, checkContentType, notImplemented, OPERATOR_READONLY_REALM, OPERATOR_READWRITE_REALM } from '@plateau/mesos';
import { parseMasterCall } from '@plateau/mesos';
import { isAnswer as isCallerAnswer } from '../auth';
import { isAnswer, readRequestBody, send } from '../http/answer';
import type { HttpRequest } from '../http/router';
import type { MasterContext } from '../context';
import { operatorHandlers } from './index';

/** Handles one operator API request. */
export async function operatorEndpoint(m: MasterContext, http: HttpRequest): Promise<void> {
  const { req, res } = http;
  const badType = checkContentType(req.headers['content-type']);
  if (badType) {
    req.resume();
    return send(res, badType);
  }
  const badAccept = checkAccept(req.headers.accept);
  if (badAccept) {
    req.resume();
    return send(res, badAccept);
  }
  const body = await readRequestBody(req, res);
  if (isAnswer(body)) return send(res, body);
  const parsed = parseMasterCall(body);
  if (!parsed.ok) return send(res, parsed.answer);
  const call = parsed.call;
  const readOnly = call.type!.startsWith('GET_');
  const caller = m.auth.authenticates ? await m.auth.authenticate(req, readOnly ? OPERATOR_READONLY_REALM : OPERATOR_READWRITE_REALM) : {};
  if (isCallerAnswer(caller)) return send(res, caller);
  const handler = operatorHandlers[call.type!];
  if (handler === undefined) return send(res, notImplemented(`Operator call ${call.type} is not supported by this master yet`));
  const answer = await handler(m, call, caller, http);
  if (answer !== undefined) send(res, answer);
}
