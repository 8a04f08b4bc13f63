import * as assert from 'uvu/assert';
import type { ConformanceSuite } from '../harness';

interface AuthorizationRequest {
  principal?: string;
  claims?: Record<string, string>;
  action?: string;
  object?: { type?: string; value?: string; json?: string } | null;
}

interface AuthorizationBatchRequest {
  principal?: string;
  claims?: Record<string, string>;
  action?: string;
  objects?: Array<{ type?: string; value?: string; json?: string }>;
}

type Decision = { allowed: boolean; reason?: string | null };

export interface AuthorizerApi {
  authorized(req: AuthorizationRequest): Promise<Decision>;
  authorizedMany(req: AuthorizationBatchRequest): Promise<{ decisions: Decision[] }>;
}

/** Well-formed requests of the kinds the master makes: with and without an object, anonymous too. */
const REQUESTS: AuthorizationRequest[] = [
  { principal: 'conformance', claims: {}, action: 'VIEW_TASK', object: { type: 'role', value: 'web', json: '' } },
  { principal: 'conformance', claims: { team: 'web' }, action: 'RUN_TASK', object: { type: 'role', value: 'prod', json: '' } },
  { principal: 'ops', claims: {}, action: 'REGISTER_FRAMEWORK', object: { type: 'role', value: '*', json: '' } },
  { principal: '', claims: {}, action: 'VIEW_ROLE', object: { type: 'role', value: 'web', json: '' } },
  { principal: 'conformance', claims: {}, action: 'GET_ENDPOINT_WITH_PATH', object: { type: 'path', value: '/metrics/snapshot', json: '' } },
  { principal: 'conformance', action: 'VIEW_FLAGS' },
];

const describe = (r: AuthorizationRequest) => `${r.action} by '${r.principal ?? ''}' on ${r.object ? `${r.object.type}:${r.object.value}` : 'nothing'}`;

async function rejectsWith(p: Promise<unknown>, code: string, what: string): Promise<void> {
  let answer: unknown;
  try {
    answer = await p;
  } catch (err) {
    assert.is((err as { code?: unknown }).code, code, `${what}: expected error code ${code}, got ${(err as Error).message}`);
    return;
  }
  assert.unreachable(`${what}: expected a rejection with ${code}, got the answer ${JSON.stringify(answer)}`);
}

/** The authorizer contract: a boolean answer for every well-formed request, stable, concurrent; a malformed one is invalid. */
export const authorizerSuite: ConformanceSuite<AuthorizerApi> = (test) => {
  test('authorizer: a well-formed request gets a boolean answer (a denial is an answer, not an error)', async ({ h }) => {
    for (const req of REQUESTS) {
      const res = await h.instance.authorized(structuredClone(req));
      assert.type(res, 'object', `${describe(req)}: answers an object`);
      assert.type(res.allowed, 'boolean', `${describe(req)}: allowed is a boolean`);
      if (res.reason !== undefined && res.reason !== null) assert.type(res.reason, 'string', `${describe(req)}: reason is a string`);
    }
  });

  test('authorizer: the same request twice gets the same answer', async ({ h }) => {
    for (const req of REQUESTS) {
      const first = await h.instance.authorized(structuredClone(req));
      const second = await h.instance.authorized(structuredClone(req));
      assert.is(second.allowed, first.allowed, `${describe(req)}: same answer`);
    }
  });

  test('authorizer: an empty action is rejected with PLT_ERR_INVALID', async ({ h }) => {
    await rejectsWith(
      h.instance.authorized({ principal: 'conformance', claims: {}, action: '', object: { type: 'role', value: 'web', json: '' } }),
      'PLT_ERR_INVALID',
      'empty action',
    );
    await rejectsWith(h.instance.authorized({}), 'PLT_ERR_INVALID', 'empty request');
  });

  test('authorizer: 50 concurrent requests all answer, as they do one at a time', async ({ h }) => {
    const alone: boolean[] = [];
    for (const req of REQUESTS) alone.push((await h.instance.authorized(structuredClone(req))).allowed);
    const idx = Array.from({ length: 50 }, (_, i) => i % REQUESTS.length);
    const answers = await Promise.all(idx.map((i) => h.instance.authorized(structuredClone(REQUESTS[i]!))));
    answers.forEach((res, n) => {
      assert.type(res.allowed, 'boolean', `concurrent call ${n}: allowed is a boolean`);
      assert.is(res.allowed, alone[idx[n]!], `concurrent call ${n} (${describe(REQUESTS[idx[n]!]!)}) answers as it does alone`);
    });
  });

  test('authorizer: AuthorizedMany answers each object as Authorized does, in order (or is UNIMPLEMENTED)', async ({ h }) => {
    const subjects = [...new Set(REQUESTS.map((r) => `${r.principal ?? ''}\u0000${r.action}`))];
    for (const key of subjects) {
      const [principal, action] = key.split('\u0000') as [string, string];
      const objects = REQUESTS.filter((r) => r.object).map((r) => structuredClone(r.object!));
      let batch: { decisions: Decision[] };
      try {
        batch = await h.instance.authorizedMany({ principal, claims: {}, action, objects });
      } catch (err) {
        // A module without the method lets the kernel ask Authorized per object instead.
        assert.is((err as { code?: unknown }).code, 'PLT_ERR_UNSUPPORTED', `${action} by '${principal}': AuthorizedMany answers or is UNIMPLEMENTED, got ${(err as Error).message}`);
        return;
      }
      assert.is(batch.decisions.length, objects.length, `${action} by '${principal}': one decision per object`);
      for (const [i, object] of objects.entries()) {
        const one = await h.instance.authorized({ principal, claims: {}, action, object });
        assert.is(batch.decisions[i]!.allowed, one.allowed, `${action} by '${principal}' on ${object.type}:${object.value}: batch and single agree`);
      }
    }
  });

  test('authorizer: AuthorizedMany with no objects answers no decisions; an empty action is PLT_ERR_INVALID', async ({ h }) => {
    let empty: { decisions: Decision[] };
    try {
      empty = await h.instance.authorizedMany({ principal: 'conformance', claims: {}, action: 'VIEW_TASK', objects: [] });
    } catch (err) {
      assert.is((err as { code?: unknown }).code, 'PLT_ERR_UNSUPPORTED', `AuthorizedMany answers or is UNIMPLEMENTED, got ${(err as Error).message}`);
      return;
    }
    assert.equal(empty.decisions ?? [], [], 'no objects, no decisions');
    await rejectsWith(h.instance.authorizedMany({ principal: 'conformance', claims: {}, action: '', objects: [{ type: 'role', value: 'web', json: '' }] }), 'PLT_ERR_INVALID', 'batch with an empty action');
  });
};
