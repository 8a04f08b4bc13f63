import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Etcd3 } from 'etcd3';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateWithSchema } from '@plateau/kernel';
import { casIncrements } from '@plateau/testkit/registry-cas';
import { contend, detect, soleLeader, type LeadershipEvent, type Recorder } from '@plateau/testkit/recorder';
import { startEtcd, type EtcdService } from '@plateau/testkit/etcd';
import { startProcess } from '@plateau/testkit/proc';
import definition, { EtcdConfigSchema, type EtcdConfig, type EtcdContender } from '../src/index';

type Event = LeadershipEvent;

const log = pino({ level: process.env.PLATEAU_TEST_LOG ?? 'silent' });
let service: EtcdService;
const opened: EtcdContender[] = [];
let prefixNo = 0;

/** A fresh prefix per test, so tests do not see each other's masters. */
const freshPrefix = () => `/plateau-test-${process.pid}-${++prefixNo}`;

function open(overrides: Partial<EtcdConfig> & { prefix: string }, endpoints = service.endpoints): EtcdContender {
  const config = { endpoints, leaseTtlSeconds: 2, callTimeoutMs: 5000, ...overrides } as EtcdConfig;
  assert.equal(validateWithSchema(EtcdConfigSchema, config), [], 'config is valid');
  const c = definition.create({ config, log, deps: {} as never, dirs: { state: '', run: '' }, apiVersion: 'v1' }) as EtcdContender;
  opened.push(c);
  return c;
}


/** A leader's proof of its lease: the standing did not change. */
const isProof = (e: LeadershipEvent) => e.elected && e.candidate && e.reason === 'lease proven';

function spawnContender(prefix: string, id: string, leaseTtlSeconds: number) {
  const dir = join(__dirname, '..', '..');
  const config = { endpoints: service.endpoints, prefix, leaseTtlSeconds, callTimeoutMs: 5000 };
  return startProcess(process.execPath, [join(__dirname, 'fixtures', 'contend.js'), dir, JSON.stringify(config), id], { name: `contend-${id}` });
}

test.before(async () => {
  service = await startEtcd({ nodes: 1 });
});

test.after.each(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

test.after(async () => {
  await service?.stop();
});

test('three contenders: exactly one is elected, and the detector of a fourth client sees it', async () => {
  const prefix = freshPrefix();
  const masters = ['a', 'b', 'c'].map((id) => ({ id, c: open({ prefix }) }));
  const t0 = Date.now();
  const recs = masters.map((m) => contend(m.c, m.id));
  const i = await soleLeader(recs, 10_000);
  const electedAfter = Date.now() - t0;
  for (const [j, r] of recs.entries()) {
    if (j !== i) await r.waitFor((e) => e.candidate && !e.elected, 5_000, `${masters[j]!.id} waiting`);
  }
  await sleep(300);
  assert.is(recs.filter((r) => r.last?.elected).length, 1, 'still exactly one leader');
  const observer = detect(open({ prefix }));
  await observer.waitFor((d) => d.leader?.id === masters[i]!.id, 5_000, 'the leader detected');
  console.log(`  etcd: first election ${electedAfter} ms after three contended`);
});

test('the leader withdraws, or its stream is closed: the next is elected and detectors follow', async () => {
  const prefix = freshPrefix();
  const cs = ['a', 'b', 'c'].map(() => open({ prefix }));
  const recs: Recorder<Event>[] = [];
  for (const [k, id] of ['a', 'b', 'c'].entries()) {
    recs.push(contend(cs[k]!, id));
    await recs[k]!.waitFor(() => true, 5_000, `${id} has a candidacy`);
  }
  assert.is(await soleLeader(recs, 5_000), 0);
  const observer = detect(open({ prefix }));
  await observer.waitFor((d) => d.leader?.id === 'a', 5_000, 'a detected');

  let t0 = Date.now();
  await cs[0]!.withdraw({ masterId: 'a' });
  await recs[0]!.waitFor((e) => !e.elected && !e.candidate, 2_000, 'a reports withdrawal');
  const b = await recs[1]!.waitFor((e) => e.elected, 2_000, 'b elected after a withdrew');
  console.log(`  etcd: withdraw → next elected in ${b.t - t0} ms`);
  await observer.waitFor((d) => d.leader?.id === 'b', 2_000, 'b detected');

  t0 = Date.now();
  await recs[1]!.stop();
  const c = await recs[2]!.waitFor((e) => e.elected, 2_000, 'c elected after b closed');
  console.log(`  etcd: close → next elected in ${c.t - t0} ms`);
  await observer.waitFor((d) => d.leader?.id === 'c', 2_000, 'c detected');
  await cs[2]!.withdraw({ masterId: 'c' });
  await observer.waitFor((d) => d.leader === null, 2_000, 'no leader detected');
});

test('layout: leased keys <prefix>/election/<lease id hex> holding MasterInfo JSON; the first created leads', async () => {
  const prefix = freshPrefix();
  const recs = [contend(open({ prefix }), 'first')];
  await recs[0]!.waitFor((e) => e.elected, 5_000, 'first elected');
  recs.push(contend(open({ prefix }), 'second'));
  await recs[1]!.waitFor((e) => e.candidate, 5_000, 'second candidate');
  const plain = new Etcd3({ hosts: service.endpoints });
  try {
    const res = await plain.getAll().prefix(`${prefix}/election/`).sort('Create', 'Ascend').exec();
    assert.is(res.kvs.length, 2);
    for (const kv of res.kvs) {
      const name = kv.key.toString().slice(`${prefix}/election/`.length);
      assert.is(name, BigInt(kv.lease).toString(16), 'key names its lease in hex');
      assert.ok(kv.lease !== '0', 'bound to a lease');
    }
    const j = JSON.parse(res.kvs[0]!.value.toString()) as Record<string, unknown>;
    assert.is(j.id, 'first');
    assert.is(j.pid, 'master@127.0.0.1:5050');
    assert.is(j.ip, 16777343);
  } finally {
    plain.close();
  }
});

test('the leader\'s lease revoked by another client: it steps down at once and campaigns again', async () => {
  const prefix = freshPrefix();
  const recs = ['a', 'b'].map((id) => contend(open({ prefix, leaseTtlSeconds: 5 }), id));
  const i = await soleLeader(recs, 5_000);
  const other = 1 - i;
  const before = recs[i]!.seen.length;
  const plain = new Etcd3({ hosts: service.endpoints });
  try {
    const res = await plain.getAll().prefix(`${prefix}/election/`).sort('Create', 'Ascend').limit(1).exec();
    const t0 = Date.now();
    await plain.leaseClient.leaseRevoke({ ID: res.kvs[0]!.lease });
    const down = await recs[i]!.waitFor((e) => !e.elected, 2_000, 'the leader steps down', before);
    assert.is(down.v.candidate, false);
    const up = await recs[other]!.waitFor((e) => e.elected, 2_000, 'the other is elected');
    console.log(`  etcd: lease revoked → leader stepped down in ${down.t - t0} ms, next elected in ${up.t - t0} ms`);
    await recs[i]!.waitFor((e) => e.candidate && !e.elected, 5_000, 'the old leader contends again', down.index + 1);
  } finally {
    plain.close();
  }
});

test('fencing: while it leads, proofs carry valid_for_ms and <candidate key>@<create revision> as fencing token', async () => {
  const prefix = freshPrefix();
  const rec = contend(open({ prefix, leaseTtlSeconds: 1 }), 'proven');
  const first = await rec.waitFor((e) => e.elected, 5_000, 'election');
  assert.ok(first.v.validForMs! > 0 && first.v.validForMs! <= 1000, `valid_for_ms ${first.v.validForMs} within the lease TTL`);
  assert.match(first.v.fencingToken ?? '', new RegExp(`^${prefix}/election/[0-9a-f]+@[1-9][0-9]*$`));
  await rec.waitFor((e) => isProof(e), 2_000, 'a keep-alive proof after election', first.index + 1);
});

test('fencing: a registry write under a leadership whose lease was revoked is refused (PLT_ERR_FENCED); the new leader writes', async () => {
  const prefix = freshPrefix();
  const recs = ['a', 'b'].map((id) => contend(open({ prefix, leaseTtlSeconds: 5 }), id));
  const i = await soleLeader(recs, 5_000);
  const oldToken = (await recs[i]!.waitFor((e) => e.elected, 1_000, 'the election event')).v.fencingToken!;
  const registry = open({ prefix });
  assert.is((await registry.apply({ key: 'fenced', value: Buffer.from('by the first leader'), fencingToken: oldToken })).version, '1');
  const plain = new Etcd3({ hosts: service.endpoints });
  try {
    const res = await plain.getAll().prefix(`${prefix}/election/`).sort('Create', 'Ascend').limit(1).exec();
    await plain.leaseClient.leaseRevoke({ ID: res.kvs[0]!.lease });
  } finally {
    plain.close();
  }
  const next = await recs[1 - i]!.waitFor((e) => e.elected, 5_000, 'the other is elected');
  for (const write of [{ expectedVersion: 1 }, {}, { delete: true }, { key: 'fenced-new', expectedVersion: 0 }]) {
    try {
      await registry.apply({ key: 'fenced', value: Buffer.from('by the deposed leader'), fencingToken: oldToken, ...write });
      assert.unreachable(`a write fenced by the revoked lease must be refused: ${JSON.stringify(write)}`);
    } catch (err) {
      assert.is((err as { code?: string }).code, 'PLT_ERR_FENCED', (err as Error).message);
    }
  }
  assert.is(Buffer.from((await registry.get({ key: 'fenced' })).value).toString(), 'by the first leader', 'the refused writes changed nothing');
  assert.is((await registry.get({ key: 'fenced-new' })).found, false);
  // The new leader's token writes; a stale expected version under a valid fence is a conflict, not a fence.
  assert.is((await registry.apply({ key: 'fenced', value: Buffer.from('by the successor'), fencingToken: next.v.fencingToken, expectedVersion: 1 })).version, '2');
  try {
    await registry.apply({ key: 'fenced', value: Buffer.from('stale'), fencingToken: next.v.fencingToken, expectedVersion: 1 });
    assert.unreachable('a stale expected version must conflict');
  } catch (err) {
    assert.is((err as { code?: string }).code, 'PLT_ERR_CONFLICT', (err as Error).message);
  }
});

test('kill -9 of the leading process: the next is elected within the lease TTL', async () => {
  const prefix = freshPrefix();
  const ttl = 1;
  const child = spawnContender(prefix, 'killed', ttl);
  await child.waitForLine(/"elected":true/, 10_000);
  const rec = contend(open({ prefix, leaseTtlSeconds: ttl }), 'survivor');
  await rec.waitFor((e) => e.candidate && !e.elected, 5_000, 'survivor waiting');
  const t0 = Date.now();
  await child.stop('SIGKILL');
  const e = await rec.waitFor((x) => x.elected, 5_000, 'survivor elected');
  const ms = e.t - t0;
  console.log(`  etcd: kill -9 of the leader → next elected in ${ms} ms (lease TTL ${ttl} s)`);
  assert.ok(ms < 2500, `failover took ${ms} ms`);
});

test('a paused leader: the others elect a new one, and the old one steps down the moment it runs again', async () => {
  const prefix = freshPrefix();
  const ttl = 1;
  const child = spawnContender(prefix, 'paused', ttl);
  await child.waitForLine(/"elected":true/, 10_000);
  const rec = contend(open({ prefix, leaseTtlSeconds: ttl }), 'other');
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
  console.log(`  etcd: SIGSTOP of the leader → next elected in ${e.t - t0} ms`);
  await sleep(500);
  const resumedAt = Date.now();
  process.kill(child.pid, 'SIGCONT');
  const deadline = Date.now() + 3_000;
  while (lines.length === 0 && Date.now() < deadline) await sleep(10);
  assert.ok(lines.length > 0, 'the resumed leader reported something');
  assert.is(lines[0]!.elected, false, `its first event after resuming is a demotion: ${JSON.stringify(lines)}`);
  assert.is(lines[0]!.candidate, false);
  console.log(`  etcd: resumed leader stepped down ${lines[0]!.t - resumedAt} ms after SIGCONT`);
  assert.ok(rec.last?.elected, 'the new leader still leads');
  await child.stop('SIGKILL');
});

test('etcd unresponsive: the leader steps down within 2/3 of its TTL, and leadership comes back after', async () => {
  const prefix = freshPrefix();
  const ttl = 2;
  const recs = ['a', 'b'].map((id) => contend(open({ prefix, leaseTtlSeconds: ttl }), id));
  const i = await soleLeader(recs, 5_000);
  const before = recs[i]!.seen.length;
  service.pause(0);
  const t0 = Date.now();
  try {
    const down = await recs[i]!.waitFor((e) => !e.elected, 4_000, 'the leader steps down while etcd is silent', before);
    console.log(`  etcd: server paused → leader stepped down after ${down.t - t0} ms (lease TTL ${ttl} s)`);
    assert.ok(down.t - t0 < ttl * 1000, `stepped down before the lease could have expired (${down.t - t0} ms)`);
  } finally {
    service.resume(0);
  }
  await soleLeader(recs, 15_000);
});

test('registry: compare-and-set under concurrent writers loses no update', async () => {
  const prefix = freshPrefix();
  const writers = [0, 1, 2, 3].map(() => open({ prefix }));
  const key = 'counter';
  await writers[0]!.apply({ key, value: Buffer.from('0'), expectedVersion: 0 });
  const perWriter = 10;
  const conflicts = await casIncrements(writers, key, perWriter);
  const end = await writers[0]!.get({ key });
  assert.is(Buffer.from(end.value).toString(), String(writers.length * perWriter));
  assert.is(Number(end.version), writers.length * perWriter + 1);
  console.log(`  etcd registry: ${writers.length * perWriter} increments by ${writers.length} writers, ${conflicts} conflicts retried`);
});

test('a 3-member cluster: with one member killed, leadership holds, election and the registry keep working', async () => {
  const cluster = await startEtcd({ nodes: 3 });
  const local: EtcdContender[] = [];
  try {
    const prefix = freshPrefix();
    const mk = () => {
      // A long lease: this test is about a member dying, not about lease timing on a loaded machine.
      const c = open({ prefix, leaseTtlSeconds: 15 }, cluster.endpoints);
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
    for (const member of [0, 1, 2]) {
      await cluster.kill(member);
      await sleep(2000);
      const changes = recs[0]!.seen.slice(before).filter((s) => !isProof(s.v));
      assert.equal(changes.map((s) => s.v), [], `leadership held with member ${member} down (only proofs)`);
      const w = await retry(async () => {
        const r = await cs[1]!.get({ key: 'k' });
        return cs[1]!.apply({ key: 'k', value: Buffer.from(String(member + 2)), expectedVersion: r.version });
      });
      assert.ok(Number(w.version) >= 2);
      await cluster.restart(member);
    }
    await cluster.kill(2);
    const t0 = Date.now();
    await cs[0]!.withdraw({ masterId: 'a' });
    const b = await recs[1]!.waitFor((e) => e.elected, 5_000, 'b elected with a member down');
    console.log(`  etcd cluster (one of three down): withdraw → next elected in ${b.t - t0} ms`);
    assert.is(Buffer.from((await retry(() => cs[2]!.get({ key: 'k' }))).value).toString(), '4');
  } finally {
    await Promise.all(local.map((c) => c.close()));
    await cluster.stop();
  }
});

/**
 * A registry call may land on the member just killed: the registry does not retry writes on
 * its own (the caller decides), so the test retries calls that failed as unavailable.
 */
async function retry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || (err as { code?: string }).code !== 'PLT_ERR_MODULE_DOWN') throw err;
      await sleep(200);
    }
  }
}

test.run();
