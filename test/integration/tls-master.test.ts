// A real master whose port speaks TLS (master.tls, certificates made by openssl at test time):
// HTTPS with the CA answers, without it (or with another CA) the client refuses the certificate,
// a client that offers h2 and http/1.1 gets HTTP/1.1 (h2 alone is the agent link's); plain
// HTTP to the port is told to use https; the CLI reaches it with --ca / PLATEAU_CA (also
// through a follower's redirect) and says which CA failed; unusable TLS files are config errors.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTestPki, type TestPki } from '@plateau/testkit/tls';
import { makeTempDir } from '@plateau/testkit/tmp';
import { request } from '../helpers/scheduler-client';
import { cli, describe } from '../e2e/cli-helpers';
import { PLATEAU, REPO } from './agent-harness';
import { type MasterProcess, startMaster } from './master-harness';
import { httpsGet } from './tls-https';

let pki: TestPki;
let other: TestPki;
let leader: MasterProcess | undefined;
let follower: MasterProcess | undefined;

const tlsLines = () => [`  tls: { cert: ${JSON.stringify(pki.server.cert)}, key: ${JSON.stringify(pki.server.key)} }`];

test.before(async () => {
  pki = makeTestPki();
  other = makeTestPki('other-ca');
  leader = await startMaster({ masterLines: tlsLines() });
  follower = await startMaster({ masterLines: tlsLines(), standaloneDir: leader.standaloneDir, leading: false });
});

test.after(async () => {
  await follower?.stop();
  await leader?.stop();
  pki?.remove();
  other?.remove();
});

test('HTTPS with the CA answers 200, by IP and by name', async () => {
  const r = await httpsGet(leader!.address, '/master/state', { ca: pki.ca.cert });
  assert.is(r.status, 200, String(r.error?.message));
  assert.ok(JSON.parse(r.body!).id, 'the state has the master id');
  const byName = await httpsGet(`localhost:${leader!.port}`, '/master/state', { ca: pki.ca.cert });
  assert.is(byName.status, 200, String(byName.error?.message));
  assert.match(leader!.proc.output(), /"tls":"on \(client certificates: none\)"/, 'the master says it listens with TLS');
});

test('without the CA, or with another CA, the client refuses the certificate', async () => {
  const none = await httpsGet(leader!.address, '/master/state');
  assert.is(none.error?.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', String(none.error?.message));
  const wrong = await httpsGet(leader!.address, '/master/state', { ca: other.ca.cert });
  assert.is(wrong.error?.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', String(wrong.error?.message));
});

test('a client offering h2 and http/1.1 (browsers, curl) is served HTTP/1.1, not the agent link', async () => {
  const [host, port] = [leader!.address.slice(0, leader!.address.lastIndexOf(':')), Number(leader!.address.slice(leader!.address.lastIndexOf(':') + 1))];
  const answer = await new Promise<{ alpn: string | false | null; head: string }>((resolve, reject) => {
    const socket = tls.connect({ host, port, ca: fs.readFileSync(pki.ca.cert), ALPNProtocols: ['h2', 'http/1.1'] }, () => {
      socket.write(`GET /health HTTP/1.1\r\nHost: ${leader!.address}\r\nConnection: close\r\n\r\n`);
    });
    let head = '';
    socket.on('data', (d: Buffer) => (head += d.toString('latin1')));
    socket.on('end', () => resolve({ alpn: socket.alpnProtocol, head }));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => reject(new Error('no answer from the TLS port within 10 s')));
  });
  assert.is(answer.alpn, 'http/1.1');
  assert.match(answer.head, /^HTTP\/1\.1 200/);
});

test('plain HTTP to the TLS port is answered 400, telling to use https', async () => {
  const r = await request(leader!.address, 'GET', '/master/state');
  assert.is(r.status, 400);
  assert.match(r.body, /This port speaks TLS: use https:\/\//);
});

test('a follower over TLS redirects to the leader; HTTPS follows it', async () => {
  const r = await httpsGet(follower!.address, '/master/redirect', { ca: pki.ca.cert });
  assert.is(r.status, 307, String(r.error?.message));
});

test('the CLI reaches a TLS master with --ca (https:// or a bare address), also through a follower', async () => {
  const byFlag = await cli(undefined, ['agent', 'list', '--master', `https://${leader!.address}`, '--ca', pki.ca.cert]);
  assert.is(byFlag.code, 0, describe(byFlag));
  assert.match(byFlag.stdout, /^ID\s/);
  const saved = process.env.PLATEAU_CA;
  process.env.PLATEAU_CA = pki.ca.cert;
  try {
    const byEnv = await cli(follower!.address, ['framework', 'list', '--json']);
    assert.is(byEnv.code, 0, describe(byEnv));
    assert.equal(JSON.parse(byEnv.stdout), []);
  } finally {
    if (saved === undefined) delete process.env.PLATEAU_CA;
    else process.env.PLATEAU_CA = saved;
  }
});

test('the CLI with the wrong CA, or none, fails naming what it verified against; never falls back to plain', async () => {
  const wrong = await cli(undefined, ['agent', 'list', '--master', `https://${leader!.address}`, '--ca', other.ca.cert]);
  assert.is.not(wrong.code, 0, describe(wrong));
  assert.ok(wrong.stderr.includes(`does not verify against the CA in ${other.ca.cert}`), describe(wrong));
  const none = await cli(undefined, ['agent', 'list', '--master', `https://${leader!.address}`]);
  assert.is.not(none.code, 0, describe(none));
  assert.match(none.stderr, /does not verify against the system's CAs \(no --ca/, describe(none));
  const missing = await cli(undefined, ['agent', 'list', '--master', `https://${leader!.address}`, '--ca', path.join(pki.dir, 'nope.pem')]);
  assert.is.not(missing.code, 0, describe(missing));
  assert.match(missing.stderr, /cannot read .*nope\.pem \(--ca \/ PLATEAU_CA\)/, describe(missing));
});

test('a TLS file that cannot be used is a config error naming the key and the file', () => {
  const dir = makeTempDir('plateau-tls-config-');
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(path.join(dir, 'garbage.pem'), 'not a certificate\n');
  fs.writeFileSync(
    config,
    [
      'cluster: t',
      'master:',
      '  listen: 127.0.0.1:0',
      '  contender: standalone',
      `  tls: { cert: garbage.pem, key: missing-key.pem, clientAuth: require }`,
      'modules:',
      `  standalone: { use: contender-standalone, config: { dir: ${JSON.stringify(path.join(dir, 'sa'))} } }`,
      '',
    ].join('\n'),
  );
  const r = spawnSync(process.execPath, [PLATEAU, 'master', '--config', config, '--work-dir', path.join(dir, 'work')], { cwd: REPO, encoding: 'utf8', timeout: 20_000 });
  assert.is.not(r.status, 0, r.stderr);
  assert.ok(r.stderr.includes(`master.tls.cert: ${path.join(dir, 'garbage.pem')} holds no PEM certificate`), r.stderr);
});

test.run();
