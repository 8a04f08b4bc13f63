// A real master with the built-in authenticator (modules/authn-basic) over real HTTP: a
// credentials file of hashes made by plateau-hash-secret (scrypt) and bcrypt; /master/state
// answers 401 with `WWW-Authenticate: Basic realm="mesos-master-readonly"` without or with wrong
// credentials and 200 with right ones; a bearer token issued by another authn-basic instance
// (another process's view: same tokenKeyFile) is accepted, one of another key is not; an
// executor's token (claim cid) is refused at the master.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import bcrypt from 'bcryptjs';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Authenticator, ModuleHost } from '@plateau/kernel';
import { makeTempDir } from '@plateau/testkit/tmp';
import { request } from '../helpers/scheduler-client';
import { startMaster, type MasterProcess } from './master-harness';

const REPO = path.resolve(__dirname, '../../..');
const HASH_SECRET = path.join(REPO, 'modules/authn-basic/lib/src/hash-secret-cli.js');
const basic = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

const dir = makeTempDir('plateau-authn-master-');
const keyFile = path.join(dir, 'token.key');
let master: MasterProcess;
const hosts: ModuleHost[] = [];

/** An authn-basic instance in this process, loaded through the module host as the master loads it. */
async function authenticator(config: Record<string, unknown>): Promise<Authenticator> {
  const host = new ModuleHost({ modules: { authn: { use: 'authn-basic', config } }, workDir: makeTempDir('plateau-authn-host-'), logger: pino({ level: 'error' }) });
  hosts.push(host);
  host.load();
  await host.start();
  return host.instance<Authenticator>('authn')!;
}

test.before(async () => {
  const made = spawnSync(process.execPath, [HASH_SECRET], { input: 'ops-secret\n', encoding: 'utf8', timeout: 20_000 });
  assert.is(made.status, 0, `plateau-hash-secret: ${made.stderr}`);
  const credentials = path.join(dir, 'credentials.yaml');
  fs.writeFileSync(
    credentials,
    ['credentials:', `  - principal: ops`, `    secret: '${made.stdout.trim()}'`, `  - principal: viewer`, `    secret: '${bcrypt.hashSync('view', 4)}'`, ''].join('\n'),
  );
  fs.writeFileSync(keyFile, randomBytes(48), { mode: 0o600 });
  master = await startMaster({
    masterLines: ['  authenticator: authn'],
    moduleLines: [`  authn: { use: authn-basic, config: { credentialsFile: ${JSON.stringify(credentials)}, tokenKeyFile: ${JSON.stringify(keyFile)} } }`],
  });
});

test.after(async () => {
  await master?.stop();
  for (const h of hosts) await h.stop(5000);
});

test('/master/state: 401 with Basic realm="mesos-master-readonly" without or with wrong credentials', async () => {
  const none = await request(master.address, 'GET', '/master/state');
  assert.is(none.status, 401, none.body);
  assert.is(none.headers['www-authenticate'], 'Basic realm="mesos-master-readonly"');
  for (const [what, headers] of [
    ['wrong secret', basic('ops', 'nope')],
    ['unknown principal', basic('nobody', 'ops-secret')],
    ['garbage', { Authorization: 'Basic %%%' }],
    ['other scheme', { Authorization: 'Digest x' }],
  ] as const) {
    const r = await request(master.address, 'GET', '/master/state', undefined, headers);
    assert.is(r.status, 401, `${what}: ${r.body}`);
    assert.is(r.headers['www-authenticate'], 'Basic realm="mesos-master-readonly"', what);
  }
});

test('/master/state: 200 with the right Basic credentials (scrypt from plateau-hash-secret, bcrypt)', async () => {
  for (const headers of [basic('ops', 'ops-secret'), basic('viewer', 'view')]) {
    const r = await request(master.address, 'GET', '/master/state', undefined, headers);
    assert.is(r.status, 200, r.body);
    assert.type(JSON.parse(r.body).id, 'string');
  }
  const op = await request(master.address, 'POST', '/api/v1', { type: 'GET_HEALTH' }, basic('ops', 'ops-secret'));
  assert.is(op.status, 200, op.body);
});

test('a bearer token issued with the same tokenKeyFile elsewhere is accepted; one of another key is not', async () => {
  const sameKey = await authenticator({ tokenKeyFile: keyFile });
  const { token } = await sameKey.issueToken({ principal: 'ops', claims: { team: 'a' }, ttlSeconds: 120 });
  const ok = await request(master.address, 'GET', '/master/state', undefined, { Authorization: `Bearer ${token}` });
  assert.is(ok.status, 200, ok.body);
  const otherKey = await authenticator({});
  const foreign = (await otherKey.issueToken({ principal: 'executor', claims: {}, ttlSeconds: 120 })).token;
  const refused = await request(master.address, 'GET', '/master/state', undefined, { Authorization: `Bearer ${foreign}` });
  assert.is(refused.status, 401);
  assert.match(refused.body, /signature does not verify/);
});

test("an executor's token (claim cid) is refused at the master: it is the agent's, for its own container", async () => {
  const sameKey = await authenticator({ tokenKeyFile: keyFile });
  const { token } = await sameKey.issueToken({ principal: '', claims: { fid: 'f', eid: 'e', cid: 'c' }, ttlSeconds: 120 });
  for (const path of ['/master/state', '/api/v1/scheduler']) {
    const r = await request(master.address, path === '/master/state' ? 'GET' : 'POST', path, path === '/master/state' ? undefined : '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"x"}}}', {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    });
    assert.is(r.status, 401, `${path}: ${r.body}`);
    assert.match(r.body, /executor token is valid only on the agent/);
  }
});

test.run();
