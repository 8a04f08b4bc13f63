// The v1 APIs in protobuf end to end: a real master and a real agent (runc, busybox image), and
// clients that speak only protobuf, with every request body made by `protoc --encode` from text
// format and every answer and record read with `protoc --decode`:
//   - a framework SUBSCRIBEs, takes an OFFERS, ACCEPTs with a LAUNCH of a small task, gets its
//     UPDATEs and ACKNOWLEDGEs them;
//   - the agent API answers GET_STATE / GET_CONTAINERS as mesos.v1.agent.Response, and streams a
//     nested session's output as protobuf ProcessIO records (Message-Accept);
//   - an executor subscribes over the executor API in protobuf, gets SUBSCRIBED and LAUNCH, sends
//     an UPDATE (ACKNOWLEDGED back, forwarded to the framework), gets the framework's MESSAGE and,
//     on TEARDOWN, SHUTDOWN.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cEscape, protocDecode, protocEncode, protocMissing } from '../helpers/protoc';
import { decodeProtobuf, parseJson } from '@plateau/mesos';
import { parseTextFormat, postBytes, RecordStream, scalarPaths, textRaw, textString, textValues, type TextMessage } from '../helpers/protobuf-client';
import { type MasterProc, realContainersMissing, startMaster, TestAgent, testUnless, waitFor } from '../integration/agent-harness';

const PB = 'application/x-protobuf';
const SCHED = '/api/v1/scheduler';

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
let fw: RecordStream;
let frameworkId = '';
let streamId = '';

test.before(async () => {
  skip = protocMissing() ?? (await realContainersMissing());
  if (skip) return;
  master = await startMaster();
  agent = new TestAgent(master.address);
  await agent.start();
});

test.after(async () => {
  fw?.close();
  await agent?.destroy();
  await master?.stop();
});

const real = testUnless(() => skip);

/** A scheduler call of this framework, from text format (framework_id added). */
async function call(text: string): Promise<void> {
  const r = await postBytes(master.address, SCHED, protocEncode('mesos.v1.scheduler.Call', `framework_id { value: "${frameworkId}" }\n${text}`), { 'Mesos-Stream-Id': streamId });
  assert.is(r.status, 202, `${text}: ${r.status} ${r.body.toString()}`);
}

const IMAGE = 'container { type: MESOS mesos { image { type: DOCKER docker { name: "busybox" } } } }';
const res = (cpus: number, mem: number, allocated = false) =>
  [`resources { name: "cpus" type: SCALAR scalar { value: ${cpus} }${allocated ? ' allocation_info { role: "*" }' : ''} }`, `resources { name: "mem" type: SCALAR scalar { value: ${mem} }${allocated ? ' allocation_info { role: "*" }' : ''} }`].join('\n');

/** Takes the next offer with room for a task (declining nothing: offers are refused 0 s). */
async function nextOffer(): Promise<{ offerId: string; agentId: string }> {
  for (;;) {
    const offers = parseTextFormat((await fw.next(/^type: OFFERS\n/, 30_000)).text);
    for (const o of textValues(offers, 'offers.offers') as TextMessage[]) {
      const cpus = (textValues(o, 'resources') as TextMessage[]).filter((r) => textRaw(r, 'name') === '"cpus"').reduce((n, r) => n + Number(textRaw(r, 'scalar.value')), 0);
      if (cpus >= 0.5) return { offerId: textString(o, 'id.value'), agentId: textString(o, 'agent_id.value') };
    }
  }
}

/** LAUNCHes one task (TaskInfo fields in text format, without task_id/agent_id/name) on the next offer. */
async function launch(taskId: string, taskText: string): Promise<string> {
  const { offerId, agentId } = await nextOffer();
  await call(
    `type: ACCEPT\naccept {\n  offer_ids { value: "${offerId}" }\n  operations {\n    type: LAUNCH\n    launch {\n      task_infos {\n        name: "${taskId}"\n        task_id { value: "${taskId}" }\n        agent_id { value: "${agentId}" }\n${taskText}\n      }\n    }\n  }\n  filters { refuse_seconds: 0 }\n}\n`,
  );
  return agentId;
}

/** The next UPDATE of `taskId` (protoc's text, parsed); acknowledged with its uuid as protoc printed it. */
async function nextUpdate(taskId: string, timeoutMs = 30_000): Promise<TextMessage> {
  const rec = await fw.next((t) => t.startsWith('type: UPDATE\n') && t.includes(`task_id {\n      value: "${taskId}"\n`), timeoutMs);
  const u = parseTextFormat(rec.text);
  if (textValues(u, 'update.status.uuid').length > 0) {
    await call(`type: ACKNOWLEDGE\nacknowledge {\n  agent_id { value: "${textString(u, 'update.status.agent_id.value')}" }\n  task_id { value: "${taskId}" }\n  uuid: ${textRaw(u, 'update.status.uuid')}\n}\n`);
  }
  return u;
}

real('a protobuf framework: SUBSCRIBE, OFFERS, ACCEPT with a LAUNCH, UPDATEs acknowledged, the task runs to TASK_FINISHED', async () => {
  const subscribe = 'type: SUBSCRIBE\nsubscribe {\n  framework_info {\n    user: "root"\n    name: "protobuf-e2e"\n    roles: "*"\n    checkpoint: true\n    failover_timeout: 3600\n    capabilities { type: MULTI_ROLE }\n  }\n}\n';
  fw = await RecordStream.open(master.address, SCHED, protocEncode('mesos.v1.scheduler.Call', subscribe), 'mesos.v1.scheduler.Event', { Accept: PB });
  assert.is(fw.status, 200);
  assert.is(fw.headers['content-type'], PB);
  streamId = String(fw.headers['mesos-stream-id']);
  const subscribed = parseTextFormat((await fw.next(/^type: SUBSCRIBED\n/)).text);
  frameworkId = textString(subscribed, 'subscribed.framework_id.value');

  const agentId = await launch('pb-hello', `${res(0.1, 64)}\n        command { shell: true value: "echo hello-from-protobuf" }\n        ${IMAGE}`);
  const states: string[] = [];
  let containerId = '';
  for (;;) {
    const u = await nextUpdate('pb-hello');
    const state = textRaw(u, 'update.status.state');
    states.push(state);
    if (state === 'TASK_RUNNING') containerId = textString(u, 'update.status.container_status.container_id.value');
    if (state === 'TASK_FINISHED' || state === 'TASK_FAILED' || state === 'TASK_ERROR') break;
  }
  assert.equal(states.slice(-2), ['TASK_RUNNING', 'TASK_FINISHED'], states.join(' '));
  const stdout = fs.readFileSync(path.join(agent.sandbox(agentId, frameworkId, 'pb-hello', containerId), 'stdout'), 'utf8');
  assert.match(stdout, /hello-from-protobuf/);
  // The master dropped the task once its terminal update was acknowledged; the operator API
  // (in protobuf) lists it as completed.
  await waitFor(
    async () => {
      const r = await postBytes(master.address, '/api/v1', protocEncode('mesos.v1.master.Call', 'type: GET_TASKS\n'), { Accept: PB });
      const tasks = parseTextFormat(protocDecode('mesos.v1.master.Response', r.body));
      return (textValues(tasks, 'get_tasks.completed_tasks') as TextMessage[]).some((t) => textString(t, 'task_id.value') === 'pb-hello' && textRaw(t, 'state') === 'TASK_FINISHED');
    },
    { what: 'pb-hello among the completed tasks' },
  );
});

real('the agent API in protobuf: GET_STATE and GET_CONTAINERS as mesos.v1.agent.Response, a session streamed as protobuf ProcessIO records', async () => {
  await launch('pb-long', `${res(0.1, 64)}\n        command { shell: true value: "sleep 600" }\n        ${IMAGE}`);
  const running = await nextUpdate('pb-long');
  assert.is(textRaw(running, 'update.status.state'), 'TASK_RUNNING');
  const containerId = textString(running, 'update.status.container_status.container_id.value');
  const agentCall = (text: string, headers: Record<string, string> = { Accept: PB }) => postBytes(agent.address, '/api/v1', protocEncode('mesos.v1.agent.Call', text), headers);

  const state = await agentCall('type: GET_STATE\n');
  assert.is(state.status, 200, state.body.toString());
  assert.is(state.headers['content-type'], PB);
  const st = parseTextFormat(protocDecode('mesos.v1.agent.Response', state.body));
  assert.is(textRaw(st, 'type'), 'GET_STATE');
  assert.ok(textValues(st, 'get_state.get_tasks.launched_tasks.task_id.value').includes('"pb-long"'), protocDecode('mesos.v1.agent.Response', state.body));
  assert.ok(textValues(st, 'get_state.get_frameworks.frameworks.framework_info.name').includes('"protobuf-e2e"'));

  const mine = await waitFor(
    async () => {
      const containers = await agentCall('type: GET_CONTAINERS\n');
      const cs = parseTextFormat(protocDecode('mesos.v1.agent.Response', containers.body));
      return (textValues(cs, 'get_containers.containers') as TextMessage[]).find((c) => textString(c, 'container_id.value') === containerId);
    },
    { what: "the task's container in GET_CONTAINERS", intervalMs: 200 },
  );
  assert.ok(Number(textRaw(mine, 'resource_statistics.timestamp')) > 0);
  assert.is(textString(mine, 'container_status.container_id.value'), containerId);

  // A session in the task's container, its output as protobuf ProcessIO records.
  const session = await RecordStream.open(
    agent.address,
    '/api/v1',
    protocEncode(
      'mesos.v1.agent.Call',
      `type: LAUNCH_NESTED_CONTAINER_SESSION\nlaunch_nested_container_session {\n  container_id { value: "pb-session" parent { value: "${containerId}" } }\n  command { shell: true value: "echo hi-from-session; echo oops >&2" }\n}\n`,
    ),
    'mesos.v1.agent.ProcessIO',
    { Accept: 'application/recordio', 'Message-Accept': PB },
  );
  try {
    assert.is(session.status, 200);
    assert.is(session.headers['content-type'], 'application/recordio');
    assert.is(session.headers['message-content-type'], PB);
    const out = await session.next(/^type: DATA\ndata \{\n  type: STDOUT\n/);
    assert.is(out.text, 'type: DATA\ndata {\n  type: STDOUT\n  data: "hi-from-session\\n"\n}\n');
    await session.next(/type: STDERR\n  data: "oops\\n"/);
  } finally {
    session.close();
  }
  const wait = await agentCall('type: WAIT_CONTAINER\nwait_container { container_id { value: "pb-session" parent { value: "' + containerId + '" } } }\n');
  assert.is(protocDecode('mesos.v1.agent.Response', wait.body), 'type: WAIT_CONTAINER\nwait_container {\n  exit_status: 0\n}\n');

  // Every answer carries in protobuf what it carries in JSON.
  const sandbox = agent.sandbox(textString(running, 'update.status.agent_id.value'), frameworkId, 'pb-long', containerId);
  for (const text of ['GET_HEALTH', 'GET_VERSION', 'GET_FLAGS', 'GET_AGENT', 'GET_STATE', 'GET_TASKS', 'GET_EXECUTORS', 'GET_FRAMEWORKS', 'GET_CONTAINERS']
    .map((t) => `type: ${t}\n`)
    .concat([`type: LIST_FILES\nlist_files { path: "${sandbox}" }\n`, `type: READ_FILE\nread_file { path: "${sandbox}/stdout" offset: 0 }\n`])) {
    const json = await agentCall(text, { Accept: 'application/json' });
    assert.is(json.status, 200, `${text}: ${json.body.toString()}`);
    const pb = await agentCall(text);
    assert.is(pb.status, 200);
    assert.is(pb.headers['content-type'], PB);
    assert.match(protocDecode('mesos.v1.agent.Response', pb.body), new RegExp(`^${text.split('\n')[0]}\n`));
    const lost = [...scalarPaths(parseJson(json.body))].filter((p) => !scalarPaths(decodeProtobuf('mesos.v1.agent.Response', pb.body)).has(p));
    assert.equal(lost, [], `${text}: fields of the JSON answer missing from the protobuf one`);
  }

  // Media types the agent API cannot satisfy.
  const html = await agentCall('type: GET_HEALTH\n', { Accept: 'text/html' });
  assert.is(html.status, 406);
  assert.match(html.body.toString(), /Expecting 'Accept' to allow/);
  const msgHtml = await agentCall(`type: ATTACH_CONTAINER_OUTPUT\nattach_container_output { container_id { value: "${containerId}" } }\n`, { Accept: 'application/recordio', 'Message-Accept': 'text/html' });
  assert.is(msgHtml.status, 406);
  assert.is(msgHtml.body.toString(), "Expecting 'Message-Accept' to allow 'application/x-protobuf' or 'application/json'");
  const malformed = await postBytes(agent.address, '/api/v1', Buffer.from([0x08, 0x80]), { Accept: PB });
  assert.is(malformed.status, 400);
  assert.match(malformed.body.toString(), /^Failed to parse body into Call protobuf: /);

  await call('type: KILL\nkill { task_id { value: "pb-long" } }\n');
  for (;;) if (textRaw(await nextUpdate('pb-long'), 'update.status.state') === 'TASK_KILLED') break;
});

real('an executor in protobuf: SUBSCRIBED and LAUNCH, its UPDATE ACKNOWLEDGED and forwarded, the framework MESSAGE, SHUTDOWN on TEARDOWN', async () => {
  // The executor's own command only sleeps: this test subscribes in its place.
  const executor = `executor {\n          type: CUSTOM\n          executor_id { value: "pb-exec" }\n          name: "protobuf executor"\n          command { shell: true value: "sleep 600" }\n          ${res(0.1, 32, true)}\n          ${IMAGE}\n        }`;
  const agentId = await launch('pb-exec-task', `${res(0.1, 32)}\n        ${executor}`);
  const ids = `executor_id { value: "pb-exec" }\nframework_id { value: "${frameworkId}" }\n`;
  const executorCall = (text: string, headers: Record<string, string> = {}) =>
    postBytes(agent.address, '/api/v1/executor', protocEncode('mesos.v1.executor.Call', `${ids}${text}`), headers);

  let stream: RecordStream | undefined;
  await waitFor(
    async () => {
      const s = await RecordStream.open(agent.address, '/api/v1/executor', protocEncode('mesos.v1.executor.Call', `${ids}type: SUBSCRIBE\nsubscribe {\n}\n`), 'mesos.v1.executor.Event', { Accept: PB });
      if (s.status === 200) stream = s;
      return s.status === 200;
    },
    { what: 'the executor container to be there to subscribe for', timeoutMs: 30_000, intervalMs: 300 },
  );
  const ex = stream!;
  try {
    assert.is(ex.headers['content-type'], PB);
    const subscribed = parseTextFormat((await ex.next(/^type: SUBSCRIBED\n/)).text);
    assert.is(textString(subscribed, 'subscribed.executor_info.executor_id.value'), 'pb-exec');
    assert.is(textString(subscribed, 'subscribed.framework_info.id.value'), frameworkId);
    assert.is(textString(subscribed, 'subscribed.agent_info.id.value'), agentId);
    assert.ok(textString(subscribed, 'subscribed.container_id.value').length > 0);
    const launched = parseTextFormat((await ex.next(/^type: LAUNCH\n/)).text);
    assert.is(textString(launched, 'launch.task.task_id.value'), 'pb-exec-task');

    const uuid = cEscape(Buffer.from('0123456789abcdef'));
    const running = await executorCall(`type: UPDATE\nupdate { status { task_id { value: "pb-exec-task" } state: TASK_RUNNING source: SOURCE_EXECUTOR uuid: "${uuid}" } }\n`);
    assert.is(running.status, 202, running.body.toString());
    const acked = parseTextFormat((await ex.next(/^type: ACKNOWLEDGED\n/)).text);
    assert.is(textRaw(acked, 'acknowledged.uuid'), `"${uuid}"`);
    const u = await nextUpdate('pb-exec-task');
    assert.is(textRaw(u, 'update.status.state'), 'TASK_RUNNING');
    assert.is(textRaw(u, 'update.status.source'), 'SOURCE_EXECUTOR');

    await call(`type: MESSAGE\nmessage { agent_id { value: "${agentId}" } executor_id { value: "pb-exec" } data: "hello \\001executor" }\n`);
    assert.is((await ex.next(/^type: MESSAGE\n/)).text, 'type: MESSAGE\nmessage {\n  data: "hello \\001executor"\n}\n');

    // An UPDATE without a uuid is refused by the same validation as in JSON.
    const noUuid = await executorCall('type: UPDATE\nupdate { status { task_id { value: "pb-exec-task" } state: TASK_RUNNING } }\n');
    assert.is(noUuid.status, 400);
    assert.match(noUuid.body.toString(), /call\.update\.status\.uuid/);
    // TEARDOWN while the task runs: the agent tells its executor to shut down.
    await call('type: TEARDOWN\n');
    await ex.next(/^type: SHUTDOWN\n$/);
  } finally {
    ex.close();
  }
});

test.run();
