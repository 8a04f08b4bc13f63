// The file secret resolver on real directories: names (relative, no '..', no links anywhere on the
// way), keys of JSON and YAML files, VALUE secrets, size cap, and messages that never carry the
// secret's bytes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FileSecretResolver, checkName } from '../src/index';

const dirs: string[] = [];
function tmp(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}
test.after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A root with db/password (plain), db/creds.json (JSON), db/creds.yaml (YAML), and an outside file. */
function setup(): { root: string; outside: string; r: FileSecretResolver } {
  const base = tmp('plateau-secrets-');
  const root = path.join(base, 'root');
  fs.mkdirSync(path.join(root, 'db'), { recursive: true });
  fs.writeFileSync(path.join(root, 'db', 'password'), 'hunter2-plain\n');
  fs.writeFileSync(path.join(root, 'db', 'creds.json'), JSON.stringify({ username: 'app', password: 'hunter2-json', port: 5432 }));
  fs.writeFileSync(path.join(root, 'db', 'creds.yaml'), 'username: app\npassword: hunter2-yaml\nlist: [a, b]\n');
  const outside = path.join(base, 'outside');
  fs.writeFileSync(outside, 'OUTSIDE-CONTENT');
  return { root, outside, r: new FileSecretResolver({ root, maxBytes: 1024 }) };
}

const ref = (name: string, key?: string) => ({ secret: { type: 'REFERENCE' as const, reference: { name, ...(key !== undefined ? { key } : {}) } } });

async function refused(p: Promise<unknown>, code: string, match: RegExp, secretBytes: string[] = []): Promise<string> {
  try {
    const got = await p;
    assert.unreachable(`expected ${code}, got ${JSON.stringify(got)}`);
  } catch (err) {
    const e = err as { code?: string; message: string };
    if (e.code === undefined) throw err;
    assert.is(e.code, code, e.message);
    assert.match(e.message, match);
    for (const s of secretBytes) assert.not.ok(e.message.includes(s), `message ${JSON.stringify(e.message)} leaks ${s}`);
    return e.message;
  }
  return '';
}

test('a plain file is the secret, byte for byte', async () => {
  const { r } = setup();
  const res = await r.resolve(ref('db/password'));
  assert.is(res.data.toString('utf8'), 'hunter2-plain\n');
});

test('a key selects a string field of a JSON or a YAML file', async () => {
  const { r } = setup();
  assert.is((await r.resolve(ref('db/creds.json', 'password'))).data.toString(), 'hunter2-json');
  assert.is((await r.resolve(ref('db/creds.yaml', 'password'))).data.toString(), 'hunter2-yaml');
  assert.is((await r.resolve(ref('db/creds.yaml', 'username'))).data.toString(), 'app');
});

test('a missing key is NOT_FOUND and a non-string field INVALID, naming secret and key, not the content', async () => {
  const { r } = setup();
  await refused(r.resolve(ref('db/creds.json', 'token')), 'PLT_ERR_NOT_FOUND', /secret "db\/creds.json" key "token" not found/, ['hunter2']);
  await refused(r.resolve(ref('db/creds.json', 'port')), 'PLT_ERR_INVALID', /key "port" is not a string/, ['hunter2']);
  await refused(r.resolve(ref('db/creds.yaml', 'list')), 'PLT_ERR_INVALID', /key "list" is not a string/, ['hunter2']);
  // A plain file read with a key is not a mapping; its content stays out of the message.
  await refused(r.resolve(ref('db/password', 'x')), 'PLT_ERR_INVALID', /secret "db\/password" key "x": the file is not a JSON or YAML mapping/, ['hunter2']);
});

test('a file that is neither JSON nor YAML: the message has no content', async () => {
  const { root, r } = setup();
  fs.writeFileSync(path.join(root, 'broken'), 'password: "hunter2-broken\n  : : [\n');
  await refused(r.resolve(ref('broken', 'password')), 'PLT_ERR_INVALID', /secret "broken" key "password": the file is not JSON or YAML/, ['hunter2']);
});

test('a missing secret is NOT_FOUND naming it', async () => {
  const { r } = setup();
  await refused(r.resolve(ref('db/nope')), 'PLT_ERR_NOT_FOUND', /secret "db\/nope" not found/);
  await refused(r.resolve(ref('nope/password')), 'PLT_ERR_NOT_FOUND', /secret "nope\/password" not found/);
  await refused(r.resolve(ref('db/password/deeper')), 'PLT_ERR_NOT_FOUND', /not found/);
});

test('absolute names, "..", "." and empty components are refused before anything is opened', async () => {
  const { outside, r } = setup();
  for (const name of [outside, '/etc/shadow', '../outside', 'db/../../outside', 'db/../password', './db/password', 'db//password', 'db/', '']) {
    await refused(r.resolve(ref(name)), 'PLT_ERR_INVALID', /secret|name/, ['OUTSIDE-CONTENT']);
  }
  assert.throws(() => checkName('a\0b'), /NUL/);
  assert.equal(checkName('a/b.c/d'), ['a', 'b.c', 'd']);
});

test('symbolic links are never followed: not as the file, not as a directory, not even inside the root', async () => {
  const { root, outside, r } = setup();
  fs.symlinkSync(outside, path.join(root, 'link-out'));
  fs.symlinkSync(path.join(root, 'db', 'password'), path.join(root, 'link-in'));
  fs.symlinkSync(path.dirname(outside), path.join(root, 'dir-out'));
  fs.symlinkSync(path.join(root, 'db'), path.join(root, 'dir-in'));
  await refused(r.resolve(ref('link-out')), 'PLT_ERR_INVALID', /secret "link-out" is a symbolic link/, ['OUTSIDE-CONTENT']);
  await refused(r.resolve(ref('link-in')), 'PLT_ERR_INVALID', /secret "link-in" is a symbolic link/, ['hunter2']);
  await refused(r.resolve(ref('dir-out/outside')), 'PLT_ERR_INVALID', /"dir-out" is a symbolic link/, ['OUTSIDE-CONTENT']);
  await refused(r.resolve(ref('dir-in/password')), 'PLT_ERR_INVALID', /"dir-in" is a symbolic link/, ['hunter2']);
  await refused(r.resolve(ref('dir-in/creds.json', 'password')), 'PLT_ERR_INVALID', /symbolic link/, ['hunter2']);
});

test('the root itself may be a link (an operator choice); names are checked below it', async () => {
  const { root } = setup();
  const alias = path.join(tmp('plateau-secrets-alias-'), 'root');
  fs.symlinkSync(root, alias);
  const r = new FileSecretResolver({ root: alias, maxBytes: 1024 });
  assert.is(r.root, fs.realpathSync(root));
  assert.is((await r.resolve(ref('db/password'))).data.toString(), 'hunter2-plain\n');
});

test('directories, FIFOs and files over maxBytes are refused', async () => {
  const { root, r } = setup();
  await refused(r.resolve(ref('db')), 'PLT_ERR_INVALID', /secret "db" is not a regular file/);
  const fifo = path.join(root, 'fifo');
  require('node:child_process').execFileSync('mkfifo', [fifo]);
  await refused(r.resolve(ref('fifo')), 'PLT_ERR_INVALID', /secret "fifo" is not a regular file/);
  fs.writeFileSync(path.join(root, 'big'), Buffer.alloc(1025, 'x'));
  await refused(r.resolve(ref('big')), 'PLT_ERR_INVALID', /secret "big" is larger than maxBytes \(1024\)/);
  fs.writeFileSync(path.join(root, 'fits'), Buffer.alloc(1024, 'y'));
  assert.is((await r.resolve(ref('fits'))).data.length, 1024);
});

test('VALUE secrets are their data, as is (binary included); malformed secrets are INVALID', async () => {
  const { r } = setup();
  const bytes = Buffer.from([0, 1, 2, 255, 254, 10]);
  assert.ok((await r.resolve({ secret: { type: 'VALUE', value: { data: bytes } } })).data.equals(bytes));
  assert.ok((await r.resolve({ secret: { type: 2, value: { data: new Uint8Array(bytes) } } })).data.equals(bytes));
  await refused(r.resolve({}), 'PLT_ERR_INVALID', /no secret/);
  await refused(r.resolve({ secret: { type: 'UNKNOWN' } }), 'PLT_ERR_INVALID', /neither REFERENCE nor VALUE/);
  await refused(r.resolve({ secret: { type: 'VALUE' } }), 'PLT_ERR_INVALID', /value\.data/);
  await refused(r.resolve({ secret: { type: 'REFERENCE' } }), 'PLT_ERR_INVALID', /needs a name/);
});

test('a root that is missing or not a directory fails at creation, naming it', () => {
  const base = tmp('plateau-secrets-bad-');
  assert.throws(() => new FileSecretResolver({ root: path.join(base, 'missing'), maxBytes: 10 }), /secrets root .*missing cannot be used/);
  fs.writeFileSync(path.join(base, 'file'), 'x');
  assert.throws(() => new FileSecretResolver({ root: path.join(base, 'file'), maxBytes: 10 }), /is not a directory/);
});

test.run();
