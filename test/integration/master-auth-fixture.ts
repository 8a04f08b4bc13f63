// A test module for master-auth.test.ts: an authenticator of HTTP Basic credentials (ops:secret,
// viewer:view) that is also an authorizer: it refuses role "forbidden", tasks whose id starts
// with "deny-", and any TEARDOWN by "viewer".
import { defineModule, UnsupportedError } from '@plateau/kernel';

const USERS: Record<string, string> = { ops: 'secret', viewer: 'view' };

class TestAuth {
  async authenticate(req: { authorization?: string; realm?: string }) {
    const m = /^Basic (.+)$/.exec(req.authorization ?? '');
    const [user, pass] = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':') : [];
    if (user !== undefined && USERS[user] === pass) return { authenticated: true, principal: user, reason: '', claims: {}, challenge: '' };
    return { authenticated: false, principal: '', reason: 'bad credentials', claims: {}, challenge: `Basic realm="${req.realm}"` };
  }

  async authorized(req: { principal?: string; action?: string; object?: { type?: string; value?: string } | null }) {
    const value = req.object?.value ?? '';
    if (req.action === 'REGISTER_FRAMEWORK' && value === 'forbidden') return { allowed: false, reason: 'role forbidden' };
    if (req.action === 'RUN_TASK' && value.startsWith('deny-')) return { allowed: false, reason: 'task denied' };
    if (req.action === 'TEARDOWN_FRAMEWORK' && req.principal === 'viewer') return { allowed: false, reason: 'viewer' };
    return { allowed: true, reason: '' };
  }

  async authorizedMany(req: { principal?: string; action?: string; objects?: Array<{ type?: string; value?: string }> }) {
    return { decisions: await Promise.all((req.objects ?? []).map((object) => this.authorized({ ...req, object }))) };
  }

  async issueToken(): Promise<never> {
    throw new UnsupportedError('test-auth issues no tokens');
  }
}

export default defineModule<TestAuth>({
  kind: 'authenticator',
  name: 'test-auth',
  version: '0.1.0',
  apiVersions: ['v1'],
  provides: ['authorizer'],
  create: () => new TestAuth(),
});
