// The disk hog, through a real master and agent (runc launcher, busybox image on an overlayfs
// rootfs, isolator-disk as the agent's `disk` isolator): a task writing past its `disk` into its
// sandbox, or into /tmp of its image's root filesystem (the overlay's upper dir), ends TASK_FAILED
// with REASON_CONTAINER_LIMITATION_DISK and the limitation's resources; a task within its disk
// keeps running. A task cannot fill the host's disk through its rootfs.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptNext, busyboxTask, launchOp, nextStatus, realCluster, untilState } from '../integration/agent-harness';

const MiB = 1024 * 1024;

const cluster = realCluster(test, { framework: 'disk-quota', dumpAs: 'disk-quota' });
const { real } = cluster;

/** Writes `mb` MB into `file`, then stays, as a task that keeps its data would. */
const writer = (file: string, mb: number) => `head -c ${mb * MiB} /dev/zero > ${file} && sync && sleep 300`;

/** The end of a hog: TASK_FAILED with the disk limitation, its usage over `quotaMb` in the message and the limitation's resources. */
async function killedForDisk(taskId: string, quotaMb: number): Promise<void> {
  const ended = await untilState(cluster.fw, taskId, 'TASK_FAILED', 60_000);
  assert.is(ended.reason, 'REASON_CONTAINER_LIMITATION_DISK', `${taskId}: ${ended.reason} ${ended.message}`);
  assert.match(ended.message, new RegExp(`^Disk usage \\((\\d+(\\.\\d)?) MB\\) exceeds quota \\(${quotaMb} MB\\)`), ended.message);
  const disk = (ended.limitation?.resources ?? []).find((r: any) => r.name === 'disk');
  assert.ok(disk, `${taskId}: the status carries the limitation's resources: ${JSON.stringify(ended.limitation)}`);
  assert.ok(disk.scalar.value > quotaMb, `${taskId}: the limitation names the usage over the quota (${disk.scalar.value} MB)`);
}

real('a task writing past its disk into its sandbox is killed with REASON_CONTAINER_LIMITATION_DISK', async () => {
  await acceptNext(cluster.fw, (o) => [launchOp(o, [busyboxTask('sandbox-hog', writer('"$MESOS_SANDBOX/big"', 20), { disk: 8 })])]);
  await killedForDisk('sandbox-hog', 8);
});

real('a task writing past its disk into /tmp of its image rootfs is killed the same way; one within its disk runs on', async () => {
  await acceptNext(cluster.fw, (o) => [
    launchOp(o, [busyboxTask('rootfs-hog', writer('/tmp/fill', 20), { disk: 8 }), busyboxTask('rootfs-tidy', writer('/tmp/some', 2), { disk: 16 })]),
  ]);
  await killedForDisk('rootfs-hog', 8);
  const running = await untilState(cluster.fw, 'rootfs-tidy', 'TASK_RUNNING', 60_000);
  assert.is(running.state, 'TASK_RUNNING');
  // Over many measurements (pollMs 200), the task within its disk gets no further status.
  await new Promise((r) => setTimeout(r, 2000));
  const quiet = await nextStatus(cluster.fw, 'rootfs-tidy', { timeoutMs: 1 }).catch(() => undefined);
  assert.is(quiet, undefined, `no further status for rootfs-tidy (got ${quiet?.state} ${quiet?.message ?? ''})`);
});

test.run();
