// Command tasks without an image, as Mesos frameworks launch them by default, through a real
// master and a real agent with runc: the host's filesystem read-only as the root, a private /tmp,
// the sandbox writable at $MESOS_SANDBOX and at its host path, a pid namespace of their own; the
// task's user (CommandInfo.user, else FrameworkInfo.user) looked up on the agent, an unknown one
// failing the task; shell: false with arguments; Mesos's MESOS_* variables and the command's own.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, frameworkInfo, launchOp, realCluster, taskResources, untilState } from './agent-harness';

const clients: SchedulerClient[] = [];

const cluster = realCluster(test, {
  beforeTeardown: () => {
    for (const c of clients) c.close();
  },
});
const { real } = cluster;

/** A command task with no ContainerInfo at all. */
function hostTask(id: string, command: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, any> {
  return { name: id, task_id: { value: id }, resources: taskResources(0.1, 32), command, ...extra };
}

/** A framework of its own per test; the previous one is torn down so that its offers come back. */
async function subscribe(name: string, user: string): Promise<SchedulerClient> {
  const prev = clients.pop();
  if (prev) {
    await prev.mustCall({ type: 'TEARDOWN' });
    prev.close();
  }
  const c = await SchedulerClient.subscribe(cluster.master.address, { ...frameworkInfo(name), user });
  clients.push(c);
  return c;
}

/** Launches `tasks`, waits for each to finish, returns each one's stdout by task id. */
async function run(fw: SchedulerClient, tasks: Record<string, any>[]): Promise<Map<string, string>> {
  await acceptNext(fw, (offer) => [launchOp(offer, tasks)], { cpus: 0.1 * tasks.length, mem: 32 * tasks.length });
  const out = new Map<string, string>();
  for (const t of tasks) {
    const done = await untilState(fw, t.task_id.value, 'TASK_FINISHED');
    const sandbox = cluster.agent.sandbox(done.agent_id.value, fw.frameworkId, t.task_id.value, done.container_status.container_id.value);
    out.set(t.task_id.value, fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'));
  }
  return out;
}

real('a task without an image: echo, a read-only host root, a private /tmp, the work dir hidden, the sandbox writable at $MESOS_SANDBOX and at its host path, its own pid namespace', async () => {
  const fw = await subscribe('no-image', 'root');
  const hostSandboxes = `${cluster.agent.workDir}/agent/slaves/*/frameworks/*/executors/plain/runs/*`;
  // The cluster's work dir (checkpoints, module state, keys, other sandboxes) is hidden.
  const probe = `${cluster.agent.workDir}/plateau-hidden-probe`;
  fs.writeFileSync(probe, 'host only');
  const script = [
    'echo hello',
    'echo "pid=$$"',
    'echo "procs=$(ls /proc | grep -c "^[0-9]")"',
    'echo "uid=$(id -u)"',
    'if touch /etc/plateau-no-image-probe 2>/dev/null; then echo etc=written; else echo etc=refused; fi',
    'if touch /usr/plateau-no-image-probe 2>/dev/null; then echo usr=written; else echo usr=refused; fi',
    'echo t > /tmp/t && echo "tmp=$(cat /tmp/t)"',
    'echo s > "$MESOS_SANDBOX/via-mesos-sandbox" && echo sandbox=ok',
    `for d in ${hostSandboxes}; do echo h > "$d/via-host-path" && echo hostpath=ok; done`,
    'echo "cwd=$(pwd)"',
    `if [ -e ${probe} ]; then echo workdir=visible; else echo workdir=hidden; fi`,
    `echo "executors=$(ls ${cluster.agent.workDir}/agent/slaves/*/frameworks/*/executors/ | tr '\\n' ' ')"`,
  ].join('; ');
  const out = (await run(fw, [hostTask('plain', { shell: true, value: script })])).get('plain')!;
  assert.match(out, /^hello$/m);
  const pid = Number(/^pid=(\d+)$/m.exec(out)?.[1]);
  assert.ok(pid > 0 && pid < 10, `the shell is a low pid of its own namespace (${pid}):\n${out}`);
  const procs = Number(/^procs=(\d+)$/m.exec(out)?.[1]);
  assert.ok(procs > 0 && procs < 10, `/proc shows the task's processes only (${procs}):\n${out}`);
  assert.match(out, /^uid=0$/m, 'FrameworkInfo.user root');
  assert.match(out, /^etc=refused$/m, 'the host root is read-only');
  assert.match(out, /^usr=refused$/m);
  assert.not.ok(fs.existsSync('/etc/plateau-no-image-probe'));
  assert.match(out, /^tmp=t$/m);
  assert.match(out, /^sandbox=ok$/m);
  assert.match(out, /^hostpath=ok$/m);
  assert.match(out, /^cwd=\/mnt\/mesos\/sandbox$/m);
  assert.match(out, /^workdir=hidden$/m, `the cluster's work dir is hidden:\n${out}`);
  assert.match(out, /^executors=plain $/m, `only the task's own sandbox is reachable under it:\n${out}`);
});

real('the task\'s user: CommandInfo.user (nobody → 65534, sandbox writable), else FrameworkInfo.user (daemon → 1); shell: false runs value with the arguments', async () => {
  const fw = await subscribe('users', 'daemon');
  const out = await run(fw, [
    hostTask('as-nobody', { shell: true, user: 'nobody', value: 'echo "uid=$(id -u) gid=$(id -g)"; echo x > "$MESOS_SANDBOX/mine" && echo sandbox=ok' }),
    hostTask('as-framework-user', { shell: true, value: 'echo "uid=$(id -u)"' }),
    hostTask('no-shell', { shell: false, value: '/bin/echo', arguments: ['echo', 'a  b', '$HOME', 'c'] }),
  ]);
  assert.match(out.get('as-nobody')!, /^uid=65534 gid=65534$/m);
  assert.match(out.get('as-nobody')!, /^sandbox=ok$/m);
  assert.match(out.get('as-framework-user')!, /^uid=1$/m);
  assert.is(out.get('no-shell'), 'a  b $HOME c\n', 'no shell: arguments kept as given');
});

real('an unknown user fails the task with REASON_CONTAINER_LAUNCH_FAILED naming it; nothing runs as root', async () => {
  const fw = await subscribe('ghost', 'root');
  await acceptNext(fw, (offer) => [launchOp(offer, [hostTask('ghost', { shell: true, user: 'plateau-no-such-user', value: 'touch /tmp/ran' })])], { cpus: 0.1, mem: 32 });
  const failed = await untilState(fw, 'ghost', 'TASK_FAILED');
  assert.is(failed.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(failed.message, /user 'plateau-no-such-user' does not exist in the agent host's \/etc\/passwd/);
});

real('Mesos\'s environment: MESOS_SANDBOX, MESOS_FRAMEWORK_ID, MESOS_AGENT_ID, MESOS_EXECUTOR_ID, MESOS_TASK_ID, MESOS_CONTAINER_IP, and environment.variables', async () => {
  const fw = await subscribe('env', 'root');
  const task = hostTask('env', { shell: true, value: 'env | grep -E "^(MESOS_|FOO=)" | sort', environment: { variables: [{ name: 'FOO', type: 'VALUE', value: 'bar baz' }] } });
  const out = (await run(fw, [task])).get('env')!;
  const env = new Map(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]));
  assert.is(env.get('MESOS_SANDBOX'), '/mnt/mesos/sandbox');
  assert.is(env.get('MESOS_FRAMEWORK_ID'), fw.frameworkId);
  assert.ok(env.get('MESOS_AGENT_ID'), out);
  assert.is(env.get('MESOS_EXECUTOR_ID'), 'env');
  assert.is(env.get('MESOS_TASK_ID'), 'env');
  assert.is(env.get('MESOS_CONTAINER_IP'), '127.0.0.1', 'the agent listens on 127.0.0.1: the container shares its network');
  assert.is(env.get('FOO'), 'bar baz');
});

test.run();
