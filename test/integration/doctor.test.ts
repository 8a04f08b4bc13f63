// `plateau doctor` against real services and real ports: a config's ZooKeeper and etcd found
// answering (a real ensemble and cluster from the test kit) or not (a port nothing listens on),
// a listen port in use, the Debian packages named for what is missing, exit 1 then, and --json.

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEtcd } from '@plateau/testkit/etcd';
import { freePort } from '@plateau/testkit/ports';
import { makeTempDir } from '@plateau/testkit/tmp';
import { startZooKeeper } from '@plateau/testkit/zookeeper';
import { cli, describe } from '../e2e/cli-helpers';
import { REPO } from './agent-harness';

/** A config extending the repository's `base` (zookeeper.yaml or etcd.yaml) with `lines`. */
function overlay(dir: string, base: string, lines: string[]): string {
  const file = path.join(dir, `${base}-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(file, [`extends: ${JSON.stringify(path.join(REPO, 'config', base))}`, ...lines, ''].join('\n'));
  return file;
}

test('doctor: a ZooKeeper nobody answers at and a port in use are MISSING, with the package to install; exit 1', async () => {
  const dir = makeTempDir('plateau-doctor-');
  const [deadZk, busy] = [await freePort(), await freePort()];
  const holder = net.createServer();
  await new Promise<void>((r) => holder.listen(busy, '127.0.0.1', r));
  try {
    const config = overlay(dir, 'zookeeper.yaml', ['master:', `  listen: 127.0.0.1:${busy}`, 'modules:', `  zookeeper: { config: { servers: ["127.0.0.1:${deadZk}"] } }`]);
    const r = await cli(undefined, ['doctor', '--config', config, '--role', 'master'], 30_000);
    assert.is(r.code, 1, describe(r));
    assert.match(r.stdout, new RegExp(`MISSING +ZooKeeper 127\\.0\\.0\\.1:${deadZk} +unreachable: ECONNREFUSED; Debian package: zookeeperd`));
    assert.match(r.stdout, new RegExp(`MISSING +port ${busy} +master\\.listen: 127\\.0\\.0\\.1:${busy} is in use`));
    assert.match(r.stdout, /^Install what is missing: apt-get install zookeeperd$/m);
    assert.match(r.stdout, new RegExp(`^2 required check\\(s\\) failed: port ${busy}, ZooKeeper 127\\.0\\.0\\.1:${deadZk}$`, 'm'));
    assert.not.match(r.stdout, /runc/, 'a master-only check does not look for the agent\'s runc');
  } finally {
    holder.close();
  }
});

test('doctor: a real ZooKeeper ensemble and etcd cluster answer; --json', async () => {
  const dir = makeTempDir('plateau-doctor-');
  const zk = await startZooKeeper();
  const etcd = await startEtcd();
  try {
    const zkConfig = overlay(dir, 'zookeeper.yaml', ['master:', `  listen: 127.0.0.1:${await freePort()}`, 'modules:', `  zookeeper: { config: { servers: ${JSON.stringify(zk.servers)} } }`]);
    const z = await cli(undefined, ['doctor', '--config', zkConfig, '--role', 'master'], 30_000);
    assert.is(z.code, 0, describe(z));
    for (const s of zk.servers) assert.match(z.stdout, new RegExp(`ok +ZooKeeper ${s.replace(/\./g, '\\.')} +(answers imok|accepts connections)`));
    assert.match(z.stdout, /^ready/m);

    const etcdConfig = overlay(dir, 'etcd.yaml', ['master:', `  listen: 127.0.0.1:${await freePort()}`, 'modules:', `  etcd: { config: { endpoints: ${JSON.stringify(etcd.endpoints)} } }`]);
    const e = await cli(undefined, ['doctor', '--config', etcdConfig, '--role', 'master', '--json'], 30_000);
    assert.is(e.code, 0, describe(e));
    const report = JSON.parse(e.stdout);
    assert.is(report.ok, true);
    assert.equal(report.missingPackages, []);
    const etcdChecks = report.checks.filter((c: any) => c.name.startsWith('etcd '));
    assert.is(etcdChecks.length, etcd.endpoints.length);
    for (const c of etcdChecks) assert.equal([c.ok, c.detail], [true, 'healthy']);
  } finally {
    await etcd.stop();
    await zk.stop();
  }
});

test('doctor: bad input is one line and exit 2', async () => {
  const role = await cli(undefined, ['doctor', '--role', 'scheduler'], 30_000);
  assert.is(role.code, 2, describe(role));
  assert.match(role.stderr, /--role must be master, agent or both, not 'scheduler'/);
  const missing = await cli(undefined, ['doctor', '--config', '/nonexistent/plateau.yaml'], 30_000);
  assert.is(missing.code, 2, describe(missing));
  assert.match(missing.stderr, /cannot read the config/);
  assert.not.match(missing.stderr, /\n\s+at /, 'no stack trace');
});

test.run();
