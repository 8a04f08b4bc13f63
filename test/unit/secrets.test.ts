// Secrets on the agent side, with the real file resolver: the containerizer's resolution of
// SECRET variables and secret volumes (files on a tmpfs of their own when root, mode 0400,
// read-only bind mounts), their removal, failures that name the variable or volume and the secret
// but never its bytes, and `withoutSecretValues`, which keeps a secret's reference and drops its
// value wherever it sits in a message.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTAINER_SANDBOX, hasSecrets, removeSecrets, resolveSecrets, secretsDirOf, type SecretsSetup } from '@plateau/agent';
import { type ContainerInfo, type CommandInfo, encodeMessage, TaskInfoSchema, type TaskInfo, withoutSecretValues } from '@plateau/mesos';
import { FileSecretResolver } from '@plateau/secret-resolver-file';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-agent-secrets-'));
const root = path.join(base, 'store');
fs.mkdirSync(path.join(root, 'db'), { recursive: true });
fs.writeFileSync(path.join(root, 'db', 'password'), 'pw-FROM-FILE-0001');
fs.writeFileSync(path.join(root, 'db', 'creds.yaml'), 'user: app-user-0002\n');
const setup: SecretsSetup = { resolver: { label: 'secrets (secret-resolver.file)', module: new FileSecretResolver({ root, maxBytes: 4096 }) }, dir: path.join(base, 'run') };
const mounted = (dir: string) => fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === dir);
const asRoot = process.platform === 'linux' && process.getuid?.() === 0;

test.after(async () => {
  for (const id of ['c1', 'c2', 'c3']) await removeSecrets(setup, id).catch(() => undefined);
  fs.rmSync(base, { recursive: true, force: true });
});

const ref = (name: string, key?: string) => ({ type: 'REFERENCE' as const, reference: { name, ...(key ? { key } : {}) } });

const command: CommandInfo = {
  value: 'true',
  environment: {
    variables: [
      { name: 'PLAIN', value: 'p' },
      { name: 'DB_PASSWORD', type: 'SECRET', secret: ref('db/password') },
      { name: 'DB_USER', type: 'SECRET', secret: ref('db/creds.yaml', 'user') },
      { name: 'BY_VALUE', type: 'SECRET', secret: { type: 'VALUE', value: { data: Buffer.from('value-SECRET-0003') } } },
    ],
  },
};
const container: ContainerInfo = {
  type: 'MESOS',
  volumes: [
    { mode: 'RO', container_path: 'secrets/db', source: { type: 'SECRET', secret: ref('db/password') } },
    { mode: 'RO', container_path: '/etc/app/user', source: { type: 'SECRET', secret: ref('db/creds.yaml', 'user') } },
    { mode: 'RW', container_path: 'data', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'SELF', path: 'x' } } },
  ],
};

test('SECRET variables resolve; secret volumes become 0400 files on a private tmpfs, mounted read-only', async () => {
  assert.ok(hasSecrets(command, container));
  const s = await resolveSecrets(setup, 'c1', command, container);
  assert.equal(s.env, [
    { name: 'DB_PASSWORD', value: 'pw-FROM-FILE-0001' },
    { name: 'DB_USER', value: 'app-user-0002' },
    { name: 'BY_VALUE', value: 'value-SECRET-0003' },
  ]);
  assert.equal(s.mounts.map((m) => [m.target, m.options]), [
    [`${CONTAINER_SANDBOX}/secrets/db`, ['bind', 'ro', 'nosuid', 'nodev', 'noexec']],
    ['/etc/app/user', ['bind', 'ro', 'nosuid', 'nodev', 'noexec']],
  ]);
  const dir = secretsDirOf(setup, 'c1');
  assert.is(fs.statSync(dir).mode & 0o777, 0o700);
  assert.is(fs.readFileSync(s.mounts[0]!.source!, 'utf8'), 'pw-FROM-FILE-0001');
  assert.is(fs.readFileSync(s.mounts[1]!.source!, 'utf8'), 'app-user-0002');
  for (const m of s.mounts) assert.is(fs.statSync(m.source!).mode & 0o777, 0o400);
  if (asRoot) assert.ok(mounted(dir), 'a tmpfs of its own when root');
  await removeSecrets(setup, 'c1');
  assert.not.ok(fs.existsSync(dir), 'removed with the container');
  if (asRoot) assert.not.ok(mounted(dir), 'unmounted');
});

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a failure');
}

test('a missing secret names the variable or volume and the secret; nothing is left behind', async () => {
  let m = await failure(resolveSecrets(setup, 'c2', { value: 'x', environment: { variables: [{ name: 'TOKEN', type: 'SECRET', secret: ref('api/token') }] } }, undefined));
  assert.match(m, /environment variable TOKEN, secret "api\/token": secret resolver secrets \(secret-resolver.file\): secret "api\/token" not found/);
  m = await failure(resolveSecrets(setup, 'c2', undefined, { type: 'MESOS', volumes: [container.volumes![0]!, { mode: 'RO', container_path: 'tls/key', source: { type: 'SECRET', secret: ref('tls/key') } }] }));
  assert.match(m, /volume 1 \("tls\/key"\), secret "tls\/key": .*not found/);
  assert.not.ok(fs.existsSync(secretsDirOf(setup, 'c2')), 'no half-made secrets directory');
  m = await failure(resolveSecrets(setup, 'c2', undefined, { type: 'MESOS', volumes: [{ mode: 'RO', container_path: '../escape', source: { type: 'SECRET', secret: ref('db/password') } }] }));
  assert.match(m, /container_path "..\/escape" has a '..' component/);
  assert.not.ok(m.includes('pw-FROM-FILE'), 'no secret bytes in messages');
});

test('without a resolver: VALUE secrets still resolve (Mesos default), a REFERENCE fails naming it', async () => {
  const none: SecretsSetup = { dir: setup.dir };
  const s = await resolveSecrets(none, 'c3', { value: 'x', environment: { variables: [command.environment!.variables![3]!] } }, undefined);
  assert.equal(s.env, [{ name: 'BY_VALUE', value: 'value-SECRET-0003' }]);
  const m = await failure(resolveSecrets(none, 'c3', command, undefined));
  assert.match(m, /environment variable DB_PASSWORD, secret "db\/password": no secret resolver is configured \(agent.secretResolver\)/);
});

test('withoutSecretValues drops every value, keeps references, copies only when needed, never mutates', () => {
  const task: TaskInfo = {
    name: 't',
    task_id: { value: 't' },
    agent_id: { value: 'a' },
    command,
    container: { ...container, volumes: [...container.volumes!, { mode: 'RO', container_path: 'v', source: { type: 'SECRET', secret: { type: 'VALUE', value: { data: Buffer.from('vol-VALUE-0004') } } } }] },
  };
  const before = encodeMessage(TaskInfoSchema, task);
  const clean = withoutSecretValues(task);
  assert.is(encodeMessage(TaskInfoSchema, task), before, 'the input is untouched');
  const json = encodeMessage(TaskInfoSchema, clean);
  for (const secret of ['value-SECRET-0003', 'vol-VALUE-0004']) {
    assert.not.ok(json.includes(Buffer.from(secret).toString('base64')), `${secret} is gone`);
    assert.ok(before.includes(Buffer.from(secret).toString('base64')), `${secret} was there`);
  }
  assert.ok(json.includes('"reference":{"name":"db/password"}'), 'references stay');
  assert.is(clean.command!.environment!.variables![3]!.secret!.type, 'VALUE', 'the type stays');
  assert.ok(clean.resources === task.resources, 'untouched parts are shared');
  const plain = { name: 'p', task_id: { value: 'p' }, agent_id: { value: 'a' } };
  assert.ok(withoutSecretValues(plain) === plain, 'nothing to drop: the same object');
  // The JSON form too (data as base64 text), as stored or sent.
  const parsed = JSON.parse(before) as unknown;
  assert.not.ok(JSON.stringify(withoutSecretValues(parsed)).includes(Buffer.from('vol-VALUE-0004').toString('base64')));
});

test.run();
