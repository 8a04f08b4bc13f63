// The Authorization header, fuzzed over real HTTP against a real master and a real agent that
// authenticate with modules/authn-basic: malformed Basic (no colon, bad base64, empty, non-UTF-8
// bytes), huge headers (64 KiB, and past Node's header limit), wrong schemes, expired and forged
// tokens (another key, alg none, HS512, tampered claims), and a few hundred random headers from a
// seeded PRNG (the same every run). Requests are written on raw sockets, so any byte reaches the
// server. Every answer is 401 with a challenge; 400 only where the header holds bytes HTTP does
// not allow in a field value (Node's parser refuses the request), 431 only where the headers
// exceed Node's limit; never 500. Afterwards both still answer /health and a right credential.

import * as net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../helpers/scheduler-client';
import { type MasterProc, realContainersMissing, startMaster, TestAgent } from './agent-harness';
import { basic, realAuthModules, signJwt, USERS } from './auth-modules';
import { seededRandom } from '@plateau/testkit/random';

const AUTH = realAuthModules();
const SEED = 0x5eed_a7;
const RANDOM_CASES = 300;

let master: MasterProc;
let agent: TestAgent | undefined;
let agentSkip: string | undefined;

/** A fuzz case: a name and the raw bytes of the Authorization value. */
interface Case {
  name: string;
  value: Buffer;
}

/** A target: where and how a request is sent. */
interface Target {
  name: string;
  address: () => string;
  method: 'GET' | 'POST';
  path: string;
}

const TARGETS: Target[] = [
  { name: 'master GET /master/state', address: () => master.address, method: 'GET', path: '/master/state' },
  { name: 'master POST /api/v1', address: () => master.address, method: 'POST', path: '/api/v1' },
  { name: 'agent GET /state', address: () => agent!.address, method: 'GET', path: '/state' },
  { name: 'agent POST /api/v1', address: () => agent!.address, method: 'POST', path: '/api/v1' },
];


const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const text = (s: string): Buffer => Buffer.from(s, 'latin1');

/** The named cases: every way a header can be wrong that a reviewer thought of. */
function namedCases(): Case[] {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'ops', iat: now };
  const good = signJwt({ ...claims, exp: now + 600 }, AUTH.tokenKey);
  const [h, , s] = good.split('.');
  const cases: Array<[string, string | Buffer]> = [
    ['empty', ''],
    ['Basic alone', 'Basic'],
    ['Basic and a space', 'Basic '],
    ['Bearer alone', 'Bearer'],
    ['Bearer and spaces', 'Bearer    '],
    ['Basic, no colon', `Basic ${b64('opsops-secret')}`],
    ['Basic, bad base64', 'Basic %%%not-base64%%%'],
    ['Basic, base64 padding only', 'Basic ===='],
    ['Basic, empty principal and secret', `Basic ${b64(':')}`],
    ['Basic, empty secret', `Basic ${b64('ops:')}`],
    ['Basic, empty principal', `Basic ${b64(`:${USERS.ops}`)}`],
    ['Basic, wrong secret', `Basic ${b64('ops:nope')}`],
    ['Basic, unknown principal', `Basic ${b64(`nobody:${USERS.ops}`)}`],
    ['Basic, secret with a NUL', `Basic ${b64(`ops:${USERS.ops}\0`)}`],
    ['Basic, non-UTF-8 credentials', Buffer.concat([text('Basic '), text(b64(Buffer.from([0xff, 0xfe, 0x3a, 0xc3, 0x28])))])],
    ['Basic, raw non-UTF-8 bytes', Buffer.concat([text('Basic '), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0x3a, 0x80])])],
    ['Basic, two spaces, wrong secret', `Basic  ${b64('ops:nope')}`],
    ['Basic, trailing garbage', `Basic ${b64(`ops:${USERS.ops}`)} extra`],
    ['Basic, with a tab, wrong secret', `Basic\t${b64('ops:nope')}`],
    ['Digest', 'Digest username="ops", realm="mesos", nonce="abc", uri="/", response="0123"'],
    ['Negotiate', 'Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXeg'],
    ['NTLM', 'NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw=='],
    ['an unknown scheme', 'Token abc'],
    ['a scheme of odd bytes', Buffer.concat([Buffer.from([0xe2, 0x82, 0xac]), text(' x')])],
    ['Bearer, expired', `Bearer ${signJwt({ ...claims, exp: now - 1 }, AUTH.tokenKey)}`],
    ['Bearer, another key', `Bearer ${signJwt({ ...claims, exp: now + 600 }, Buffer.alloc(48, 9))}`],
    ['Bearer, alg none', `Bearer ${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify({ ...claims, exp: now + 600 }))}.`],
    ['Bearer, alg none with a signature', `Bearer ${b64url('{"alg":"none"}')}.${b64url(JSON.stringify({ ...claims, exp: now + 600 }))}.${s}`],
    ['Bearer, HS512 header', `Bearer ${signJwt({ ...claims, exp: now + 600 }, AUTH.tokenKey, { alg: 'HS512', typ: 'JWT' })}`],
    ['Bearer, tampered claims', `Bearer ${h}.${b64url(JSON.stringify({ ...claims, sub: 'root', exp: now + 600 }))}.${s}`],
    ['Bearer, tampered signature', `Bearer ${good.slice(0, -2)}${good.endsWith('AA') ? 'AB' : 'AA'}`],
    ['Bearer, no exp', `Bearer ${signJwt(claims, AUTH.tokenKey)}`],
    ['Bearer, nbf far ahead', `Bearer ${signJwt({ ...claims, exp: now + 600, nbf: now + 3600 }, AUTH.tokenKey)}`],
    ['Bearer, crit header', `Bearer ${signJwt({ ...claims, exp: now + 600 }, AUTH.tokenKey, { alg: 'HS256', crit: ['exp'] })}`],
    ['Bearer, two parts', 'Bearer a.b'],
    ['Bearer, four parts', `Bearer ${good}.x`],
    ['Bearer, non-JSON header', `Bearer ${b64url('not json')}.${b64url('{}')}.${s}`],
    ['Bearer, 9 KiB token', `Bearer ${'a'.repeat(9 * 1024)}`],
    ['Bearer, a Basic credential', `Bearer ${b64(`ops:${USERS.ops}`)}`],
    ['Basic, a token', `Basic ${good}`],
    ['16 KiB + 1 of Basic', `Basic ${'A'.repeat(16 * 1024)}`],
    ['64 KiB', `Basic ${'Q'.repeat(64 * 1024)}`],
    ['1 MiB', `Bearer ${'x'.repeat(1024 * 1024)}`],
    ['a NUL byte', Buffer.from('Basic \0abc', 'latin1')],
    ['control characters', Buffer.from('Basic \x01\x02\x1b[31m', 'latin1')],
    ['DEL', Buffer.from('Basic abc\x7f', 'latin1')],
  ];
  return cases.map(([name, v]) => ({ name, value: typeof v === 'string' ? text(v) : v }));
}

/** Seeded random headers: raw bytes, random Basic payloads, random dotted bearer tokens. */
function randomCases(): Case[] {
  const rnd = seededRandom(SEED);
  const int = (n: number) => Math.floor(rnd() * n);
  const bytes = (n: number, lo = 0, hi = 256) => Buffer.from(Array.from({ length: n }, () => lo + int(hi - lo)));
  const cases: Case[] = [];
  for (let i = 0; i < RANDOM_CASES; i++) {
    const kind = i % 4;
    let value: Buffer;
    if (kind === 0) value = bytes(int(200)); // anything, control characters included
    else if (kind === 1) value = bytes(1 + int(200), 0x20, 0x100); // printable ASCII and high bytes
    else if (kind === 2) value = Buffer.concat([text('Basic '), text(b64(bytes(int(120))))]);
    else value = text(`Bearer ${[0, 1, 2].map(() => bytes(1 + int(60)).toString('base64url')).join('.')}`);
    // CR and LF would end the header line early: they make a different request, not a header.
    value = Buffer.from(value.filter((c) => c !== 0x0d && c !== 0x0a));
    cases.push({ name: `random #${i} (seed ${SEED})`, value });
  }
  return cases;
}

/** Whether Node's parser refuses a header value holding these bytes (RFC 7230 field-value: HTAB, SP, VCHAR, obs-text). */
function notAFieldValue(value: Buffer): boolean {
  return value.some((c) => !(c === 0x09 || (c >= 0x20 && c !== 0x7f)));
}

/** Sends one request with `authorization` as the raw header value; resolves with the answer's status and headers. */
function rawRequest(address: string, method: string, path: string, authorization: Buffer | undefined): Promise<{ status: number; head: string }> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  const body = method === 'POST' ? '{"type":"GET_HEALTH"}' : '';
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${address}`,
    'Accept: application/json',
    'Connection: close',
    ...(method === 'POST' ? ['Content-Type: application/json', `Content-Length: ${body.length}`] : []),
  ].join('\r\n');
  const parts = [text(`${head}\r\n`), ...(authorization === undefined ? [] : [text('Authorization: '), authorization, text('\r\n')]), text(`\r\n${body}`)];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let got = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${address}${path} within 10 s`));
    }, 10_000);
    const finish = () => {
      clearTimeout(timer);
      const s = got.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(s);
      if (m) resolve({ status: Number(m[1]), head: s.slice(0, s.indexOf('\r\n\r\n') < 0 ? s.length : s.indexOf('\r\n\r\n')) });
      else reject(new Error(`${address}${path} closed the connection without an answer (got ${JSON.stringify(s.slice(0, 100))})`));
    };
    socket.on('data', (c: Buffer) => (got = Buffer.concat([got, c])));
    socket.on('end', finish);
    // A server that answers 431 before reading the whole request may reset the connection while
    // it is still being written: what it answered has arrived by then.
    socket.on('error', (err) => (got.length > 0 ? finish() : (clearTimeout(timer), reject(err))));
    socket.write(Buffer.concat(parts));
  });
}

/** Every case against `targets`: 401 with a challenge, or 400/431 where HTTP itself refuses; never anything else. */
async function fuzz(targets: Target[], cases: Case[], rotate: boolean): Promise<void> {
  const failures: string[] = [];
  for (const [i, c] of cases.entries()) {
    for (const t of rotate ? [targets[i % targets.length]!] : targets) {
      let answer: { status: number; head: string };
      try {
        answer = await rawRequest(t.address(), t.method, t.path, c.value);
      } catch (err) {
        failures.push(`${c.name} → ${t.name}: ${(err as Error).message}`);
        continue;
      }
      const huge = c.value.length > 16 * 1024;
      const allowed = notAFieldValue(c.value) ? [400] : huge ? [401, 431] : [401];
      if (!allowed.includes(answer.status)) failures.push(`${c.name} → ${t.name}: ${answer.status} (expected ${allowed.join(' or ')})\n${answer.head}`);
      else if (answer.status === 401 && !/\r\nWWW-Authenticate: Basic realm="mesos-/i.test(answer.head)) failures.push(`${c.name} → ${t.name}: 401 without a challenge\n${answer.head}`);
    }
  }
  assert.equal(failures, [], `${failures.length} of ${cases.length} cases answered wrongly:\n${failures.slice(0, 20).join('\n')}`);
}

/** Both servers still serve: /health, and a right credential still authenticates. */
async function stillServing(targets: Target[]): Promise<void> {
  for (const t of targets) {
    const health = await request(t.address(), 'GET', '/health');
    assert.is(health.status, 200, `${t.name}: /health after the fuzz`);
    const right = await rawRequest(t.address(), t.method, t.path, text(basic('ops', USERS.ops).Authorization));
    assert.is(right.status, 200, `${t.name} with the right credential after the fuzz`);
    const none = await rawRequest(t.address(), t.method, t.path, undefined);
    assert.is(none.status, 401, `${t.name} without credentials after the fuzz`);
  }
}

test.before(async () => {
  try {
    master = await startMaster([], { masterLines: ['  authenticator: authn'], moduleLines: [AUTH.moduleLines[0]!] });
    agentSkip = await realContainersMissing();
    if (agentSkip === undefined) {
      agent = new TestAgent(master.address, { agentLines: ['  authenticator: authn'], moduleLines: [AUTH.moduleLines[0]!] });
      await agent.start();
    }
  } catch (err) {
    // uvu reports a failing hook without its error: say it here.
    console.error('set-up failed:', err);
    throw err;
  }
});

test.after(async () => {
  await agent?.destroy();
  await master?.stop();
});

const targets = () => (agent === undefined ? TARGETS.filter((t) => t.name.startsWith('master')) : TARGETS);

test('the random cases are the same on every run (seeded)', () => {
  const a = randomCases();
  const b = randomCases();
  assert.is(a.length, RANDOM_CASES);
  assert.ok(a.every((c, i) => c.value.equals(b[i]!.value)));
});

test('named malformed, wrong-scheme, huge, expired and forged headers: 401 (400/431 where HTTP refuses), never 500', async () => {
  if (agentSkip) console.log(`  (agent targets skipped: ${agentSkip})`);
  await fuzz(targets(), namedCases(), false);
  await stillServing(targets());
});

test(`${RANDOM_CASES} random headers (seed ${SEED}): 401, or 400 for bytes HTTP refuses; never 500`, async () => {
  await fuzz(targets(), randomCases(), true);
  await stillServing(targets());
});

test('the servers logged no failed request', () => {
  for (const [name, output] of [['master', master.proc.output()], ['agent', agent?.proc?.output() ?? '']] as const) {
    const failed = output.split('\n').filter((l) => /request failed|Internal error/.test(l));
    assert.equal(failed, [], `${name} logged errors`);
  }
});

test.run();
