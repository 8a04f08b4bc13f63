// Every error answer of the scheduler and operator APIs of a real master: 400 (with a message
// naming the field), 403, 404, 405, 406, 413, 415, 501, 307 from a master that does not lead,
// 503 when no master leads. A rejected call changes nothing, and the master survives all of it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { operatorCall, request, SchedulerClient } from '../helpers/scheduler-client';
import { waitFor } from '@plateau/testkit/wait';
import { frameworkInfo, startMaster, type MasterProcess } from './master-harness';
import { seededRandom } from '@plateau/testkit/random';

let master: MasterProcess;
let client: SchedulerClient;
const extra: MasterProcess[] = [];

const SCHED = '/api/v1/scheduler';
const post = (body: unknown, headers: Record<string, string> = {}, path = SCHED) => request(master.address, 'POST', path, body, headers);

test.before(async () => {
  master = await startMaster();
  client = await SchedulerClient.subscribe(master.address, frameworkInfo('errors', { failover_timeout: 60 }));
});

test.after(async () => {
  client?.close();
  for (const m of extra) await m.stop();
  await master?.stop();
});

test('400: body that is not JSON', async () => {
  const r = await post('{"type": "SUBSCRIBE",');
  assert.is(r.status, 400);
  assert.match(r.body, /Failed to parse body into JSON/);
  assert.match(String(r.headers['content-type']), /text\/plain/);
});

test('400: missing framework_id on a non-SUBSCRIBE call names the field', async () => {
  const r = await post({ type: 'REVIVE' }, { 'Mesos-Stream-Id': client.streamId });
  assert.is(r.status, 400);
  assert.match(r.body, /framework_id/);
});

test('400: a known field with the wrong JSON type, and an unknown call type, name the field', async () => {
  const wrong = await post({ type: 'KILL', framework_id: 'not-an-object' });
  assert.is(wrong.status, 400);
  assert.match(wrong.body, /call\.framework_id/);
  const unknownType = await post({ type: 'FLY_TO_THE_MOON', framework_id: { value: client.frameworkId } });
  assert.is(unknownType.status, 400);
  assert.match(unknownType.body, /call\.type/);
  const missingBody = await client.call({ type: 'KILL' });
  assert.is(missingBody.status, 400);
  assert.match(missingBody.body, /'kill'/);
});

test('400: Mesos-Stream-Id missing, mismatched, or sent on SUBSCRIBE; unknown framework', async () => {
  const missing = await post({ type: 'REVIVE', framework_id: { value: client.frameworkId } });
  assert.is(missing.status, 400);
  assert.match(missing.body, /Mesos-Stream-Id/);
  const wrong = await client.call({ type: 'REVIVE' }, { 'Mesos-Stream-Id': 'not-the-stream' });
  assert.is(wrong.status, 400);
  assert.match(wrong.body, /didn't match/);
  const onSubscribe = await post({ type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo('x') } }, { 'Mesos-Stream-Id': client.streamId });
  assert.is(onSubscribe.status, 400);
  const unknown = await post({ type: 'REVIVE', framework_id: { value: 'no-such-framework' } }, { 'Mesos-Stream-Id': client.streamId });
  assert.is(unknown.status, 400);
  assert.match(unknown.body, /cannot be found/);
});

test('400: missing Content-Type or a malformed protobuf body; 415: unsupported Content-Type; 406: unacceptable Accept on SUBSCRIBE', async () => {
  const [host, port] = master.address.split(':');
  const noType = await new Promise<number>((resolve, reject) => {
    const req = require('node:http').request({ host, port: Number(port), method: 'POST', path: SCHED }, (res: any) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end('{}');
  });
  assert.is(noType, 400);
  const xml = await post('<call/>', { 'Content-Type': 'application/xml' });
  assert.is(xml.status, 415);
  const proto = await post('x', { 'Content-Type': 'application/x-protobuf' });
  assert.is(proto.status, 400);
  assert.match(proto.body, /^Failed to parse body into Call protobuf: /);
  const accept = await post({ type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo('x') } }, { Accept: 'text/html' });
  assert.is(accept.status, 406);
});

test('404 for unknown paths, 405 for the wrong method (with a text body)', async () => {
  const nf = await request(master.address, 'GET', '/no/such/endpoint');
  assert.is(nf.status, 404);
  assert.ok(nf.body.length > 0);
  const get = await request(master.address, 'GET', SCHED);
  assert.is(get.status, 405);
  assert.match(get.body, /POST/);
  assert.is(get.headers.allow, 'POST');
  const op = await request(master.address, 'PUT', '/api/v1', '{}');
  assert.is(op.status, 405);
});

test('413 for a body over 16 MiB, declared or chunked; the master goes on', async () => {
  const big = Buffer.alloc(17 * 1024 * 1024, 0x20);
  // The master answers before reading the body and closes the connection, so the client may
  // also see EPIPE while still writing: try a few times for the answer itself.
  let status: number | undefined;
  for (let i = 0; i < 5 && status === undefined; i++) {
    const r = await post(big, {}, SCHED).catch((e: Error) => e);
    if (!(r instanceof Error)) status = r.status;
  }
  assert.is(status, 413);
  const [host, port] = master.address.split(':');
  const chunked = await new Promise<number | string>((resolve) => {
    const req = require('node:http').request(
      { host, port: Number(port), method: 'POST', path: SCHED, headers: { 'Content-Type': 'application/json' } },
      (res: any) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('error', (e: any) => resolve(String(e.code)));
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let n = 0;
    const write = () => {
      while (n < 20) {
        n++;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
  assert.is(chunked, 413);
  const health = await operatorCall(master.address, { type: 'GET_HEALTH' });
  assert.is(health.get_health.healthy, true);
});

test('501 for call type UNKNOWN; 501 for operator calls not implemented here', async () => {
  const r = await client.call({ type: 'UNKNOWN' });
  assert.is(r.status, 501);
  const op = await request(master.address, 'POST', '/api/v1', { type: 'UNKNOWN' });
  assert.is(op.status, 501);
});

test('SUBSCRIBE with an invalid FrameworkInfo: 200, then one ERROR event, then the stream closes', async () => {
  const err = await SchedulerClient.subscribe(master.address, { user: 'root', name: 'bad', roles: ['a', 'a'], capabilities: [{ type: 'MULTI_ROLE' }] }).catch((e: Error) => e);
  assert.instance(err, Error);
  assert.match((err as Error).message, /duplicate/);
});

test('403 for calls of a framework that is not subscribed (disconnected, failover pending)', async () => {
  const c = await SchedulerClient.subscribe(master.address, frameworkInfo('gone-quiet', { failover_timeout: 60 }));
  c.close();
  const r = await waitFor(
    async () => {
      const x = await c.call({ type: 'REVIVE' });
      return x.status === 403 ? x : undefined;
    },
    { what: '403 for the disconnected framework', timeoutMs: 5000 },
  );
  assert.match(r.body, /not subscribed/);
});

test('a rejected call changes nothing', async () => {
  const before = (await operatorCall(master.address, { type: 'GET_FRAMEWORKS' })).get_frameworks;
  await client.call({ type: 'SUPPRESS', suppress: { roles: ['not-a-role-of-mine'] } });
  await client.call({ type: 'ACCEPT', accept: { offer_ids: [] } });
  const after = (await operatorCall(master.address, { type: 'GET_FRAMEWORKS' })).get_frameworks;
  const strip = (x: any) => JSON.stringify(x.frameworks.map((f: any) => ({ ...f, offers: undefined, offered_resources: undefined })));
  assert.is(strip(after), strip(before));
});


const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, -1e308, 2 ** 64, 'Infinity', '', 'x'.repeat(5000), '\u0000\ud800', [], {}, [[[[[]]]]], true, { value: 7 }, [{ value: null }]];

/** A copy of `v` with one random leaf or key changed. */
function mutate(v: unknown, rnd: () => number): unknown {
  if (v === null || typeof v !== 'object') return ODD_VALUES[Math.floor(rnd() * ODD_VALUES.length)];
  const copy: any = Array.isArray(v) ? [...v] : { ...(v as object) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return ODD_VALUES[Math.floor(rnd() * ODD_VALUES.length)];
  const k = keys[Math.floor(rnd() * keys.length)]!;
  const roll = rnd();
  if (roll < 0.15) delete copy[k];
  else if (roll < 0.3) copy[k] = ODD_VALUES[Math.floor(rnd() * ODD_VALUES.length)];
  else copy[k] = mutate(copy[k], rnd);
  return copy;
}

test('hundreds of malformed calls and agent link messages get 4xx answers or are dropped; the master goes on', async () => {
  const agentId = { value: 'no-such-agent' };
  const resources = [
    { name: 'cpus', type: 'SCALAR', scalar: { value: 1 } },
    { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 31001 }] } },
    { name: 'disk', type: 'SCALAR', scalar: { value: 64 }, reservations: [{ type: 'DYNAMIC', role: 'eng', principal: 'p' }], disk: { persistence: { id: 'v' }, volume: { container_path: 'd', mode: 'RW' } } },
  ];
  const task = { name: 't', task_id: { value: 'fz' }, agent_id: agentId, resources, command: { value: 'true' }, limits: { cpus: { value: 'Infinity' } } };
  const seeds: Record<string, unknown>[] = [
    { type: 'ACCEPT', accept: { offer_ids: [{ value: 'o' }], operations: [{ type: 'LAUNCH', launch: { task_infos: [task] } }], filters: { refuse_seconds: 1 } } },
    { type: 'ACCEPT', accept: { offer_ids: [{ value: 'o' }], operations: [{ type: 'LAUNCH_GROUP', launch_group: { executor: { type: 'DEFAULT', executor_id: { value: 'e' } }, task_group: { tasks: [task] } } }] } },
    { type: 'ACCEPT', accept: { offer_ids: [{ value: 'o' }], operations: [{ type: 'RESERVE', reserve: { resources } }, { type: 'CREATE', create: { volumes: resources } }] } },
    { type: 'KILL', kill: { task_id: { value: 'fz' }, agent_id: agentId, kill_policy: { grace_period: { nanoseconds: 5 } } } },
    { type: 'ACKNOWLEDGE', acknowledge: { agent_id: agentId, task_id: { value: 'fz' }, uuid: Buffer.alloc(16).toString('base64') } },
    { type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: 'fz' }, agent_id: agentId }] } },
    { type: 'MESSAGE', message: { agent_id: agentId, executor_id: { value: 'e' }, data: 'aGk=' } },
    { type: 'SUPPRESS', suppress: { roles: ['*'] } },
    { type: 'UPDATE_FRAMEWORK', update_framework: { framework_info: { ...frameworkInfo('errors', { failover_timeout: 60 }), id: { value: client.frameworkId } } } },
  ];
  const rnd = seededRandom(42);
  const seen = new Set<number>();
  for (let i = 0; i < 300; i++) {
    const seed = seeds[i % seeds.length]!;
    let body = mutate(seed, rnd);
    if (rnd() < 0.5) body = mutate(body, rnd);
    const r = await client.call(body as Record<string, unknown>);
    seen.add(r.status);
    assert.ok([200, 202, 400, 403, 409, 501].includes(r.status), `status ${r.status} for ${JSON.stringify(body).slice(0, 300)}: ${r.body}`);
    assert.ok(r.status < 400 || r.body.length > 0, 'error answers carry a text body');
  }
  assert.ok(seen.has(202) && seen.has(400), `statuses seen: ${[...seen]}`);

  // The agent link: garbage registration, a message before registering.
  const grpc = require('@grpc/grpc-js');
  const { serviceClient } = require('@plateau/kernel');
  const Ctor = serviceClient('kernel.agent.v1.AgentLink');
  const link = new Ctor(master.address, grpc.credentials.createInsecure());
  const refused = async (first: Record<string, unknown>): Promise<number> => {
    const call = link.Connect();
    const code = new Promise<number>((resolve) => {
      call.on('error', (e: { code: number }) => resolve(e.code));
      call.on('data', () => undefined);
    });
    call.write(first);
    return code;
  };
  assert.is(await refused({ register: { hostname: 'h', resourcesJson: '{nope' } }), grpc.status.INVALID_ARGUMENT);
  assert.is(await refused({ register: { hostname: 'h', resourcesJson: '[{"name":"cpus","type":"SCALAR","scalar":{"value":"lots"}}]' } }), grpc.status.INVALID_ARGUMENT);
  assert.is(await refused({ statusUpdate: { frameworkId: 'x', statusJson: '{}' } }), grpc.status.FAILED_PRECONDITION);
  link.close();
  const health = await operatorCall(master.address, { type: 'GET_HEALTH' });
  assert.is(health.get_health.healthy, true);
  assert.is(master.proc.exitStatus, undefined, 'the master is still running');
});

test('307 from a master that does not lead, to the leader (host and port), for every leader-only endpoint', async () => {
  const follower = await startMaster({ standaloneDir: master.standaloneDir, leading: false });
  extra.push(follower);
  const r = await waitFor(
    async () => {
      const x = await request(follower.address, 'POST', SCHED, { type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo('x') } });
      return x.status === 307 ? x : undefined;
    },
    { what: 'a 307 from the follower', timeoutMs: 5000 },
  );
  assert.is(r.headers.location, `//127.0.0.1:${master.port}${SCHED}`);
  const op = await request(follower.address, 'POST', '/master/api/v1', { type: 'GET_STATE' });
  assert.is(op.status, 307);
  assert.is(op.headers.location, `//127.0.0.1:${master.port}/master/api/v1`);
  const state = await request(follower.address, 'GET', '/master/state');
  assert.is(state.status, 307);
  const redirect = await request(follower.address, 'GET', '/master/redirect');
  assert.is(redirect.status, 307);
  assert.is(redirect.headers.location, `//127.0.0.1:${master.port}`);
  const health = await request(follower.address, 'GET', '/health');
  assert.is(health.status, 200);
});

test('503 when no master leads', async () => {
  // A live process (this test) holds the standalone lock without advertising a master: nobody leads.
  const dir = path.join(path.dirname(master.standaloneDir), 'no-leader');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'leader.lock'), JSON.stringify({ pid: process.pid, masterId: 'nobody', info: {}, since: Date.now() }));
  const orphan = await startMaster({ standaloneDir: dir, leading: false });
  extra.push(orphan);
  const r = await request(orphan.address, 'POST', SCHED, { type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo('x') } });
  assert.is(r.status, 503);
  assert.match(r.body, /No leader elected/);
  const redirect = await request(orphan.address, 'GET', '/master/redirect');
  assert.is(redirect.status, 503);
});

test.run();
