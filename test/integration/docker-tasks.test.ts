// Tasks with ContainerInfo.type DOCKER, as Marathon, Aurora and Spark send them, on a real master
// and a real runc agent with no Docker daemon: the image comes through the OCI provisioner (the
// local busybox image, and a Docker Registry v2 server the test starts), DockerInfo's parameters
// become the container's settings, and what cannot be honoured fails the task naming it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildBusyboxImage, pushImage } from '@plateau/testkit/images';
import { startRegistry, type RunningRegistry } from '@plateau/testkit/registry';
import { makeTempDir } from '@plateau/testkit/tmp';
import { SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, busyboxLayout, cgroupDirs, untilState, frameworkInfo, launchOp, nextStatus, realContainersMissing, startMaster, TestAgent, taskResources, testUnless, type MasterProc } from './agent-harness';

let skip: string | undefined;
let registry: RunningRegistry | undefined;
let master: MasterProc | undefined;
let agent: TestAgent | undefined;
let fw: SchedulerClient | undefined;
let registryBusybox = '';
let registryEntry = '';

test.before(async () => {
  skip = await realContainersMissing();
  if (skip) return;
  registry = await startRegistry();
  registryBusybox = await pushImage(`oci:${await busyboxLayout()}:latest`, registry.host, 'team/busybox:1.0');
  // An image with an entrypoint and a cmd, for shell: false.
  const entry = await buildBusyboxImage(path.join(makeTempDir('plateau-docker-entry-'), 'entry'), {
    env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'],
    entrypoint: ['/bin/echo', 'from-entrypoint'],
    cmd: ['from-cmd'],
  });
  registryEntry = await pushImage(entry, registry.host, 'team/entry:1.0');
  master = await startMaster();
  agent = new TestAgent(master.address, { insecureRegistries: [registry.host] });
  await agent.start();
  fw = await SchedulerClient.subscribe(master.address, frameworkInfo('docker-tasks'));
});

test.after(async () => {
  fw?.close();
  await agent?.destroy();
  await master?.stop();
  await registry?.stop();
});

const realTest = testUnless(() => skip);
const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_ERROR', 'TASK_KILLED', 'TASK_LOST', 'TASK_DROPPED']);

/** A task in a DOCKER container. */
function dockerTask(id: string, command: Record<string, unknown>, docker: Record<string, unknown>, mem = 64): Record<string, any> {
  return { name: id, task_id: { value: id }, resources: taskResources(0.1, mem), command, container: { type: 'DOCKER', docker } };
}

/** Launches `task` and follows it to its end: the last status, and its stdout when it ran. */
async function runToEnd(task: Record<string, any>, on: { client: SchedulerClient; agent: TestAgent } = { client: fw!, agent: agent! }): Promise<{ status: any; stdout: string }> {
  const id = task.task_id.value as string;
  await acceptNext(on.client, (offer) => [launchOp(offer, [task])]);
  let cid: string | undefined;
  let agentId = '';
  for (;;) {
    const s = await nextStatus(on.client, id);
    cid ??= s.container_status?.container_id?.value;
    agentId = s.agent_id?.value ?? agentId;
    if (!TERMINAL.has(s.state)) continue;
    const file = cid ? path.join(on.agent.sandbox(agentId, on.client.frameworkId, id, cid), 'stdout') : '';
    return { status: s, stdout: file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '' };
  }
}

realTest('a DOCKER task runs from the local image with its env, workdir, user and hostname parameters', async () => {
  const { status, stdout } = await runToEnd(
    dockerTask('docker-params', { shell: true, value: 'echo "FOO=$FOO"; echo "cwd=$(pwd)"; echo "uid=$(id -u)"; echo "host=$(hostname)"' }, {
      image: 'busybox',
      network: 'HOST',
      parameters: [
        { key: 'env', value: 'FOO=from-docker-env' },
        { key: 'workdir', value: '/tmp' },
        { key: 'u', value: '65534' },
        { key: 'hostname', value: 'docker-task' },
        { key: 'label', value: 'team=web' },
      ],
    }),
  );
  assert.is(status.state, 'TASK_FINISHED', JSON.stringify(status));
  assert.match(stdout, /FOO=from-docker-env/);
  assert.match(stdout, /cwd=\/tmp/);
  assert.match(stdout, /uid=65534/);
  assert.match(stdout, /host=docker-task/);
});

realTest('force_pull_image pulls a cached image again from the registry; without it the cache serves', async () => {
  const manifests = () => registry!.requests().filter((r) => r.uri.includes('/v2/team/busybox/manifests/')).length;
  const first = await runToEnd(dockerTask('docker-pull-1', { value: 'echo one' }, { image: registryBusybox }));
  assert.is(first.status.state, 'TASK_FINISHED', JSON.stringify(first.status));
  const afterFirst = manifests();
  assert.ok(afterFirst > 0, 'the first task pulled the image from the registry');
  const cached = await runToEnd(dockerTask('docker-pull-2', { value: 'echo two' }, { image: registryBusybox }));
  assert.is(cached.status.state, 'TASK_FINISHED', JSON.stringify(cached.status));
  assert.is(manifests(), afterFirst, 'without force_pull_image the cached image is used');
  const forced = await runToEnd(dockerTask('docker-pull-3', { value: 'echo three' }, { image: registryBusybox, force_pull_image: true }));
  assert.is(forced.status.state, 'TASK_FINISHED', JSON.stringify(forced.status));
  assert.ok(manifests() > afterFirst, 'force_pull_image asked the registry again');
});

realTest('shell: false runs the image entrypoint and cmd; a value or arguments replace the cmd only', async () => {
  const plain = await runToEnd(dockerTask('docker-entry-1', { shell: false }, { image: registryEntry }));
  assert.is(plain.status.state, 'TASK_FINISHED', JSON.stringify(plain.status));
  assert.is(plain.stdout.trim(), 'from-entrypoint from-cmd');
  const args = await runToEnd(dockerTask('docker-entry-2', { shell: false, arguments: ['given', 'args'] }, { image: registryEntry }));
  assert.is(args.status.state, 'TASK_FINISHED', JSON.stringify(args.status));
  assert.is(args.stdout.trim(), 'from-entrypoint given args');
  const replaced = await runToEnd(dockerTask('docker-entry-3', { shell: false, arguments: ['-c', 'echo own-entrypoint'] }, { image: registryEntry, parameters: [{ key: 'entrypoint', value: '/bin/sh' }] }));
  assert.is(replaced.status.state, 'TASK_FINISHED', JSON.stringify(replaced.status));
  assert.is(replaced.stdout.trim(), 'own-entrypoint');
});

realTest('an unknown Docker parameter is TASK_ERROR at ACCEPT, naming it', async () => {
  const { status } = await runToEnd(dockerTask('docker-unknown', { value: 'true' }, { image: 'busybox', parameters: [{ key: 'volumes-from', value: 'other' }] }));
  assert.is(status.state, 'TASK_ERROR', JSON.stringify(status));
  assert.match(status.message, /volumes-from/);
});

realTest('privileged is refused on an agent that does not allow it', async () => {
  const { status } = await runToEnd(dockerTask('docker-privileged', { value: 'true' }, { image: 'busybox', privileged: true }));
  assert.is(status.state, 'TASK_FAILED', JSON.stringify(status));
  assert.is(status.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(status.message, /privileged/);
  assert.match(status.message, /agent\.docker\.allowPrivileged/);
});

realTest('privileged on an agent that allows it: every capability and no seccomp filter', async () => {
  // Its own master and agent (agent.docker.allowPrivileged: true), so that the other tests never land there.
  const master2 = await startMaster();
  const allowing = new TestAgent(master2.address, { agentLines: ['  docker: { allowPrivileged: true }'] });
  let client: SchedulerClient | undefined;
  try {
    await allowing.start();
    client = await SchedulerClient.subscribe(master2.address, frameworkInfo('docker-privileged-allowed'));
    const { status, stdout } = await runToEnd(
      dockerTask('docker-privileged-ok', { value: "grep -E '^(CapEff|CapBnd|Seccomp|NoNewPrivs):' /proc/self/status" }, { image: 'busybox', privileged: true }),
      { client, agent: allowing },
    );
    assert.is(status.state, 'TASK_FINISHED', JSON.stringify(status));
    // The full mask: every capability up to the host kernel's last one, within what the agent
    // (a child of this test, same bounding set) holds itself: no process can grant more.
    const last = Number(fs.readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8').trim());
    const own = BigInt(`0x${/^CapBnd:\s*([0-9a-f]+)$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]}`);
    const full = (((1n << BigInt(last + 1)) - 1n) & own).toString(16).padStart(16, '0');
    const field = (name: string) => new RegExp(`^${name}:\\s*(\\S+)$`, 'm').exec(stdout)?.[1];
    assert.is(field('CapEff'), full, `CapEff of a privileged task: ${stdout}`);
    assert.is(field('CapBnd'), full, `CapBnd of a privileged task: ${stdout}`);
    assert.is(field('Seccomp'), '0', `no seccomp filter: ${stdout}`);
    assert.is(field('NoNewPrivs'), '0', `no_new_privs is off: ${stdout}`);
  } finally {
    client?.close();
    await allowing.destroy();
    await master2.stop();
  }
});

realTest('BRIDGE networking fails the task naming the missing CNI network', async () => {
  const { status } = await runToEnd(dockerTask('docker-bridge', { value: 'true' }, { image: 'busybox', network: 'BRIDGE', port_mappings: [{ host_port: 31001, container_port: 80 }] }));
  assert.is(status.state, 'TASK_FAILED', JSON.stringify(status));
  assert.is(status.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(status.message, /BRIDGE/);
  assert.match(status.message, /CNI network/);
});

realTest('a memory parameter above the task mem fails the task; within it, it runs', async () => {
  const over = await runToEnd(dockerTask('docker-mem-over', { value: 'true' }, { image: 'busybox', parameters: [{ key: 'memory', value: '128m' }] }, 64));
  assert.is(over.status.state, 'TASK_FAILED', JSON.stringify(over.status));
  assert.match(over.status.message, /memory=128m/);
  // Within it: the container's memory cgroup (read on the host while the task runs) has that limit.
  await acceptNext(fw!, (offer) => [launchOp(offer, [dockerTask('docker-mem-ok', { value: 'sleep 3' }, { image: 'busybox', parameters: [{ key: 'm', value: '32m' }] }, 64)])]);
  const running = await nextStatus(fw!, 'docker-mem-ok');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const cid = running.container_status.container_id.value as string;
  const limits = cgroupDirs(agent!.cgroupRoot)
    .flatMap((d) => ['memory.max', 'memory.limit_in_bytes'].map((f) => path.join(d, cid, f)))
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, 'utf8').trim());
  assert.equal(limits, [String(32 * 1024 * 1024)], 'the memory cgroup holds the memory parameter');
  const done = await untilState(fw!, 'docker-mem-ok', 'TASK_FINISHED');
  assert.is(done.state, 'TASK_FINISHED');
});

test.run();
