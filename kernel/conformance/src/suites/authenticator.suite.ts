import * as assert from 'uvu/assert';
import type { ConformanceSuite } from '../harness';

interface AuthenticateRequest {
  principal?: string;
  secret?: string;
  authorization?: string;
  realm?: string;
}

interface AuthenticateResponse {
  authenticated: boolean;
  principal?: string | null;
  reason?: string | null;
  claims?: Record<string, string> | null;
  challenge?: string | null;
}

export interface AuthenticatorApi {
  authenticate(req: AuthenticateRequest): Promise<AuthenticateResponse>;
  issueToken?(req: { principal?: string; claims?: Record<string, string>; ttlSeconds?: number }): Promise<{ token: string; expiresAtMs: string | number }>;
}

const UNSUPPORTED = 'PLT_ERR_UNSUPPORTED';
const REALM = 'mesos-master-readonly';
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
/**
 * Credentials a module may choose to accept in its conformance config (package.json
 * kernel.conformance.config), so that the acceptance path is exercised too: Basic
 * `conformance:conformance`. The suite never requires them to be accepted.
 */
const MAYBE_ACCEPTED = `Basic ${b64('conformance:conformance')}`;

/** Headers no authenticator may accept: each must be a refusal (an answer), never an error. */
const GARBAGE: Array<[string, string]> = [
  ['empty', ''],
  ['blank', '   '],
  ['scheme only', 'Basic'],
  ['Basic, not base64', 'Basic !!!not-base64!!!'],
  ['Basic, no colon', `Basic ${b64('conformance')}`],
  ['Basic, wrong secret', `Basic ${b64('conformance:not-the-secret')}`],
  ['Basic, unknown principal', `Basic ${b64('no-such-principal-9f3a:x')}`],
  ['Basic, not UTF-8', `Basic ${b64(Buffer.from([0xff, 0xfe, 0x3a, 0xc3, 0x28]))}`],
  ['Basic, NUL', `Basic ${b64('conformance:conformance\0')}`],
  ['Bearer, not a token', 'Bearer not-a-token'],
  ['Bearer, unsigned JWT', `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"root","exp":9999999999}').toString('base64url')}.`],
  ['unknown scheme', 'Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXeg'],
  ['control characters', '\u0000\u0001\u0002\r\n\t'],
  ['random bytes', Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 151 + 7) % 256)).toString('latin1')],
  ['64 KiB header', `Basic ${'A'.repeat(64 * 1024)}`],
];

function checkShape(r: AuthenticateResponse, what: string): void {
  assert.type(r, 'object', `${what}: answers an object`);
  assert.type(r.authenticated, 'boolean', `${what}: authenticated is a boolean`);
  for (const f of ['principal', 'reason', 'challenge'] as const) {
    if (r[f] !== undefined && r[f] !== null) assert.type(r[f], 'string', `${what}: ${f} is a string`);
  }
  for (const [k, v] of Object.entries(r.claims ?? {})) assert.type(v, 'string', `${what}: claim ${k} is a string`);
}

function checkRefusal(r: AuthenticateResponse, what: string, realm = REALM): void {
  checkShape(r, what);
  assert.is(r.authenticated, false, `${what}: refused`);
  assert.ok(!r.principal, `${what}: no principal on a refusal (got '${r.principal}')`);
  assert.ok(r.challenge, `${what}: a WWW-Authenticate challenge on a refusal`);
  assert.match(r.challenge!, `realm="${realm}"`, `${what}: the challenge names the realm asked for (${r.challenge})`);
}

async function answer(h: AuthenticatorApi, req: AuthenticateRequest, what: string): Promise<AuthenticateResponse> {
  try {
    return await h.authenticate(req);
  } catch (err) {
    return assert.unreachable(`${what}: a refusal is an answer, but it threw: ${(err as Error).message}`) as never;
  }
}

/** A token from IssueToken, or undefined when the module issues none (Unsupported). */
async function tokenOf(h: AuthenticatorApi, req: Parameters<NonNullable<AuthenticatorApi['issueToken']>>[0]) {
  if (typeof h.issueToken !== 'function') return undefined;
  try {
    return await h.issueToken(req);
  } catch (err) {
    if ((err as { code?: unknown }).code === UNSUPPORTED) return undefined;
    throw err;
  }
}

/**
 * The authenticator contract: garbage of every kind is refused with an answer (never an error)
 * carrying a challenge in the realm asked for; what is accepted is accepted every time, alone or
 * concurrently, with the same principal; a module that issues tokens accepts its own token (with
 * its principal and claims) and refuses it altered.
 */
export const authenticatorSuite: ConformanceSuite<AuthenticatorApi> = (test) => {
  test('authenticator: garbage credentials are refused with an answer and a challenge, never an error', async ({ h }) => {
    for (const [what, authorization] of GARBAGE) checkRefusal(await answer(h.instance, { authorization, realm: REALM }, what), what);
    checkRefusal(await answer(h.instance, { realm: REALM }, 'no credentials at all'), 'no credentials at all');
    checkRefusal(await answer(h.instance, { principal: 'no-such-principal-9f3a', secret: 'x', realm: REALM }, 'principal and secret'), 'unknown principal and secret');
  });

  test('authenticator: the challenge follows the realm of the request', async ({ h }) => {
    for (const realm of ['mesos-master-scheduler', 'mesos-agent-readwrite']) {
      checkRefusal(await answer(h.instance, { authorization: 'Basic !!!', realm }, realm), `realm ${realm}`, realm);
    }
  });

  test('authenticator: an answer is the same every time, alone and 30 at once', async ({ h }) => {
    const token = await tokenOf(h.instance, { principal: 'conformance', claims: { cid: 'c-1' } });
    const headers = [MAYBE_ACCEPTED, `Basic ${b64('conformance:wrong')}`, ...(token ? [`Bearer ${token.token}`] : [])];
    for (const authorization of headers) {
      const first = await answer(h.instance, { authorization, realm: REALM }, authorization);
      checkShape(first, authorization);
      const again = await answer(h.instance, { authorization, realm: REALM }, authorization);
      const many = await Promise.all(Array.from({ length: 30 }, () => answer(h.instance, { authorization, realm: REALM }, authorization)));
      for (const r of [again, ...many]) {
        assert.is(r.authenticated, first.authenticated, `${authorization.slice(0, 30)}: same outcome`);
        assert.is(r.principal ?? '', first.principal ?? '', `${authorization.slice(0, 30)}: same principal`);
      }
      if (first.authenticated) assert.ok(!first.reason, `${authorization.slice(0, 30)}: no refusal reason when accepted`);
      else checkRefusal(first, authorization.slice(0, 30));
    }
  });

  test('authenticator: its own token is accepted with its principal and claims; altered, it is refused', async ({ h }) => {
    const issued = await tokenOf(h.instance, { principal: 'conformance-executor', claims: { fid: 'f-1', eid: 'e-1', cid: 'c-1' }, ttlSeconds: 300 });
    if (!issued) return; // the module issues no tokens
    assert.type(issued.token, 'string');
    assert.ok(issued.token.length > 0, 'a token');
    assert.ok(Number(issued.expiresAtMs) > Date.now(), `expires in the future (${issued.expiresAtMs})`);
    const r = await answer(h.instance, { authorization: `Bearer ${issued.token}`, realm: REALM }, 'own token');
    checkShape(r, 'own token');
    assert.is(r.authenticated, true, `own token accepted (${r.reason})`);
    assert.is(r.principal, 'conformance-executor');
    for (const [k, v] of Object.entries({ fid: 'f-1', eid: 'e-1', cid: 'c-1' })) assert.is(r.claims?.[k], v, `claim ${k}`);
    const t = issued.token;
    const mid = Math.floor(t.length / 2);
    const altered = t.slice(0, mid) + (t[mid] === 'A' ? 'B' : 'A') + t.slice(mid + 1);
    checkRefusal(await answer(h.instance, { authorization: `Bearer ${altered}`, realm: REALM }, 'altered token'), 'altered token');
    checkRefusal(await answer(h.instance, { authorization: `Bearer ${t}x`, realm: REALM }, 'extended token'), 'extended token');
  });
};
