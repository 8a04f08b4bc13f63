// Persistent volumes' sizes enforced on a real master and agent (runc launcher, busybox image,
// isolator-disk as the agent's `disk` isolator): a task that writes more than its volume's size
// into the volume ends TASK_FAILED with REASON_CONTAINER_LIMITATION_DISK naming the volume, its
// size and its usage; a task that stays within its volume keeps running, and the agent's
// /monitor/statistics reports the volume's usage (Mesos disk_statistics). The volume's data is not
// the sandbox's: the writer's sandbox quota is smaller than what it writes into the volume.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, nextStatus, realCluster, untilState, waitFor } from '../integration/agent-harness';

const ROLE = 'quota';
const MiB = 1024 * 1024;

const cluster = realCluster(test, { framework: { ...frameworkInfo('volume-quota'), roles: [ROLE] }, dumpAs: 'vq' });
const { real } = cluster;

const reserved = (mb: number) => ({ name: 'disk', type: 'SCALAR', scalar: { value: mb }, reservations: [{ type: 'DYNAMIC', role: ROLE }] });
const volume = (id: string, containerPath: string, mb: number) => ({ ...reserved(mb), disk: { persistence: { id }, volume: { container_path: containerPath, mode: 'RW' } } });

/** The agent's /monitor/statistics entry of a task's container. */
async function statisticsOf(taskId: string): Promise<any | undefined> {
  const r = await request(cluster.agent.address, 'GET', '/monitor/statistics', undefined, { Accept: 'application/json' });
  assert.is(r.status, 200, r.body);
  return (JSON.parse(r.body) as any[]).find((e) => e.source === taskId)?.statistics;
}

real('a task writing past its volume\'s size is killed with REASON_CONTAINER_LIMITATION_DISK naming the volume; one within keeps running', async () => {
  // 'small' is 8 MB and its task writes 20 MB into it, with a sandbox quota of 16 MB: only the
  // volume's size is exceeded. 'roomy' is 16 MB and its task writes 4 MB.
  const hog = busyboxTask('hog', `head -c ${20 * MiB} /dev/zero > "$MESOS_SANDBOX/data/big" && sync && sleep 300`, { disk: 16 });
  hog.resources.push(volume('small', 'data', 8));
  const tidy = busyboxTask('tidy', `head -c ${4 * MiB} /dev/zero > "$MESOS_SANDBOX/data/some" && sync && sleep 300`, { disk: 16 });
  tidy.resources.push(volume('roomy', 'data', 16));
  await acceptNext(cluster.fw, (o) => [
    { type: 'RESERVE', reserve: { resources: [reserved(24)] } },
    { type: 'CREATE', create: { volumes: [volume('small', 'data', 8), volume('roomy', 'data', 16)] } },
    launchOp(o, [hog, tidy]),
  ]);

  const ended = await untilState(cluster.fw, 'hog', 'TASK_FAILED', 60_000);
  assert.is(ended.reason, 'REASON_CONTAINER_LIMITATION_DISK', `hog: ${ended.reason} ${ended.message}`);
  assert.match(ended.message, /persistent volume 'small' exceeds its size \(8 MB\)/);
  assert.match(ended.message, /^Disk usage \((\d+(\.\d)?) MB\)/);
  const used = Number(/^Disk usage \((\d+(?:\.\d)?) MB\)/.exec(ended.message)![1]);
  assert.ok(used > 8, `the usage named in the message is over the size: ${ended.message}`);

  // The task within its volume is running, and stays so over many measurements (pollMs 200).
  const running = await untilState(cluster.fw, 'tidy', 'TASK_RUNNING', 60_000);
  assert.is(running.state, 'TASK_RUNNING');
  const stats = await waitFor(
    async () => {
      const s = await statisticsOf('tidy');
      const d = s?.disk_statistics?.[0];
      return d !== undefined && d.used_bytes >= 4 * MiB ? s : undefined;
    },
    { timeoutMs: 20_000, what: "the agent's statistics show the 4 MB in the volume 'roomy'" },
  );
  assert.equal(stats.disk_statistics.map((d: any) => [d.persistence.id, d.limit_bytes]), [['roomy', 16 * MiB]]);
  assert.ok(stats.disk_used_bytes < 4 * MiB, `the volume's data does not count in the sandbox (${stats.disk_used_bytes} bytes)`);
  await new Promise((r) => setTimeout(r, 1500));
  const quiet = await nextStatus(cluster.fw, 'tidy', { timeoutMs: 1 }).catch(() => undefined);
  assert.is(quiet, undefined, `no further status for tidy (got ${quiet?.state} ${quiet?.message ?? ''})`);
});

test.run();
