import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as zk from 'node-zookeeper-client';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateWithSchema } from '@plateau/kernel';
import { casIncrements } from '@plateau/testkit/registry-cas';
import { Recorder, contend, detect, soleLeader, type LeadershipEvent } from '@plateau/testkit/recorder';
import { startZooKeeper, type ZooKeeperService } from '@plateau/testkit/zookeeper';
import { startProcess } from '@plateau/testkit/proc';
import { captureLogger } from '@plateau/testkit/capture-logger';
import definition, { ZkConfigSchema, type ZkConfig, type ZkContender } from '../src/index';

type Event = LeadershipEvent;

const log = pino({ level: process.env.PLATEAU_TEST_LOG ?? 'silent' });
let service: ZooKeeperService;
const opened: ZkContender[] = [];
let pathNo = 0;

/** A fresh election path per test, so tests do not see each other's masters. */
const freshPath = () => `/plateau-test-${process.pid}-${++pathNo}`;

function open(overrides: Partial<ZkConfig> & { path: string }, servers = service.servers): ZkContender {
  const config = { servers, sessionTimeoutMs: 2000, connectTimeoutMs: 5000, ...overrides } as ZkConfig;
  assert.equal(validateWithSchema(ZkConfigSchema, config), [], 'config is valid');
  const c = definition.create({ config, log, deps: {} as never, dirs: { state: '', run: '' }, apiVersion: 'v1' }) as ZkContender;
  opened.push(c);
  return c;
}


/** A leader's proof of its session: the standing did not change. */
const isProof = (e: Event) => e.elected && e.candidate && e.reason === 'session proven';

/** A plain ZooKeeper client (what a Mesos tool would use). */
async function plainClient(servers: string[]): Promise<zk.Client> {
  const client = zk.createClient(servers.join(','), { sessionTimeout: 5000 });
  await new Promise<void>((resolve) => {
    client.once('connected', () => resolve());
    client.connect();
  });
  return client;
}

test.before(async () => {
  service = await startZooKeeper({ nodes: 1 });
});

test.after.each(() => {
  for (const c of opened.splice(0)) c.close();
});

test.after(async () => {
  await service?.stop();
});

test('three contenders: exactly one is elected, and the detector of a fourth client sees it', async () => {
  const path = freshPath();
  const masters = ['a', 'b', 'c'].map((id) => ({ id, c: open({ path }) }));
  const t0 = Date.now();
  const recs = masters.map((m) => contend(m.c, m.id));
  const i = await soleLeader(recs, 10_000);
  const electedAfter = Date.now() - t0;
  for (const [j, r] of recs.entries()) {
    if (j !== i) await r.waitFor((e) => e.candidate && !e.elected, 5_000, `${masters[j]!.id} waiting`);
  }
  await sleep(300);
  assert.is(recs.filter((r) => r.last?.elected).length, 1, 'still exactly one leader');
  const observer = detect(open({ path }));
  const seen = await observer.waitFor((d) => d.leader?.id === masters[i]!.id, 5_000, 'the leader detected');
  assert.ok(seen);
  console.log(`  zookeeper: first election ${electedAfter} ms after three contended`);
});

test('the leader withdraws, or its stream is closed: the next is elected and detectors follow', async () => {
  const path = freshPath();
  const cs = ['a', 'b', 'c'].map(() => open({ path }));
  const recs: Recorder<Event>[] = [];
  // One after the other, so the order of election is known: a, then b, then c.
  for (const [k, id] of ['a', 'b', 'c'].entries()) {
    recs.push(contend(cs[k]!, id));
    await recs[k]!.waitFor(() => true, 5_000, `${id} has a candidacy`);
  }
  assert.is(await soleLeader(recs, 5_000), 0);
  const observer = detect(open({ path }));
  await observer.waitFor((d) => d.leader?.id === 'a', 5_000, 'a detected');

  let t0 = Date.now();
  await cs[0]!.withdraw({ masterId: 'a' });
  await recs[0]!.waitFor((e) => !e.elected && !e.candidate, 2_000, 'a reports withdrawal');
  const b = await recs[1]!.waitFor((e) => e.elected, 2_000, 'b elected after a withdrew');
  console.log(`  zookeeper: withdraw → next elected in ${b.t - t0} ms`);
  await observer.waitFor((d) => d.leader?.id === 'b', 2_000, 'b detected');

  t0 = Date.now();
  await recs[1]!.stop(); // the consumer goes away: the session closes, the node goes
  const c = await recs[2]!.waitFor((e) => e.elected, 2_000, 'c elected after b closed');
  console.log(`  zookeeper: close → next elected in ${c.t - t0} ms`);
  await observer.waitFor((d) => d.leader?.id === 'c', 2_000, 'c detected');
  await cs[2]!.withdraw({ masterId: 'c' });
  await observer.waitFor((d) => d.leader === null, 2_000, 'no leader detected');
});

test('Mesos layout: a plain ZooKeeper client finds json.info_0000000000 holding MasterInfo JSON', async () => {
  const path = freshPath();
  const c = open({ path });
  const rec = new Recorder(c.contend({ masterInfo: { id: 'mesos-compat', hostname: 'm1.example.com', ip: '10.0.0.5', port: 5050, version: '1.11.0' } }) as AsyncIterable<Event>);
  await rec.waitFor((e) => e.elected, 5_000, 'election');
  const plain = await plainClient(service.servers);
  try {
    const children = await new Promise<string[]>((res, rej) => plain.getChildren(path, (err, ch) => (err ? rej(err) : res(ch))));
    assert.equal(children, ['json.info_0000000000']);
    const data = await new Promise<Buffer>((res, rej) => plain.getData(`${path}/json.info_0000000000`, (err, d) => (err ? rej(err) : res(d))));
    const text = data.toString();
    assert.equal(JSON.parse(text), {
      address: { hostname: 'm1.example.com', ip: '10.0.0.5', port: 5050 },
      hostname: 'm1.example.com',
      id: 'mesos-compat',
      ip: 83886090, // Mesos's integer form of 10.0.0.5
      pid: 'master@10.0.0.5:5050',
      port: 5050,
      version: '1.11.0',
    });
    assert.ok(text.startsWith('{"address":{"hostname"'), `compact, keys sorted as Mesos writes them: ${text}`);
    const stat = await new Promise<zk.Stat>((res, rej) => plain.exists(`${path}/json.info_0000000000`, (err, s) => (err ? rej(err) : res(s))));
    assert.ok(stat.ephemeralOwner.toString('hex') !== '0000000000000000', 'the node is ephemeral');
  } finally {
    plain.close();
  }
});

test('a node written by a Mesos master is detected as the leader', async () => {
  const path = freshPath();
  const plain = await plainClient(service.servers);
  try {
    await new Promise((res, rej) => plain.mkdirp(path, (err) => (err ? rej(err) : res(undefined))));
    const mesos = '{"address":{"hostname":"mesos-1","ip":"10.0.0.7","port":5050},"hostname":"mesos-1","id":"from-mesos","ip":117440522,"pid":"master@10.0.0.7:5050","port":5050,"version":"1.11.0","capabilities":[{"type":"AGENT_UPDATE"}]}';
    await new Promise((res, rej) => plain.create(`${path}/json.info_`, Buffer.from(mesos), zk.CreateMode.EPHEMERAL_SEQUENTIAL, (err, p) => (err ? rej(err) : res(p))));
    await new Promise((res, rej) => plain.create(`${path}/log_replicas`, (err, p) => (err ? rej(err) : res(p))));
    const rec = detect(open({ path }));
    const d = await rec.waitFor((x) => x.leader !== null, 5_000, 'the Mesos master detected');
    assert.is(d.v.leader?.id, 'from-mesos');
    assert.is((d.v.leader as { ip?: string }).ip, '10.0.0.7');
    assert.is((d.v.leader as { pid?: string }).pid, 'master@10.0.0.7:5050');
    // Our contender queues behind it.
    const ours = contend(open({ path }), 'ours');
    await ours.waitFor((e) => e.candidate && !e.elected && e.leader?.id === 'from-mesos', 5_000, 'ours waits behind the Mesos master');
  } finally {
    plain.close();
  }
});

test('kill -9 of the leading process: the next is elected within the session timeout', async () => {
  const path = freshPath();
  const sessionTimeoutMs = 1000;
  const dir = join(__dirname, '..', '..');
  const child = startProcess(process.execPath, [join(__dirname, 'fixtures', 'contend.js'), dir, JSON.stringify({ servers: service.servers, path, sessionTimeoutMs, connectTimeoutMs: 5000 }), 'killed'], { name: 'contend-killed' });
  await child.waitForLine(/"elected":true/, 10_000);
  const rec = contend(open({ path, sessionTimeoutMs }), 'survivor');
  await rec.waitFor((e) => e.candidate && !e.elected, 5_000, 'survivor waiting');
  const t0 = Date.now();
  await child.stop('SIGKILL');
  const e = await rec.waitFor((x) => x.elected, 5_000, 'survivor elected');
  const ms = e.t - t0;
  console.log(`  zookeeper: kill -9 of the leader → next elected in ${ms} ms (session timeout ${sessionTimeoutMs} ms)`);
  assert.ok(ms < 2000, `failover took ${ms} ms`);
});

test('a paused leader: the others elect a new one, and the old one steps down the moment it runs again', async () => {
  const path = freshPath();
  const sessionTimeoutMs = 1000;
  const dir = join(__dirname, '..', '..');
  const child = startProcess(process.execPath, [join(__dirname, 'fixtures', 'contend.js'), dir, JSON.stringify({ servers: service.servers, path, sessionTimeoutMs, connectTimeoutMs: 5000 }), 'paused'], { name: 'contend-paused' });
  await child.waitForLine(/"elected":true/, 10_000);
  const rec = contend(open({ path, sessionTimeoutMs }), 'other');
  await rec.waitFor((e) => e.candidate && !e.elected, 5_000, 'other waiting');
  const lines: Array<{ t: number; elected?: boolean; candidate?: boolean }> = [];
  child.onLine((l) => {
    try {
      lines.push(JSON.parse(l) as { t: number });
    } catch {
      /* not an event */
    }
  });
  process.kill(child.pid, 'SIGSTOP');
  const t0 = Date.now();
  const e = await rec.waitFor((x) => x.elected, 5_000, 'other elected while the leader is paused');
  console.log(`  zookeeper: SIGSTOP of the leader → next elected in ${e.t - t0} ms`);
  await sleep(500);
  const resumedAt = Date.now();
  process.kill(child.pid, 'SIGCONT');
  const deadline = Date.now() + 3_000;
  while (lines.length === 0 && Date.now() < deadline) await sleep(10);
  assert.ok(lines.length > 0, 'the resumed leader reported something');
  assert.is(lines[0]!.elected, false, `its first event after resuming is a demotion: ${JSON.stringify(lines)}`);
  assert.is(lines[0]!.candidate, false);
  console.log(`  zookeeper: resumed leader stepped down ${lines[0]!.t - resumedAt} ms after SIGCONT`);
  assert.ok(rec.last?.elected, 'the new leader still leads');
  await child.stop('SIGKILL');
});

test('fencing: while it leads, proofs carry valid_for_ms and the election znode as fencing token', async () => {
  const path = freshPath();
  const rec = contend(open({ path, sessionTimeoutMs: 1000 }), 'proven');
  const first = await rec.waitFor((e) => e.elected, 5_000, 'election');
  assert.ok(first.v.validForMs! > 0 && first.v.validForMs! <= 1000, `valid_for_ms ${first.v.validForMs} within the session timeout`);
  assert.match(first.v.fencingToken ?? '', new RegExp(`^${path}/json\\.info_\\d{10}$`));
  // Heartbeats (every quarter of the timeout) keep proving it.
  await rec.waitFor((e) => e.elected && e.reason === 'session proven', 2_000, 'a proof after election', first.index + 1);
});

test('fencing: a registry write under a leadership whose session expired is refused (PLT_ERR_FENCED); the new leader writes', async () => {
  const path = freshPath();
  const sessionTimeoutMs = 1000;
  const dir = join(__dirname, '..', '..');
  const child = startProcess(process.execPath, [join(__dirname, 'fixtures', 'contend.js'), dir, JSON.stringify({ servers: service.servers, path, sessionTimeoutMs, connectTimeoutMs: 5000 }), 'deposed'], { name: 'contend-deposed' });
  try {
    const line = (await child.waitForLine(/^\{.*"elected":true.*\}$/, 10_000))[0];
    const oldToken = (JSON.parse(line) as { fencingToken: string }).fencingToken;
    assert.ok(oldToken, `the elected event carries a fencing token: ${line}`);
    const registry = open({ path });
    assert.is((await registry.apply({ key: 'fenced', value: Buffer.from('by the first leader'), fencingToken: oldToken })).version, '1');
    const rec = contend(open({ path, sessionTimeoutMs }), 'successor');
    await rec.waitFor((e) => e.candidate && !e.elected, 5_000, 'successor waiting');
    process.kill(child.pid, 'SIGSTOP'); // its session expires; its node goes
    const elected = await rec.waitFor((e) => e.elected, 5_000, 'successor elected while the first leader is paused');
    for (const expectedVersion of [undefined, 1]) {
      try {
        await registry.apply({ key: 'fenced', value: Buffer.from('by the deposed leader'), fencingToken: oldToken, expectedVersion });
        assert.unreachable('a write fenced by the deposed leadership must be refused');
      } catch (err) {
        assert.is((err as { code?: string }).code, 'PLT_ERR_FENCED', (err as Error).message);
      }
    }
    try {
      await registry.apply({ key: 'fenced-new', value: Buffer.from('x'), fencingToken: oldToken, expectedVersion: 0 });
      assert.unreachable('a fenced create must be refused too');
    } catch (err) {
      assert.is((err as { code?: string }).code, 'PLT_ERR_FENCED', (err as Error).message);
    }
    const got = await registry.get({ key: 'fenced' });
    assert.is(Buffer.from(got.value).toString(), 'by the first leader', 'the refused write changed nothing');
    assert.is((await registry.get({ key: 'fenced-new' })).found, false);
    const next = await registry.apply({ key: 'fenced', value: Buffer.from('by the successor'), fencingToken: elected.v.fencingToken, expectedVersion: 1 });
    assert.is(next.version, '2');
  } finally {
    await child.stop('SIGKILL');
  }
});

test('ZooKeeper unresponsive beyond the session timeout: the leader steps down, and leadership comes back after', async () => {
  const path = freshPath();
  const sessionTimeoutMs = 1000;
  const recs = ['a', 'b'].map((id) => contend(open({ path, sessionTimeoutMs }), id));
  const i = await soleLeader(recs, 5_000);
  const before = recs[i]!.seen.length;
  service.pause(0);
  const t0 = Date.now();
  try {
    const down = await recs[i]!.waitFor((e) => !e.elected, 3_000, 'the leader steps down while ZooKeeper is silent', before);
    console.log(`  zookeeper: server paused → leader stepped down after ${down.t - t0} ms (session timeout ${sessionTimeoutMs} ms)`);
    assert.ok(down.t - t0 < sessionTimeoutMs, `stepped down before the session could have expired (${down.t - t0} ms)`);
  } finally {
    service.resume(0);
  }
  await soleLeader(recs, 10_000);
});

test('a session the ensemble clamps is reported: the warning names both values', async () => {
  // An ensemble with tickTime 1,000 ms (ZooKeeper's own bounds: sessions of 2,000 ms at least).
  const slow = await startZooKeeper({ nodes: 1, tickTimeMs: 1000 });
  try {
    const { logger, records } = captureLogger('warn');
    const config = { servers: slow.servers, path: freshPath(), sessionTimeoutMs: 1000, connectTimeoutMs: 5000 } as ZkConfig;
    const c = definition.create({ config, log: logger, deps: {} as never, dirs: { state: '', run: '' }, apiVersion: 'v1' }) as ZkContender;
    opened.push(c);
    const rec = contend(c, 'clamped');
    await rec.waitFor((e) => e.elected, 15_000, 'elected');
    const warned = records.find((r) => r.negotiatedMs !== undefined);
    assert.ok(warned, `a warning about the session timeout: ${JSON.stringify(records)}`);
    assert.is(warned!.askedMs, 1000);
    assert.is(warned!.negotiatedMs, 2000);
    assert.match(String(warned!.msg), /set the session timeout to 2000 ms, not the 1000 ms configured/);
  } finally {
    for (const c of opened.splice(0)) c.close();
    await slow.stop();
  }
});

test('a reconnect within the session keeps leadership', async () => {
  const path = freshPath();
  const rec = contend(open({ path, sessionTimeoutMs: 6000 }), 'steady');
  await rec.waitFor((e) => e.elected, 5_000, 'election');
  const before = rec.seen.length;
  // Pause the server briefly (a third of the session): the client reconnects within the session.
  service.pause(0);
  await sleep(1500);
  service.resume(0);
  await sleep(2500);
  const changes = rec.seen.slice(before).filter((s) => !isProof(s.v));
  assert.equal(changes.map((s) => s.v), [], 'no change of standing (only proofs)');
  assert.ok(rec.last?.elected);
});

test('registry: compare-and-set under concurrent writers loses no update', async () => {
  const path = freshPath();
  const writers = [0, 1, 2, 3].map(() => open({ path }));
  const key = 'counter';
  await writers[0]!.apply({ key, value: Buffer.from('0'), expectedVersion: 0 });
  const perWriter = 10;
  const conflicts = await casIncrements(writers, key, perWriter);
  const end = await writers[0]!.get({ key });
  assert.is(Buffer.from(end.value).toString(), String(writers.length * perWriter));
  assert.is(Number(end.version), writers.length * perWriter + 1);
  console.log(`  zookeeper registry: ${writers.length * perWriter} increments by ${writers.length} writers, ${conflicts} conflicts retried`);
});

test('registry: keys with slashes and dots are stored flat under <path>/registry and listed by prefix', async () => {
  const path = freshPath();
  const c = open({ path });
  await c.apply({ key: 'agents/a.1', value: Buffer.from('x') });
  await c.apply({ key: 'agents/..', value: Buffer.from('y') });
  await c.apply({ key: 'quota/r1', value: Buffer.from('z') });
  const { entries } = await c.list({ prefix: 'agents/' });
  assert.equal(entries.map((e) => e.key), ['agents/..', 'agents/a.1']);
  const plain = await plainClient(service.servers);
  try {
    const children = await new Promise<string[]>((res, rej) => plain.getChildren(`${path}/registry`, (err, ch) => (err ? rej(err) : res(ch))));
    assert.equal(children.sort(), ['agents%2F%2E%2E', 'agents%2Fa%2E1', 'quota%2Fr1']);
  } finally {
    plain.close();
  }
});

test('a 3-node ensemble: with one node killed, leadership holds, election and the registry keep working', async () => {
  const ensemble = await startZooKeeper({ nodes: 3 });
  const local: ZkContender[] = [];
  try {
    const path = freshPath();
    const mk = () => {
      const c = open({ path, sessionTimeoutMs: 4000 }, ensemble.servers);
      local.push(c);
      return c;
    };
    const recs: Recorder<Event>[] = [];
    const cs = [mk(), mk(), mk()];
    for (const [k, id] of ['a', 'b', 'c'].entries()) {
      recs.push(contend(cs[k]!, id));
      await recs[k]!.waitFor(() => true, 10_000, `${id} has a candidacy`);
    }
    assert.is(await soleLeader(recs, 5_000), 0);
    await cs[0]!.apply({ key: 'k', value: Buffer.from('1'), expectedVersion: 0 });
    const before = recs[0]!.seen.length;
    for (const node of [0, 1, 2]) {
      // Kill one node at a time (a quorum of two remains); clients on it move to another.
      await ensemble.kill(node);
      await sleep(1500);
      const changes = recs[0]!.seen.slice(before).filter((s) => !isProof(s.v));
      assert.equal(changes.map((s) => s.v), [], `leadership held with node ${node + 1} down (only proofs)`);
      const r = await cs[1]!.get({ key: 'k' });
      const w = await cs[1]!.apply({ key: 'k', value: Buffer.from(String(node + 2)), expectedVersion: r.version });
      assert.is(Number(w.version), Number(r.version) + 1);
      await ensemble.restart(node);
    }
    await ensemble.kill(2);
    const t0 = Date.now();
    await cs[0]!.withdraw({ masterId: 'a' });
    const b = await recs[1]!.waitFor((e) => e.elected, 5_000, 'b elected with a node down');
    console.log(`  zookeeper ensemble (one of three down): withdraw → next elected in ${b.t - t0} ms`);
    assert.is(Buffer.from((await cs[2]!.get({ key: 'k' })).value).toString(), '4');
  } finally {
    for (const c of local) c.close();
    await ensemble.stop();
  }
});

test.run();
