// RecordIO framing (kernel/mesos/src/recordio.ts): `<byte length>\n<data>`, decoded from arbitrary chunking.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Readable } from 'node:stream';
import {
  DEFAULT_MAX_RECORD_BYTES,
  encodeEventRecord,
  encodeMasterEventRecord,
  encodeMessage,
  encodeRecord,
  type Event,
  EventSchema,
  parseMessage,
  readRecords,
  RecordIODecoder,
  RecordIOError,
} from '@plateau/mesos';

const NS = 1501191957829317120n;

const EVENTS: Event[] = [
  {
    type: 'SUBSCRIBED',
    subscribed: { framework_id: { value: 'fw-1' }, heartbeat_interval_seconds: 15, master_info: { id: 'm', ip: 16842879, port: 5050 } },
  },
  { type: 'HEARTBEAT' },
  {
    type: 'UPDATE',
    update: {
      status: {
        task_id: { value: 'tâche-1' },
        state: 'TASK_RUNNING',
        message: 'multi\nline ünïcode 😀',
        uuid: new Uint8Array(16).fill(7),
        unreachable_time: { nanoseconds: NS },
      },
    },
  },
  { type: 'RESCIND', rescind: { offer_id: { value: 'O1' } } },
  { type: 'ERROR', error: { message: 'x'.repeat(5000) } },
];

/** Splits bytes into chunks of the given sizes, cycling through them. */
function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const n = sizes[k++ % sizes.length]!;
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

function decodeAll(chunks: Buffer[], decoder = new RecordIODecoder()): string[] {
  const records: string[] = [];
  for (const c of chunks) for (const r of decoder.push(c)) records.push(r.toString('utf8'));
  decoder.end();
  return records;
}

function recordioError(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, RecordIOError);
    assert.is((e as RecordIOError).code, 'PLT_ERR_API_RECORDIO');
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable('expected a RecordIOError');
}

test('encodeRecord counts bytes, not characters', () => {
  const json = '{"m":"é😀"}';
  const record = encodeRecord(json);
  assert.is(json.length, 11);
  assert.is(Buffer.byteLength(json), 14);
  assert.is(record.toString('utf8'), `14\n${json}`);
  assert.equal([...encodeRecord(new Uint8Array([1, 2, 3]))], [0x33, 0x0a, 1, 2, 3]);
});

test('an event record is `<len>\\n<one-line ASCII JSON>` and decodes back to the event', () => {
  const record = encodeEventRecord(EVENTS[2]!);
  const nl = record.indexOf(0x0a);
  const size = Number(record.subarray(0, nl).toString('ascii'));
  const data = record.subarray(nl + 1);
  assert.is(size, data.length);
  assert.not.ok(data.includes(0x0a), 'no raw newline inside the data');
  assert.ok([...data].every((b) => b >= 0x20 && b < 0x7f), 'data is printable ASCII');
  const back = parseMessage(EventSchema, data);
  assert.is(back.update!.status.message, 'multi\nline ünïcode 😀');
  assert.is(back.update!.status.unreachable_time!.nanoseconds, NS);
});

test('operator events frame the same way', () => {
  const record = encodeMasterEventRecord({ type: 'AGENT_REMOVED', agent_removed: { agent_id: { value: 'S0' } } });
  assert.is(record.toString(), '68\n{"type":"AGENT_REMOVED","agent_removed":{"agent_id":{"value":"S0"}}}');
});

test('several records in one chunk come out in order', () => {
  const stream = Buffer.concat(EVENTS.map(encodeEventRecord));
  const records = new RecordIODecoder().push(stream).map((r) => r.toString());
  assert.equal(records, EVENTS.map((e) => encodeMessage(EventSchema, e)));
});

test('records split at every byte boundary decode identically', () => {
  const stream = Buffer.concat(EVENTS.slice(0, 4).map(encodeEventRecord));
  const expected = EVENTS.slice(0, 4).map((e) => encodeMessage(EventSchema, e));
  for (let cut = 1; cut < stream.length; cut++) {
    assert.equal(decodeAll([stream.subarray(0, cut), stream.subarray(cut)]), expected, `cut at ${cut}`);
  }
});

test('byte-at-a-time and irregular chunkings, including chunks spanning record ends and starts', () => {
  const stream = Buffer.concat(EVENTS.map(encodeEventRecord));
  const expected = EVENTS.map((e) => encodeMessage(EventSchema, e));
  for (const sizes of [[1], [2, 3], [7, 1, 13], [64], [4096, 1], [stream.length]]) {
    assert.equal(decodeAll(chunked(stream, sizes)), expected, `sizes ${sizes.join(',')}`);
  }
});

test('the size line itself may be split across chunks', () => {
  const data = 'z'.repeat(1234);
  const stream = encodeRecord(data);
  const d = new RecordIODecoder();
  assert.equal(d.push(stream.subarray(0, 1)), []);
  assert.equal(d.push(stream.subarray(1, 3)), []);
  assert.is(d.pending, 3);
  assert.equal(d.push(stream.subarray(3, 5)), []);
  const out = d.push(stream.subarray(5));
  assert.is(out.length, 1);
  assert.is(out[0]!.toString(), data);
  d.end();
});

test('a record larger than the limit is refused as soon as its size is read', () => {
  const d = new RecordIODecoder({ maxRecordBytes: 100 });
  assert.equal(d.push(Buffer.from(`100\n${'a'.repeat(100)}`)).map(String), ['a'.repeat(100)]);
  recordioError(() => d.push(Buffer.from('101\n')), /record of 101 bytes exceeds the limit of 100 bytes/);
  // A failed decoder stays failed.
  recordioError(() => d.push(Buffer.from('1\nx')), /exceeds the limit/);
  assert.is(DEFAULT_MAX_RECORD_BYTES, 16 * 1024 * 1024);
  recordioError(() => new RecordIODecoder().push(Buffer.from(`${DEFAULT_MAX_RECORD_BYTES + 1}\n`)), /exceeds the limit of 16777216 bytes/);
});

test('malformed size lines are errors', () => {
  recordioError(() => new RecordIODecoder().push(Buffer.from('12a\n')), /invalid byte 0x61 in record size/);
  recordioError(() => new RecordIODecoder().push(Buffer.from('\n{}')), /empty record size/);
  recordioError(() => new RecordIODecoder().push(Buffer.from('0\n')), /record size 0/);
  recordioError(() => new RecordIODecoder().push(Buffer.from(' 2\n{}')), /invalid byte 0x20/);
  recordioError(() => new RecordIODecoder().push(Buffer.from('1'.repeat(21))), /longer than 20 digits/);
});

test('a stream that ends inside a record is an error; one that ends between records is not', () => {
  const d = new RecordIODecoder();
  d.push(Buffer.from('5\nab'));
  recordioError(() => d.end(), /ended inside a record \(2 of 5 bytes\)/);
  const e = new RecordIODecoder();
  e.push(Buffer.from('2\n{}1'));
  recordioError(() => e.end(), /ended inside a record size/);
  const ok = new RecordIODecoder();
  ok.push(Buffer.from('2\n{}'));
  ok.end();
});

test('records handed out do not alias the caller’s chunk buffers', () => {
  const chunk = Buffer.from('3\nabc');
  const [record] = new RecordIODecoder().push(chunk);
  chunk.fill(0x7a);
  assert.is(record!.toString(), 'abc');
});

test('readRecords decodes an async byte stream and rejects a truncated one', async () => {
  const stream = Buffer.concat(EVENTS.map(encodeEventRecord));
  const got: Event[] = [];
  for await (const r of readRecords(Readable.from(chunked(stream, [5, 17])))) got.push(parseMessage(EventSchema, r));
  assert.is(got.length, EVENTS.length);
  assert.equal(got.map((e) => e.type), EVENTS.map((e) => e.type));
  assert.is(got[2]!.update!.status.unreachable_time!.nanoseconds, NS);
  assert.equal([...got[2]!.update!.status.uuid!], [...EVENTS[2]!.update!.status.uuid!]);

  let error: unknown;
  try {
    for await (const _ of readRecords(Readable.from([stream.subarray(0, stream.length - 3)]))) void _;
  } catch (e) {
    error = e;
  }
  assert.instance(error, RecordIOError);
});

test.run();
