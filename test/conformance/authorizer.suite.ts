import * as assert from 'uvu/assert';
import type { ConformanceSuite } from './harness';

interface AuthorizationRequest {
  principal?: string;
  claims?: Record<string, string>;
  action?: string;
  object?: { type?: string; value?: string; json?: string } | null;
}

export interface AuthorizerApi {
  authorized(req: AuthorizationRequest): Promise<{ allowed: boolean; reason?: string | null }>;
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
};
