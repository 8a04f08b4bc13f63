// `plateau systemd-unit master|agent --config FILE` prints units that systemd accepts
// (`systemd-analyze verify`, where systemd is installed) and that run this checkout's plateau
// with the config's absolute path; bad input is refused in one line.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';
import { printSkip } from '@plateau/testkit/skip';
import { PLATEAU, REPO } from '../integration/agent-harness';
import { cli, describe } from './cli-helpers';

for (const role of ['master', 'agent']) {
  test(`systemd-unit ${role}: a unit systemd-analyze verify accepts`, async () => {
    const r = await cli(undefined, ['systemd-unit', role, '--config', 'config/zookeeper.yaml', '--listen', '0.0.0.0:5050', '--advertise-ip', '10.0.0.11', ...(role === 'master' ? ['--user', 'root'] : [])], 30_000);
    assert.is(r.code, 0, describe(r));
    assert.match(r.stdout, new RegExp(`^ExecStart=${process.execPath} ${PLATEAU} ${role} --config ${path.join(REPO, 'config', 'zookeeper.yaml')} --work-dir /var/lib/plateau --listen 0\\.0\\.0\\.0:5050 --advertise-ip 10\\.0\\.0\\.11$`, 'm'));
    if (role === 'agent') for (const line of ['KillMode=process', 'Delegate=yes']) assert.ok(r.stdout.split('\n').includes(line), line);
    const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (analyze.error) {
      printSkip(`systemd-unit ${role} verify`, 'systemd-analyze is not installed (Debian package systemd)');
      return;
    }
    const unit = path.join(makeTempDir('plateau-unit-'), `plateau-${role}.service`);
    fs.writeFileSync(unit, r.stdout);
    const verify = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    // Older systemd (before 254) does not know the backoff keys and says it ignores them.
    const complaints = `${verify.stdout}${verify.stderr}`.split('\n').filter((l) => l.trim() && !/Unknown key '(RestartSteps|RestartMaxDelaySec)'/.test(l) && !/\/(system|user)\/.*\.(service|socket|target)/.test(l));
    assert.equal(complaints, [], `systemd-analyze verify:\n${verify.stdout}${verify.stderr}`);
    assert.is(verify.status, 0);
  });
}

test('systemd-unit: bad input', async () => {
  const role = await cli(undefined, ['systemd-unit', 'scheduler', '--config', 'config/dev.yaml'], 30_000);
  assert.is(role.code, 2, describe(role));
  assert.match(role.stderr, /the role is master or agent, not 'scheduler'/);
  const user = await cli(undefined, ['systemd-unit', 'agent', '--config', 'config/dev.yaml', '--user', 'nobody'], 30_000);
  assert.is(user.code, 2, describe(user));
  assert.match(user.stderr, /the agent runs as root/);
  const noConfig = await cli(undefined, ['systemd-unit', 'agent'], 30_000);
  assert.is(noConfig.code, 2, describe(noConfig));
  assert.match(noConfig.stderr, /required option '--config <file>'/);
  const badIp = await cli(undefined, ['systemd-unit', 'agent', '--config', 'config/dev.yaml', '--advertise-ip', 'a.b'], 30_000);
  assert.is.not(badIp.code, 0, describe(badIp));
  assert.match(badIp.stderr, /--advertise-ip: expected an IPv4 or IPv6 address, got 'a\.b'/);
});

test.run();
