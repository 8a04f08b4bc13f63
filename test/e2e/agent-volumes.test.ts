// ContainerInfo.volumes and network_infos on a real master and agent (runc launcher, busybox
// image, and tasks without an image): a host path mounted RW is written by the task and read on
// the host; RO refuses writes; a relative container_path lands under the sandbox; SANDBOX_PATH
// SELF binds a directory of the task's own sandbox; a missing host path, SANDBOX_PATH PARENT,
// DOCKER_VOLUME and a named network fail the task (REASON_CONTAINER_LAUNCH_FAILED) naming the
// reason; a volume escaping the sandbox is TASK_ERROR at ACCEPT; the CLI's --volume end to end.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';
import { acceptNext, busyboxTask, launchOp, nextStatus, realCluster } from '../integration/agent-harness';
import { cli, describe } from './cli-helpers';

const cluster = realCluster(test, { framework: 'agent-volumes' });
const { real } = cluster;

const TERMINAL = ['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED'];

/** Launches `task` and returns its terminal status and the first status that had a container id. */
async function runToEnd(task: Record<string, any>): Promise<{ end: any; containerId?: string; agentId?: string }> {
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [task])]);
  let containerId: string | undefined;
  let agentId: string | undefined;
  for (;;) {
    const s = await nextStatus(cluster.fw, task.task_id.value, { timeoutMs: 60_000 });
    containerId ??= s.container_status?.container_id?.value;
    agentId ??= s.agent_id?.value;
    if (TERMINAL.includes(s.state)) return { end: s, containerId, agentId };
  }
}

/** A task without an image (the host's filesystem, read-only). */
function hostTask(id: string, command: string, volumes: unknown[]): Record<string, any> {
  const t = busyboxTask(id, command);
  t.container = { type: 'MESOS', volumes };
  return t;
}

const hostVolume = (hostPath: string, containerPath: string, mode: 'RO' | 'RW') => ({ mode, container_path: containerPath, source: { type: 'HOST_PATH', host_path: { path: hostPath } } });

real('a host path RW is written by the task and seen on the host; RO refuses writes', async () => {
  const rw = makeTempDir('plateau-vol-rw-');
  const ro = makeTempDir('plateau-vol-ro-');
  fs.writeFileSync(path.join(ro, 'in'), 'from-the-host\n');
  const task = busyboxTask('vol-image', 'if touch /ro/x 2>/dev/null; then exit 3; fi; cat /ro/in > /rw/out && echo task-wrote >> /rw/out');
  task.container.volumes = [hostVolume(rw, '/rw', 'RW'), hostVolume(ro, '/ro', 'RO')];
  const { end } = await runToEnd(task);
  assert.is(end.state, 'TASK_FINISHED', JSON.stringify(end));
  assert.is(fs.readFileSync(path.join(rw, 'out'), 'utf8'), 'from-the-host\ntask-wrote\n');
  assert.not.ok(fs.existsSync(path.join(ro, 'x')), 'nothing written through the RO volume');
});

real('a task without an image: a relative container_path lands under the sandbox; SANDBOX_PATH SELF', async () => {
  const host = makeTempDir('plateau-vol-imageless-');
  fs.writeFileSync(path.join(host, 'in'), 'imageless\n');
  const task = hostTask('vol-imageless', 'cat "$MESOS_SANDBOX/hostdata/in" > "$MESOS_SANDBOX/hostdata/out" && echo self > /mnt/mesos/sandbox/selfview/f', [
    { mode: 'RW', container_path: 'hostdata', host_path: host },
    { mode: 'RW', container_path: 'selfview', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'SELF', path: 'real/self' } } },
  ]);
  const { end, containerId, agentId } = await runToEnd(task);
  assert.is(end.state, 'TASK_FINISHED', JSON.stringify(end));
  assert.is(fs.readFileSync(path.join(host, 'out'), 'utf8'), 'imageless\n');
  const sandbox = cluster.agent.sandbox(agentId!, cluster.fw.frameworkId, 'vol-imageless', containerId!);
  assert.is(fs.readFileSync(path.join(sandbox, 'real/self/f'), 'utf8'), 'self\n');
});

real('what the agent cannot mount or join fails the task naming it', async () => {
  const cases: [string, Record<string, any>, RegExp][] = [
    ['vol-missing', hostVolume('/no/such/plateau/dir', '/x', 'RW'), /host path '\/no\/such\/plateau\/dir' does not exist/],
    ['vol-parent', { mode: 'RW', container_path: '/x', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'PARENT', path: 'shared' } } }, /PARENT needs a parent container/],
    ['vol-docker', { mode: 'RW', container_path: '/x', source: { type: 'DOCKER_VOLUME', docker_volume: { driver: 'local', name: 'v' } } }, /source\.type DOCKER_VOLUME is not supported/],
  ];
  for (const [id, volume, reason] of cases) {
    const task = busyboxTask(id, 'true');
    task.container.volumes = [volume];
    const { end } = await runToEnd(task);
    assert.is(end.state, 'TASK_FAILED', `${id}: ${JSON.stringify(end)}`);
    assert.is(end.reason, 'REASON_CONTAINER_LAUNCH_FAILED', id);
    assert.match(end.message, /volumes\[0\]/, id);
    assert.match(end.message, reason, id);
  }
  const net = busyboxTask('net-named', 'true');
  net.container.network_infos = [{ name: 'plateau' }];
  const { end } = await runToEnd(net);
  assert.is(end.state, 'TASK_FAILED', JSON.stringify(end));
  assert.is(end.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(end.message, /network_infos\[0\]\.name: network 'plateau' is not provided by any isolator of this agent \(isolators configured: .*\); networks here: none/);
});

real('a volume escaping the sandbox is TASK_ERROR at ACCEPT', async () => {
  const task = busyboxTask('vol-escape', 'true');
  task.container.volumes = [{ mode: 'RW', container_path: '../../etc', host_path: '/tmp' }];
  const { end } = await runToEnd(task);
  assert.is(end.state, 'TASK_ERROR', JSON.stringify(end));
  assert.match(end.message, /container_path '\.\.\/\.\.\/etc' escapes the sandbox/);
});

real('plateau task run --volume mounts the host path; --network NAME fails naming the network', async () => {
  // The CLI runs its own framework: this suite's goes first, so that the offers go to it.
  await cluster.fw.mustCall({ type: 'TEARDOWN' });
  cluster.fw.close();
  const host = makeTempDir('plateau-vol-cli-');
  const ok = await cli(cluster.master.address, ['task', 'run', '--name', 'cli-vol', '--image', 'busybox', '--volume', `${host}:/data`, '--', 'echo via-cli > /data/out']);
  assert.is(ok.code, 0, describe(ok));
  assert.is(fs.readFileSync(path.join(host, 'out'), 'utf8'), 'via-cli\n');
  const ro = await cli(cluster.master.address, ['task', 'run', '--name', 'cli-ro', '--image', 'busybox', '--volume', `${host}:/data:ro`, '--', 'echo no > /data/no']);
  assert.is(ro.code, 1, describe(ro));
  assert.not.ok(fs.existsSync(path.join(host, 'no')), 'nothing written through --volume ...:ro');
  const net = await cli(cluster.master.address, ['task', 'run', '--name', 'cli-net', '--image', 'busybox', '--network', 'plateau', '--', 'true']);
  assert.is(net.code, 1, describe(net));
  assert.match(net.stderr, /TASK_FAILED.*network 'plateau' is not provided by any isolator/, describe(net));
  const host2 = await cli(cluster.master.address, ['task', 'run', '--name', 'cli-host', '--image', 'busybox', '--network', 'host', '--', 'true']);
  assert.is(host2.code, 0, describe(host2));
});

test.run();
