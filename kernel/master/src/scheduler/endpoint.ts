/**
 * `POST /api/v1/scheduler` (also `/master/api/v1/scheduler`): the Mesos v1 scheduler API.
 * Bodies are JSON or protobuf by their Content-Type (others 415). Checks in Mesos's order:
 * Content-Type, body (413 over 16 MiB), decoding and call validation (400 naming the field, 501
 * for UNKNOWN), authentication (401), then per call: SUBSCRIBE opens a
 * stream (its encoding chosen by Accept, 406 when neither; no Mesos-Stream-Id allowed); every other call needs a known framework
 * (400), subscribed (403), with its current Mesos-Stream-Id (400), and is answered 202 (200 for
 * UPDATE_FRAMEWORK). Nothing in the master changes on a rejected call.
 */
import { badRequest, checkStreamId, forbidden, parseSchedulerCall, readCall, SCHEDULER_REALM, sendAnswer } from '@plateau/mesos';
import { isAnswer as isCallerAnswer } from '../auth';
import type { HttpRequest } from '../http/router';
import type { MasterContext } from '../context';
import { handleCall } from './calls';
import { subscribe } from './subscribe';

/** Handles one scheduler API request. */
export async function schedulerEndpoint(m: MasterContext, { req, res }: HttpRequest): Promise<void> {
  const parsed = await readCall(req, res, parseSchedulerCall);
  if (!parsed.ok) return sendAnswer(res, parsed.answer);
  const caller = m.auth.authenticates ? await m.auth.authenticate(req, SCHEDULER_REALM) : {};
  if (isCallerAnswer(caller)) return sendAnswer(res, caller);
  const call = parsed.call;
  const streamHeader = headerValue(req.headers['mesos-stream-id']);
  // Reading the body and authenticating may have waited: leadership is proven again now, just
  // before the call changes anything (the router's gate ran when the request arrived).
  const gated = (await m.provenGateAnswer(req.url ?? '/api/v1/scheduler')) ?? (m.leading ? undefined : badRequest('Not leading'));
  if (gated) return sendAnswer(res, gated);

  if (call.type === 'SUBSCRIBE') {
    const bad = checkStreamId('SUBSCRIBE', streamHeader, undefined);
    if (bad) return sendAnswer(res, bad);
    return subscribe(m, call, req, res, caller);
  }
  const fwId = call.framework_id!.value;
  const fw = m.state.frameworks.get(fwId);
  if (fw === undefined) return sendAnswer(res, badRequest(`Framework '${fwId}' cannot be found`));
  if (fw.stream === null) return sendAnswer(res, forbidden(`Framework '${fwId}' is not subscribed`));
  const badStream = checkStreamId(call.type, streamHeader, fw.stream.id, fwId);
  if (badStream) return sendAnswer(res, badStream);
  if (caller.principal !== undefined && fw.principal !== undefined && caller.principal !== fw.principal) {
    return sendAnswer(res, badRequest(`Authenticated principal '${caller.principal}' does not match principal '${fw.principal}' of framework '${fwId}'`));
  }
  sendAnswer(res, await handleCall(m, fw, call, caller));
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}
