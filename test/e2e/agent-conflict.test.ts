// Two isolators that set the same cgroup field differently: the launch fails before anything
// runs, with TASK_FAILED (REASON_CONTAINER_LAUNCH_FAILED) naming both modules, and what the
// isolators prepared is cleaned up. The second isolator is a fixture module loaded by path.

import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, launchOp, nextStatus, realCluster } from '../integration/agent-harness';
import { printSkip } from '@plateau/testkit/skip';

const fixture = path.join(__dirname, 'fixtures', 'conflicting-isolator.js');
const cluster = realCluster(test, { framework: 'agent-conflict', agentSetup: { extraIsolators: { conflict: `{ use: ${JSON.stringify(fixture)} }` } } });

test('conflicting LaunchInfo parts: TASK_FAILED naming both modules, nothing left behind', async () => {
  if (cluster.skip) {
    printSkip('launch info conflict', cluster.skip);
    return;
  }
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('clash', 'echo should-not-run')])]);
  const s = await nextStatus(cluster.fw, 'clash');
  assert.is(s.state, 'TASK_FAILED', JSON.stringify(s));
  assert.is(s.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(s.message, /conflict/);
  assert.match(s.message, /cgroups \(isolator\.cgroups\)/, s.message);
  assert.match(s.message, /conflict \(isolator\.conflicting\)/, s.message);
  assert.match(s.message, /memoryLimitBytes/, 'the field is named');
  const cid = s.container_status?.container_id?.value;
  assert.ok(cid, 'the failed container is named');
  assert.not.ok(cluster.agent.hasCgroup(cid), 'the cgroups isolator cleaned up what it prepared');
  assert.is(cluster.agent.runcContainers().size, 0, 'no container was created');
});

test('resources an isolator advertises (Status without a container id) are offered with the agent', async () => {
  if (cluster.skip) {
    printSkip('advertised resources', cluster.skip);
    return;
  }
  const state = JSON.parse((await request(cluster.master.address, 'GET', '/master/state')).body);
  assert.is(state.slaves[0].resources.widgets, 4);
  assert.is(state.slaves[0].resources.cpus, 2, 'next to the configured ones');
});

test.run();
