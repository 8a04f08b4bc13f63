// The ACL authorizer on its own: Mesos's rule matching (first match decides, ANY and NONE,
// anonymous callers), permissive true and false, the reasons naming the rule, users found in
// Mesos authorization Object JSON, AuthorizedMany agreeing with Authorized, and ACLs that cannot
// be read failing with the file and the key.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateWithSchema } from '@plateau/kernel';
import definition, { AclAuthorizer, AclConfigSchema, readAcls, readAclsFile } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'authz-acl-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const authorizer = (acls: unknown) => new AclAuthorizer(readAcls(acls, 'acls'));
const ask = (a: AclAuthorizer, principal: string, action: string, object: { type?: string; value?: string; json?: string } | null) =>
  a.authorized({ principal, claims: {}, action, object });

const RUN = {
  run_tasks: [
    { principals: { values: ['ops'] }, users: { type: 'ANY' } },
    { principals: { values: ['web'] }, users: { values: ['www'] } },
    { principals: { values: ['web'] }, users: { type: 'NONE' } },
  ],
};
const task = (user?: string, frameworkUser = 'nobody') =>
  JSON.stringify({ task_info: { name: 't', task_id: { value: 't1' }, command: user ? { user } : {} }, framework_info: { user: frameworkUser, name: 'f' } });

test('the first matching rule decides and its reason names it', async () => {
  const a = authorizer({ permissive: false, ...RUN });
  assert.equal(await ask(a, 'ops', 'RUN_TASK', { type: 'task', value: 't1', json: task('root') }), { allowed: true, reason: 'acls.run_tasks[0] (principals: [ops], users: ANY)' });
  assert.equal(await ask(a, 'web', 'RUN_TASK', { type: 'task', value: 't1', json: task('www') }), { allowed: true, reason: 'acls.run_tasks[1] (principals: [web], users: [www])' });
  assert.equal(await ask(a, 'web', 'RUN_TASK', { type: 'task', value: 't1', json: task('root') }), { allowed: false, reason: 'acls.run_tasks[2] (principals: [web], users: NONE)' });
});

test('the user is the task command user, else the framework user', async () => {
  const a = authorizer({ permissive: false, ...RUN });
  assert.ok((await ask(a, 'web', 'RUN_TASK', { type: 'task', json: task(undefined, 'www') })).allowed, 'framework user www');
  assert.not.ok((await ask(a, 'web', 'RUN_TASK', { type: 'task', json: task('root', 'www') })).allowed, 'task user root wins');
  assert.ok((await ask(a, 'web', 'RUN_TASK', { type: 'user', value: 'www' })).allowed, 'a user object by value');
});

test('permissive decides when no rule matches, and says so', async () => {
  const strict = authorizer({ permissive: false, ...RUN });
  assert.equal(await ask(strict, 'db', 'RUN_TASK', { type: 'user', value: 'www' }), { allowed: false, reason: 'permissive: false, no rule matched in acls.run_tasks' });
  const open = authorizer(RUN);
  assert.equal(await ask(open, 'db', 'RUN_TASK', { type: 'user', value: 'www' }), { allowed: true, reason: 'permissive: true, no rule matched in acls.run_tasks' });
  assert.equal(await ask(strict, 'ops', 'VIEW_FLAGS', null), { allowed: false, reason: 'permissive: false, no rule matched (acls.view_flags is empty)' });
  assert.equal(await ask(open, 'ops', 'MADE_UP', null), { allowed: true, reason: 'permissive: true, no ACL list decides MADE_UP' });
});

test('ANY and NONE subjects; anonymous callers match only ANY and NONE rules', async () => {
  const a = authorizer({
    permissive: true,
    register_frameworks: [
      { principals: { values: ['analytics'] }, roles: { values: ['analytics'] } },
      { principals: { type: 'NONE' }, roles: { values: ['analytics'] } },
      { principals: { type: 'ANY' }, roles: { values: ['prod'] } },
    ],
  });
  const role = (value: string) => ({ type: 'role', value });
  assert.ok((await ask(a, 'analytics', 'REGISTER_FRAMEWORK', role('analytics'))).allowed);
  assert.equal(await ask(a, 'web', 'REGISTER_FRAMEWORK', role('analytics')), { allowed: false, reason: 'acls.register_frameworks[1] (principals: NONE, roles: [analytics])' });
  assert.not.ok((await ask(a, '', 'REGISTER_FRAMEWORK', role('analytics'))).allowed, 'anonymous meets the NONE rule');
  assert.equal(await ask(a, '', 'REGISTER_FRAMEWORK', role('prod')), { allowed: true, reason: 'acls.register_frameworks[2] (principals: ANY, roles: [prod])' });
  assert.ok((await ask(a, 'web', 'REGISTER_FRAMEWORK', role('dev'))).allowed, 'no match: permissive');
});

test('implicit objects (flags, agents gone) are decided by ANY and NONE rules', async () => {
  const a = authorizer({ permissive: false, view_flags: [{ principals: { values: ['ops'] }, flags: { type: 'ANY' } }], mark_agents_gone: [{ principals: { type: 'ANY' }, agents: { type: 'NONE' } }] });
  assert.ok((await ask(a, 'ops', 'VIEW_FLAGS', null)).allowed);
  assert.not.ok((await ask(a, 'web', 'VIEW_FLAGS', null)).allowed);
  assert.equal(await ask(a, 'ops', 'MARK_AGENT_GONE', { type: 'agent', value: 'S1' }), { allowed: false, reason: 'acls.mark_agents_gone[0] (principals: ANY, agents: NONE)' });
});

test('kernel action names map to their lists: quota, weights, reservations, teardown', async () => {
  const a = authorizer({
    permissive: false,
    update_quotas: [{ principals: { values: ['ops'] }, roles: { values: ['eng'] } }],
    update_weights: [{ principals: { values: ['ops'] }, roles: { type: 'ANY' } }],
    reserve_resources: [{ principals: { values: ['ops'] }, roles: { values: ['eng'] } }],
    unreserve_resources: [{ principals: { values: ['ops'] }, reserver_principals: { values: ['ops'] } }],
    teardown_frameworks: [{ principals: { values: ['ops'] }, framework_principals: { values: ['web'] } }],
  });
  assert.ok((await ask(a, 'ops', 'UPDATE_QUOTA_WITH_CONFIG', { type: 'role', value: 'eng' })).allowed);
  assert.not.ok((await ask(a, 'ops', 'UPDATE_QUOTA', { type: 'role', value: 'db' })).allowed);
  assert.ok((await ask(a, 'ops', 'UPDATE_WEIGHT', { type: 'role', value: 'db' })).allowed);
  assert.ok((await ask(a, 'ops', 'RESERVE_RESOURCES', { type: 'role', value: 'eng' })).allowed);
  const reserved = JSON.stringify({ resource: { name: 'cpus', reservations: [{ type: 'DYNAMIC', role: 'eng', principal: 'ops' }] } });
  assert.ok((await ask(a, 'ops', 'UNRESERVE_RESOURCES', { type: 'resource', json: reserved })).allowed);
  const fw = (principal: string) => ({ type: 'framework', value: 'F1', json: JSON.stringify({ framework_info: { principal, user: 'x', name: 'f' } }) });
  assert.equal(await ask(a, 'ops', 'TEARDOWN_FRAMEWORK', fw('web')), { allowed: true, reason: 'acls.teardown_frameworks[0] (principals: [ops], framework_principals: [web])' });
  assert.not.ok((await ask(a, 'ops', 'TEARDOWN_FRAMEWORK', fw('db'))).allowed);
});

test('view_* rules read the user of a framework, task and executor', async () => {
  const a = authorizer({
    permissive: false,
    view_frameworks: [{ principals: { values: ['alice'] }, users: { values: ['alice'] } }],
    view_tasks: [{ principals: { values: ['alice'] }, users: { values: ['alice'] } }],
    view_executors: [{ principals: { values: ['alice'] }, users: { values: ['alice'] } }],
  });
  const fw = { framework_info: { user: 'alice', name: 'f' } };
  assert.ok((await ask(a, 'alice', 'VIEW_FRAMEWORK', { type: 'framework', json: JSON.stringify(fw) })).allowed);
  assert.ok((await ask(a, 'alice', 'VIEW_TASK', { type: 'task', json: JSON.stringify({ ...fw, task: { name: 't' } }) })).allowed, 'framework user');
  assert.not.ok((await ask(a, 'alice', 'VIEW_TASK', { type: 'task', json: JSON.stringify({ ...fw, task: { name: 't', user: 'bob' } }) })).allowed, "task's own user");
  assert.ok((await ask(a, 'alice', 'VIEW_EXECUTOR', { type: 'executor', json: JSON.stringify({ ...fw, executor_info: { command: { user: 'alice' } } }) })).allowed);
  assert.not.ok((await ask(a, 'bob', 'VIEW_FRAMEWORK', { type: 'framework', json: JSON.stringify(fw) })).allowed);
});

test('AuthorizedMany answers each object as Authorized does, in order', async () => {
  const a = authorizer({ permissive: false, ...RUN });
  const objects = ['root', 'www', 'www', 'db'].map((u) => ({ type: 'user', value: u }));
  for (const principal of ['ops', 'web', 'db', '']) {
    const many = await a.authorizedMany({ principal, claims: {}, action: 'RUN_TASK', objects });
    const one = await Promise.all(objects.map((o) => ask(a, principal, 'RUN_TASK', o)));
    assert.equal(many.decisions, one, `principal '${principal}'`);
  }
});

test('an empty action or malformed object JSON is PLT_ERR_INVALID', async () => {
  const a = authorizer(RUN);
  for (const [what, p] of [
    ['empty action', ask(a, 'ops', '', null)],
    ['bad json', ask(a, 'ops', 'RUN_TASK', { type: 'task', json: '{nope' })],
    ['batch without action', a.authorizedMany({ principal: 'ops', objects: [] })],
  ] as const) {
    try {
      await p;
      assert.unreachable(`${what}: expected a rejection`);
    } catch (err) {
      assert.is((err as { code?: string }).code, 'PLT_ERR_INVALID', what);
    }
  }
});

test('ACLs that cannot be applied fail naming the key', () => {
  const bad: Array<[unknown, string]> = [
    [[], 'acls: must be an object of ACL lists'],
    [{ permissive: 'no' }, 'acls: permissive: must be true or false'],
    [{ run_taks: [] }, 'acls: run_taks: unknown ACL list (known: permissive, register_frameworks'],
    [{ run_tasks: {} }, 'acls: run_tasks: must be an array of rules'],
    [{ run_tasks: [{ principals: { type: 'ANY' } }] }, 'acls: run_tasks[0].users: is required'],
    [{ run_tasks: [{ principals: { type: 'ANY' }, roles: { type: 'ANY' }, users: { type: 'ANY' } }] }, 'acls: run_tasks[0].roles: unknown field (a rule of run_tasks has principals and users)'],
    [{ view_tasks: [{ principals: { values: [] }, users: { type: 'ANY' } }] }, 'acls: view_tasks[0].principals.values: must be a non-empty array of strings'],
    [{ view_tasks: [{ principals: { type: 'ALL' }, users: { type: 'ANY' } }] }, 'acls: view_tasks[0].principals.type: must be SOME, ANY or NONE, not "ALL"'],
    [{ view_tasks: [{ principals: { type: 'ANY', values: ['x'] }, users: { type: 'ANY' } }] }, 'acls: view_tasks[0].principals.values: must be left out with type ANY'],
    [{ view_tasks: [{ principals: { values: ['a', 3] }, users: { type: 'ANY' } }] }, 'acls: view_tasks[0].principals.values[1]: must be a non-empty string'],
  ];
  for (const [acls, message] of bad) {
    try {
      readAcls(acls, 'acls');
      assert.unreachable(`expected ${message}`);
    } catch (err) {
      assert.is((err as { code?: string }).code, 'PLT_ERR_INVALID');
      assert.ok((err as Error).message.startsWith(message), `${(err as Error).message} starts with ${message}`);
    }
  }
});

test('aclsFile: JSON and YAML files load; a missing, unparsable or wrong file names the file and key', () => {
  const json = join(dir, 'acls.json');
  writeFileSync(json, JSON.stringify({ permissive: false, ...RUN }));
  assert.is(readAclsFile(json).lists.get('run_tasks')!.length, 3);
  const yaml = join(dir, 'acls.yaml');
  writeFileSync(yaml, 'permissive: false\nview_roles:\n  - principals: { values: [ops] }\n    roles: { type: ANY }\n');
  assert.is(readAclsFile(yaml).permissive, false);
  const garbled = join(dir, 'garbled.json');
  writeFileSync(garbled, '{"run_tasks": [');
  assert.throws(() => readAclsFile(garbled), (e: Error) => e.message.startsWith(`aclsFile ${garbled}: is neither JSON nor YAML`));
  const wrong = join(dir, 'wrong.json');
  writeFileSync(wrong, JSON.stringify({ run_tasks: [{ principals: { values: ['ops'] }, users: 'ANY' }] }));
  assert.throws(() => readAclsFile(wrong), (e: Error) => e.message === `aclsFile ${wrong}: run_tasks[0].users: must be an entity: {values: [...]}, {type: ANY} or {type: NONE}`);
  const missing = join(dir, 'missing.json');
  assert.throws(() => readAclsFile(missing), (e: Error) => e.message.startsWith(`aclsFile ${missing}: cannot be read: ENOENT`));
});

test('config: exactly one of acls and aclsFile; the module reads the file at create', async () => {
  assert.ok(validateWithSchema(AclConfigSchema, {}).length > 0, 'neither');
  assert.ok(validateWithSchema(AclConfigSchema, { acls: {}, aclsFile: 'x' }).length > 0, 'both');
  assert.equal(validateWithSchema(AclConfigSchema, { aclsFile: 'x' }), []);
  const file = join(dir, 'module.json');
  writeFileSync(file, JSON.stringify({ permissive: false, ...RUN }));
  const log = pino({ level: 'silent' });
  const a = await definition.create({ config: { aclsFile: file }, deps: {} as never, dirs: { state: '', run: '' }, log, apiVersion: 'v1' });
  assert.not.ok((await ask(a, 'db', 'RUN_TASK', { type: 'user', value: 'x' })).allowed);
  const wrong = join(dir, 'module-wrong.json');
  writeFileSync(wrong, JSON.stringify({ view_task: [] }));
  assert.throws(
    () => definition.create({ config: { aclsFile: wrong }, deps: {} as never, dirs: { state: '', run: '' }, log, apiVersion: 'v1' }),
    (e: Error) => e.message.startsWith(`aclsFile ${wrong}: view_task: unknown ACL list`),
  );
});

test.run();
