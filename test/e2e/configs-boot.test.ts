// Every config in config/ runs what it says: for each file, a real `plateau master` and a real
// `plateau agent` boot from it (with the services it names: ZooKeeper, etcd, secure.yaml's keys
// and credentials from scripts/secure-init.js), the agent finds the master the way the file says
// (the contender's detector; standalone ones are given --master, as two processes on one
// machine with separate work dirs), and `plateau task run` runs a task in the busybox image to
// TASK_FINISHED. The test's changes, kept out of the file under test: free ports and temp work
// dirs (--listen, --work-dir, PLATEAU_WORK_DIR), a cgroup root of its own and the service's
// address, in a small file that `extends:` the one under test.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEtcd } from '@plateau/testkit/etcd';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';
import { startZooKeeper } from '@plateau/testkit/zookeeper';
import { cli, describe } from './cli-helpers';
import { busyboxLayout, cleanupLeftovers, PLATEAU, realContainersMissing, REPO } from '../integration/agent-harness';
import { httpsGet } from '../integration/tls-https';
import { printSkip } from '@plateau/testkit/skip';

/** How each file is booted. A new file in config/ fails the coverage test until it is listed here. */
const CASES: Record<string, { service?: 'zookeeper' | 'etcd'; secure?: boolean }> = {
  'dev.yaml': {},
  'zookeeper.yaml': { service: 'zookeeper' },
  'etcd.yaml': { service: 'etcd' },
  'secure.yaml': { secure: true },
};
/** Files in config/ that are not plateau configs. */
const NOT_CONFIGS = ['schema.json', 'secure-acls.yaml'];

test('every file in config/ is booted by this test', () => {
  const files = fs.readdirSync(path.join(REPO, 'config')).filter((f) => /\.ya?ml$/.test(f) && !NOT_CONFIGS.includes(f)).sort();
  assert.equal(files, Object.keys(CASES).sort(), 'list the new config file in CASES of test/e2e/configs-boot.test.ts');
});

for (const [name, how] of Object.entries(CASES)) {
  test(`config/${name} boots a master and an agent and runs a task`, async () => {
    const skip = await realContainersMissing();
    if (skip) {
      printSkip(`config/${name}`, skip);
      return;
    }
    const dir = makeTempDir('plateau-configs-');
    // secure.yaml's user namespaces: the mapped root must reach the rootfs and sandbox under it.
    fs.chmodSync(dir, 0o755);
    const workDir = path.join(dir, 'work');
    fs.mkdirSync(path.join(workDir, 'images'), { recursive: true });
    fs.symlinkSync(await busyboxLayout(), path.join(workDir, 'images', 'busybox'));
    const cgroupRoot = `plateau-cfg-${path.basename(dir).replace(/[^A-Za-z0-9-]/g, '')}`;
    const [masterPort, agentPort] = [await freePort(), await freePort()];
    const master = `127.0.0.1:${masterPort}`;
    const env: NodeJS.ProcessEnv = { PLATEAU_WORK_DIR: workDir, PLATEAU_LOG_LEVEL: 'info' };
    const stops: (() => Promise<unknown>)[] = [];
    let masterProc: StartedProcess | undefined;
    let agentProc: StartedProcess | undefined;
    try {
      const overlay = [`extends: ${JSON.stringify(path.join(REPO, 'config', name))}`, 'modules:', `  cgroups: { config: { root: ${cgroupRoot} } }`];
      if (how.service === 'zookeeper') {
        const zk = await startZooKeeper();
        stops.push(() => zk.stop());
        overlay.push(`  zookeeper: { config: { servers: ${JSON.stringify(zk.servers)} } }`);
      } else if (how.service === 'etcd') {
        const etcd = await startEtcd();
        stops.push(() => etcd.stop());
        overlay.push(`  etcd: { config: { endpoints: ${JSON.stringify(etcd.endpoints)} } }`);
      }
      const cliEnv: NodeJS.ProcessEnv = {};
      let auth: string | undefined;
      if (how.secure) {
        const secureDir = path.join(dir, 'secure');
        env.PLATEAU_SECURE_DIR = secureDir;
        execFileSync(process.execPath, [path.join(REPO, 'scripts', 'secure-init.js')], { env: { ...process.env, ...env }, stdio: 'pipe' });
        Object.assign(cliEnv, { PLATEAU_CA: path.join(secureDir, 'ca.pem'), PLATEAU_PRINCIPAL: 'ops', PLATEAU_SECRET_FILE: path.join(secureDir, 'ops.secret') });
        auth = `Basic ${Buffer.from(`ops:${fs.readFileSync(path.join(secureDir, 'ops.secret'), 'utf8').trim()}`).toString('base64')}`;
      }
      const config = path.join(dir, 'plateau.yaml');
      fs.writeFileSync(config, `${overlay.join('\n')}\n`);

      masterProc = startProcess(process.execPath, [PLATEAU, 'master', '--config', config, '--listen', master, '--work-dir', path.join(dir, 'master'), '--allocation-interval', '100ms'], {
        cwd: REPO,
        env,
        name: `master (${name})`,
        tailLines: 3000,
      });
      await masterProc.waitForLine(/leading: serving/, 60_000);
      const standalone = !how.service;
      agentProc = startProcess(process.execPath, [PLATEAU, 'agent', '--config', config, '--listen', `127.0.0.1:${agentPort}`, '--work-dir', workDir, ...(standalone ? ['--master', master] : [])], {
        cwd: REPO,
        env,
        name: `agent (${name})`,
        tailLines: 3000,
      });
      const tails = () => `--- master\n${masterProc?.output().slice(-4000)}\n--- agent\n${agentProc?.output().slice(-4000)}`;
      await waitFor(async () => (await masterState(master, cliEnv.PLATEAU_CA, auth))?.slaves?.length === 1, { timeoutMs: 60_000, what: `the agent of config/${name} registered\n${tails()}` });

      const words = `hello from ${name}`;
      const run = await cli(`${how.secure ? 'https' : 'http'}://${master}`, ['task', 'run', '--name', `hello-${name.replace(/\W/g, '-')}`, '--image', 'busybox', '--', `echo ${words}`], 120_000, cliEnv);
      assert.is(run.code, 0, `${describe(run)}\n${tails()}`);
      assert.match(`${run.stdout}${run.stderr}`, /TASK_FINISHED/);
      const outputs = findFiles(path.join(workDir, 'agent'), (f) => f.endsWith('/stdout') && fs.readFileSync(f, 'utf8').includes(words));
      assert.is(outputs.length, 1, `one sandbox holds "${words}" in its stdout`);

      assert.is((await agentProc.stop('SIGTERM', 20_000)).code, 0, tails());
      assert.is((await masterProc.stop('SIGTERM', 20_000)).code, 0, tails());
    } finally {
      await agentProc?.stop('SIGKILL', 1000).catch(() => undefined);
      await masterProc?.stop('SIGKILL', 1000).catch(() => undefined);
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      cleanupLeftovers(workDir, cgroupRoot);
    }
  });
}

/** GET /master/state (over TLS with `ca`, with `auth`), parsed; undefined while it does not answer 200. */
async function masterState(address: string, ca: string | undefined, auth: string | undefined): Promise<any> {
  if (ca) {
    const r = await httpsGet(address, '/master/state', { ca, headers: auth ? { Authorization: auth } : {} });
    return r.status === 200 ? JSON.parse(r.body) : undefined;
  }
  return new Promise((resolve) => {
    const req = http.get(`http://${address}/master/state`, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve(res.statusCode === 200 ? JSON.parse(body) : undefined));
    });
    req.on('error', () => resolve(undefined));
    req.setTimeout(5000, () => req.destroy());
  });
}

/** Files under `dir` (not following links) for which `want` holds. */
function findFiles(dir: string, want: (file: string) => boolean): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(f, want));
    else if (e.isFile() && want(f)) out.push(f);
  }
  return out;
}

test.run();
