// config/secure.yaml as shipped really boots: scripts/secure-init.js makes its CA, certificates,
// token key and credentials; `plateau up` (the demo framework as principal demo) runs the demo
// task in a user namespace; the master and agent answer only over TLS and only to credentials;
// the operator (ops) runs a task whose environment variable comes from the file secret resolver,
// and neither state endpoint shows the secret; Ctrl-C leaves nothing behind.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { cli } from './cli-helpers';
import { busyboxLayout, cgroupDirs, cleanupLeftovers, PLATEAU, realContainersMissing, REPO } from '../integration/agent-harness';
import { httpsGet } from '../integration/tls-https';
import { printSkip } from '@plateau/testkit/skip';

test('config/secure.yaml boots: TLS and credentials on every door, the demo in a user namespace, secrets from files', async () => {
  const skip = await realContainersMissing();
  if (skip) {
    printSkip('config/secure.yaml', skip);
    return;
  }
  const dir = makeTempDir('plateau-secure-');
  // userNamespace is `on`: the mapped root must be able to reach the rootfs and sandbox under it.
  fs.chmodSync(dir, 0o755);
  const workDir = path.join(dir, 'work');
  const secureDir = path.join(dir, 'secure');
  fs.mkdirSync(path.join(workDir, 'images'), { recursive: true });
  fs.symlinkSync(await busyboxLayout(), path.join(workDir, 'images', 'busybox'));
  const cgroupRoot = `plateau-test-secure-${path.basename(dir).replace(/[^A-Za-z0-9-]/g, '')}`;
  const [masterPort, agentPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    PLATEAU_WORK_DIR: workDir,
    PLATEAU_SECURE_DIR: secureDir,
    PLATEAU_MASTER_LISTEN: `127.0.0.1:${masterPort}`,
    PLATEAU_AGENT_LISTEN: `127.0.0.1:${agentPort}`,
    PLATEAU_CGROUP_ROOT: cgroupRoot,
  };
  execFileSync(process.execPath, [path.join(REPO, 'scripts', 'secure-init.js')], { env, stdio: 'pipe' });
  const ca = path.join(secureDir, 'ca.pem');
  const secret = (p: string) => fs.readFileSync(path.join(secureDir, `${p}.secret`), 'utf8');
  const basic = (p: string, s = secret(p)) => `Basic ${Buffer.from(`${p}:${s}`).toString('base64')}`;
  const dbPassword = fs.readFileSync(path.join(secureDir, 'secrets', 'db-password'), 'utf8');

  const up = startProcess(process.execPath, [PLATEAU, 'up', '--config', path.join(REPO, 'config', 'secure.yaml')], {
    cwd: REPO,
    name: 'up-secure',
    tailLines: 3000,
    env: { ...env, PLATEAU_PRINCIPAL: 'demo', PLATEAU_SECRET_FILE: path.join(secureDir, 'demo.secret') },
  });
  try {
    await up.waitForLine(/demo task +demo-1 is TASK_RUNNING in image busybox/, 90_000);
    const master = `127.0.0.1:${masterPort}`;
    const agent = `127.0.0.1:${agentPort}`;

    // Doors: TLS only, credentials only.
    assert.is((await httpsGet(master, '/master/state', { ca })).status, 401, 'anonymous /master/state');
    assert.is((await httpsGet(master, '/master/state', { ca, headers: { Authorization: basic('ops', 'wrong') } })).status, 401, 'wrong secret');
    const state = await httpsGet(master, '/master/state', { ca, headers: { Authorization: basic('ops') } });
    assert.is(state.status, 200, String(state.error?.message ?? state.body));
    assert.is((await httpsGet(agent, '/state', { ca })).status, 401, "anonymous agent /state");
    assert.is((await httpsGet(agent, '/state', { ca, headers: { Authorization: basic('ops') } })).status, 200, 'ops reads the agent');
    assert.ok((await httpsGet(master, '/master/state')).error, 'a client without the CA refuses the master');

    // The demo task runs in a user namespace (userNamespace: on): uid 0 inside is not root outside.
    const demo = JSON.parse(state.body!).frameworks.flatMap((f: any) => f.tasks).find((t: any) => t.id === 'demo-1');
    assert.ok(demo, 'demo-1 is in the master state');
    const agentState = JSON.parse((await httpsGet(agent, '/state', { ca, headers: { Authorization: basic('ops') } })).body!);
    const pid = agentState.containers.find((c: any) => c.tasks.includes('demo-1'))?.pid;
    assert.ok(pid, 'the demo container has a pid');
    const uidMap = fs.readFileSync(`/proc/${pid}/uid_map`, 'utf8').trim().split(/\s+/);
    assert.equal(uidMap.slice(0, 2), ['0', '100000'], `uid_map of the demo container: ${uidMap.join(' ')}`);

    // The operator runs a task whose variable is a secret of the file resolver.
    const run = await cli(`https://${master}`, ['task', 'run', '--name', 'secret-reader', '--image', 'busybox', '--secret-env', 'DB_PASSWORD=db-password', '--', 'test -n "$DB_PASSWORD" && echo "length ${#DB_PASSWORD}"'], 90_000, {
      PLATEAU_CA: ca,
      PLATEAU_PRINCIPAL: 'ops',
      PLATEAU_SECRET_FILE: path.join(secureDir, 'ops.secret'),
    });
    assert.is(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(`${run.stdout}${run.stderr}`, /TASK_FINISHED/);
    for (const [where, body] of [
      ['/master/state', (await httpsGet(master, '/master/state', { ca, headers: { Authorization: basic('ops') } })).body!],
      ['agent /state', (await httpsGet(agent, '/state', { ca, headers: { Authorization: basic('ops') } })).body!],
    ] as const) {
      assert.not.ok(body.includes(dbPassword), `${where} holds no secret bytes`);
    }
    const stdout = findFiles(path.join(workDir, 'agent'), (f) => f.endsWith('/stdout') && f.includes('/executors/secret-reader-'));
    assert.is(stdout.length, 1, `one sandbox of secret-reader: ${stdout.join(', ')}`);
    assert.match(fs.readFileSync(stdout[0]!, 'utf8'), new RegExp(`length ${dbPassword.length}\\b`), 'the task saw the secret');

    // A wrong secret is refused, naming the principal.
    const refused = await cli(`https://${master}`, ['task', 'list'], 30_000, { PLATEAU_CA: ca, PLATEAU_PRINCIPAL: 'ops', PLATEAU_SECRET: 'wrong' });
    assert.is.not(refused.code, 0);
    assert.match(refused.stderr, /credentials for ops were refused/);

    process.kill(-up.pid, 'SIGINT');
    const exit = await up.waitForExit(60_000);
    assert.is(exit.code, 0, up.output());
    assert.match(up.output(), /stopped: no container left behind/);
    assert.equal(cgroupDirs(cgroupRoot), [], 'no cgroup left');
  } finally {
    await up.stop('SIGKILL', 1000).catch(() => undefined);
    cleanupLeftovers(workDir, cgroupRoot);
  }
});


/** Files under `dir` (not following links) for which `want` holds. */
function findFiles(dir: string, want: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(f, want));
    else if (e.isFile() && want(f)) out.push(f);
  }
  return out;
}

test.run();
