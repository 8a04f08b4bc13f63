// A test module for operator-auth.test.ts: an authenticator of HTTP Basic credentials
// (ops:secret, viewer:view) that is also an authorizer refusing every operator mutation by
// "viewer", and quota or weights of role "locked" to anyone. It has no AuthorizedMany
// (UNIMPLEMENTED), so the master asks Authorized per object instead.
import { defineModule, UnsupportedError } from '@plateau/kernel';

const USERS: Record<string, string> = { ops: 'secret', viewer: 'view' };
const MUTATIONS = new Set(['UPDATE_QUOTA_WITH_CONFIG', 'UPDATE_WEIGHT', 'RESERVE_RESOURCES', 'UNRESERVE_RESOURCES', 'MARK_AGENT_GONE']);

class OperatorAuth {
  async authenticate(req: { authorization?: string; realm?: string }) {
    const m = /^Basic (.+)$/.exec(req.authorization ?? '');
    const [user, pass] = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':') : [];
    if (user !== undefined && USERS[user] === pass) return { authenticated: true, principal: user, reason: '', claims: {}, challenge: '' };
    return { authenticated: false, principal: '', reason: 'bad credentials', claims: {}, challenge: `Basic realm="${req.realm}"` };
  }

  async authorized(req: { principal?: string; action?: string; object?: { type?: string; value?: string } | null }) {
    if (MUTATIONS.has(req.action ?? '') && req.principal === 'viewer') return { allowed: false, reason: 'viewer' };
    if (req.object?.type === 'role' && req.object.value === 'locked') return { allowed: false, reason: 'locked role' };
    return { allowed: true, reason: '' };
  }

  async authorizedMany(): Promise<never> {
    throw new UnsupportedError('operator-auth decides one object at a time');
  }

  async issueToken(): Promise<never> {
    throw new UnsupportedError('operator-auth issues no tokens');
  }
}

export default defineModule<OperatorAuth>({
  kind: 'authenticator',
  name: 'operator-auth',
  version: '0.1.0',
  apiVersions: ['v1'],
  provides: ['authorizer'],
  create: () => new OperatorAuth(),
});
