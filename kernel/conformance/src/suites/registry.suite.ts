import * as assert from 'uvu/assert';
import type { ConformanceSuite } from '../harness';

interface RegistryApi {
  get(req: { key: string }): Promise<{ found: boolean; value: Uint8Array; version: string }>;
  apply(req: { key: string; value?: Uint8Array; expectedVersion?: string | number; delete?: boolean }): Promise<{ version: string }>;
  list(req: { prefix: string }): Promise<{ entries: Array<{ key: string; value: Uint8Array; version: string }> }>;
}

const unique = (t: string) => `conformance/${t}/${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    assert.is((err as { code?: string }).code, code, `expected error code ${code}, got ${(err as Error).message}`);
    return;
  }
  assert.unreachable(`expected a rejection with ${code}`);
}

/** The registry contract: versioned, compare-and-set, binary-safe values, prefix listing. */
export const registrySuite: ConformanceSuite<RegistryApi> = (test) => {
  test('registry: a missing key is not found', async ({ h }) => {
    const r = await h.instance.get({ key: unique('missing') });
    assert.is(r.found, false);
  });

  test('registry: create with expected version 0, then read back value and version', async ({ h }) => {
    const key = unique('create');
    const w = await h.instance.apply({ key, value: Buffer.from('hello'), expectedVersion: 0 });
    assert.is(Number(w.version), 1);
    const r = await h.instance.get({ key });
    assert.ok(r.found);
    assert.is(Buffer.from(r.value).toString(), 'hello');
    assert.is(Number(r.version), 1);
  });

  test('registry: a stale expected version is a conflict and changes nothing', async ({ h }) => {
    const key = unique('cas');
    await h.instance.apply({ key, value: Buffer.from('v1'), expectedVersion: 0 });
    const w2 = await h.instance.apply({ key, value: Buffer.from('v2'), expectedVersion: 1 });
    await rejectsWith(h.instance.apply({ key, value: Buffer.from('stale'), expectedVersion: 1 }), 'PLT_ERR_CONFLICT');
    await rejectsWith(h.instance.apply({ key, value: Buffer.from('again'), expectedVersion: 0 }), 'PLT_ERR_CONFLICT');
    const r = await h.instance.get({ key });
    assert.is(Buffer.from(r.value).toString(), 'v2');
    assert.is(Number(r.version), Number(w2.version));
  });

  test('registry: versions increase on every write without expected version', async ({ h }) => {
    const key = unique('bump');
    const a = await h.instance.apply({ key, value: Buffer.from('a') });
    const b = await h.instance.apply({ key, value: Buffer.from('b') });
    assert.ok(Number(b.version) > Number(a.version), `${b.version} > ${a.version}`);
  });

  test('registry: values are binary-safe', async ({ h }) => {
    const key = unique('bin');
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a, 0x0d, 0x80]);
    await h.instance.apply({ key, value: bytes });
    const r = await h.instance.get({ key });
    assert.equal([...Buffer.from(r.value)], [...bytes]);
  });

  test('registry: delete removes the key', async ({ h }) => {
    const key = unique('del');
    const w = await h.instance.apply({ key, value: Buffer.from('x') });
    await h.instance.apply({ key, delete: true, expectedVersion: w.version });
    assert.is((await h.instance.get({ key })).found, false);
  });

  test('registry: list returns exactly the keys under a prefix, sorted', async ({ h }) => {
    const prefix = `${unique('list')}/`;
    for (const k of ['b', 'a', 'c']) await h.instance.apply({ key: prefix + k, value: Buffer.from(k) });
    await h.instance.apply({ key: `${prefix.slice(0, -1)}-other`, value: Buffer.from('no') });
    const { entries } = await h.instance.list({ prefix });
    assert.equal(entries.map((e) => e.key), [`${prefix}a`, `${prefix}b`, `${prefix}c`]);
  });

  test('registry: an empty key is invalid', async ({ h }) => {
    await rejectsWith(h.instance.get({ key: '' }), 'PLT_ERR_INVALID');
  });

  test('registry: concurrent compare-and-set from the same version lets exactly one win', async ({ h }) => {
    const key = unique('race');
    await h.instance.apply({ key, value: Buffer.from('0'), expectedVersion: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => h.instance.apply({ key, value: Buffer.from(String(i)), expectedVersion: 1 })),
    );
    assert.is(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.is((r.reason as { code?: string }).code, 'PLT_ERR_CONFLICT');
  });
};
