// The `plateau` CLI's leader discovery against real masters (no agent, no root needed): two
// standalone masters sharing one contender directory (config/dev.yaml's shape); commands given
// the follower find the leader through its /master/redirect, the web UI at a follower redirects
// to the leader, and after the leader is killed the survivor is found.

import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { haConfig, startMasters, type MasterSet } from '../helpers/masters';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { cli, describe } from './cli-helpers';

let masters: MasterSet;
let fw: SchedulerClient | undefined;

test.before(async () => {
  masters = await startMasters(2, haConfig('standalone', { standaloneDir: path.join(makeTempDir('plateau-cli-cluster-'), 'standalone') }));
});

test.after(async () => {
  fw?.close();
  await masters?.stop();
});

test('commands given a follower find the leader; the UI at a follower redirects to it', async () => {
  const leader = await masters.leader();
  const follower = masters.nodes.find((n) => n !== leader)!;
  fw = await SchedulerClient.subscribe(leader.address, { user: 'root', name: 'cli-cluster-fw', roles: ['web'], capabilities: [{ type: 'MULTI_ROLE' }], failover_timeout: 60 });

  const list = await cli(undefined, ['framework', 'list', '--master', follower.address]);
  assert.is(list.code, 0, describe(list));
  assert.match(list.stdout, /^ID\s+NAME\s+USER\s+ROLES\s+STATE\s+TASKS\s+CPUS\s+MEM\n/);
  assert.match(list.stdout, new RegExp(`${fw.frameworkId}\\s+cli-cluster-fw\\s+root\\s+web\\s+active\\s+0`));
  const json = JSON.parse((await cli(follower.address, ['framework', 'list', '--json'])).stdout) as any[];
  assert.is(json.length, 1);
  assert.is(json[0].framework_info.name, 'cli-cluster-fw');

  const agents = await cli(follower.address, ['agent', 'list']);
  assert.is(agents.code, 0, describe(agents));
  assert.is(agents.stdout.trim().split('\n').length, 1, 'a header and no agent');
  const tasks = await cli(follower.address, ['task', 'list', '--json']);
  assert.equal(JSON.parse(tasks.stdout), []);

  // task run through the follower subscribes at the leader; with no agent nothing fits.
  const run = await cli(follower.address, ['task', 'run', '--name', 'nowhere', '--offer-timeout', '1', '--', 'true']);
  assert.is(run.code, 1, describe(run));
  assert.match(run.stderr, new RegExp(`subscribed to master ${leader.address.replace(/\./g, '\\.')}`));
  assert.match(run.stderr, /no offer fit cpus:0\.1;mem:64 within 1 s/);

  const page = await request(follower.address, 'GET', '/');
  assert.is(page.status, 307);
  assert.match(String(page.headers.location), new RegExp(`//${leader.address.replace(/\./g, '\\.')}/$`));
  const served = await request(leader.address, 'GET', '/');
  assert.is(served.status, 200);
  assert.match(served.body, /<script type="module" src="\/ui\/app\.js"><\/script>/);
});

test('after the leader dies, commands given the survivor find it as the new leader; the dead one is reported', async () => {
  const leader = await masters.leader();
  const survivor = masters.nodes.find((n) => n !== leader)!;
  await masters.kill(leader.index);
  await masters.leader(30_000);
  const dead = await cli(undefined, ['agent', 'list', '--master', leader.address]);
  assert.is(dead.code, 1, describe(dead));
  assert.match(dead.stderr, new RegExp(`cannot reach a master at ${leader.address.replace(/\./g, '\\.')}`));
  const ok = await cli(undefined, ['framework', 'list', '--master', survivor.address, '--all']);
  assert.is(ok.code, 0, describe(ok));
});

test.run();
