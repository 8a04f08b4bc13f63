// The master's hand-written JSON (state views) against the schema encoder it must match, the
// state answers streamed in slices against the same answers written at once, and the parsing of
// its command-line forms. In-process, no master running.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeMessage, parseJson, Resources, ResourceSchema, TaskSchema, TaskStatusSchema } from '@plateau/mesos';
import {
  AgentRecord,
  formatDuration,
  JsonSink,
  legacyStatusJson,
  MasterState,
  parseDuration,
  parseHostPort,
  resourceJson,
  snapshotLegacyState,
  snapshotState,
  statusToJson,
  StreamSink,
  TaskRecord,
  warmLegacyState,
  warmState,
  writeLegacyState,
  writeState,
  writeStateNow,
  writeTaskV1,
} from '@plateau/master';

const RESOURCES: any[] = [
  { name: 'cpus', type: 'SCALAR', scalar: { value: 1 } },
  { name: 'mem', type: 'SCALAR', scalar: { value: 0.125 }, allocation_info: { role: 'eng/web' } },
  { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 31010 }, { begin: 32000, end: 32000 }] } },
  { name: 'ports', type: 'RANGES', ranges: {} },
  { name: 'zones', type: 'SET', set: { item: ['a', 'b\u00e9'] } },
  { name: 'cpus', type: 'SCALAR', scalar: { value: 2 }, role: 'eng', reservations: [{ type: 'STATIC', role: 'eng' }, { type: 'DYNAMIC', role: 'eng/web', principal: 'ops' }] },
  { name: 'disk', type: 'SCALAR', scalar: { value: 64 }, reservations: [{ type: 'DYNAMIC', role: 'eng', labels: { labels: [{ key: 'k', value: 'v' }] } }] },
  { name: 'disk', type: 'SCALAR', scalar: { value: 64 }, disk: { persistence: { id: 'v1' }, volume: { container_path: 'data', mode: 'RW' } } },
  { name: 'gpus', type: 'SCALAR', scalar: { value: 1 }, revocable: {} },
];

test('hand-written Resource JSON is byte for byte what the schema encoder writes', () => {
  for (const r of RESOURCES) assert.is(resourceJson(r), encodeMessage(ResourceSchema, r), JSON.stringify(r));
});

test('a TaskStatus as the master records it is byte for byte what the schema encoder writes', () => {
  const id = { value: 't-1' };
  const statuses: any[] = [
    { task_id: id, state: 'TASK_RUNNING' },
    { task_id: id, state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', agent_id: { value: 'a-1' }, timestamp: 1700000000.5, uuid: new Uint8Array(16).fill(7) },
    { task_id: { value: 'caf\u00e9 "x"' }, state: 'TASK_FAILED', message: 'exit 1\n\u2603', source: 'SOURCE_AGENT', reason: 'REASON_COMMAND_EXECUTOR_FAILED', data: new Uint8Array([0, 1, 255]), agent_id: { value: 'a-1' }, executor_id: { value: 'e-1' }, timestamp: 1700000000, uuid: Buffer.from('abc'), healthy: false },
    { task_id: id, state: 'TASK_RUNNING', healthy: true, timestamp: 0, message: '' },
    { task_id: id, state: 'TASK_RUNNING', message: null, source: undefined, reason: null, agent_id: null },
    { task_id: id, state: 'TASK_RUNNING', labels: { labels: [{ key: 'k', value: 'v' }] } },
    { task_id: id, state: 'TASK_RUNNING', container_status: { network_infos: [{ ip_addresses: [{ ip_address: '10.0.0.1' }] }] } },
    { task_id: id, state: 'TASK_UNREACHABLE', unreachable_time: { nanoseconds: 1700000000000000000n } },
    { task_id: id, state: 'TASK_RUNNING', timestamp: 1e21 },
    { task_id: id, state: 'TASK_RUNNING', timestamp: Infinity },
  ];
  for (const st of statuses) assert.is(statusToJson(st), encodeMessage(TaskStatusSchema, st), JSON.stringify(st, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
});

test('a task written by the state view equals the schema encoding of the same Task', () => {
  const state = new MasterState(10);
  const fw = state.addFramework('fw-1');
  fw.setInfo({ user: 'alice', name: 'f', roles: ['eng'], capabilities: [{ type: 'MULTI_ROLE' }] });
  const agent = new AgentRecord('agent-1', { hostname: 'h', port: 5051 }, Resources.parse('cpus:4;mem:1024'), Date.now());
  const res = Resources.fromJSON([
    { name: 'cpus', type: 'SCALAR', scalar: { value: 0.5 }, allocation_info: { role: 'eng' } },
    { name: 'mem', type: 'SCALAR', scalar: { value: 64 }, allocation_info: { role: 'eng' } },
  ]).allocate('eng');
  const labels = { labels: [{ key: 'team', value: 'caf\u00e9' }] };
  const t = new TaskRecord({ name: 'web "1"', task_id: { value: 'web-1' }, agent_id: agent.idObj, labels }, fw, agent, 'exec-1', res, 'eng', Date.now());
  const status = { task_id: { value: 'web-1' }, state: 'TASK_RUNNING' as const, source: 'SOURCE_EXECUTOR' as const, agent_id: agent.idObj, timestamp: 1700000000.5, uuid: new Uint8Array(16).fill(7), healthy: true };
  t.addStatus('TASK_RUNNING', statusToJson(status), legacyStatusJson(status));
  t.statusUpdateState = 'TASK_RUNNING';
  t.statusUpdateUuid = Buffer.from(status.uuid).toString('base64');
  const sink = new JsonSink();
  writeTaskV1(t, sink);
  const written = sink.toString();
  const expected = encodeMessage(TaskSchema, {
    name: 'web "1"',
    task_id: { value: 'web-1' },
    framework_id: { value: 'fw-1' },
    executor_id: { value: 'exec-1' },
    agent_id: { value: 'agent-1' },
    state: 'TASK_RUNNING',
    resources: res.toJSON() as any,
    statuses: [status],
    status_update_state: 'TASK_RUNNING',
    status_update_uuid: status.uuid,
    labels,
    user: 'alice',
  });
  assert.is(written, expected);
  assert.ok(/^[\x20-\x7e]*$/.test(written), 'ASCII only');
  parseJson(written);
});

/** A state of `agents` agents running `perAgent` tasks each, every task with a TASK_RUNNING status. */
function bigState(agents: number, perAgent: number): MasterState {
  const state = new MasterState(10);
  const fw = state.addFramework('fw-big');
  fw.setInfo({ user: 'bob', name: 'big', roles: ['*'], capabilities: [{ type: 'MULTI_ROLE' }] });
  const now = 1700000000000;
  for (let a = 0; a < agents; a++) {
    const agent = new AgentRecord(`agent-${a}`, { hostname: `h${a}`, port: 5051 }, Resources.parse('cpus:64;mem:65536'), now);
    state.addAgent(agent);
    for (let k = 0; k < perAgent; k++) {
      const id = `task-${a}-${k}`;
      const res = Resources.parse(`cpus:${1 + (k % 3)};mem:32`).allocate('*');
      const t = new TaskRecord({ name: id, task_id: { value: id }, agent_id: agent.idObj }, fw, agent, undefined, res, '*', now);
      fw.tasks.set(id, t);
      agent.tasks.add(t);
      const status = { task_id: { value: id }, state: 'TASK_RUNNING' as const, source: 'SOURCE_EXECUTOR' as const, agent_id: agent.idObj, timestamp: now / 1000 + k, uuid: new Uint8Array(16).fill(k) };
      t.addStatus('TASK_RUNNING', statusToJson(status), legacyStatusJson(status));
    }
  }
  return state;
}

/** Serves one answer written by `write` into a StreamSink; resolves with its bytes as read by a client. */
async function streamed(write: (sink: StreamSink) => Promise<void>): Promise<string> {
  const server = http.createServer((_req, res) => {
    const sink = new StreamSink(res);
    void write(sink).then(() => sink.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<string>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  } finally {
    server.close();
  }
}

test('GET_STATE and /master/state made ahead and streamed in slices are byte for byte the answers written at once', async () => {
  // Large enough that writing takes several slices (and several 1 MiB chunks). Two equal states:
  // one written at once, with no caches made ahead; one warmed (sums, agents), then streamed.
  const state = bigState(400, 50);
  const fresh = bigState(400, 50);
  const v1Streamed = await streamed(async (sink) => {
    await warmState(state);
    await writeState(snapshotState(state), sink);
  });
  const v1 = new JsonSink();
  writeStateNow(fresh, v1);
  assert.ok(v1Streamed.length > 4 * 1024 * 1024, `GET_STATE of 20,000 tasks: ${v1Streamed.length} bytes`);
  assert.is(v1Streamed, v1.toString());
  parseJson(v1Streamed);

  const source = (s: MasterState) => ({ state: s, info: { id: 'master-1', ip: 16777343, port: 5050, pid: 'master@127.0.0.1:5050', hostname: 'localhost' }, opts: { version: '1.0.0', flags: {} }, startTime: 1700000000000, electedTime: 1700000001000, leading: true });
  const legacyStreamed = await streamed(async (sink) => {
    await warmLegacyState(state);
    await writeLegacyState(snapshotLegacyState(source(state)), sink);
  });
  const legacy = new JsonSink();
  await writeLegacyState(snapshotLegacyState(source(fresh)), legacy);
  assert.is(legacyStreamed, legacy.toString());
  assert.is(JSON.parse(legacyStreamed).frameworks[0].tasks.length, 20_000);
});

test("a framework's summed resources are made again once its tasks change", async () => {
  const state = bigState(2, 3);
  const fw = state.frameworks.get('fw-big')!;
  const source = { state, info: { id: 'm', ip: 16777343, port: 5050, pid: 'master@127.0.0.1:5050', hostname: 'localhost' }, opts: { version: '1.0.0', flags: {} }, startTime: 0, electedTime: 0, leading: true };
  const allocatedCpus = () => {
    const sink = new JsonSink();
    writeStateNow(state, sink);
    const framework = JSON.parse(sink.toString()).get_frameworks.frameworks[0];
    return framework.allocated_resources.filter((r: any) => r.name === 'cpus').reduce((n: number, r: any) => n + r.scalar.value, 0);
  };
  const usedCpus = async () => {
    const sink = new JsonSink();
    await writeLegacyState(snapshotLegacyState(source), sink);
    return JSON.parse(sink.toString()).frameworks[0].used_resources.cpus;
  };
  // Tasks k = 0, 1, 2 on each agent hold 1, 2 and 3 cpus.
  assert.is(allocatedCpus(), 12);
  assert.is(await usedCpus(), 12);
  const gone = fw.tasks.get('task-1-2')!;
  fw.tasks.delete(gone.id);
  gone.agent.tasks.delete(gone);
  assert.is(allocatedCpus(), 9);
  assert.is(await usedCpus(), 9);
  fw.tasks.set(gone.id, gone);
  gone.agent.tasks.add(gone);
  assert.is(allocatedCpus(), 12);
  assert.is(await usedCpus(), 12);
});

test('HOST:PORT and Mesos-style durations', () => {
  assert.equal(parseHostPort('127.0.0.1:5050'), { host: '127.0.0.1', port: 5050 });
  assert.equal(parseHostPort('[::1]:5050'), { host: '::1', port: 5050 });
  assert.equal(parseHostPort(':5050'), { host: '0.0.0.0', port: 5050 });
  assert.throws(() => parseHostPort('localhost'), /HOST:PORT/);
  assert.throws(() => parseHostPort('h:70000'), /HOST:PORT/);
  assert.is(parseDuration('15secs'), 15_000);
  assert.is(parseDuration('200ms'), 200);
  assert.is(parseDuration('10mins'), 600_000);
  assert.is(parseDuration('1.5s'), 1500);
  assert.is(parseDuration('250'), 250);
  assert.throws(() => parseDuration('soon'), /duration/);
  assert.is(formatDuration(15_000), '15secs');
  assert.is(formatDuration(600_000), '10mins');
  assert.is(formatDuration(250), '250ms');
});

test.run();
