import * as assert from 'uvu/assert';
import type { ConformanceSuite } from '../harness';

/** kernel.secret_resolver.v1.Secret as callers build it. */
interface Secret {
  type?: 'UNKNOWN' | 'REFERENCE' | 'VALUE';
  reference?: { name?: string; key?: string } | null;
  value?: { data?: Uint8Array } | null;
}

export interface SecretResolverApi {
  resolve(req: { secret?: Secret | null }): Promise<{ data: Uint8Array }>;
}

/**
 * References every secret-resolver's conformance config must make resolvable (a store seeded with
 * them: see the module READMEs), so that the suite can check REFERENCE resolution on any backend.
 */
export const CONFORMANCE_SECRETS = {
  plain: { name: 'conformance/plain', bytes: 's3cr3t-plain\n' },
  field: { name: 'conformance/fields', key: 'username', bytes: 'conformance-user' },
  missing: { name: 'conformance/does-not-exist' },
} as const;

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

async function rejectsWith(p: Promise<unknown>, code: string, what: string, mustNotContain: string[] = []): Promise<string> {
  let answer: unknown;
  try {
    answer = await p;
  } catch (err) {
    const e = err as { code?: unknown; message: string };
    assert.is(e.code, code, `${what}: expected error code ${code}, got ${e.message}`);
    for (const s of mustNotContain) assert.not.ok(e.message.includes(s), `${what}: message ${JSON.stringify(e.message)} carries secret bytes`);
    return e.message;
  }
  assert.unreachable(`${what}: expected a rejection with ${code}, got the answer ${JSON.stringify(answer)}`);
  return '';
}

/** The secret-resolver contract (Mesos SecretResolver::resolve). */
export const secretResolverSuite: ConformanceSuite<SecretResolverApi> = (test) => {
  test('secret-resolver: a VALUE secret resolves to its data, byte for byte (binary included)', async ({ h }) => {
    const data = new Uint8Array([0, 1, 2, 127, 128, 254, 255, 10, 0]);
    const res = await h.instance.resolve({ secret: { type: 'VALUE', value: { data } } });
    assert.ok(Buffer.from(res.data).equals(Buffer.from(data)), `got ${Buffer.from(res.data).toString('hex')}`);
    const empty = await h.instance.resolve({ secret: { type: 'VALUE', value: { data: new Uint8Array(0) } } });
    assert.is(empty.data.length, 0, 'an empty VALUE resolves to no bytes');
  });

  test('secret-resolver: a REFERENCE resolves to the stored secret; a key selects one field', async ({ h }) => {
    const { plain, field } = CONFORMANCE_SECRETS;
    assert.is(text((await h.instance.resolve({ secret: { type: 'REFERENCE', reference: { name: plain.name } } })).data), plain.bytes);
    assert.is(text((await h.instance.resolve({ secret: { type: 'REFERENCE', reference: { name: field.name, key: field.key } } })).data), field.bytes);
  });

  test('secret-resolver: an unknown REFERENCE is PLT_ERR_NOT_FOUND naming the secret; a missing key too', async ({ h }) => {
    const { missing, field } = CONFORMANCE_SECRETS;
    const m = await rejectsWith(h.instance.resolve({ secret: { type: 'REFERENCE', reference: { name: missing.name } } }), 'PLT_ERR_NOT_FOUND', 'unknown name');
    assert.ok(m.includes(missing.name), `the message names the secret: ${m}`);
    const k = await rejectsWith(
      h.instance.resolve({ secret: { type: 'REFERENCE', reference: { name: field.name, key: 'no-such-key' } } }),
      'PLT_ERR_NOT_FOUND',
      'unknown key',
      [field.bytes],
    );
    assert.ok(k.includes('no-such-key'), `the message names the key: ${k}`);
  });

  test('secret-resolver: malformed secrets are PLT_ERR_INVALID', async ({ h }) => {
    await rejectsWith(h.instance.resolve({}), 'PLT_ERR_INVALID', 'no secret');
    await rejectsWith(h.instance.resolve({ secret: { type: 'UNKNOWN' } }), 'PLT_ERR_INVALID', 'UNKNOWN type');
    await rejectsWith(h.instance.resolve({ secret: { type: 'REFERENCE', reference: { name: '' } } }), 'PLT_ERR_INVALID', 'REFERENCE without a name');
  });

  test('secret-resolver: 50 concurrent calls answer as they do one at a time', async ({ h }) => {
    const { plain, field } = CONFORMANCE_SECRETS;
    const reqs = [
      { secret: { type: 'REFERENCE' as const, reference: { name: plain.name } } },
      { secret: { type: 'REFERENCE' as const, reference: { name: field.name, key: field.key } } },
      { secret: { type: 'VALUE' as const, value: { data: Buffer.from('by-value') } } },
    ];
    const want = [plain.bytes, field.bytes, 'by-value'];
    const got = await Promise.all(Array.from({ length: 50 }, (_, i) => h.instance.resolve(structuredClone(reqs[i % 3]!))));
    got.forEach((r, i) => assert.is(text(r.data), want[i % 3], `call ${i}`));
  });
};
