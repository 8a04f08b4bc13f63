/**
 * Content negotiation of the v1 APIs and the one writer of their HTTP answers, for the master
 * and the agent alike: the encoding of a request body (Content-Type), the encoding of the answer
 * (Accept; Message-Accept for the records of an `application/recordio` stream), chosen the way
 * Mesos chooses them, and writing an HttpAnswer, a JSON body, or a message in the chosen encoding.
 *
 * Mesos's choice: a body is JSON or protobuf by its Content-Type (400 when absent, 415 for any
 * other type); an answer is JSON when the Accept header allows JSON (an absent header allows
 * everything), else protobuf when it allows that, else 406. Streams are RecordIO either way:
 * the scheduler, executor and operator event streams carry `Content-Type: application/json` or
 * `application/x-protobuf` (the type of each record); the agent's streaming calls answer
 * `Content-Type: application/recordio` with `Message-Content-Type` naming the records' type.
 */
import type { ServerResponse } from 'node:http';
import { accepts, APPLICATION_JSON, APPLICATION_PROTOBUF, checkContentType, mediaTypeOf, notAcceptable, type HttpAnswer } from './errors';
import { encodeMessage, type MessageType } from './json';
import { encodeProtobuf, jsonToProtobuf } from './protobuf';
import { encodeRecord } from './recordio';

/** An encoding of v1 API bodies: Mesos's JSON mapping or binary protobuf. */
export type BodyFormat = 'json' | 'protobuf';

/** Header naming the encodings a client takes for the records of an `application/recordio` answer. */
export const MESSAGE_ACCEPT = 'Message-Accept';
/** Header naming the encoding of the records of an `application/recordio` body. */
export const MESSAGE_CONTENT_TYPE = 'Message-Content-Type';

/** The media type of an encoding (`application/json`, `application/x-protobuf`). */
export function formatMediaType(format: BodyFormat): string {
  return format === 'protobuf' ? APPLICATION_PROTOBUF : APPLICATION_JSON;
}

/** Whether a negotiation result is an encoding rather than the answer refusing the request. */
export function isBodyFormat(x: BodyFormat | HttpAnswer): x is BodyFormat {
  return typeof x === 'string';
}

/**
 * The encoding of a request body from its Content-Type (parameters ignored, case-insensitive):
 * JSON or protobuf; absent → 400 `Expecting 'Content-Type' to be present`; anything else → 415.
 */
export function requestFormat(contentType: string | undefined): BodyFormat | HttpAnswer {
  const bad = checkContentType(contentType);
  if (bad) return bad;
  return mediaTypeOf(contentType) === APPLICATION_PROTOBUF ? 'protobuf' : 'json';
}

/**
 * The encoding of an answer from the request's Accept header (or `header`, e.g. Message-Accept):
 * JSON when allowed (an absent header allows everything), else protobuf when allowed, else 406
 * `Expecting '<header>' to allow 'application/x-protobuf' or 'application/json'`.
 */
export function responseFormat(accept: string | string[] | undefined, header = 'Accept'): BodyFormat | HttpAnswer {
  const value = Array.isArray(accept) ? accept.join(', ') : accept;
  if (accepts(value, APPLICATION_JSON)) return 'json';
  if (accepts(value, APPLICATION_PROTOBUF)) return 'protobuf';
  return notAcceptable(`Expecting '${header}' to allow '${APPLICATION_PROTOBUF}' or '${APPLICATION_JSON}'`);
}

// ---------------------------------------------------------------------------------------------
// Bodies and records

/**
 * A message given as Mesos JSON text (or its UTF-8 bytes), in `format`: the text itself, or its
 * protobuf encoding as message `name` (`mesos.v1.master.Response`).
 */
export function messageBytes(format: BodyFormat, name: string, json: string | Uint8Array): Buffer {
  if (format === 'json') return typeof json === 'string' ? Buffer.from(json, 'utf8') : Buffer.from(json.buffer, json.byteOffset, json.byteLength);
  const b = jsonToProtobuf(name, json);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** A typed value of table `type`, in `format` (protobuf as message `name`, default the table's). */
export function encodeAs<T>(format: BodyFormat, type: MessageType<T>, value: T, name: string = type.name): Buffer {
  if (format === 'json') return Buffer.from(encodeMessage(type, value), 'utf8');
  const b = encodeProtobuf(type, value, name);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** One RecordIO record of a message given as Mesos JSON text, in `format` (see messageBytes). */
export function jsonRecord(format: BodyFormat, name: string, json: string | Uint8Array): Buffer {
  return encodeRecord(messageBytes(format, name, json));
}

/** One RecordIO record of a typed value of table `type`, in `format`. */
export function messageRecord<T>(format: BodyFormat, type: MessageType<T>, value: T, name: string = type.name): Buffer {
  return encodeRecord(encodeAs(format, type, value, name));
}

// ---------------------------------------------------------------------------------------------
// Writing answers

/** How sendAnswer writes a successful answer's JSON body. */
export interface AnswerOptions {
  /** The negotiated encoding of the answer (default JSON). */
  format?: BodyFormat;
  /**
   * The message a 2xx JSON body is (`mesos.v1.master.Response`): with format protobuf the body
   * is written as its protobuf encoding, `Content-Type: application/x-protobuf`.
   */
  message?: string;
}

/**
 * Writes an answer: status, headers, body with its length. A 2xx JSON body of a known message
 * goes out in the negotiated encoding (AnswerOptions); error answers are always text. When the
 * headers are already out (a stream failed midway) the response is just ended.
 */
export function sendAnswer(res: ServerResponse, answer: HttpAnswer, opts: AnswerOptions = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  let headers = answer.headers;
  let body: Buffer;
  const convert =
    opts.format === 'protobuf' &&
    opts.message !== undefined &&
    answer.status >= 200 &&
    answer.status < 300 &&
    answer.body !== '' &&
    mediaTypeOf(headers['Content-Type']) === APPLICATION_JSON;
  if (convert) {
    body = messageBytes('protobuf', opts.message!, answer.body);
    headers = { ...headers, 'Content-Type': APPLICATION_PROTOBUF };
  } else {
    body = Buffer.from(answer.body, 'utf8');
  }
  res.writeHead(answer.status, { ...headers, 'Content-Length': body.length });
  res.end(body);
}

/** Writes a 200 JSON answer: `value` as is when it is JSON text, else JSON.stringify(value). */
export function sendJson(res: ServerResponse, value: unknown, extraHeaders: Record<string, string> = {}): void {
  const body = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  res.writeHead(200, { 'Content-Type': APPLICATION_JSON, 'Content-Length': body.length, ...extraHeaders });
  res.end(body);
}

/**
 * Writes a 200 answer holding message `name`, given as Mesos JSON text (or its bytes, or chunks
 * of them), in `format`.
 */
export function sendMessage(res: ServerResponse, format: BodyFormat, name: string, json: string | Uint8Array | readonly Uint8Array[], extraHeaders: Record<string, string> = {}): void {
  const text = typeof json === 'string' || json instanceof Uint8Array ? json : Buffer.concat(json as Uint8Array[]);
  const body = messageBytes(format, name, text);
  res.writeHead(200, { 'Content-Type': formatMediaType(format), 'Content-Length': body.length, ...extraHeaders });
  res.end(body);
}
