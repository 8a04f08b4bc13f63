/**
 * JsonSink: builds a large JSON answer straight into Buffers, 1 MiB at a time, instead of one
 * giant string (which V8 would have to flatten, then convert to bytes again for the socket).
 * The views write ASCII only, so strings are copied as latin1, which is the same bytes as UTF-8.
 */
import type { ServerResponse } from 'node:http';
import { SLICE_MS } from './slices';

const CHUNK = 1024 * 1024;

/**
 * Node's Buffer writes latin1 through `latin1Write` (what `buf.write(s, o, 'latin1')` ends up
 * calling, without its argument handling, which costs four times the copy for short strings).
 */
interface Latin1Buffer {
  latin1Write(s: string, offset: number): number;
}

/** Where views write JSON: JsonSink (in memory) or StreamSink (straight to a response). */
export interface Sink {
  push(s: string): void;
  /** True while the writer should wait (`drained()`) before writing more. */
  readonly blocked: boolean;
  /** Resolves when writing may go on. */
  drained(): Promise<void>;
  /** The reader went away: stop writing. */
  readonly aborted: boolean;
}

/** JsonSink: an append-only JSON byte builder. */
export class JsonSink implements Sink {
  readonly blocked = false;
  readonly aborted = false;
  private buf: Buffer = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  /** Appends ASCII JSON text. */
  push(s: string): void {
    if (this.pos + s.length > this.buf.length) this.next(s.length);
    this.pos += (this.buf as unknown as Latin1Buffer).latin1Write(s, this.pos);
  }

  /** Appends bytes of an already encoded piece. */
  pushBytes(b: Buffer): void {
    if (this.pos + b.length > this.buf.length) this.next(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Appends `items` separated by commas, each written by `write`. */
  list<T>(items: Iterable<T>, write: (item: T) => void): void {
    let first = true;
    for (const item of items) {
      if (!first) this.push(',');
      first = false;
      write(item);
    }
  }

  /** Never blocks. */
  drained(): Promise<void> {
    return Promise.resolve();
  }

  /** The bytes written, as chunks, and their total length. */
  finish(): { chunks: Buffer[]; length: number } {
    if (this.pos > 0) {
      this.chunks.push(this.buf.subarray(0, this.pos));
      this.bytes += this.pos;
      this.buf = Buffer.alloc(0);
      this.pos = 0;
    }
    return { chunks: this.chunks, length: this.bytes };
  }

  /** Everything as one string (tests, small answers). */
  toString(): string {
    return this.finish()
      .chunks.map((c) => c.toString('latin1'))
      .join('');
  }

  /** Sends everything as a 200 answer. */
  send(res: ServerResponse, contentType = 'application/json'): void {
    const { chunks, length } = this.finish();
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': length });
    for (let i = 0; i < chunks.length - 1; i++) res.write(chunks[i]);
    res.end(chunks[chunks.length - 1]);
  }

  private next(need: number): void {
    if (this.pos > 0) {
      this.chunks.push(this.buf.subarray(0, this.pos));
      this.bytes += this.pos;
    }
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, need));
    this.pos = 0;
  }
}

/** Chunks kept for reuse by StreamSinks (a few MiB in all). */
const pool: Buffer[] = [];
const POOL_MAX = 8;
/** `blocked` reads the clock once per this many calls (a call per task or agent written). */
const CLOCK_EVERY = 32;

/**
 * StreamSink: writes a JSON answer straight to the response (chunked), 1 MiB at a time, from a
 * small pool of reused chunks. A chunk goes back to the pool once the socket took it, so a
 * 170 MiB answer costs a few MiB of memory and allocates nothing new (allocating it afresh
 * would make V8 run full collections of the master's whole heap). When every chunk is in
 * flight (a slow reader) the writer is `blocked` and awaits `drained()`. It is also `blocked`
 * once it has written for SLICE_MS without a break, and `drained()` then returns to the event
 * loop once (setImmediate): with a fast reader the chunks never run out, and writing 200,000
 * tasks at once would hold the master's loop (agents, schedulers) for hundreds of ms.
 */
export class StreamSink implements Sink {
  private buf: Buffer;
  private pos = 0;
  private inFlight = 0;
  private waiter: (() => void) | undefined;
  private gone = false;
  /** When the current slice of synchronous writing began. */
  private sliceStart = performance.now();
  /** The slice is over: the writer should await `drained()`. */
  private sliceOver = false;
  private checks = 0;

  constructor(
    private readonly res: ServerResponse,
    contentType = 'application/json',
  ) {
    res.writeHead(200, { 'Content-Type': contentType });
    res.on('close', () => {
      this.gone = true;
      this.wake();
    });
    this.buf = pool.pop() ?? Buffer.allocUnsafe(CHUNK);
  }

  get blocked(): boolean {
    if (this.gone) return false;
    if (this.inFlight >= POOL_MAX) return true;
    if (!this.sliceOver && ++this.checks % CLOCK_EVERY === 0) this.sliceOver = performance.now() - this.sliceStart >= SLICE_MS;
    return this.sliceOver;
  }

  get aborted(): boolean {
    return this.gone;
  }

  async drained(): Promise<void> {
    if (this.inFlight >= POOL_MAX && !this.gone) await new Promise<void>((resolve) => (this.waiter = resolve));
    else if (this.sliceOver) await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceOver = false;
    this.sliceStart = performance.now();
  }

  push(s: string): void {
    if (this.pos + s.length > this.buf.length) this.next(s.length);
    this.pos += (this.buf as unknown as Latin1Buffer).latin1Write(s, this.pos);
  }

  /** Sends what is left and ends the response. */
  end(): void {
    const last = this.buf;
    const n = this.pos;
    this.pos = 0;
    if (this.gone) return;
    this.res.end(last.subarray(0, n), () => this.release(last));
  }

  private next(need: number): void {
    const full = this.buf;
    if (this.pos > 0 && !this.gone) {
      this.inFlight++;
      this.res.write(full.subarray(0, this.pos), () => {
        this.inFlight--;
        this.release(full);
        this.wake();
      });
    }
    this.buf = need > CHUNK ? Buffer.allocUnsafe(need) : (pool.pop() ?? Buffer.allocUnsafe(CHUNK));
    this.pos = 0;
  }

  private release(b: Buffer): void {
    if (b.length === CHUNK && pool.length < POOL_MAX) pool.push(b);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}

/** Writes one JSON object into a sink, field by field; empty repeated fields are left out. */
export class ObjectWriter {
  private first = true;

  constructor(private readonly sink: JsonSink) {
    sink.push('{');
  }

  /** A field whose value `write` pushes. */
  field(name: string, write: () => void): this {
    this.sink.push(this.first ? `"${name}":` : `,"${name}":`);
    this.first = false;
    write();
    return this;
  }

  /** An array field, left out when `items` is empty. */
  array<T>(name: string, items: readonly T[], write: (item: T) => void): this {
    if (items.length === 0) return this;
    return this.field(name, () => {
      this.sink.push('[');
      this.sink.list(items, write);
      this.sink.push(']');
    });
  }

  /** Closes the object. */
  end(): void {
    this.sink.push('}');
  }
}

/**
 * A flat copy of a string. Strings built with `+` or template literals are trees of pieces
 * (cons strings): each piece costs memory while kept, and the tree is flattened on every first
 * copy into a buffer. Cached JSON is kept flat.
 */
export function flat(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'latin1').toString('latin1');
}

/**
 * Interned encoded pieces shared by many tasks (their resources, their tail): one flat string
 * per distinct key. Bounded: past `max` entries it starts afresh (pieces already handed out stay
 * valid, they are just not shared with later ones).
 */
export class Interner {
  private readonly map = new Map<string, string>();
  constructor(private readonly max = 10_000) {}

  /** The shared text for `key`, made by `make` the first time. */
  get(key: string, make: () => string = () => key): string {
    let v = this.map.get(key);
    if (v === undefined) {
      if (this.map.size >= this.max) this.map.clear();
      v = flat(make());
      this.map.set(key, v);
    }
    return v;
  }
}
