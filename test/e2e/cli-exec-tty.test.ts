// Terminals against a real master and agent (runc containers from the local busybox image): a task
// whose ContainerInfo asks for a terminal (tty_info) is refused, naming the field, never run
// without one.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, nextStatus, realCluster } from '../integration/agent-harness';

const cluster = realCluster(test, { framework: frameworkInfo('tty') });
const { real } = cluster;

real('a task with container.tty_info fails, its message naming the field', async () => {
  const task = busyboxTask('wants-tty', 'echo never-runs');
  task.container.tty_info = { window_size: { rows: 24, columns: 80 } };
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [task])], { cpus: 0.1, mem: 64 });
  let s = await nextStatus(cluster.fw, 'wants-tty');
  while (s.state === 'TASK_STARTING' || s.state === 'TASK_STAGING') s = await nextStatus(cluster.fw, 'wants-tty');
  assert.is(s.state, 'TASK_FAILED', JSON.stringify(s));
  assert.match(String(s.message), /container\.tty_info: this agent starts task and nested containers without a terminal/, JSON.stringify(s));
});

test.run();
