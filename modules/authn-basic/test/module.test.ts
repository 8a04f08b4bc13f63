// The module definition: its config schema (defaults, unknown keys refused), and create, which
// reads the credentials and key files once and fails with PLT_ERR_MODULE_CONFIG naming the file
// when either is wrong.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateWithSchema } from '@plateau/kernel';
import definition from '../src/index';
import { BasicAuthnConfigSchema } from '../src/config';

const dir = mkdtempSync(join(tmpdir(), 'plateau-authn-module-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const messages: string[] = [];
const log = { info: (_: unknown, m: string) => messages.push(m), warn: (_: unknown, m: string) => messages.push(m) } as never;
const create = (config: Record<string, unknown>) =>
  definition.create({ config: { tokenTtlSeconds: 86400, ...config } as never, log, deps: {} as never, dirs: { state: dir, runtime: dir } as never, apiVersion: 'v1' });

test('identity: authenticator.basic, API v1', () => {
  assert.is(definition.kind, 'authenticator');
  assert.is(definition.name, 'basic');
  assert.equal(definition.apiVersions, ['v1']);
});

test('schema: the documented keys validate; unknown keys, bad types, short ttl do not', () => {
  assert.equal(validateWithSchema(BasicAuthnConfigSchema, { credentialsFile: '/x', tokenKeyFile: '/k', tokenTtlSeconds: 60, credentials: [{ principal: 'a', secret: 'b' }] }), []);
  assert.equal(validateWithSchema(BasicAuthnConfigSchema, {}), []);
  assert.ok(validateWithSchema(BasicAuthnConfigSchema, { credentialFile: '/x' }).length > 0, 'misspelt key');
  assert.ok(validateWithSchema(BasicAuthnConfigSchema, { tokenTtlSeconds: 0 }).length > 0, 'ttl 0');
  assert.ok(validateWithSchema(BasicAuthnConfigSchema, { credentials: [{ principal: 'a' }] }).length > 0, 'entry without secret');
  assert.ok(validateWithSchema(BasicAuthnConfigSchema, { credentials: [{ principal: 'a', secret: 'b', role: 'x' }] }).length > 0, 'entry with an unknown key');
});

test('create: a missing credentials file or a short key file is PLT_ERR_MODULE_CONFIG naming it', async () => {
  const missing = join(dir, 'nope.yaml');
  const err1 = await Promise.resolve().then(() => create({ credentialsFile: missing })).catch((e: Error & { code?: string }) => e);
  assert.is((err1 as { code?: string }).code, 'PLT_ERR_MODULE_CONFIG');
  assert.match((err1 as Error).message, missing);
  const key = join(dir, 'short.key');
  writeFileSync(key, 'short');
  const err2 = await Promise.resolve().then(() => create({ tokenKeyFile: key })).catch((e: Error & { code?: string }) => e);
  assert.is((err2 as { code?: string }).code, 'PLT_ERR_MODULE_CONFIG');
  assert.match((err2 as Error).message, key);
});

test('create: without tokenKeyFile it says tokens verify only in this process; with credentials it authenticates', async () => {
  messages.length = 0;
  const a = await create({ credentials: [{ principal: 'dev', secret: 'devpass' }] });
  assert.ok(messages.some((m) => /random key and verify only in this process/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /config credentials holds 1 plaintext/.test(m)), messages.join('\n'));
  const r = await a.authenticate({ authorization: `Basic ${Buffer.from('dev:devpass').toString('base64')}`, realm: 'x' });
  assert.ok(r.authenticated);
});

test.run();
