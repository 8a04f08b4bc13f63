/**
 * A streaming POST whose answer is RecordIO (scheduler and operator SUBSCRIBE, the agent's
 * nested container session and attach calls): records are handed out as parsed JSON as they
 * arrive; the stream can be closed from either side.
 */
import type * as http from 'node:http';
import { RecordIODecoder } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';
import { answerError, authorizationHeader } from './credentials';
import { ClientError, transportOf } from './http';
import { describeConnectionError, endpointOf } from './tls';

/** An open RecordIO stream. */
export class RecordStream<T = any> {
  private queue: T[] = [];
  private waiter: ((v: IteratorResult<T>) => void) | undefined;
  private failWaiter: ((err: Error) => void) | undefined;
  private ended = false;
  private error: Error | undefined;
  private req: http.ClientRequest | undefined;
  private res: http.IncomingMessage | undefined;
  /** Headers of the 200 answer. */
  headers: http.IncomingHttpHeaders = {};

  /** Opens the stream; resolves once the 200 answer's headers came (rejects with the error answer). */
  static open<T = any>(address: string, path: string, body: unknown, headers: Record<string, string> = {}, connectTimeoutMs = 15_000): Promise<RecordStream<T>> {
    const ep = endpointOf(address);
    const transport = transportOf(ep, false);
    const data = JSON.stringify(body);
    const authorization = authorizationHeader();
    const stream = new RecordStream<T>();
    return new Promise((resolve, reject) => {
      const req = transport.request(
        {
          ...transport.options,
          method: 'POST',
          path,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': Buffer.byteLength(data), ...(authorization === undefined ? {} : { Authorization: authorization }), ...headers },
        },
        (res) => {
          clearTimeout(timer);
          if (res.statusCode !== 200) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => reject(answerError((body as { type?: string }).type ?? 'call', `${ep.origin}${path}`, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
            return;
          }
          stream.res = res;
          stream.headers = res.headers;
          const decoder = new RecordIODecoder();
          res.on('data', (chunk: Buffer) => {
            try {
              for (const record of decoder.push(chunk)) stream.deliver(JSON.parse(record.toString('utf8')) as T);
            } catch (err) {
              stream.finish(new ClientError(`bad event stream from ${ep.origin}${path}: ${messageOf(err)}`));
              req.destroy();
            }
          });
          res.on('end', () => stream.finish());
          res.on('close', () => stream.finish());
          res.on('error', (err) => stream.finish(err));
          resolve(stream);
        },
      );
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      stream.req = req;
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(new ClientError(`POST ${ep.origin}${path}: ${describeConnectionError(err, ep)}`));
        stream.finish(err);
      });
      req.end(data);
    });
  }

  private deliver(v: T): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      this.failWaiter = undefined;
      w({ value: v, done: false });
    } else this.queue.push(v);
  }

  private finish(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.error = err;
    const w = this.waiter;
    const f = this.failWaiter;
    this.waiter = undefined;
    this.failWaiter = undefined;
    if (err && f) f(err);
    else w?.({ value: undefined, done: true });
  }

  /** Whether the stream has ended. */
  get closed(): boolean {
    return this.ended;
  }

  /**
   * The next record, or undefined when the stream ended; rejects when it broke, or with a
   * timeout error after `timeoutMs` (the stream stays open).
   */
  next(timeoutMs?: number): Promise<T | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift()!);
    if (this.ended) return this.error ? Promise.reject(this.error) : Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        this.waiter = undefined;
        this.failWaiter = undefined;
        reject(new ClientError(`no event within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (r) => {
        if (timer) clearTimeout(timer);
        resolve(r.done ? undefined : r.value);
      };
      this.failWaiter = (err) => {
        if (timer) clearTimeout(timer);
        reject(err);
      };
    });
  }

  /** Records until the stream ends. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const v = await this.next();
      if (v === undefined) return;
      yield v;
    }
  }

  /** Closes the stream from this side. */
  close(): void {
    this.req?.destroy();
    this.res?.destroy();
    this.finish();
  }
}
