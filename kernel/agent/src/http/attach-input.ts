/**
 * ATTACH_CONTAINER_INPUT, Mesos's one streaming request: the body is RecordIO
 * (`Content-Type: application/recordio`) of agent Calls in the `Message-Content-Type` encoding
 * (JSON or protobuf), sent over one persistent connection: first
 * `{type: CONTAINER_ID, container_id}` naming a session that takes input (one launched with
 * tty_info), then PROCESS_IO records: DATA STDIN bytes (empty data closes its stdin), CONTROL
 * TTY_INFO with a new window size, CONTROL HEARTBEAT. The answer, 200 with no body, comes when the
 * client ends the stream; a bad record ends it early with a 400 naming what was wrong.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AgentCall, badRequest, type HttpAnswer, isBodyFormat, ok, parseAgentCall, RecordIODecoder, requestFormat, sendAnswer } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';

/** Input for a session. */
export interface SessionInput {
  stdin?: Buffer;
  closeStdin?: boolean;
  windowSize?: { rows: number; columns: number };
}

/** What the stream's records go to: a session's input, opened by the CONTAINER_ID record. */
export interface InputTarget {
  input(i: SessionInput): Promise<void>;
}

/** Whether a request is a streaming (RecordIO) one: ATTACH_CONTAINER_INPUT. */
export function isRecordIoRequest(req: IncomingMessage): boolean {
  return /^application\/recordio\b/i.test(String(req.headers['content-type'] ?? ''));
}

/**
 * Serves one ATTACH_CONTAINER_INPUT stream. `open` authorizes the CONTAINER_ID call and finds its
 * session (or answers why not).
 */
export async function serveAttachInput(req: IncomingMessage, res: ServerResponse, open: (call: AgentCall) => Promise<InputTarget | HttpAnswer>): Promise<void> {
  const format = requestFormat(String(req.headers['message-content-type'] ?? 'application/json'));
  if (!isBodyFormat(format)) {
    req.resume();
    return sendAnswer(res, format);
  }
  const decoder = new RecordIODecoder();
  let target: InputTarget | undefined;
  let refusal: HttpAnswer | undefined;
  const record = async (bytes: Buffer): Promise<HttpAnswer | undefined> => {
    const parsed = parseAgentCall(bytes, format);
    if (!parsed.ok) return parsed.answer;
    const call = parsed.call;
    const a = call.attach_container_input;
    if (call.type !== 'ATTACH_CONTAINER_INPUT' || a === undefined) return badRequest(`Expecting each record of a streaming request to be an ATTACH_CONTAINER_INPUT call, got ${call.type}`);
    if (target === undefined) {
      if (a.type !== 'CONTAINER_ID' || !a.container_id?.value) return badRequest("Expecting the first record of ATTACH_CONTAINER_INPUT to be of type CONTAINER_ID, with 'container_id'");
      const t = await open(call);
      if ('status' in t) return t;
      target = t;
      return undefined;
    }
    if (a.type !== 'PROCESS_IO' || a.process_io === undefined) return badRequest("Expecting the records after CONTAINER_ID to be of type PROCESS_IO, with 'process_io'");
    const io = a.process_io;
    if (io.type === 'DATA') {
      if (io.data?.type !== 'STDIN') return badRequest(`Expecting ProcessIO data of type STDIN, got ${io.data?.type}`);
      const data = Buffer.from(io.data.data ?? new Uint8Array());
      await target.input(data.length === 0 ? { closeStdin: true } : { stdin: data });
    } else if (io.type === 'CONTROL') {
      const size = io.control?.tty_info?.window_size;
      if (io.control?.type === 'TTY_INFO' && size) await target.input({ windowSize: { rows: size.rows, columns: size.columns } });
      // HEARTBEAT keeps the connection alive: nothing to do.
    } else return badRequest(`Expecting ProcessIO of type DATA or CONTROL, got ${io.type}`);
    return undefined;
  };
  try {
    for await (const chunk of req) {
      for (const r of decoder.push(chunk as Buffer)) {
        refusal = await record(r);
        if (refusal) break;
      }
      if (refusal) break;
    }
  } catch (err) {
    refusal ??= badRequest(`ATTACH_CONTAINER_INPUT: ${messageOf(err)}`);
  }
  if (refusal) {
    res.shouldKeepAlive = false;
    req.resume();
    return sendAnswer(res, refusal);
  }
  if (target === undefined) return sendAnswer(res, badRequest('ATTACH_CONTAINER_INPUT: the stream ended before its CONTAINER_ID record'));
  sendAnswer(res, ok());
}
