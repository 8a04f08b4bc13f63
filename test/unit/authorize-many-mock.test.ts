// The SDK's batch authorization (authorizeMany) against mock authorizers: one AuthorizedMany call
// when the module has it, one Authorized per object when it answers UNIMPLEMENTED, an error for a
// batch answer of the wrong length. The real module behind it runs in
// test/integration/master-authz-acl.test.ts and the authorizer conformance suite.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Authorizer, authorizeMany, InvalidError, UnsupportedError } from '@plateau/kernel';

const objects = [{ type: 'role', value: 'web' }, { type: 'role', value: 'db' }, { type: 'role', value: 'ops' }];
const req = { principal: 'alice', claims: {}, action: 'VIEW_ROLE', objects };

function counting(many: Authorizer['authorizedMany']) {
  const calls = { single: 0, many: 0 };
  const authorizer: Authorizer = {
    async authorized(r) {
      calls.single++;
      return { allowed: r.object?.value !== 'db', reason: `single ${r.object?.value}` };
    },
    async authorizedMany(r) {
      calls.many++;
      return many(r);
    },
  };
  return { authorizer, calls };
}

test('authorizeMany: one AuthorizedMany call answers every object in order', async () => {
  const { authorizer, calls } = counting(async (r) => ({ decisions: (r.objects ?? []).map((o) => ({ allowed: o.value === 'web', reason: `many ${o.value}` })) }));
  const d = await authorizeMany(authorizer, req);
  assert.equal(d, [
    { allowed: true, reason: 'many web' },
    { allowed: false, reason: 'many db' },
    { allowed: false, reason: 'many ops' },
  ]);
  assert.equal(calls, { single: 0, many: 1 });
});

test('authorizeMany: UNIMPLEMENTED falls back to one Authorized per object', async () => {
  const { authorizer, calls } = counting(async () => {
    throw new UnsupportedError('AuthorizedMany is not implemented');
  });
  const d = await authorizeMany(authorizer, req);
  assert.equal(d.map((x) => x.allowed), [true, false, true]);
  assert.is(d[1]!.reason, 'single db');
  assert.equal(calls, { single: 3, many: 1 });
});

test('authorizeMany: an empty list asks nothing', async () => {
  const { authorizer, calls } = counting(async () => ({ decisions: [] }));
  assert.equal(await authorizeMany(authorizer, { ...req, objects: [] }), []);
  assert.equal(calls, { single: 0, many: 0 });
});

test('authorizeMany: a batch answer of the wrong length is PLT_ERR_INVALID', async () => {
  const { authorizer } = counting(async () => ({ decisions: [{ allowed: true, reason: '' }] }));
  try {
    await authorizeMany(authorizer, req);
    assert.unreachable('expected a rejection');
  } catch (err) {
    assert.instance(err, InvalidError);
    assert.match((err as Error).message, '1 decisions for 3 objects of VIEW_ROLE');
  }
});

test('authorizeMany: other errors of the module propagate', async () => {
  const { authorizer, calls } = counting(async () => {
    throw new Error('module down');
  });
  try {
    await authorizeMany(authorizer, req);
    assert.unreachable('expected a rejection');
  } catch (err) {
    assert.is((err as Error).message, 'module down');
  }
  assert.is(calls.single, 0);
});

test.run();
