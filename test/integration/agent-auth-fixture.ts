// A test module for agent-http-auth.test.ts: an authenticator of HTTP Basic credentials and of
// bearer tokens it issues itself (HMAC-SHA256 over the claims and an expiry, with TOKEN_KEY), that
// is also an authorizer. Principals: `ops` (allowed everything), `viewer` (denied every agent
// action, so a route's 403 shows), `agent` (may REGISTER_AGENT), `rogue` (authenticates, may not
// REGISTER_AGENT). Token callers (claims, no principal) are allowed; the agent confines them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { defineModule } from '@plateau/kernel';

/** The signing key; tests use it to forge expired tokens. */
export const TOKEN_KEY = 'agent-auth-fixture-key';

const USERS: Record<string, string> = { ops: 'secret', viewer: 'view', agent: 'agent-secret', rogue: 'rogue-secret' };

/** `<payload>.<signature>`, payload = base64url JSON {p, c, exp (ms)}. */
export function signToken(principal: string, claims: Record<string, string>, expMs: number, key = TOKEN_KEY): string {
  const payload = Buffer.from(JSON.stringify({ p: principal, c: claims, exp: expMs })).toString('base64url');
  return `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

function verifyToken(token: string): { principal: string; claims: Record<string, string> } | string {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return 'malformed token';
  const want = Buffer.from(createHmac('sha256', TOKEN_KEY).update(payload).digest('base64url'));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return 'bad token signature';
  const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { p: string; c: Record<string, string>; exp: number };
  if (body.exp <= Date.now()) return 'token expired';
  return { principal: body.p, claims: body.c };
}

const refuse = (realm: string | undefined, reason: string) => ({ authenticated: false, principal: '', reason, claims: {}, challenge: `Basic realm="${realm ?? ''}"` });

class AgentTestAuth {
  async authenticate(req: { authorization?: string; realm?: string }) {
    const a = req.authorization ?? '';
    const bearer = /^Bearer (.+)$/.exec(a);
    if (bearer) {
      const r = verifyToken(bearer[1]!);
      if (typeof r === 'string') return refuse(req.realm, r);
      return { authenticated: true, principal: r.principal, reason: '', claims: r.claims, challenge: '' };
    }
    const m = /^Basic (.+)$/.exec(a);
    const [user, pass] = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':') : [];
    if (user !== undefined && USERS[user] === pass) return { authenticated: true, principal: user, reason: '', claims: {}, challenge: '' };
    return refuse(req.realm, 'bad credentials');
  }

  async issueToken(req: { principal?: string; claims?: Record<string, string>; ttlSeconds?: number }) {
    const exp = Date.now() + (req.ttlSeconds || 3600) * 1000;
    return { token: signToken(req.principal ?? '', req.claims ?? {}, exp), expiresAtMs: exp };
  }

  async authorized(req: { principal?: string; action?: string }) {
    if (req.principal === 'viewer') return { allowed: false, reason: `viewer may not ${req.action}` };
    if (req.action === 'REGISTER_AGENT' && req.principal === 'rogue') return { allowed: false, reason: 'rogue agents are not welcome' };
    return { allowed: true, reason: '' };
  }

  async authorizedMany(req: { principal?: string; action?: string; objects?: unknown[] }) {
    return { decisions: await Promise.all((req.objects ?? []).map(() => this.authorized(req))) };
  }
}

export default defineModule<AgentTestAuth>({
  kind: 'authenticator',
  name: 'agent-test-auth',
  version: '0.1.0',
  apiVersions: ['v1'],
  provides: ['authorizer'],
  create: () => new AgentTestAuth(),
});
