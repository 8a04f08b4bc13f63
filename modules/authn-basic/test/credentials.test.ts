// Credentials sources of authn-basic: scrypt and bcrypt hashes in YAML and JSON files, Mesos's
// plaintext credentials JSON (accepted, with one warning naming the file), the inline list, and
// files that are wrong in every way we could think of: each is an error naming the file and entry.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BasicAuthenticator } from '../src/basic-authenticator';
import { CredentialsError, loadCredentials } from '../src/credentials';
import { hashSecret } from '../src/secrets';

const dir = mkdtempSync(join(tmpdir(), 'plateau-authn-creds-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// Cheap scrypt parameters keep the tests fast; the format is the same as the defaults'.
const FAST = { N: 1024, r: 8, p: 1 };
const OPS_HASH = hashSecret('s3cret:with:colons', FAST);
const VIEWER_BCRYPT = bcrypt.hashSync('view', 4);

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** Records warnings the way the module's logger receives them. */
function recorder() {
  const warnings: Array<{ obj: unknown; msg: string }> = [];
  return { warnings, log: { warn: (obj: unknown, msg: string) => warnings.push({ obj, msg }) } as never };
}

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;

async function accepts(a: BasicAuthenticator, user: string, pass: string): Promise<boolean> {
  const r = await a.authenticate({ authorization: basic(user, pass), realm: 'r' });
  if (r.authenticated) assert.is(r.principal, user);
  else assert.is(r.challenge, 'Basic realm="r"');
  return r.authenticated;
}

function errorOf(fn: () => unknown): CredentialsError {
  try {
    fn();
  } catch (err) {
    assert.instance(err, CredentialsError);
    assert.is((err as CredentialsError).code, 'PLT_ERR_MODULE_CONFIG');
    return err as CredentialsError;
  }
  return assert.unreachable('expected a CredentialsError') as never;
}

test('a YAML file of scrypt and bcrypt ($2a$, $2b$, $2y$) hashes: right secrets in, wrong ones and unknown principals out', async () => {
  const f = file(
    'hashed.yaml',
    [
      'credentials:',
      `  - principal: ops`,
      `    secret: '${OPS_HASH}'`,
      `  - principal: viewer`,
      `    secret: '${VIEWER_BCRYPT}'`,
      `  - { principal: old, secret: '${VIEWER_BCRYPT.replace('$2b$', '$2a$')}' }`,
      `  - { principal: php, secret: '${VIEWER_BCRYPT.replace('$2b$', '$2y$')}' }`,
      '',
    ].join('\n'),
  );
  const { warnings, log } = recorder();
  const creds = loadCredentials({ file: f }, log);
  assert.equal([...creds.keys()], ['ops', 'viewer', 'old', 'php']);
  assert.equal(warnings, [], 'hashed secrets: no warning');
  const a = new BasicAuthenticator(creds, Buffer.alloc(32, 1), 60);
  assert.ok(await accepts(a, 'ops', 's3cret:with:colons'), 'scrypt, a secret with colons');
  assert.not.ok(await accepts(a, 'ops', 's3cret'), 'scrypt, wrong secret');
  assert.ok(await accepts(a, 'viewer', 'view'), 'bcrypt $2b$');
  assert.ok(await accepts(a, 'old', 'view'), 'bcrypt $2a$');
  assert.ok(await accepts(a, 'php', 'view'), 'bcrypt $2y$');
  assert.not.ok(await accepts(a, 'viewer', 'View'), 'bcrypt, wrong secret');
  assert.not.ok(await accepts(a, 'nobody', 'view'), 'unknown principal');
  const unknown = await a.authenticate({ authorization: basic('nobody', 'x') });
  const wrong = await a.authenticate({ authorization: basic('ops', 'x') });
  assert.is(unknown.reason, wrong.reason, 'an unknown principal and a wrong secret are told apart by nothing');
  assert.is(unknown.challenge, 'Basic realm="plateau"', 'default realm');
});

test('principal and secret fields (not over HTTP) are checked like Basic credentials', async () => {
  const a = new BasicAuthenticator(loadCredentials({ inline: [{ principal: 'ops', secret: OPS_HASH }] }, recorder().log), Buffer.alloc(32, 1), 60);
  assert.ok((await a.authenticate({ principal: 'ops', secret: 's3cret:with:colons' })).authenticated);
  assert.not.ok((await a.authenticate({ principal: 'ops', secret: 'nope' })).authenticated);
  const none = await a.authenticate({});
  assert.not.ok(none.authenticated);
  assert.is(none.reason, 'no credentials');
});

test("Mesos's plaintext credentials JSON is accepted, with one warning naming the file", async () => {
  const f = file('mesos.json', JSON.stringify({ credentials: [{ principal: 'fw1', secret: 'plain1' }, { principal: 'fw2', secret: 'plain2' }] }));
  const { warnings, log } = recorder();
  const a = new BasicAuthenticator(loadCredentials({ file: f }, log), Buffer.alloc(32, 1), 60);
  assert.is(warnings.length, 1, 'one warning for the file');
  assert.match(warnings[0]!.msg, f);
  assert.match(warnings[0]!.msg, /2 plaintext secret/);
  assert.ok(await accepts(a, 'fw1', 'plain1'));
  assert.ok(await accepts(a, 'fw2', 'plain2'));
  assert.not.ok(await accepts(a, 'fw1', 'plain2'));
  assert.not.ok(await accepts(a, 'fw1', 'plain1x'));
});

test('file and inline credentials merge; inline plaintext is warned about as config credentials', async () => {
  const f = file('one.json', JSON.stringify({ credentials: [{ principal: 'ops', secret: OPS_HASH }] }));
  const { warnings, log } = recorder();
  const creds = loadCredentials({ file: f, inline: [{ principal: 'dev', secret: 'devpass' }] }, log);
  assert.equal([...creds.keys()], ['ops', 'dev']);
  assert.is(warnings.length, 1);
  assert.match(warnings[0]!.msg, /^config credentials holds 1 plaintext/);
});

test('bad credentials files: each error names the file and, where it is one entry, the entry and principal', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['syntax.yaml', 'credentials: [ {principal: a', /not valid YAML or JSON/],
    ['list.json', '[{"principal":"a","secret":"b"}]', /expected an object with a list 'credentials/],
    ['nolist.yaml', 'credentials: nope\n', /expected an object with a list 'credentials/],
    ['empty.yaml', 'credentials: []\n', /'credentials' is empty/],
    ['blank.yaml', '', /expected an object with a list/],
    ['scalar.yaml', 'credentials:\n  - just-a-string\n', /entry 1: expected \{principal, secret\}/],
    ['noprincipal.yaml', "credentials:\n  - { secret: 'x' }\n", /entry 1: 'principal' must be a non-empty string/],
    ['nosecret.yaml', 'credentials:\n  - { principal: ops }\n', /entry 1 \(principal 'ops'\): 'secret' must be a non-empty string/],
    ['numsecret.yaml', 'credentials:\n  - { principal: ops, secret: 1234 }\n', /entry 1 \(principal 'ops'\): 'secret' must be a non-empty string/],
    ['colon.yaml', 'credentials:\n  - { principal: "a:b", secret: x }\n', /cannot contain ':'/],
    ['dup.yaml', `credentials:\n  - { principal: ops, secret: '${OPS_HASH}' }\n  - { principal: ops, secret: x }\n`, /entry 2 \(principal 'ops'\): principal already listed in .*entry 1/],
    ['scrypt-fields.yaml', "credentials:\n  - { principal: a, secret: 'scrypt$16384$8$1$c2FsdHNhbHQ=' }\n", /entry 1 \(principal 'a'\): malformed scrypt hash: expected scrypt\$N\$r\$p\$salt\$hash/],
    ['scrypt-n.yaml', `credentials:\n  - { principal: a, secret: '${OPS_HASH.replace('$1024$', '$1000$')}' }\n`, /N must be a power of two/],
    ['scrypt-huge.yaml', `credentials:\n  - { principal: a, secret: '${OPS_HASH.replace('$1024$', '$4194304$')}' }\n`, /N must be a power of two from 2 to 1048576/],
    ['scrypt-r.yaml', `credentials:\n  - { principal: a, secret: '${OPS_HASH.replace('$1024$8$', '$1024$0$')}' }\n`, /r must be from 1 to 32/],
    ['scrypt-b64.yaml', "credentials:\n  - { principal: a, secret: 'scrypt$1024$8$1$not*base64$AAAAAAAAAAAAAAAAAAAAAA==' }\n", /salt is not base64/],
    ['scrypt-short.yaml', "credentials:\n  - { principal: a, secret: 'scrypt$1024$8$1$c2FsdHNhbHQ=$AAAA' }\n", /hash must be 16 to 64 bytes/],
    ['bcrypt.yaml', "credentials:\n  - { principal: b, secret: '$2b$10$tooshort' }\n", /entry 1 \(principal 'b'\): malformed bcrypt hash/],
  ];
  for (const [name, text, expected] of cases) {
    const f = file(name, text);
    const err = errorOf(() => loadCredentials({ file: f }, recorder().log));
    assert.ok(err.message.startsWith(`credentials file ${f}: `), `${name}: names the file: ${err.message}`);
    assert.match(err.message, expected, `${name}: ${err.message}`);
  }
  const missing = errorOf(() => loadCredentials({ file: join(dir, 'absent.yaml') }, recorder().log));
  assert.match(missing.message, /absent\.yaml: cannot be read: ENOENT/);
  const inline = errorOf(() => loadCredentials({ inline: [{ principal: 'x', secret: '$2a$bad' }] }, recorder().log));
  assert.match(inline.message, /^config credentials: entry 1 \(principal 'x'\): malformed bcrypt hash/);
});

test('no credentials at all: Basic is always refused (bearer tokens only)', async () => {
  const a = new BasicAuthenticator(loadCredentials({}, recorder().log), Buffer.alloc(32, 1), 60);
  assert.not.ok(await accepts(a, 'ops', ''));
  assert.not.ok(await accepts(a, '', ''));
});

test.run();
