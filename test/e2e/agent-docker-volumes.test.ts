// Docker volumes (Volume.source.type DOCKER_VOLUME) on a real master and runc agent with the
// volume-docker isolator and the reference plugin (examples/docker-volume-plugin) on its real
// unix socket: data one task writes into a named volume is read by the next task using it, RO
// refuses writes, a relative container_path lands under the sandbox of a task without an image,
// each container's Mount ID is unmounted when it ends, the plugin's Err and an unknown driver
// fail the task naming the reason, under a user namespace the volume must belong to the mapped
// root, the CLI's --volume DRIVER:NAME:PATH, and after kill -9 of the agent the restarted agent unmounts
// the volume of a container that died meanwhile and keeps a live one's.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { acceptNext, busyboxTask, launchOp, nextStatus, realCluster, untilState, waitFor } from '../integration/agent-harness';
import { dockerVolumeModuleEntry, startDockerVolumePlugin, type DockerVolumePlugin } from '../helpers/docker-volume-plugin';
import { cli, describe } from './cli-helpers';

let plugin: DockerVolumePlugin | undefined;
const cluster = realCluster(test, {
  framework: 'agent-docker-volumes',
  agentSetup: () => {
    plugin = startDockerVolumePlugin();
    return { extraIsolators: { 'docker-volume': dockerVolumeModuleEntry(plugin.socketDir) } };
  },
  beforeTeardown: async () => {
    await plugin?.stop();
  },
  dumpAs: 'agent-docker-volumes',
});
const { real } = cluster;

const TERMINAL = ['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED'];

const dockerVolume = (name: string, containerPath: string, mode: 'RO' | 'RW' = 'RW', driver = 'plateau-local', options: Record<string, string> = {}) => ({
  mode,
  container_path: containerPath,
  source: { type: 'DOCKER_VOLUME', docker_volume: { driver, name, driver_options: { parameter: Object.entries(options).map(([key, value]) => ({ key, value })) } } },
});

/** Launches `task` and answers its terminal status and its container id. */
async function runToEnd(task: Record<string, any>): Promise<{ end: any; containerId?: string }> {
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [task])]);
  let containerId: string | undefined;
  for (;;) {
    const s = await nextStatus(cluster.fw, task.task_id.value, { timeoutMs: 60_000 });
    containerId ??= s.container_status?.container_id?.value;
    if (TERMINAL.includes(s.state)) return { end: s, containerId };
  }
}

real('data written by one task is read by the next task using the same named volume; RO refuses writes; each mount is undone', async () => {
  await plugin!.ready;
  const writer = busyboxTask('dv-writer', 'echo written-by-the-first-task > /data/f');
  writer.container.volumes = [dockerVolume('shared-data', '/data', 'RW', 'plateau-local', { mode: '0777' })];
  const w = await runToEnd(writer);
  assert.is(w.end.state, 'TASK_FINISHED', JSON.stringify(w.end));
  assert.is(fs.readFileSync(path.join(plugin!.root, 'volumes', 'shared-data', 'f'), 'utf8'), 'written-by-the-first-task\n');
  assert.equal(plugin!.mountIds('shared-data'), [], 'the writer\'s Mount ID was unmounted when it ended');

  const reader = busyboxTask('dv-reader', 'if touch /data/x 2>/dev/null; then exit 3; fi; test "$(cat /data/f)" = written-by-the-first-task');
  reader.container.volumes = [dockerVolume('shared-data', '/data', 'RO')];
  const r = await runToEnd(reader);
  assert.is(r.end.state, 'TASK_FINISHED', `the reader found the data and could not write: ${JSON.stringify(r.end)}`);
  assert.not.ok(fs.existsSync(path.join(plugin!.root, 'volumes', 'shared-data', 'x')));
  assert.equal(plugin!.mountIds('shared-data'), []);
});

real('a task without an image: a relative container_path lands under its sandbox', async () => {
  await plugin!.ready;
  const task = busyboxTask('dv-imageless', 'echo imageless > "$MESOS_SANDBOX/vol/g" && test -f /mnt/mesos/sandbox/vol/g');
  task.container = { type: 'MESOS', volumes: [dockerVolume('imageless-data', 'vol')] };
  const { end } = await runToEnd(task);
  assert.is(end.state, 'TASK_FINISHED', JSON.stringify(end));
  assert.is(fs.readFileSync(path.join(plugin!.root, 'volumes', 'imageless-data', 'g'), 'utf8'), 'imageless\n');
});

real("the plugin's Err and an unknown driver fail the task naming the reason", async () => {
  await plugin!.ready;
  const bad = busyboxTask('dv-bad-opts', 'true');
  bad.container.volumes = [dockerVolume('bad', '/b', 'RW', 'plateau-local', { bogus: '1' })];
  const b = await runToEnd(bad);
  assert.is(b.end.state, 'TASK_FAILED', JSON.stringify(b.end));
  assert.is(b.end.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(b.end.message, /docker volume 'bad' \(driver 'plateau-local', ContainerInfo\.volumes\[0\]\): VolumeDriver\.Create: unknown option 'bogus' \(known: mode, uid, gid\)/);

  const unknown = busyboxTask('dv-unknown', 'true');
  unknown.container.volumes = [dockerVolume('v', '/v', 'RW', 'nosuch')];
  const u = await runToEnd(unknown);
  assert.is(u.end.state, 'TASK_FAILED', JSON.stringify(u.end));
  assert.match(u.end.message, new RegExp(`volume driver 'nosuch' not found: no plugin socket or spec at ${plugin!.socketDir}/nosuch\\.sock, ${plugin!.socketDir}/nosuch/nosuch\\.sock`));
});

real('kill -9 of the agent: the restarted agent unmounts the volume of a container that died meanwhile and keeps the live one', async () => {
  await plugin!.ready;
  const tasks = ['dv-live', 'dv-dies'].map((id) => {
    const t = busyboxTask(id, 'sleep 1000');
    t.container.volumes = [dockerVolume('held', '/held')];
    return t;
  });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, tasks)]);
  const live = await nextStatus(cluster.fw, 'dv-live', { state: 'TASK_RUNNING' });
  const dies = await nextStatus(cluster.fw, 'dv-dies', { state: 'TASK_RUNNING' });
  const liveCid = live.container_status.container_id.value;
  const diesCid = dies.container_status.container_id.value;
  assert.equal(plugin!.mountIds('held').sort(), [liveCid, diesCid].sort());

  await cluster.agent.crash();
  execFileSync('runc', ['--root', cluster.agent.runcRoot, 'kill', `plateau-${diesCid}`, 'KILL']);
  await waitFor(() => cluster.agent.runcContainers().get(`plateau-${diesCid}`) === 'stopped', { what: 'the killed container to stop' });
  cluster.fw.clearQueue();
  await cluster.agent.start();

  const ended = await untilState(cluster.fw, 'dv-dies', 'TASK_FAILED', 30_000);
  assert.is(ended.state, 'TASK_FAILED');
  await waitFor(() => plugin!.mountIds('held').length === 1, { what: 'the dead container\'s Mount ID to be unmounted' });
  assert.equal(plugin!.mountIds('held'), [liveCid], 'the live container keeps its mount');

  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'dv-live' }, agent_id: live.agent_id } });
  await untilState(cluster.fw, 'dv-live', 'TASK_KILLED');
  await waitFor(() => plugin!.mountIds('held').length === 0, { what: 'the live container\'s Mount ID to be unmounted after its kill' });
});

real('under a user namespace: a volume owned by the mapped root is writable, a root-owned 0755 one is not', async () => {
  await plugin!.ready;
  // The mapped root (host uid 100000) must reach the sandbox, the rootfs and the volume: the
  // agent's and the plugin's directories are made searchable for this test only.
  fs.chmodSync(cluster.agent.dir, 0o755);
  fs.chmodSync(plugin!.root, 0o755);
  try {
    const owned = busyboxTask('dv-userns-owned', 'cat /proc/self/uid_map > /data/map && touch /data/ok');
    owned.container.volumes = [dockerVolume('userns-owned', '/data', 'RW', 'plateau-local', { uid: '100000', gid: '100000' })];
    const o = await runToEnd(owned);
    assert.is(o.end.state, 'TASK_FINISHED', JSON.stringify(o.end));
    const dir = path.join(plugin!.root, 'volumes', 'userns-owned');
    assert.equal(fs.readFileSync(path.join(dir, 'map'), 'utf8').trim().split(/\s+/).slice(0, 2), ['0', '100000'], 'the task ran in a user namespace');
    assert.is(fs.statSync(path.join(dir, 'ok')).uid, 100000, 'written by the mapped root');

    const rootOwned = busyboxTask('dv-userns-denied', 'touch /data/no');
    rootOwned.container.volumes = [dockerVolume('userns-root-owned', '/data')];
    const r = await runToEnd(rootOwned);
    assert.is(r.end.state, 'TASK_FAILED', JSON.stringify(r.end));
    assert.not.ok(fs.existsSync(path.join(plugin!.root, 'volumes', 'userns-root-owned', 'no')));
  } finally {
    fs.chmodSync(cluster.agent.dir, 0o700);
    fs.chmodSync(plugin!.root, 0o700);
  }
});

real('plateau task run --volume DRIVER:NAME:CONTAINER mounts a Docker volume; :ro is read-only', async () => {
  await plugin!.ready;
  // The CLI runs its own framework: this suite's goes first, so that the offers go to it.
  await cluster.fw.mustCall({ type: 'TEARDOWN' });
  cluster.fw.close();
  const w = await cli(cluster.master.address, ['task', 'run', '--name', 'cli-dv', '--image', 'busybox', '--volume', 'plateau-local:cli-data:/data', '--', 'echo via-cli > /data/out']);
  assert.is(w.code, 0, describe(w));
  assert.is(fs.readFileSync(path.join(plugin!.root, 'volumes', 'cli-data', 'out'), 'utf8'), 'via-cli\n');
  const ro = await cli(cluster.master.address, ['task', 'run', '--name', 'cli-dv-ro', '--image', 'busybox', '--volume', 'plateau-local:cli-data:/data:ro', '--', 'grep -q via-cli /data/out && ! touch /data/no']);
  assert.is(ro.code, 0, describe(ro));
  assert.not.ok(fs.existsSync(path.join(plugin!.root, 'volumes', 'cli-data', 'no')));
  assert.equal(plugin!.mountIds('cli-data'), []);
});

test.run();
