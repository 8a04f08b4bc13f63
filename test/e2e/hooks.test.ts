// Hooks on a real master and a real agent (child processes, runc containers from a busybox
// image): examples/hook-owner-labels, loaded by path, is the master's hook and the agent's. A
// launched task carries owner=<owner> in the master's state and in its status updates, and its
// container has PLATEAU_LABEL_OWNER in its environment. A hook that throws on the agent is skipped.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../helpers/scheduler-client';
import {
  acceptNext,
  busyboxTask,
  launchOp,
  nextStatus,
  realCluster,
  REPO,
} from '../integration/agent-harness';

const OWNERS = JSON.stringify(path.join(REPO, 'examples/hook-owner-labels'));
const FAULTY = JSON.stringify(path.join(REPO, 'test/lib/integration/hook-faulty-fixture.js'));

const cluster = realCluster(test, {
  framework: 'hooks',
  masterConfig: {
    masterLines: ['  hooks: [owners]'],
    moduleLines: [`  owners: { use: ${OWNERS}, config: { owner: team-e2e, labels: { cost-center: "42" } } }`],
  },
  agentSetup: {
    hooks: {
      broken: `{ use: ${FAULTY}, config: { mode: throw } }`,
      owners: `{ use: ${OWNERS}, config: { owner: team-e2e } }`,
    },
  },
});
const { real } = cluster;

const hasOwner = (labels: any) => (labels?.labels ?? []).some((l: any) => l.key === 'owner' && l.value === 'team-e2e');

real('owner=<owner> on the task in the master, on each status update, and PLATEAU_LABEL_OWNER in its environment', async () => {
  const t = busyboxTask('stamped', 'echo "owner is $PLATEAU_LABEL_OWNER"', {
    extra: { labels: { labels: [{ key: 'app', value: 'web' }] } },
  });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  const running = await nextStatus(cluster.fw, 'stamped');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  assert.ok(hasOwner(running.labels), `TASK_RUNNING carries owner=team-e2e: ${JSON.stringify(running.labels)}`);
  const done = await nextStatus(cluster.fw, 'stamped');
  assert.is(done.state, 'TASK_FINISHED', JSON.stringify(done));
  assert.ok(hasOwner(done.labels), `TASK_FINISHED carries owner=team-e2e: ${JSON.stringify(done.labels)}`);

  const state = JSON.parse((await request(cluster.master.address, 'GET', '/master/state')).body);
  const tasks = (state.frameworks ?? []).flatMap((f: any) => [...(f.tasks ?? []), ...(f.completed_tasks ?? [])]);
  const task = tasks.find((x: any) => x.id === 'stamped');
  assert.ok(task, `the master knows the task: ${JSON.stringify(tasks.map((x: any) => x.id))}`);
  const list = Array.isArray(task.labels) ? task.labels : (task.labels?.labels ?? []);
  const labels = Object.fromEntries(list.map((l: any) => [l.key, l.value]));
  assert.equal(labels, { app: 'web', owner: 'team-e2e', 'cost-center': '42' }, 'the master hook decorated the task before it was stored');

  const cid = running.container_status.container_id.value;
  const out = fs.readFileSync(path.join(cluster.agent.sandbox(running.agent_id.value, cluster.fw.frameworkId, 'stamped', cid), 'stdout'), 'utf8');
  assert.match(out, /owner is team-e2e/);

  const log = cluster.agent.proc!.output();
  assert.match(log, /hook broken \(hook\.faulty\) failed in agentRunTask: skipped/);
  assert.match(log, /hook broken \(hook\.faulty\) failed in agentTaskStatus: skipped/);
  assert.match(log, /hook broken \(hook\.faulty\) failed in agentResources: skipped/);
});

test.run();
