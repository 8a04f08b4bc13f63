// Protobuf bodies on a real master (simulated agents): the scheduler and operator APIs read
// `Content-Type: application/x-protobuf` calls and answer in protobuf when Accept asks for it
// (JSON when Accept allows JSON too, as Mesos), streams included (RecordIO of protobuf records).
// Every request body here is made by `protoc --encode` from text format, and every protobuf
// answer or record is read with `protoc --decode`. Wrong media types are 415 / 406, a malformed
// protobuf body 400, each with a message.

import * as http from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { protocDecode, protocEncode, protocMissing } from '../helpers/protoc';
import { decodeProtobuf, MasterCall_TypeSchema, parseJson } from '@plateau/mesos';
import { parseTextFormat, postBytes, RecordStream, scalarPaths, textRaw, textString, textValues } from '../helpers/protobuf-client';
import { SchedulerClient } from '../helpers/scheduler-client';
import { frameworkInfo, startAgents, startMaster, type MasterProcess } from './master-harness';
import { testUnless } from '@plateau/testkit/skip';

const SCHED = '/api/v1/scheduler';
const PB = 'application/x-protobuf';
const CALL = 'mesos.v1.scheduler.Call';
const EVENT = 'mesos.v1.scheduler.Event';
const OPERATOR_CALL = 'mesos.v1.master.Call';
const OPERATOR_RESPONSE = 'mesos.v1.master.Response';
const OPERATOR_EVENT = 'mesos.v1.master.Event';

const skip = protocMissing();
let master: MasterProcess;
let fleet: SimFleet;

test.before(async () => {
  if (skip) return;
  master = await startMaster({ args: ['--heartbeat-interval', '300ms'] });
  fleet = await startAgents(master.address, 2);
});

test.after(async () => {
  fleet?.stop();
  await master?.stop();
});

const withProtoc = testUnless(() => skip);

const SUBSCRIBE_TEXT = (name: string) => `type: SUBSCRIBE\nsubscribe {\n  framework_info {\n    user: "root"\n    name: "${name}"\n    roles: "*"\n    capabilities { type: MULTI_ROLE }\n  }\n}\n`;

withProtoc('scheduler: a protobuf SUBSCRIBE gets a RecordIO stream of protobuf events; protobuf calls drive a task to UPDATE and its ACKNOWLEDGE', async () => {
  const stream = await RecordStream.open(master.address, SCHED, protocEncode(CALL, SUBSCRIBE_TEXT('pb-sim')), EVENT, { Accept: PB });
  try {
    assert.is(stream.status, 200);
    assert.is(stream.headers['content-type'], PB);
    const streamId = String(stream.headers['mesos-stream-id']);
    assert.match(streamId, /^[0-9a-f-]{36}$/);
    const subscribed = parseTextFormat((await stream.next(/^type: SUBSCRIBED\n/)).text);
    const frameworkId = textString(subscribed, 'subscribed.framework_id.value');
    assert.is(textRaw(subscribed, 'subscribed.heartbeat_interval_seconds'), '0.3');

    const offers = parseTextFormat((await stream.next(/^type: OFFERS\n/)).text);
    const offer = textValues(offers, 'offers.offers')[0] as ReturnType<typeof parseTextFormat>;
    const offerId = textString(offer, 'id.value');
    const agentId = textString(offer, 'agent_id.value');
    const call = (text: string) => postBytes(master.address, SCHED, protocEncode(CALL, `framework_id { value: "${frameworkId}" }\n${text}`), { 'Mesos-Stream-Id': streamId });
    const accept = await call(
      `type: ACCEPT\naccept {\n  offer_ids { value: "${offerId}" }\n  operations {\n    type: LAUNCH\n    launch {\n      task_infos {\n        name: "pb-task"\n        task_id { value: "pb-task" }\n        agent_id { value: "${agentId}" }\n        resources { name: "cpus" type: SCALAR scalar { value: 0.5 } }\n        resources { name: "mem" type: SCALAR scalar { value: 64 } }\n        command { value: "sleep 1000" }\n      }\n    }\n  }\n  filters { refuse_seconds: 0 }\n}\n`,
    );
    assert.is(accept.status, 202, accept.body.toString());
    const update = parseTextFormat((await stream.next((t) => t.startsWith('type: UPDATE\n') && t.includes('value: "pb-task"'))).text);
    assert.is(textRaw(update, 'update.status.state'), 'TASK_RUNNING');
    // The uuid goes back as protoc printed it (escaped bytes in text format).
    const uuid = textRaw(update, 'update.status.uuid');
    const ack = await call(`type: ACKNOWLEDGE\nacknowledge {\n  agent_id { value: "${agentId}" }\n  task_id { value: "pb-task" }\n  uuid: ${uuid}\n}\n`);
    assert.is(ack.status, 202, ack.body.toString());
    // A bad uuid in protobuf is refused by the same validation as in JSON.
    const badAck = await call(`type: ACKNOWLEDGE\nacknowledge {\n  agent_id { value: "${agentId}" }\n  task_id { value: "pb-task" }\n  uuid: "short"\n}\n`);
    assert.is(badAck.status, 400);
    assert.match(badAck.body.toString(), /acknowledge\.uuid: Invalid UUID: expected 16 bytes, got 5/);

    await stream.next(/^type: HEARTBEAT\n$/, 5000);
    const kill = await call('type: KILL\nkill { task_id { value: "pb-task" } }\n');
    assert.is(kill.status, 202);
    const killed = parseTextFormat((await stream.next((t) => t.startsWith('type: UPDATE\n') && t.includes('state: TASK_KILLED'))).text);
    assert.is(textString(killed, 'update.status.task_id.value'), 'pb-task');
    const teardown = await call('type: TEARDOWN\n');
    assert.is(teardown.status, 202);
  } finally {
    stream.close();
  }
});

withProtoc('scheduler: a protobuf body with an Accept that also allows JSON (or no Accept) gets JSON events, as Mesos prefers JSON', async () => {
  for (const accept of [`${PB}, application/json`, undefined]) {
    const head = await subscribeHead(protocEncode(CALL, SUBSCRIBE_TEXT('pb-json')), accept === undefined ? {} : { Accept: accept });
    assert.is(head.status, 200);
    assert.is(head.contentType, 'application/json');
    assert.match(head.first, /^\d+\n\{"type":"SUBSCRIBED"/);
  }
});

/** Opens a SUBSCRIBE, reads its first bytes, hangs up. */
function subscribeHead(body: Uint8Array, headers: Record<string, string>): Promise<{ status: number; contentType: string; first: string }> {
  const [host, port] = master.address.split(':');
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port: Number(port), method: 'POST', path: SCHED, agent: false, headers: { 'Content-Type': PB, 'Content-Length': body.length, ...headers } }, (res) => {
      res.once('data', (c: Buffer) => {
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), first: c.toString('utf8') });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.end(Buffer.from(body));
  });
}

withProtoc('415 for a Content-Type that is neither JSON nor protobuf, 406 for an Accept that allows neither, 400 for a malformed protobuf body: each with a message', async () => {
  const subscribe = protocEncode(CALL, SUBSCRIBE_TEXT('pb-errors'));
  for (const path of [SCHED, '/api/v1']) {
    const xml = await postBytes(master.address, path, '<call/>', { 'Content-Type': 'application/xml' });
    assert.is(xml.status, 415);
    assert.is(xml.body.toString(), 'Expecting \'Content-Type\' of application/json or application/x-protobuf');
    // Field 1 with a varint cut short.
    const garbage = await postBytes(master.address, path, Buffer.from([0x08, 0x80]));
    assert.is(garbage.status, 400);
    assert.match(garbage.body.toString(), /^Failed to parse body into Call protobuf: \S+/);
  }
  const html = await postBytes(master.address, SCHED, subscribe, { Accept: 'text/html' });
  assert.is(html.status, 406);
  assert.is(html.body.toString(), "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
  const opHtml = await postBytes(master.address, '/api/v1', protocEncode(OPERATOR_CALL, 'type: GET_HEALTH\n'), { Accept: 'text/html' });
  assert.is(opHtml.status, 406);
  assert.match(opHtml.body.toString(), /Expecting 'Accept' to allow/);
  // Validation failures of a protobuf call: 400 naming the field, as for JSON.
  const noInfo = await postBytes(master.address, SCHED, protocEncode(CALL, 'type: SUBSCRIBE\nsubscribe { framework_info { user: "root" } }\n'), { Accept: PB });
  assert.is(noInfo.status, 400);
  assert.is(noInfo.body.toString(), 'Failed to parse body into Call protobuf: call.subscribe.framework_info.name: missing required field');
});

withProtoc('operator: synchronous answers in protobuf (mesos.v1.master.Response) when Accept asks for it, JSON otherwise', async () => {
  const op = (text: string, accept = PB) => postBytes(master.address, '/api/v1', protocEncode(OPERATOR_CALL, text), { Accept: accept });
  const health = await op('type: GET_HEALTH\n');
  assert.is(health.status, 200);
  assert.is(health.headers['content-type'], PB);
  assert.is(protocDecode(OPERATOR_RESPONSE, health.body), 'type: GET_HEALTH\nget_health {\n  healthy: true\n}\n');
  const asJson = await op('type: GET_HEALTH\n', 'application/json');
  assert.is(asJson.headers['content-type'], 'application/json');
  assert.equal(JSON.parse(asJson.body.toString()), { type: 'GET_HEALTH', get_health: { healthy: true } });

  const fw = await SchedulerClient.subscribe(master.address, frameworkInfo('pb-operator'));
  try {
    const state = await op('type: GET_STATE\n');
    assert.is(state.status, 200);
    const st = parseTextFormat(protocDecode(OPERATOR_RESPONSE, state.body));
    assert.is(textRaw(st, 'type'), 'GET_STATE');
    assert.is(textValues(st, 'get_state.get_agents.agents').length, 2);
    assert.ok(textValues(st, 'get_state.get_frameworks.frameworks.framework_info.name').includes('"pb-operator"'));
    const frameworks = parseTextFormat(protocDecode(OPERATOR_RESPONSE, (await op('type: GET_FRAMEWORKS\n')).body));
    assert.ok(textValues(frameworks, 'get_frameworks.frameworks.framework_info.id.value').includes(`"${fw.frameworkId}"`));
    const agents = parseTextFormat(protocDecode(OPERATOR_RESPONSE, (await op('type: GET_AGENTS\n')).body));
    assert.is(textValues(agents, 'get_agents.agents.agent_info.hostname').length, 2);
    const version = parseTextFormat(protocDecode(OPERATOR_RESPONSE, (await op('type: GET_VERSION\n')).body));
    assert.match(textRaw(version, 'get_version.version_info.version'), /^"\d/);
  } finally {
    fw.close();
  }
});

withProtoc('operator: every GET_* call the master serves answers the same fields in protobuf as in JSON', async () => {
  const fw = await SchedulerClient.subscribe(master.address, frameworkInfo('pb-same'));
  try {
    let served = 0;
    for (const type of Object.keys(MasterCall_TypeSchema.values).filter((t) => t.startsWith('GET_'))) {
      const body = protocEncode(OPERATOR_CALL, `type: ${type}\n`);
      const json = await postBytes(master.address, '/api/v1', body, { Accept: 'application/json' });
      if (json.status === 501) continue;
      assert.is(json.status, 200, `${type}: ${json.body.toString()}`);
      const pb = await postBytes(master.address, '/api/v1', body, { Accept: PB });
      assert.is(pb.headers['content-type'], PB);
      assert.match(protocDecode(OPERATOR_RESPONSE, pb.body), new RegExp(`^type: ${type}\n`));
      const lost = [...scalarPaths(parseJson(json.body))].filter((p) => !scalarPaths(decodeProtobuf(OPERATOR_RESPONSE, pb.body)).has(p));
      assert.equal(lost, [], `${type}: fields of the JSON answer missing from the protobuf one`);
      served++;
    }
    assert.ok(served >= 12, `${served} GET_* calls served`);
  } finally {
    fw.close();
  }
});

withProtoc('operator: SUBSCRIBE in protobuf streams SUBSCRIBED with the state, then events, as protobuf records', async () => {
  const stream = await RecordStream.open(master.address, '/api/v1', protocEncode(OPERATOR_CALL, 'type: SUBSCRIBE\n'), OPERATOR_EVENT, { Accept: PB });
  try {
    assert.is(stream.status, 200);
    assert.is(stream.headers['content-type'], PB);
    const subscribed = parseTextFormat((await stream.next(/^type: SUBSCRIBED\n/)).text);
    assert.is(textValues(subscribed, 'subscribed.get_state.get_agents.agents').length, 2);
    assert.is(textRaw(subscribed, 'subscribed.heartbeat_interval_seconds'), '0.3');
    const fw = await SchedulerClient.subscribe(master.address, frameworkInfo('pb-events'));
    try {
      const added = parseTextFormat((await stream.next(/^type: FRAMEWORK_ADDED\n/)).text);
      assert.is(textString(added, 'framework_added.framework.framework_info.name'), 'pb-events');
      await stream.next(/^type: HEARTBEAT\n$/, 5000);
    } finally {
      fw.close();
    }
  } finally {
    stream.close();
  }
});

test.run();
