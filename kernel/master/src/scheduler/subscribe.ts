/**
 * SUBSCRIBE: answers 200 with a chunked RecordIO stream (`Content-Type: application/json`, or
 * `application/x-protobuf` when Accept allows only that: the records' encoding; and
 * `Mesos-Stream-Id`), whose first event is SUBSCRIBED, or ERROR when the subscription is refused
 * (invalid FrameworkInfo, a removed framework id, not authorized).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Call, formatIssue, formatMediaType, frameworkRoles, isBodyFormat, MESOS_STREAM_ID_HEADER, responseFormat, sendAnswer, validateFrameworkInfo } from '@plateau/mesos';
import { because, type Caller } from '../auth';
import { subscribeFramework } from '../frameworks';
import type { MasterContext } from '../context';
import { SchedulerStream } from './stream';

/** Handles a SUBSCRIBE call (already validated as a call). */
export async function subscribe(m: MasterContext, call: Call, req: IncomingMessage, res: ServerResponse, caller: Caller): Promise<void> {
  const format = responseFormat(req.headers.accept);
  if (!isBodyFormat(format)) return sendAnswer(res, format);
  const sub = call.subscribe!;
  const info = sub.framework_info;

  const stream = new SchedulerStream(res, m.opts.heartbeatIntervalMs, format);
  res.writeHead(200, { 'Content-Type': formatMediaType(format), [MESOS_STREAM_ID_HEADER]: stream.id, 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  req.socket.setKeepAlive(true, 10_000);

  const issues = validateFrameworkInfo(info, 'framework_info', sub.suppressed_roles ?? []);
  if (issues.length > 0) return stream.error(`Invalid FrameworkInfo: ${issues.map(formatIssue).join('; ')}`);
  const id = info.id?.value;
  if (id !== undefined && m.state.removedFrameworkIds.has(id)) return stream.error(`Framework ${id} has been removed`);
  if (caller.principal !== undefined && info.principal !== undefined && caller.principal !== info.principal) {
    return stream.error(`Authenticated principal '${caller.principal}' does not match principal '${info.principal}' in FrameworkInfo`);
  }
  const existing = id === undefined ? undefined : m.state.frameworks.get(id);
  if (existing !== undefined && !existing.recovered && existing.info.principal !== info.principal) {
    return stream.error(`Changing the principal of framework ${id} is not allowed`);
  }
  if (m.auth.authorizes) {
    const roles = frameworkRoles(info);
    const decisions = await m.auth.authorizedMany(caller, 'REGISTER_FRAMEWORK', roles.map((value) => ({ type: 'role', value })));
    const i = decisions.findIndex((d) => !d.allowed);
    if (i >= 0) return stream.error(`Not authorized to use role '${roles[i]}'${because(decisions[i]!)}`);
    if (!stream.open) return;
  }
  if (!m.leading) return stream.close();
  subscribeFramework(m, sub, stream, caller.principal);
}
