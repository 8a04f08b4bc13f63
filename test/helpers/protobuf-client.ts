// A binary-safe HTTP client for the v1 APIs in protobuf: one-shot POSTs with raw bodies, and
// RecordIO streams (scheduler, operator, executor SUBSCRIBE; agent sessions) whose records are
// handed out as they come, each decoded by `protoc --decode` to text. Plus a reader of protoc's
// text format, so that tests take ids and uuids from protoc's output, not from Plateau's decoder.

import * as http from 'node:http';
import { JsonNumber, RecordIODecoder } from '@plateau/mesos';
import { protocDecode } from './protoc';

/** An HTTP answer with its body as bytes. */
export interface BytesResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function hostPort(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i), Number(address.slice(i + 1))];
}

/** POSTs raw `body` (default Content-Type application/x-protobuf); resolves with status, headers and body bytes. */
export function postBytes(address: string, path: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<BytesResult> {
  const [host, port] = hostPort(address);
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port, method: 'POST', path, agent: false, headers: { 'Content-Type': 'application/x-protobuf', ...headers, 'Content-Length': data.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** One record of a stream: its bytes and protoc's text of them. */
export interface StreamRecord {
  bytes: Buffer;
  text: string;
}

/** RecordStream: a streaming answer, its records decoded by protoc as message `type`. */
export class RecordStream {
  /** Every record received, in order. */
  readonly records: StreamRecord[] = [];
  ended = false;
  /** Records not taken by `next` yet. */
  private queue: StreamRecord[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    readonly status: number,
    readonly headers: http.IncomingHttpHeaders,
    private readonly req: http.ClientRequest,
  ) {}

  /**
   * POSTs `body` and resolves once the answer's headers are in. A 200 answer's body is read as
   * RecordIO, each record decoded as `type`; any other answer's body is in `errorBody`.
   */
  static open(address: string, path: string, body: Uint8Array, type: string, headers: Record<string, string>): Promise<RecordStream & { errorBody?: string }> {
    const [host, port] = hostPort(address);
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host, port, method: 'POST', path, agent: false, headers: { 'Content-Type': 'application/x-protobuf', ...headers, 'Content-Length': body.length } },
        (res) => {
          const s = new RecordStream(res.statusCode ?? 0, res.headers, req) as RecordStream & { errorBody?: string };
          if (s.status !== 200) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              s.errorBody = Buffer.concat(chunks).toString('utf8');
              resolve(s);
            });
            return;
          }
          const decoder = new RecordIODecoder();
          res.on('data', (chunk: Buffer) => {
            for (const bytes of decoder.push(chunk)) {
              const r = { bytes, text: protocDecode(type, bytes) };
              s.records.push(r);
              s.queue.push(r);
            }
            s.wake();
          });
          const end = () => {
            s.ended = true;
            s.wake();
          };
          res.on('end', end);
          res.on('close', end);
          res.on('error', end);
          resolve(s);
        },
      );
      req.on('error', reject);
      req.end(Buffer.from(body));
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /**
   * Takes the first record not taken yet whose text matches `match` (a regex or a predicate);
   * the others stay for later calls. Rejects after `timeoutMs` with what arrived meanwhile.
   */
  async next(match: RegExp | ((text: string) => boolean) = () => true, timeoutMs = 20_000): Promise<StreamRecord> {
    const test = typeof match === 'function' ? match : (t: string) => match.test(t);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.queue.findIndex((r) => test(r.text));
      if (i >= 0) return this.queue.splice(i, 1)[0]!;
      if (this.ended) throw new Error(`stream ended before a record matching ${match}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no record matching ${match} within ${timeoutMs} ms; last records:\n${this.records.slice(-3).map((r) => r.text).join('---\n')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Hangs up. */
  close(): void {
    this.req.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// protoc's text format, read back

/** A message in text format: each field name with its values in order (raw scalar text or a message). */
export interface TextMessage {
  [field: string]: (string | TextMessage)[];
}

/**
 * Reads what `protoc --decode` prints (one `name: value` or `name {` ... `}` per line) into a
 * tree. Scalar values stay as printed: strings with their quotes and escapes, enums by name.
 */
export function parseTextFormat(text: string): TextMessage {
  const root: TextMessage = {};
  const stack: TextMessage[] = [root];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const top = stack[stack.length - 1]!;
    if (line === '}') {
      stack.pop();
      continue;
    }
    const open = /^(\w+) \{$/.exec(line);
    if (open) {
      const child: TextMessage = {};
      (top[open[1]!] ??= []).push(child);
      stack.push(child);
      continue;
    }
    const kv = /^(\w+): (.*)$/.exec(line);
    if (!kv) throw new Error(`not protoc text format: ${JSON.stringify(line)}`);
    (top[kv[1]!] ??= []).push(kv[2]!);
  }
  return root;
}

/** Every value at a dotted path (`offers.id.value`), following every element of repeated fields. */
export function textValues(msg: TextMessage, path: string): (string | TextMessage)[] {
  let level: (string | TextMessage)[] = [msg];
  for (const name of path.split('.')) level = level.flatMap((m) => (typeof m === 'string' ? [] : (m[name] ?? [])));
  return level;
}

/** The first scalar at `path` as printed (quoted strings keep their quotes and escapes). */
export function textRaw(msg: TextMessage, path: string): string {
  const v = textValues(msg, path)[0];
  if (typeof v !== 'string') throw new Error(`no scalar at ${path} in ${JSON.stringify(msg)}`);
  return v;
}

/** The first string at `path`, unquoted (for ids: no escapes expected). */
export function textString(msg: TextMessage, path: string): string {
  const raw = textRaw(msg, path);
  if (!/^"[^"\\]*"$/.test(raw)) throw new Error(`${path} is not a plain quoted string: ${raw}`);
  return raw.slice(1, -1);
}

/**
 * The paths of every scalar in a JSON-like value (`.get_state.get_tasks.launched_tasks[].name`),
 * to compare what two encodings of one answer carry.
 */
export function scalarPaths(value: unknown, path = '', out = new Set<string>()): Set<string> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) for (const x of value) scalarPaths(x, `${path}[]`, out);
  else if (typeof value === 'object' && !(value instanceof JsonNumber)) for (const [k, v] of Object.entries(value)) scalarPaths(v, `${path}.${k}`, out);
  else out.add(path);
  return out;
}
