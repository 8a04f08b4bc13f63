// Mesos's binary encoding of the v1 API messages (kernel/mesos/src/protobuf.ts), checked against
// protoc, an encoder Plateau did not write, in both directions and for every call, event and
// response type the API enums declare: bytes Plateau encodes are decoded by `protoc --decode` to
// the expected text; bytes `protoc --encode` makes from that text are decoded by Plateau to the
// typed value it started from (through the same table decoder as JSON).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  acknowledgedEvent,
  AgentCall_TypeSchema,
  AgentCallSchema,
  AgentInfoSchema,
  AGENT_PROCESS_IO,
  Call_TypeSchema,
  CallSchema,
  ContainerIDSchema,
  decodeProtobuf,
  encodeMessage,
  encodeProtobuf,
  errorEvent,
  Event_TypeSchema,
  EventSchema,
  EXECUTOR_EVENT,
  ExecutorCall_TypeSchema,
  ExecutorCallSchema,
  ExecutorInfoSchema,
  FrameworkInfoSchema,
  heartbeatEvent,
  jsonRecord,
  jsonToProtobuf,
  killEvent,
  KillPolicySchema,
  launchEvent,
  launchGroupEvent,
  MasterCall_TypeSchema,
  MasterCallSchema,
  MasterEvent_TypeSchema,
  MasterEventSchema,
  MasterResponse_TypeSchema,
  MasterResponseSchema,
  messageEvent,
  messageRecord,
  parseAgentCall,
  parseExecutorCall,
  parseMasterCall,
  parseSchedulerCall,
  processIoRecord,
  protoType,
  RecordIODecoder,
  Response_TypeSchema,
  ResponseSchema,
  shutdownEvent,
  subscribedEvent,
  TaskGroupInfoSchema,
  TaskIDSchema,
  TaskInfoSchema,
  tryDecodeProtobuf,
  type EnumType,
  type MessageType,
  type ScalarKind,
  type TypeRef,
} from '@plateau/mesos';
import { protocDecode, protocEncode, protocMissing, textFormat } from '../helpers/protoc';
import { testUnless } from '@plateau/testkit/skip';

const skip = protocMissing();

const withProtoc = testUnless(() => skip);

// ---------------------------------------------------------------------------------------------
// Samples: every field of a table set, with values that exercise the encoding

const BYTES = Buffer.from([0x00, 0x01, 0x7f, 0x80, 0xff, 0x22, 0x5c, 0x0a, 0x41]);

function resolveRef(t: TypeRef): ScalarKind | EnumType | MessageType<any> {
  return typeof t === 'function' ? t() : t;
}

function scalarSample(kind: ScalarKind, name: string): unknown {
  switch (kind) {
    case 'string':
      return `${name} "q" \\ tab\t`;
    case 'bool':
      return true;
    case 'double':
      return 1.5;
    case 'float':
      return 0.25;
    case 'int32':
      return -3;
    case 'uint32':
      return 7;
    case 'int64':
      return -(2n ** 62n) - 5n;
    case 'uint64':
      return 2n ** 63n + 5n; // past int64: unsigned all the way
    case 'int64n':
      return 4_000_000_000;
    case 'uint64n':
      return Number.MAX_SAFE_INTEGER;
    case 'bytes':
      return Buffer.from(BYTES);
  }
}

function enumSample(e: EnumType): string {
  const names = Object.keys(e.values);
  return names[1] ?? names[0]!;
}

/**
 * A value of `type` with every scalar and enum field set (of a oneof, the first member only), and
 * message fields down to `depth` levels (required ones always); repeated fields have one element,
 * maps one entry.
 */
function sample(type: MessageType<any>, depth: number, guard = 0): Record<string, unknown> {
  if (guard > 40) throw new Error(`required fields nest too deep at ${type.name}`);
  const out: Record<string, unknown> = {};
  const proto = protoType(type.name);
  const oneofsSet = new Set<string>();
  for (const f of type.fields) {
    const oneof = proto.fields[f.name]?.partOf?.name;
    if (oneof !== undefined) {
      if (oneofsSet.has(oneof)) continue;
      oneofsSet.add(oneof);
    }
    const t = resolveRef(f.type);
    const isMessage = typeof t !== 'string' && t.kind === 'message';
    if (isMessage && f.label !== 'required' && depth <= 0) continue;
    const one = () => (typeof t === 'string' ? scalarSample(t, f.name) : t.kind === 'enum' ? enumSample(t) : sample(t, depth - 1, guard + 1));
    if (f.label === 'repeated') out[f.name] = [one()];
    else if (f.label === 'map') out[f.name] = { key: one() };
    else out[f.name] = one();
  }
  return out;
}

/**
 * A sample of a Call / Event / Response of type `typeName`: its `type`, the fields every message
 * of its kind has, and the body of that type (the field named like the type), not the others.
 */
function typedSample(root: MessageType<any>, types: EnumType, typeName: string, depth = 5): Record<string, unknown> {
  const bodies = new Set(Object.keys(types.values).map((n) => n.toLowerCase()));
  const full = sample(root, depth + 1);
  const out: Record<string, unknown> = {};
  for (const f of root.fields) {
    if (f.name === 'type') out.type = typeName;
    else if (f.label === 'required' || !bodies.has(f.name) || f.name === typeName.toLowerCase()) {
      if (full[f.name] !== undefined) out[f.name] = full[f.name];
    }
  }
  return out;
}

/** Both directions for one typed value of table `root`. */
function bothWays(root: MessageType<any>, value: Record<string, unknown>, what: string): void {
  const name = root.name;
  const expected = textFormat(name, encodeMessage(root, value));
  // Plateau → protoc.
  const ours = encodeProtobuf(root, value);
  assert.fixture(protocDecode(name, ours), expected, `${what}: protoc decodes Plateau's bytes to the expected text`);
  // protoc → Plateau.
  const theirs = protocEncode(name, expected);
  const decoded = tryDecodeProtobuf(root, theirs);
  assert.ok(decoded.ok, `${what}: ${decoded.ok ? '' : JSON.stringify(decoded.issues)}`);
  if (decoded.ok) assert.equal(decoded.value, value, `${what}: Plateau decodes protoc's bytes to the typed value`);
}

/** Every value of `types` but UNKNOWN, each both ways as a `root`. */
function everyType(root: MessageType<any>, types: EnumType, depth?: number): number {
  let n = 0;
  for (const t of Object.keys(types.values)) {
    if (t === 'UNKNOWN') continue;
    bothWays(root, typedSample(root, types, t, depth), `${root.name} ${t}`);
    n++;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------

withProtoc('scheduler API: every Call type and every Event and Response type, both ways', () => {
  assert.ok(everyType(CallSchema, Call_TypeSchema) >= 15);
  assert.ok(everyType(EventSchema, Event_TypeSchema) >= 11);
  assert.ok(everyType(ResponseSchema, Response_TypeSchema) >= 1);
});

withProtoc('operator API: every master Call, Response and Event type, both ways', () => {
  assert.ok(everyType(MasterCallSchema, MasterCall_TypeSchema) >= 30);
  assert.ok(everyType(MasterResponseSchema, MasterResponse_TypeSchema, 2) >= 15);
  assert.ok(everyType(MasterEventSchema, MasterEvent_TypeSchema, 2) >= 8);
});

withProtoc('agent API: every agent Call type, both ways', () => {
  assert.ok(everyType(AgentCallSchema, AgentCall_TypeSchema) >= 30);
});

withProtoc('executor API: every executor Call type, both ways', () => {
  assert.ok(everyType(ExecutorCallSchema, ExecutorCall_TypeSchema) >= 4);
});

withProtoc('executor API: every Event type the proto declares, as the agent writes it (its JSON, encoded), both ways', () => {
  const taskId = { value: 't "1"' };
  const builders: Record<string, () => string> = {
    SUBSCRIBED: () =>
      subscribedEvent({
        executorInfo: sample(ExecutorInfoSchema, 2) as never,
        frameworkInfo: sample(FrameworkInfoSchema, 2) as never,
        agentInfo: sample(AgentInfoSchema, 2) as never,
        containerId: sample(ContainerIDSchema, 2) as never,
      }),
    LAUNCH: () => launchEvent(sample(TaskInfoSchema, 3) as never),
    LAUNCH_GROUP: () => launchGroupEvent(sample(TaskGroupInfoSchema, 3) as never),
    KILL: () => killEvent(sample(TaskIDSchema, 1) as never, sample(KillPolicySchema, 2) as never),
    ACKNOWLEDGED: () => acknowledgedEvent(taskId, BYTES),
    MESSAGE: () => messageEvent(BYTES),
    ERROR: () => errorEvent('bad "call"\n'),
    SHUTDOWN: () => shutdownEvent(),
    HEARTBEAT: () => heartbeatEvent(),
  };
  const types = (protoType(EXECUTOR_EVENT).lookup('Type') as unknown as { values: Record<string, number> }).values;
  const names = Object.keys(types).filter((n) => n !== 'UNKNOWN');
  assert.equal(names.sort(), Object.keys(builders).sort(), 'a builder for every executor event type');
  for (const t of names) {
    const json = builders[t]!();
    const expected = textFormat(EXECUTOR_EVENT, json);
    assert.match(expected, new RegExp(`^type: ${t}\\n`));
    // What the agent streams: the record of the event in protobuf.
    const record = new RecordIODecoder().push(jsonRecord('protobuf', EXECUTOR_EVENT, json))[0]!;
    assert.fixture(protocDecode(EXECUTOR_EVENT, record), expected, `executor Event ${t}: Plateau → protoc`);
    const theirs = protocEncode(EXECUTOR_EVENT, expected);
    assert.fixture(textFormat(EXECUTOR_EVENT, decodeProtobuf(EXECUTOR_EVENT, theirs) as never), expected, `executor Event ${t}: protoc → Plateau`);
  }
});

withProtoc("agent API: ProcessIO records of a session's output", () => {
  const record = new RecordIODecoder().push(processIoRecord('protobuf', 'STDERR', BYTES))[0]!;
  assert.fixture(protocDecode(AGENT_PROCESS_IO, record), 'type: DATA\ndata {\n  type: STDERR\n  data: "\\000\\001\\177\\200\\377\\"\\\\\\nA"\n}\n');
  const json = new RecordIODecoder().push(processIoRecord('json', 'STDOUT', Buffer.from('hi')))[0]!;
  assert.is(json.toString(), '{"type":"DATA","data":{"type":"STDOUT","data":"aGk="}}');
});

withProtoc('64-bit integers stay exact and unset fields stay unset, both ways', () => {
  const event = { type: 'UPDATE' as const, update: { status: { task_id: { value: 't' }, state: 'TASK_RUNNING' as const, timestamp: 1.25, uuid: BYTES } } };
  const text = protocDecode('mesos.v1.scheduler.Event', encodeProtobuf(EventSchema, event));
  assert.fixture(text, `type: UPDATE\nupdate {\n  status {\n    task_id {\n      value: "t"\n    }\n    state: TASK_RUNNING\n    timestamp: 1.25\n    uuid: "\\000\\001\\177\\200\\377\\"\\\\\\nA"\n  }\n}\n`);
  const bytes = protocEncode('mesos.v1.master.Call', 'type: GET_METRICS\nget_metrics { timeout { nanoseconds: -9223372036854775808 } }\n');
  const call = parseMasterCall(bytes, 'protobuf');
  assert.ok(call.ok);
  if (call.ok) assert.equal(call.call, { type: 'GET_METRICS', get_metrics: { timeout: { nanoseconds: -(2n ** 63n) } } });
  // A field left unset is not written, even one with a proto default (Filters.refuse_seconds 5).
  const decline = { type: 'DECLINE' as const, framework_id: { value: 'f' }, decline: { offer_ids: [{ value: 'o' }], filters: {} } };
  assert.fixture(protocDecode('mesos.v1.scheduler.Call', encodeProtobuf(CallSchema, decline)), 'framework_id {\n  value: "f"\n}\ntype: DECLINE\ndecline {\n  offer_ids {\n    value: "o"\n  }\n  filters {\n  }\n}\n');
});

withProtoc('a call protoc encoded goes through the same validation as its JSON: the same typed call, the same 400s', () => {
  const text = 'type: SUBSCRIBE\nsubscribe { framework_info { user: "root" name: "pb" roles: "*" capabilities { type: MULTI_ROLE } } }\n';
  const pb = parseSchedulerCall(protocEncode('mesos.v1.scheduler.Call', text), 'protobuf');
  const json = parseSchedulerCall('{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"pb","roles":["*"],"capabilities":[{"type":"MULTI_ROLE"}]}}}');
  assert.ok(pb.ok && json.ok);
  if (pb.ok && json.ok) assert.equal(pb.call, json.call);
  // A missing required field: 400 naming it, as for JSON.
  const noName = parseSchedulerCall(protocEncode('mesos.v1.scheduler.Call', 'type: SUBSCRIBE\nsubscribe { framework_info { user: "root" } }\n'), 'protobuf');
  assert.ok(!noName.ok);
  if (!noName.ok) {
    assert.is(noName.answer.status, 400);
    assert.is(noName.answer.body, 'Failed to parse body into Call protobuf: call.subscribe.framework_info.name: missing required field');
  }
  // Validation past decoding: the same message as JSON's.
  const noFw = parseSchedulerCall(protocEncode('mesos.v1.scheduler.Call', 'type: REVIVE\n'), 'protobuf');
  const noFwJson = parseSchedulerCall('{"type":"REVIVE"}');
  assert.ok(!noFw.ok && !noFwJson.ok);
  if (!noFw.ok && !noFwJson.ok) assert.is(noFw.answer.body, noFwJson.answer.body);
  // An enum number the proto does not have is dropped, and said so, like an unknown JSON name.
  // (protoc will not write a number its enum lacks: field 1, varint 99, by hand.)
  const unknownType = parseAgentCall(Buffer.from([0x08, 99]), 'protobuf');
  assert.ok(!unknownType.ok);
  if (!unknownType.ok) assert.match(unknownType.answer.body, /call\.type: unknown value "99" for enum mesos\.v1\.agent\.Call\.Type/);
});

test('a malformed protobuf body is 400 with a message, for every API', () => {
  const garbage = Buffer.from([0x0a, 0xff, 0xff]);
  for (const parsed of [parseSchedulerCall(garbage, 'protobuf'), parseMasterCall(garbage, 'protobuf'), parseAgentCall(garbage, 'protobuf'), parseExecutorCall(garbage, 'protobuf')]) {
    assert.ok(!parsed.ok);
    if (!parsed.ok) {
      assert.is(parsed.answer.status, 400);
      assert.match(parsed.answer.body, /^Failed to parse body into Call protobuf: \S/);
    }
  }
  // Wire type 7 does not exist.
  const badWire = parseSchedulerCall(Buffer.from([0x0f]), 'protobuf');
  assert.ok(!badWire.ok && badWire.answer.status === 400);
});

test('records in either encoding: the same event as JSON text and as protobuf', () => {
  const event = { type: 'HEARTBEAT' as const };
  assert.is(messageRecord('json', EventSchema, event).toString(), '20\n{"type":"HEARTBEAT"}');
  const pb = messageRecord('protobuf', EventSchema, event);
  assert.equal([...pb], [...Buffer.from('2\n'), 0x08, 8]);
  assert.equal([...jsonRecord('protobuf', 'mesos.v1.scheduler.Event', '{"type":"HEARTBEAT"}')], [...pb]);
  assert.equal([...jsonToProtobuf('mesos.v1.scheduler.Event', '{"type":"HEARTBEAT","no_such_field":1}')], [0x08, 8], 'unknown keys are ignored');
});

test.run();
