/**
 * RecordIO framing of Mesos event streams (scheduler API reference §4):
 * `record = record-size LF record-data`, the size in decimal ASCII counting the *bytes* of the
 * data, no delimiter after the data. Chunk boundaries are unrelated to record boundaries, so the
 * decoder accepts records split across chunks and several records in one chunk.
 */
import { MesosError } from './mesos-error';
import { encodeMessage, type MessageType } from './json';
import { EventSchema, MasterEventSchema } from './generated/schema';
import type { Event, MasterEvent } from './generated/types';

/** Code of a RecordIOError. */
export const RECORDIO_ERROR_CODE = 'PLT_ERR_API_RECORDIO';

/** Largest record a decoder accepts by default (16 MiB, as the request body limit). */
export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Most digits a size line may have (a uint64 has at most 20). */
const MAX_SIZE_DIGITS = 20;

/** RecordIOError: the stream is not valid RecordIO, or a record is larger than allowed. */
export class RecordIOError extends MesosError {
  constructor(message: string) {
    super(RECORDIO_ERROR_CODE, message);
  }
}

/** Frames one record: `<byte length>\n<data>`. A string is encoded as UTF-8. */
export function encodeRecord(data: string | Uint8Array): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.concat([Buffer.from(`${body.length}\n`, 'ascii'), body]);
}

/** Encodes a message as JSON and frames it as one record. */
export function encodeMessageRecord<T>(type: MessageType<T>, value: T): Buffer {
  return encodeRecord(encodeMessage(type, value));
}

/** One scheduler event as a RecordIO record (what the SUBSCRIBE stream carries). */
export function encodeEventRecord(event: Event): Buffer {
  return encodeMessageRecord(EventSchema, event);
}

/** One operator (master) event as a RecordIO record. */
export function encodeMasterEventRecord(event: MasterEvent): Buffer {
  return encodeMessageRecord(MasterEventSchema, event);
}

/** Options of a RecordIODecoder. */
export interface RecordIODecoderOptions {
  /** Largest record accepted, in bytes (default 16 MiB). A larger size line is an error at once. */
  maxRecordBytes?: number;
}

/**
 * Streaming RecordIO decoder: feed it chunks as they arrive with `push`, get back every record
 * completed by that chunk. Keeps at most one partial record. After an error it stays failed.
 */
export class RecordIODecoder {
  private readonly max: number;
  private sizeText = '';
  /** Size of the record in progress, once its size line is complete. */
  private need: number | undefined;
  /** Data of a record that spans chunks. */
  private body: Buffer | undefined;
  private filled = 0;
  private failed: RecordIOError | undefined;

  constructor(opts: RecordIODecoderOptions = {}) {
    this.max = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  }

  /** Bytes held for the record in progress (size digits and data so far). */
  get pending(): number {
    return this.sizeText.length + this.filled;
  }

  /** Feeds one chunk; returns the records it completed, in order. Throws RecordIOError. */
  push(chunk: Uint8Array): Buffer[] {
    if (this.failed) throw this.failed;
    const out: Buffer[] = [];
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.need === undefined) {
        const c = chunk[i++]!;
        if (c === 0x0a) {
          this.startRecord();
          continue;
        }
        if (c < 0x30 || c > 0x39) this.fail(`invalid byte 0x${c.toString(16).padStart(2, '0')} in record size`);
        if (this.sizeText.length >= MAX_SIZE_DIGITS) this.fail(`record size longer than ${MAX_SIZE_DIGITS} digits`);
        this.sizeText += String.fromCharCode(c);
        continue;
      }
      const need = this.need;
      if (this.body === undefined && n - i >= need) {
        // The whole record sits inside this chunk: copy that slice out in one go.
        out.push(Buffer.from(chunk.subarray(i, i + need)));
        i += need;
        this.need = undefined;
        continue;
      }
      this.body ??= Buffer.allocUnsafe(need);
      const take = Math.min(need - this.filled, n - i);
      this.body.set(chunk.subarray(i, i + take), this.filled);
      this.filled += take;
      i += take;
      if (this.filled === need) {
        out.push(this.body);
        this.body = undefined;
        this.need = undefined;
        this.filled = 0;
      }
    }
    return out;
  }

  /** Declares the stream over; throws RecordIOError if it ended inside a record. */
  end(): void {
    if (this.failed) throw this.failed;
    if (this.need !== undefined) this.fail(`stream ended inside a record (${this.filled} of ${this.need} bytes)`);
    if (this.sizeText.length > 0) this.fail('stream ended inside a record size');
  }

  private startRecord(): void {
    if (this.sizeText === '') this.fail('empty record size');
    const size = BigInt(this.sizeText);
    if (size === 0n) this.fail('record size 0 (sizes are never 0)');
    if (size > BigInt(this.max)) this.fail(`record of ${this.sizeText} bytes exceeds the limit of ${this.max} bytes`);
    this.sizeText = '';
    this.need = Number(size);
    this.filled = 0;
  }

  private fail(message: string): never {
    this.failed = new RecordIOError(message);
    throw this.failed;
  }
}

/**
 * Decodes a byte stream (an HTTP response body, a socket) into records as they complete.
 * Throws RecordIOError on bad framing, an oversize record, or a stream that ends inside a record.
 */
export async function* readRecords(
  source: AsyncIterable<Uint8Array | string>,
  opts: RecordIODecoderOptions = {},
): AsyncGenerator<Buffer, void, undefined> {
  const decoder = new RecordIODecoder(opts);
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (const record of decoder.push(bytes)) yield record;
  }
  decoder.end();
}
