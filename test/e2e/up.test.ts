// `plateau up`: a master and an agent in one process and a demo task in the busybox image;
// Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops everything and leaves
// no container, monitor, cgroup or mount behind.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess } from '@plateau/testkit/proc';
import { request } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { busyboxLayout, cgroupDirs, cleanupLeftovers, mountsUnder, PLATEAU, realContainersMissing, REPO } from '../integration/agent-harness';
import { printSkip } from '@plateau/testkit/skip';

test('plateau up runs the demo task in a container; Ctrl-C destroys everything', async () => {
  const skip = await realContainersMissing();
  if (skip) {
    printSkip('plateau up', skip);
    return;
  }
  const dir = makeTempDir('plateau-up-');
  const workDir = path.join(dir, 'work');
  const cgroupRoot = `plateau-up-${path.basename(dir).replace(/[^A-Za-z0-9-]/g, '')}`;
  const [masterPort, agentPort] = [await freePort(), await freePort()];
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: up-test',
      `workDir: ${JSON.stringify(workDir)}`,
      'master:',
      `  listen: 127.0.0.1:${masterPort}`,
      '  contender: standalone',
      'agent:',
      `  listen: 127.0.0.1:${agentPort}`,
      '  detector: standalone',
      '  launcher: runc',
      '  provisioner: images',
      '  isolation: [cgroups, linux, disk]',
      'modules:',
      '  standalone: { use: contender-standalone }',
      '  runc: { use: launcher-runc }',
      '  posix: { use: launcher-posix }',
      `  images: { use: provisioner-oci, config: { localImages: { busybox: ${JSON.stringify(`oci:${await busyboxLayout()}:latest`)} } } }`,
      `  cgroups: { use: isolator-cgroups, config: { root: ${cgroupRoot}, removeRootOnStop: true } }`,
      '  linux: { use: isolator-linux }',
      '  disk: { use: isolator-disk }',
      '',
    ].join('\n'),
  );
  const up = startProcess(process.execPath, [PLATEAU, 'up', '--config', config], { cwd: REPO, name: 'up', tailLines: 3000 });
  try {
    await up.waitForLine(/demo task +demo-1 is TASK_RUNNING in image busybox/, 60_000);
    const state = JSON.parse((await request(`127.0.0.1:${masterPort}`, 'GET', '/master/state')).body);
    const tasks = state.frameworks.flatMap((f: any) => f.tasks);
    assert.equal(tasks.map((t: any) => [t.id, t.state]), [['demo-1', 'TASK_RUNNING']]);
    assert.match(up.stdout(), /npx plateau modules list --config config\/dev.yaml/);
    const runcRoot = path.join(workDir, 'modules', 'runc', 'state', 'runc');
    assert.is(fs.readdirSync(runcRoot).length, 1, 'one runc container');
    assert.ok(mountsUnder(workDir).length > 0, 'its rootfs is mounted');

    process.kill(-up.pid, 'SIGINT');
    const exit = await up.waitForExit(60_000);
    assert.is(exit.code, 0, up.output());
    assert.match(up.output(), /stopped: no container left behind/);
    assert.equal(fs.readdirSync(runcRoot), [], 'no runc container left');
    assert.equal(mountsUnder(workDir), [], 'no mount left');
    assert.equal(cgroupDirs(cgroupRoot), [], 'no cgroup left');
    const monitors = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(workDir);
      } catch {
        return false;
      }
    });
    assert.equal(monitors, [], 'no monitor process left');
  } finally {
    await up.stop('SIGKILL', 1000).catch(() => undefined);
    cleanupLeftovers(workDir, cgroupRoot);
  }
});

test('plateau up without a usable runc falls back to the posix launcher, says so loudly, and still cleans up', async () => {
  const dir = makeTempDir('plateau-up-posix-');
  const workDir = path.join(dir, 'work');
  const [masterPort, agentPort] = [await freePort(), await freePort()];
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: up-posix',
      `workDir: ${JSON.stringify(workDir)}`,
      'master: { listen: 127.0.0.1:' + masterPort + ', contender: standalone }',
      'agent:',
      `  listen: 127.0.0.1:${agentPort}`,
      '  launcher: runc',
      '  isolation: [linux]',
      'modules:',
      '  standalone: { use: contender-standalone }',
      '  runc: { use: launcher-runc, config: { runc: /nonexistent/runc } }',
      '  posix: { use: launcher-posix }',
      '  linux: { use: isolator-linux }',
      '',
    ].join('\n'),
  );
  const up = startProcess(process.execPath, [PLATEAU, 'up', '--config', config], { cwd: REPO, name: 'up-posix', tailLines: 3000 });
  try {
    await up.waitForLine(/demo task +demo-1 is TASK_RUNNING: /, 60_000);
    assert.match(up.output(), /Falling back to posix \(launcher\.posix\): tasks run as plain host processes, with NO isolation/);
    assert.match(up.stdout(), /isolators NONE/);
    const sandbox = /its output: (\S+)\/stdout/.exec(up.stdout())?.[1];
    assert.ok(sandbox && fs.existsSync(sandbox), 'the banner names the sandbox');
    process.kill(-up.pid, 'SIGINT');
    const exit = await up.waitForExit(60_000);
    assert.is(exit.code, 0, up.output());
    const left = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return fs.readlinkSync(`/proc/${p}/cwd`).startsWith(workDir) || fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(workDir);
      } catch {
        return false;
      }
    });
    assert.equal(left, [], 'no task or monitor process left');
  } finally {
    await up.stop('SIGKILL', 1000).catch(() => undefined);
    cleanupLeftovers(workDir, 'none');
  }
});

test.run();
