// Fencing with the standalone contender: proofs while leading, and registry writes fenced by the
// lock file's identity, refused once another master took the lock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Recorder, masterInfo, type LeadershipEvent } from '@plateau/testkit/recorder';
import { StandaloneContender } from '../src/standalone';

const log = pino({ level: process.env.PLATEAU_TEST_LOG ?? 'silent' });
const dirs: string[] = [];
const stops: Array<() => void> = [];

function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plateau-standalone-fencing-'));
  dirs.push(dir);
  return dir;
}

function contender(dir: string): StandaloneContender {
  const c = new StandaloneContender(dir, { dir, pollMs: 20 }, log);
  stops.push(() => c.close());
  return c;
}

function contend(c: StandaloneContender, id: string): Recorder<LeadershipEvent> {
  const rec = new Recorder(c.contend({ masterInfo: masterInfo(id) }) as AsyncIterable<LeadershipEvent>);
  stops.push(() => void rec.stop());
  return rec;
}

test.after.each(() => {
  for (const stop of stops.splice(0)) stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('standalone: while it leads, each poll proves the lock held (valid_for_ms, the lock file as fencing token)', async () => {
  const rec = contend(contender(fresh()), 'a');
  const first = await rec.waitFor((e) => e.elected, 2_000, 'election');
  assert.is(first.v.validForMs, 60, 'three polls');
  assert.match(first.v.fencingToken ?? '', /^\d+-\d+-\d+$/);
  const proof = await rec.waitFor((e) => e.elected && e.reason === 'lock held', 1_000, 'a proof', first.index + 1);
  assert.is(proof.v.fencingToken, first.v.fencingToken, 'the same lock file');
});

test('standalone: a registry write fenced by a lock another master took is refused (PLT_ERR_FENCED); the new holder writes', async () => {
  const dir = fresh();
  const a = contender(dir);
  const b = contender(dir);
  const ra = contend(a, 'a');
  const oldToken = (await ra.waitFor((e) => e.elected, 2_000, 'a elected')).v.fencingToken!;
  const rb = contend(b, 'b');
  await rb.waitFor((e) => e.candidate && !e.elected, 2_000, 'b waiting');
  assert.is((await a.apply({ key: 'fenced', value: Buffer.from('by a'), fencingToken: oldToken })).version, '1');
  await a.withdraw({ masterId: 'a' });
  const newToken = (await rb.waitFor((e) => e.elected, 2_000, 'b elected after a withdrew')).v.fencingToken!;
  assert.is.not(newToken, oldToken);
  for (const registry of [a, b]) {
    try {
      await registry.apply({ key: 'fenced', value: Buffer.from('by deposed a'), fencingToken: oldToken, expectedVersion: 1 });
      assert.unreachable('a write fenced by the lost lock must be refused');
    } catch (err) {
      assert.is((err as { code?: string }).code, 'PLT_ERR_FENCED', (err as Error).message);
      assert.match((err as Error).message, /held by master b/);
    }
  }
  assert.is(Buffer.from((await b.get({ key: 'fenced' })).value).toString(), 'by a', 'the refused write changed nothing');
  assert.is((await b.apply({ key: 'fenced', value: Buffer.from('by b'), fencingToken: newToken, expectedVersion: 1 })).version, '2');
});

test.run();
