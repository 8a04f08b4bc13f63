// Whatever arrives in the Authorization header, authn-basic answers a refusal with a reason and
// a Basic challenge: random bytes, malformed Basic credentials, non-UTF-8, huge headers, other
// schemes. It never throws, and never accepts anything but the right credentials. The fuzz is
// seeded, so a failure reproduces (the seed and the header are in the message).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BasicAuthenticator } from '../src/basic-authenticator';
import { loadCredentials } from '../src/credentials';
import { hashSecret } from '../src/secrets';

const log = { warn: () => undefined } as never;
const a = new BasicAuthenticator(loadCredentials({ inline: [{ principal: 'ops', secret: hashSecret('secret', { N: 1024, r: 8, p: 1 }) }] }, log), Buffer.alloc(32, 5), 60);
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

/** xorshift32: a small deterministic generator. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

async function refused(authorization: unknown, what: string, realm = 'fuzz'): Promise<string> {
  let r;
  try {
    r = await a.authenticate({ authorization: authorization as string, realm });
  } catch (err) {
    return assert.unreachable(`${what}: threw ${(err as Error).message}`) as never;
  }
  assert.is(r.authenticated, false, `${what}: refused`);
  assert.is(r.principal, '', `${what}: no principal`);
  assert.type(r.reason, 'string');
  assert.ok(r.reason.length > 0 && r.reason.length < 200, `${what}: a short reason (${r.reason.length} chars)`);
  assert.ok(r.challenge.startsWith('Basic realm="'), `${what}: challenge ${r.challenge}`);
  return r.reason;
}

test('the right credentials are accepted (the baseline the fuzz must not reach by chance)', async () => {
  const r = await a.authenticate({ authorization: `Basic ${b64('ops:secret')}` });
  assert.ok(r.authenticated);
  assert.ok((await a.authenticate({ authorization: `BASIC ${b64('ops:secret')}` })).authenticated, 'scheme case-insensitive');
  assert.ok((await a.authenticate({ authorization: `Basic ${b64('ops:secret').replace(/=+$/, '')}` })).authenticated, 'base64 without padding');
});

test('malformed Basic credentials are refused with a reason that says what is wrong', async () => {
  const cases: Array<[string, RegExp]> = [
    ['', /no credentials/],
    ['   ', /malformed Authorization header/],
    ['Basic', /not base64/],
    ['Basic ', /not base64/],
    ['Basic !!!!', /not base64/],
    ['Basic ops:secret', /not base64/],
    [`Basic ${b64('ops:secret')} extra`, /malformed Authorization header/],
    [`Basic ${b64('opssecret')}`, /no ':'/],
    [`Basic ${b64('')}`, /not base64/],
    [`Basic ${b64(':')}`, /wrong principal or secret/],
    [`Basic ${b64('ops:')}`, /wrong principal or secret/],
    [`Basic ${b64(':secret')}`, /wrong principal or secret/],
    [`Basic ${b64('ops:secret ')}`, /wrong principal or secret/],
    [`Basic ${b64('ops:secret\n')}`, /wrong principal or secret/],
    [`Basic ${b64('ops:secret\0')}`, /wrong principal or secret/],
    [`Basic ${b64('ops\0:secret')}`, /wrong principal or secret/],
    [`Basic ${b64('OPS:secret')}`, /wrong principal or secret/],
    [`Basic ${b64(Buffer.from([0x6f, 0x70, 0x73, 0x3a, 0xff, 0xfe]))}`, /not UTF-8/],
    [`Basic ${b64(Buffer.from([0xc3, 0x28, 0x3a, 0x61]))}`, /not UTF-8/],
    ['Bearer', /empty bearer token/],
    ['Bearer ', /empty bearer token/],
    ['Digest username="ops"', /malformed Authorization header|unsupported authorization scheme/],
    ['Digest abc', /unsupported authorization scheme 'Digest'/],
    ['Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXegDTALBgkqhkiG9xIBAgKiggFk', /unsupported authorization scheme 'Negotiate'/],
    ['AWS4-HMAC-SHA256 Credential=x', /unsupported authorization scheme/],
    [`${'\u00e9'.repeat(5)} x`, /unsupported authorization scheme \(Basic or Bearer\)/],
    [`Basic\t${b64('ops:nope')}`, /wrong principal or secret/],
    ['Basic ' + 'A'.repeat(20_000), /Authorization header longer than/],
    ['Basic ' + b64('ops:' + 'x'.repeat(1 << 20)), /Authorization header longer than/],
    ['Bearer ' + 'a.b.c'.repeat(300_000), /Authorization header longer than/],
  ];
  for (const [header, reason] of cases) {
    const why = await refused(header, JSON.stringify(header.slice(0, 60)));
    assert.match(why, reason, `${JSON.stringify(header.slice(0, 60))}: '${why}'`);
  }
});

test('inputs of the wrong type and odd realms: a refusal, a safe challenge', async () => {
  for (const v of [undefined, null, 42, {}, [], true]) await refused(v, `authorization ${JSON.stringify(v)}`);
  const r = await a.authenticate({ authorization: 'nope', realm: 'a"b\\c\r\nX-Evil: 1' });
  assert.is(r.challenge, 'Basic realm="a\\"b\\\\cX-Evil: 1"', 'quotes escaped, CR/LF dropped');
  assert.is((await a.authenticate({ authorization: 'nope', realm: '' })).challenge, 'Basic realm="plateau"');
  assert.not.ok((await a.authenticate(null as never)).authenticated, 'a null request');
  assert.not.ok((await a.authenticate({ principal: 42, secret: {} } as never)).authenticated, 'fields of the wrong type');
});

test('2000 random headers (random bytes, random schemes, random base64 payloads): refusals, never a throw', async () => {
  const seed = Number(process.env.AUTHN_FUZZ_SEED ?? 20240607);
  const rand = rng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const schemes = ['Basic', 'basic', 'Bearer', 'Digest', 'Token', '', 'Basic  ', 'Bearer\t'];
  const makers: Array<() => string> = [
    () => bytes(int(200)).toString('latin1'),
    () => bytes(int(200)).toString('utf8'),
    () => `${schemes[int(schemes.length)]} ${bytes(int(100)).toString('base64')}`,
    () => `Basic ${b64(bytes(int(60)))}`,
    () => `Basic ${b64(`ops:${bytes(int(20)).toString('latin1')}`)}`,
    () => `Basic ${b64(`${bytes(int(10)).toString('utf8')}:${bytes(int(10)).toString('utf8')}`)}`,
    () => `Bearer ${bytes(int(60)).toString('base64url')}.${bytes(int(60)).toString('base64url')}.${bytes(32).toString('base64url')}`,
    () => `Bearer ${b64('{"alg":"HS256"}')}.${bytes(int(80)).toString('base64url')}.${bytes(int(40)).toString('base64url')}`,
    () => `${schemes[int(schemes.length)]}${' '.repeat(int(3))}${bytes(int(4000)).toString('latin1')}`,
  ];
  for (let i = 0; i < 2000; i++) {
    const header = makers[i % makers.length]!();
    await refused(header, `seed ${seed}, case ${i}: ${JSON.stringify(header.slice(0, 80))}`);
  }
});

test('one huge header (4 MiB) is refused quickly', async () => {
  const started = Date.now();
  await refused(`Basic ${'Q'.repeat(4 << 20)}`, '4 MiB Basic');
  await refused(`${'x'.repeat(4 << 20)}`, '4 MiB without a scheme');
  // Headers just under the limit built to make a backtracking parser slow.
  await refused(`Basic${' '.repeat(16_000)}x y`, 'runs of blanks');
  await refused(`Basic${' \t'.repeat(8000)}!`, 'alternating blanks');
  await refused(`${'a '.repeat(8000)}`, 'many words');
  await refused(`Bearer ${'a.'.repeat(8000)}`, 'many dots');
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
});

test.run();
