// Bearer tokens of authn-basic: what IssueToken signs verifies (principal and claims come back);
// expired, not-yet-valid, forged, "alg: none", other algorithms, tampered claims, a token of
// another key, oversized and malformed tokens are refused with a reason. The key file is read
// once, must hold 32 bytes or more, and lets two instances verify each other's tokens.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BasicAuthenticator } from '../src/basic-authenticator';
import { signJwt } from '../src/jwt';
import { loadTokenKey } from '../src/token-key';

const KEY = Buffer.alloc(32, 7);
const dir = mkdtempSync(join(tmpdir(), 'plateau-authn-tokens-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** An authenticator whose clock the test sets (seconds since the epoch). */
function at(nowS: number, key = KEY) {
  return new BasicAuthenticator(new Map(), key, 86400, () => nowS * 1000);
}
const NOW = 1_700_000_000;
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const hs256 = (input: string, key = KEY) => createHmac('sha256', key).update(input).digest('base64url');
const bearer = (token: string) => ({ authorization: `Bearer ${token}`, realm: 'mesos-agent-executor' });

async function refusedWith(a: BasicAuthenticator, token: string, reason: RegExp, what: string): Promise<void> {
  const r = await a.authenticate(bearer(token));
  assert.is(r.authenticated, false, `${what}: refused`);
  assert.match(r.reason, reason, `${what}: reason '${r.reason}'`);
  assert.is(r.challenge, 'Basic realm="mesos-agent-executor"', `${what}: challenge`);
  assert.is(r.principal, '', `${what}: no principal`);
}

test('an issued token verifies: principal from sub, every string claim, expiry from ttl', async () => {
  const a = at(NOW);
  const issued = await a.issueToken({ principal: 'executor-1', claims: { fid: 'f-1', eid: 'e-1', cid: 'c-1', team: 'web' }, ttlSeconds: 600 });
  assert.is(issued.expiresAtMs, String((NOW + 600) * 1000));
  const r = await a.authenticate(bearer(issued.token));
  assert.equal(r, { authenticated: true, principal: 'executor-1', reason: '', claims: { fid: 'f-1', eid: 'e-1', cid: 'c-1', team: 'web' }, challenge: '' });
  const lower = await a.authenticate({ authorization: `bearer   ${issued.token}  ` });
  assert.ok(lower.authenticated, 'the scheme is case-insensitive; spaces around are tolerated');
  const bySecret = await a.authenticate({ secret: issued.token });
  assert.ok(bySecret.authenticated, 'a token in the secret field (no principal) is a bearer token');
});

test('without a principal the token has no sub and authenticates with an empty principal; ttl 0 takes the default', async () => {
  const a = at(NOW);
  const issued = await a.issueToken({ claims: { fid: 'f', eid: 'e', cid: 'c' } });
  assert.is(issued.expiresAtMs, String((NOW + 86400) * 1000));
  const payload = JSON.parse(Buffer.from(issued.token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(Object.keys(payload).sort(), ['cid', 'eid', 'exp', 'fid', 'iat']);
  assert.is(payload.iat, NOW);
  const r = await a.authenticate(bearer(issued.token));
  assert.ok(r.authenticated);
  assert.is(r.principal, '');
  assert.equal(r.claims, { fid: 'f', eid: 'e', cid: 'c' });
});

test('claims a token sets itself (sub, iat, exp, nbf) cannot be requested', async () => {
  for (const name of ['sub', 'iat', 'exp', 'nbf']) {
    const err = await at(NOW).issueToken({ claims: { [name]: '1' } }).catch((e: Error & { code?: string }) => e);
    assert.instance(err, Error);
    assert.is((err as { code?: string }).code, 'PLT_ERR_INVALID');
    assert.match((err as Error).message, `claim '${name}'`);
  }
});

test('expired at exp (not a second later), valid a second before', async () => {
  const { token } = await at(NOW).issueToken({ principal: 'p', ttlSeconds: 10 });
  assert.ok((await at(NOW + 9).authenticate(bearer(token))).authenticated);
  await refusedWith(at(NOW + 10), token, /token expired/, 'at exp');
  await refusedWith(at(NOW + 100_000), token, /token expired/, 'long after');
});

test('not yet valid (nbf) and issued in the future (iat) beyond the clock skew are refused', async () => {
  const a = at(NOW);
  await refusedWith(a, signJwt({ exp: NOW + 1000, nbf: NOW + 3600 }, KEY), /not yet valid/, 'nbf in an hour');
  await refusedWith(a, signJwt({ exp: NOW + 1000, iat: NOW + 3600 }, KEY), /issued in the future/, 'iat in an hour');
  await refusedWith(a, signJwt({ exp: NOW + 1000, nbf: 'soon' }, KEY), /not yet valid/, 'nbf not a number');
  assert.ok((await a.authenticate(bearer(signJwt({ exp: NOW + 1000, nbf: NOW + 30, iat: NOW + 30 }, KEY)))).authenticated, 'within the skew');
  await refusedWith(a, signJwt({ sub: 'p' }, KEY), /no numeric exp/, 'no exp');
  await refusedWith(a, signJwt({ exp: String(NOW + 1000) }, KEY), /no numeric exp/, 'exp a string');
});

test('forged signatures, a token of another key, tampered claims are refused', async () => {
  const a = at(NOW);
  const { token } = await a.issueToken({ principal: 'executor', claims: { fid: 'f', eid: 'e', cid: 'c' } });
  const [h, p, s] = token.split('.') as [string, string, string];
  await refusedWith(at(NOW, Buffer.alloc(32, 8)), token, /signature does not verify/, 'another key');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  await refusedWith(a, `${h}.${b64({ ...claims, cid: 'other' })}.${s}`, /signature does not verify/, 'tampered cid');
  await refusedWith(a, `${h}.${b64({ ...claims, sub: 'root' })}.${s}`, /signature does not verify/, 'tampered sub');
  await refusedWith(a, `${h}.${b64({ ...claims, exp: NOW + 10 ** 9 })}.${s}`, /signature does not verify/, 'extended exp');
  const flipped = s.slice(0, 5) + (s[5] === 'A' ? 'B' : 'A') + s.slice(6);
  await refusedWith(a, `${h}.${p}.${flipped}`, /signature does not verify/, 'one signature character changed');
  await refusedWith(a, `${h}.${p}.${s.slice(0, -4)}`, /signature does not verify/, 'truncated signature');
  await refusedWith(a, `${h}.${p}.${s}AAAA`, /signature does not verify/, 'longer signature');
  // The last character of 43 carries 2 unused bits: another encoding of the same bytes is refused.
  const last = s.at(-1)!;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
  await refusedWith(a, `${h}.${p}.${s.slice(0, -1)}${twin}`, /signature does not verify/, 'non-canonical signature encoding');
  await refusedWith(a, `${h}.${p}.${hs256(`${h}.${p}`, Buffer.alloc(32, 9))}`, /signature does not verify/, 'signed with a guessed key');
});

test('alg none, other algorithms, missing alg, crit headers are refused even when "signed"', async () => {
  const a = at(NOW);
  const payload = b64({ sub: 'root', exp: NOW + 1000 });
  const none = b64({ alg: 'none', typ: 'JWT' });
  await refusedWith(a, `${none}.${payload}.`, /malformed token/, 'alg none, empty signature');
  await refusedWith(a, `${none}.${payload}.${hs256(`${none}.${payload}`)}`, /"none" is not accepted/, 'alg none, with a signature');
  for (const alg of ['HS384', 'HS512', 'RS256', 'ES256', 'hs256', 'None', 'NONE']) {
    const h = b64({ alg, typ: 'JWT' });
    await refusedWith(a, `${h}.${payload}.${hs256(`${h}.${payload}`)}`, /is not accepted \(only HS256\)/, `alg ${alg}`);
  }
  const noAlg = b64({ typ: 'JWT' });
  await refusedWith(a, `${noAlg}.${payload}.${hs256(`${noAlg}.${payload}`)}`, /undefined is not accepted/, 'no alg');
  const crit = b64({ alg: 'HS256', crit: ['b64'], b64: false });
  await refusedWith(a, `${crit}.${payload}.${hs256(`${crit}.${payload}`)}`, /critical extensions/, 'crit');
});

test('malformed tokens: wrong part count, bad base64url, bad JSON, non-object JSON, bad UTF-8, oversized', async () => {
  const a = at(NOW);
  const h = b64({ alg: 'HS256', typ: 'JWT' });
  const signed = (payloadSegment: string) => `${h}.${payloadSegment}.${hs256(`${h}.${payloadSegment}`)}`;
  await refusedWith(a, 'abc', /three dot-separated parts/, 'one part');
  await refusedWith(a, 'a.b', /three dot-separated parts/, 'two parts');
  await refusedWith(a, 'a.b.c.d', /three dot-separated parts/, 'four parts');
  await refusedWith(a, '..', /not base64url/, 'empty parts');
  await refusedWith(a, `${h}.e30=.sig`, /not base64url/, 'padding');
  await refusedWith(a, `${h}.e3+/.sig`, /not base64url/, 'base64 (not url) characters');
  await refusedWith(a, `${b64('{"alg":')}.${b64({})}.x`, /header is not a JSON object/, 'header not JSON');
  await refusedWith(a, `${b64('"HS256"')}.${b64({})}.x`, /header is not a JSON object/, 'header a string');
  await refusedWith(a, `${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.${b64({})}.x`, /header is not a JSON object/, 'header not UTF-8');
  await refusedWith(a, signed(b64('{"exp":')), /payload is not a JSON object/, 'payload not JSON (but signed)');
  await refusedWith(a, signed(b64('[1,2]')), /payload is not a JSON object/, 'payload an array');
  await refusedWith(a, signed(b64('null')), /payload is not a JSON object/, 'payload null');
  const big = signJwt({ exp: NOW + 1000, pad: 'x'.repeat(9000) }, KEY);
  await refusedWith(a, big, /longer than 8192 bytes/, 'over 8 KiB');
  await refusedWith(a, 'x'.repeat(1 << 20), /Authorization header longer than/, '1 MiB token');
});

test('non-string claims are not passed on; sub that is not a string gives no principal', async () => {
  const r = await at(NOW).authenticate(bearer(signJwt({ exp: NOW + 100, sub: 42, fid: 'f', n: 1, o: { a: 'b' }, l: ['x'] }, KEY)));
  assert.ok(r.authenticated);
  assert.is(r.principal, '');
  assert.equal(r.claims, { fid: 'f' });
});

test('tokenKeyFile: read once, at least 32 bytes; two instances with the same file verify each other', async () => {
  const f = join(dir, 'token.key');
  writeFileSync(f, Buffer.alloc(48, 3));
  const master = new BasicAuthenticator(new Map(), loadTokenKey(f), 60);
  writeFileSync(f, Buffer.alloc(48, 4)); // read once: a later change does not reach the running master
  const agent = new BasicAuthenticator(new Map(), loadTokenKey(f), 60);
  const agentToken = (await agent.issueToken({ claims: { cid: 'c' } })).token;
  assert.not.ok((await master.authenticate(bearer(agentToken))).authenticated, 'different bytes: different keys');
  const agent2 = new BasicAuthenticator(new Map(), loadTokenKey(f), 60);
  assert.ok((await agent2.authenticate(bearer(agentToken))).authenticated, 'same file: verifies');
  writeFileSync(f, 'short');
  assert.throws(() => loadTokenKey(f), (e: Error & { code?: string }) => e.code === 'PLT_ERR_MODULE_CONFIG' && e.message.includes(`token key file ${f}: holds 5 bytes, needs at least 32`));
  assert.throws(() => loadTokenKey(join(dir, 'absent.key')), /absent\.key: cannot be read: ENOENT/);
  const random1 = new BasicAuthenticator(new Map(), loadTokenKey(undefined), 60);
  const random2 = new BasicAuthenticator(new Map(), loadTokenKey(undefined), 60);
  const t = (await random1.issueToken({ principal: 'p' })).token;
  assert.ok((await random1.authenticate(bearer(t))).authenticated, 'random key: verifies in the issuing instance');
  assert.not.ok((await random2.authenticate(bearer(t))).authenticated, 'random key: not in another');
});

test.run();
