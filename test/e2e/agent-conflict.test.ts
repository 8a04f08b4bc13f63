// Two isolators that set the same cgroup field differently: the launch fails before anything
// runs, with TASK_FAILED (REASON_CONTAINER_LAUNCH_FAILED) naming both modules, and what the
// isolators prepared is cleaned up. The second isolator is a fixture module loaded by path.

import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, nextStatus, realContainersMissing, startMaster, TestAgent, type MasterProc } from '../integration/agent-harness';

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
let fw: SchedulerClient;

test.before(async () => {
  skip = await realContainersMissing();
  if (skip) return;
  master = await startMaster();
  const fixture = path.join(__dirname, 'fixtures', 'conflicting-isolator.js');
  agent = new TestAgent(master.address, { extraIsolators: { conflict: `{ use: ${JSON.stringify(fixture)} }` } });
  await agent.start();
  fw = await SchedulerClient.subscribe(master.address, frameworkInfo('agent-conflict'));
});

test.after(async () => {
  fw?.close();
  await agent?.destroy();
  await master?.stop();
});

test('conflicting LaunchInfo parts: TASK_FAILED naming both modules, nothing left behind', async () => {
  if (skip) {
    console.log(`SKIP launch info conflict: ${skip}`);
    return;
  }
  await acceptNext(fw, (offer) => [launchOp(offer, [busyboxTask('clash', 'echo should-not-run')])]);
  const s = await nextStatus(fw, 'clash');
  assert.is(s.state, 'TASK_FAILED', JSON.stringify(s));
  assert.is(s.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(s.message, /conflict/);
  assert.match(s.message, /cgroups \(isolator\.cgroups\)/, s.message);
  assert.match(s.message, /conflict \(isolator\.conflicting\)/, s.message);
  assert.match(s.message, /memoryLimitBytes/, 'the field is named');
  const cid = s.container_status?.container_id?.value;
  assert.ok(cid, 'the failed container is named');
  assert.not.ok(agent.hasCgroup(cid), 'the cgroups isolator cleaned up what it prepared');
  assert.is(agent.runcContainers().size, 0, 'no container was created');
});

test('resources an isolator advertises (Status without a container id) are offered with the agent', async () => {
  if (skip) {
    console.log(`SKIP advertised resources: ${skip}`);
    return;
  }
  const state = JSON.parse((await request(master.address, 'GET', '/master/state')).body);
  assert.is(state.slaves[0].resources.widgets, 4);
  assert.is(state.slaves[0].resources.cpus, 2, 'next to the configured ones');
});

test.run();
