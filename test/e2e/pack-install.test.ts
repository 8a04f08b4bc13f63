// The packed package installs and runs without the checkout: scripts/pack.js (npm run pack) makes
// the tarball, `npm install -g --prefix EMPTY --offline` installs it with an empty npm cache (every
// dependency comes from the tarball), and the installed `plateau` runs `doctor` and `up` from a
// directory outside the checkout, with a config that extends the installed config/dev.yaml (its
// `use:` modules resolved from the installed package). `up` runs until its banner, then SIGINT.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { busyboxLayout, cleanupLeftovers, realContainersMissing, REPO } from '../integration/agent-harness';

test('npm run pack: the tarball installs offline into an empty prefix; its plateau runs doctor and up', async () => {
  const dir = makeTempDir('plateau-pack-');
  const prefix = path.join(dir, 'prefix');
  const packed = execFileSync(process.execPath, [path.join(REPO, 'scripts', 'pack.js'), '--dest', path.join(dir, 'dist')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  const tarball = packed.trim().split('\n').pop()!;
  assert.ok(fs.existsSync(tarball), `pack printed the tarball's path, got: ${packed}`);

  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--cache', path.join(dir, 'npm-cache'), tarball], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  const installed = path.join(prefix, 'lib', 'node_modules', 'plateau');
  const plateau = path.join(prefix, 'bin', 'plateau');
  assert.ok(fs.existsSync(plateau), 'npm linked the plateau command into the prefix');
  for (const f of ['config/dev.yaml', 'config/zookeeper.yaml', 'config/etcd.yaml', 'config/cni/plateau.conflist', 'examples/pod-producer-consumer/pod.yaml', 'node_modules/@plateau/kernel/proto', 'node_modules/@plateau/launcher-runc/lib/src/index.js']) {
    assert.ok(fs.existsSync(path.join(installed, f)), `the package ships ${f}`);
  }
  assert.not.ok(fs.existsSync(path.join(installed, 'node_modules', 'typescript')), 'TypeScript is not shipped');
  assert.not.ok(fs.existsSync(path.join(installed, 'node_modules', '@plateau', 'kernel', 'src', 'index.ts')), 'TypeScript sources are not shipped');

  // A directory and environment that know nothing of the checkout.
  const home = path.join(dir, 'home');
  const workDir = path.join(home, 'work');
  fs.mkdirSync(path.join(workDir, 'images'), { recursive: true });
  fs.symlinkSync(await busyboxLayout(), path.join(workDir, 'images', 'busybox'));
  const env: NodeJS.ProcessEnv = { PLATEAU_WORK_DIR: workDir, NODE_PATH: undefined, PLATEAU_LOG_LEVEL: undefined, PLATEAU_LOG_FORMAT: 'json' };
  const cgroupRoot = `plateau-pack-${path.basename(dir).replace(/[^A-Za-z0-9-]/g, '')}`;
  const [masterPort, agentPort] = [await freePort(), await freePort()];
  const config = path.join(home, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      `extends: ${JSON.stringify(path.join(installed, 'config', 'dev.yaml'))}`,
      'master:',
      `  listen: 127.0.0.1:${masterPort}`,
      'agent:',
      `  listen: 127.0.0.1:${agentPort}`,
      'modules:',
      `  cgroups: { config: { root: ${cgroupRoot} } }`,
      '',
    ].join('\n'),
  );

  const skip = await realContainersMissing();
  const doctor = runInstalled(plateau, ['doctor', '--config', config], home, env);
  assert.match(doctor.stdout, /^ok +node /m, doctor.stdout + doctor.stderr);
  assert.match(doctor.stdout, new RegExp(`port ${masterPort} +master\\.listen: 127\\.0\\.0\\.1:${masterPort} is free`), doctor.stdout);
  if (skip === undefined) assert.is(doctor.code, 0, `doctor finds everything on a machine that runs containers:\n${doctor.stdout}${doctor.stderr}`);
  else assert.match(doctor.stdout, /MISSING|ready/);

  let up: StartedProcess | undefined;
  try {
    up = startProcess(plateau, ['up', '--no-demo', '--config', config], { cwd: home, env, name: 'installed plateau up', tailLines: 3000 });
    await up.waitForLine(/Plateau is up/, 90_000);
    await up.waitForLine(/Ctrl-C stops everything/, 10_000);
    const banner = up.stdout();
    assert.match(banner, new RegExp(`http://127\\.0\\.0\\.1:${masterPort}/`));
    if (skip === undefined) assert.match(banner, /launcher runc \(launcher\.runc\); isolators cgroups \(isolator\.cgroups\)/, 'the built-in modules resolve from the installed package');
    up.child.kill('SIGINT');
    const exit = await up.waitForExit(60_000);
    assert.is(exit.code, 0, up.output().slice(-3000));
    assert.match(up.output(), /stopped: no container left behind/);
  } finally {
    await up?.stop('SIGKILL', 1000).catch(() => undefined);
    cleanupLeftovers(workDir, cgroupRoot);
  }
});

/** Runs the installed command to its end; its exit status and output. */
function runInstalled(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { code: number; stdout: string; stderr: string } {
  const full: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete full[k];
    else full[k] = v;
  }
  try {
    const stdout = execFileSync(command, args, { cwd, env: full, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test.run();
