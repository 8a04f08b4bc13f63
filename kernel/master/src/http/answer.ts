/**
 * Reading request bodies the way every v1 endpoint does (answers are written by @plateau/mesos's
 * sendAnswer, shared with the agent).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkBodySize, type HttpAnswer, MAX_BODY_BYTES, payloadTooLarge } from '@plateau/mesos';

/**
 * Reads a request body up to MAX_BODY_BYTES: the body, or the answer to send (413 for a body
 * over the limit, declared or not; the connection is then closed, the rest of the body unread).
 */
export function readRequestBody(req: IncomingMessage, res: ServerResponse, limit = MAX_BODY_BYTES): Promise<Buffer | HttpAnswer> {
  const declared = checkBodySize(req.headers['content-length'], limit);
  if (declared) {
    if (declared.status === 413) res.shouldKeepAlive = false;
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

/** Whether a value is an answer rather than a body. */
export function isAnswer(x: unknown): x is HttpAnswer {
  return typeof (x as HttpAnswer | undefined)?.status === 'number' && !Buffer.isBuffer(x);
}
