/**
 * The one way every v1 endpoint (scheduler, operator, agent, executor) reads a call: the body in
 * the encoding its Content-Type names (415 for any other), at most MAX_BODY_BYTES (413, and the
 * connection closed, for a bigger one, declared or not), parsed and validated by the API's parser
 * (400 naming the field, 501 for an unknown type).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { payloadTooLarge, type HttpAnswer } from './errors';
import { isBodyFormat, requestFormat, type BodyFormat } from './negotiate';
import { checkBodySize, MAX_BODY_BYTES, type ParsedCall } from './validate';

/** A call read from a request, with the encoding it came in; or the answer to send instead. */
export type ReadCall<C> = { ok: true; call: C; format: BodyFormat } | { ok: false; answer: HttpAnswer };

/** Reads and parses the call of a request; the request is consumed (or drained) either way. */
export async function readCall<C>(
  req: IncomingMessage,
  res: ServerResponse,
  parse: (body: Buffer, format: BodyFormat) => ParsedCall<C>,
  limit = MAX_BODY_BYTES,
): Promise<ReadCall<C>> {
  const format = requestFormat(req.headers['content-type']);
  if (!isBodyFormat(format)) {
    req.resume();
    return { ok: false, answer: format };
  }
  const body = await readRequestBody(req, res, limit);
  if (!Buffer.isBuffer(body)) return { ok: false, answer: body };
  const parsed = parse(body, format);
  return parsed.ok ? { ok: true, call: parsed.call, format } : { ok: false, answer: parsed.answer };
}

/**
 * Reads a request body up to `limit` bytes: the body, or the answer to send (413 for a body over
 * the limit, declared or not; the connection is then closed, the rest of the body unread).
 */
export function readRequestBody(req: IncomingMessage, res: ServerResponse, limit = MAX_BODY_BYTES): Promise<Buffer | HttpAnswer> {
  const declared = checkBodySize(req.headers['content-length'], limit);
  if (declared) {
    if (declared.status === 413) res.shouldKeepAlive = false;
    req.resume();
    return Promise.resolve(declared);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        req.removeListener('data', onData);
        req.removeListener('end', onEnd);
        req.resume();
        res.shouldKeepAlive = false;
        resolve(payloadTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}
