// A real master and a real agent (child processes) with the runc launcher, the cgroups, linux
// and disk isolators and the OCI provisioner; a Mesos v1 scheduler (test client) launches tasks
// in a busybox image through the scheduler API: a command task to TASK_FINISHED with its output
// in the sandbox, a task group, a kill, a memory hog, a failing command.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  acceptNext,
  busyboxTask,
  launchOp,
  nextStatus,
  untilState,
  realCluster,
  waitFor,
} from '../integration/agent-harness';

const cluster = realCluster(test, { framework: 'agent-tasks' });
const { real } = cluster;

real('a command task runs in a runc container from the busybox image: TASK_RUNNING, then TASK_FINISHED, its stdout in the sandbox', async () => {
  const t = busyboxTask('hello', 'echo hello-from-busybox; hostname; cat /proc/1/cmdline | tr "\\0" " "; echo; echo to-stderr >&2');
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  const running = await nextStatus(cluster.fw, 'hello');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  assert.ok(running.uuid, 'the agent update carries a uuid');
  const cid = running.container_status?.container_id?.value;
  assert.ok(cid, `TASK_RUNNING names its container: ${JSON.stringify(running)}`);
  const done = await nextStatus(cluster.fw, 'hello');
  assert.is(done.state, 'TASK_FINISHED', JSON.stringify(done));
  const sandbox = cluster.agent.sandbox(running.agent_id.value, cluster.fw.frameworkId, 'hello', cid);
  const out = fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8');
  assert.match(out, /hello-from-busybox/);
  assert.match(out.split('\n')[1] ?? '', /^hello$/, 'the uts namespace has the task id as hostname');
  assert.match(fs.readFileSync(path.join(sandbox, 'stderr'), 'utf8'), /to-stderr/);
  // Cleaned up: no runc container and no cgroup left for it.
  await waitFor(() => !cluster.agent.runcContainers().has(`plateau-${cid}`) && !cluster.agent.hasCgroup(cid), { what: 'the container to be destroyed' });
});

real('a failing command reports TASK_FAILED with its exit code', async () => {
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('fails', 'exit 7')])]);
  assert.is((await nextStatus(cluster.fw, 'fails')).state, 'TASK_RUNNING');
  const s = await nextStatus(cluster.fw, 'fails');
  assert.is(s.state, 'TASK_FAILED');
  assert.match(s.message, /exited with status 7/);
});

real('a task group: a pod, each task in its own container nested in the executor container, both finish', async () => {
  const executor = { type: 'DEFAULT', executor_id: { value: 'group-exec' }, resources: [] };
  await acceptNext(cluster.fw, (offer) => [
    {
      type: 'LAUNCH_GROUP',
      launch_group: {
        executor,
        task_group: {
          tasks: [busyboxTask('g1', 'echo one; sleep 1'), busyboxTask('g2', 'echo two; sleep 1')].map((t) => ({ ...t, agent_id: offer.agent_id })),
        },
      },
    },
  ]);
  const r1 = await untilState(cluster.fw, 'g1', 'TASK_RUNNING');
  const r2 = await untilState(cluster.fw, 'g2', 'TASK_RUNNING');
  assert.is(r1.executor_id.value, 'group-exec');
  assert.is.not(r1.container_status.container_id.value, r2.container_status.container_id.value, 'one container per task');
  const parent = r1.container_status.container_id.parent?.value;
  assert.ok(parent, `nested in the executor container: ${JSON.stringify(r1.container_status)}`);
  assert.is(r2.container_status.container_id.parent?.value, parent, 'both in the same executor container');
  assert.is((await nextStatus(cluster.fw, 'g1')).state, 'TASK_FINISHED');
  assert.is((await nextStatus(cluster.fw, 'g2')).state, 'TASK_FINISHED');
  const executorSandbox = cluster.agent.sandbox(r1.agent_id.value, cluster.fw.frameworkId, 'group-exec', parent);
  const out = fs.readFileSync(path.join(executorSandbox, 'containers', r1.container_status.container_id.value, 'stdout'), 'utf8');
  assert.match(out, /one/);
});

real('KILL: SIGTERM, the task ends as TASK_KILLED and its container is gone', async () => {
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('sleeper', 'sleep 1000')])]);
  const running = await nextStatus(cluster.fw, 'sleeper');
  assert.is(running.state, 'TASK_RUNNING');
  const cid = running.container_status.container_id.value;
  assert.is(cluster.agent.runcContainers().get(`plateau-${cid}`), 'running');
  const started = Date.now();
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'sleeper' }, agent_id: running.agent_id } });
  const killed = await nextStatus(cluster.fw, 'sleeper');
  assert.is(killed.state, 'TASK_KILLED', JSON.stringify(killed));
  assert.ok(Date.now() - started < 3000, 'sleep dies on SIGTERM (tini forwards it), no wait for the grace period');
  await waitFor(() => !cluster.agent.runcContainers().has(`plateau-${cid}`) && !cluster.agent.hasCgroup(cid), { what: 'the killed container to be destroyed' });
});

real('KILL of a task that ignores SIGTERM: SIGKILL after the kill policy grace period', async () => {
  const t = busyboxTask('stubborn', "trap '' TERM; while :; do sleep 1; done", { extra: { kill_policy: { grace_period: { nanoseconds: 1_000_000_000 } } } });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  const running = await nextStatus(cluster.fw, 'stubborn');
  assert.is(running.state, 'TASK_RUNNING');
  const started = Date.now();
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'stubborn' }, agent_id: running.agent_id } });
  const killed = await nextStatus(cluster.fw, 'stubborn');
  assert.is(killed.state, 'TASK_KILLED');
  const took = Date.now() - started;
  assert.ok(took >= 900 && took < 8000, `killed after the 1 s grace period (took ${took} ms)`);
});

real('a memory hog over its mem is OOM-killed: TASK_FAILED with REASON_CONTAINER_LIMITATION_MEMORY', async () => {
  const t = busyboxTask('hog', 'x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done', { mem: 32 });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  assert.is((await nextStatus(cluster.fw, 'hog')).state, 'TASK_RUNNING');
  const s = await nextStatus(cluster.fw, 'hog', { timeoutMs: 60_000 });
  assert.is(s.state, 'TASK_FAILED', JSON.stringify(s));
  assert.is(s.reason, 'REASON_CONTAINER_LIMITATION_MEMORY', JSON.stringify(s));
  assert.ok(s.limitation?.resources?.some((r: any) => r.name === 'mem'), `the limitation names mem: ${JSON.stringify(s.limitation)}`);
});

real('a task whose image cannot be provisioned: TASK_FAILED REASON_CONTAINER_LAUNCH_FAILED naming the step and the module', async () => {
  const t = busyboxTask('noimage', 'true');
  t.container.mesos.image.docker.name = 'oci:/nonexistent/layout:latest';
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  const s = await nextStatus(cluster.fw, 'noimage');
  assert.is(s.state, 'TASK_FAILED');
  assert.is(s.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(s.message, /provisioner images \(provisioner\.oci\) could not provision image/);
});

real('the agent reports usage of running containers (/monitor/statistics) and its tasks (/state)', async () => {
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('busy', 'sleep 1000')])]);
  const running = await nextStatus(cluster.fw, 'busy');
  const stats = await waitFor(
    async () => {
      const all = (await cluster.agent.get('/monitor/statistics')) as any[];
      return all.find((s) => s.executor_id === 'busy' && s.statistics.mem_total_bytes > 0);
    },
    { what: 'usage of the busy task' },
  );
  assert.is(stats.container_id, running.container_status.container_id.value);
  assert.ok(stats.statistics.processes >= 1);
  assert.is(stats.statistics.mem_limit_bytes, 64 * 1024 * 1024);
  const state = await cluster.agent.get('/state');
  const task = state.frameworks[0].executors.find((e: any) => e.id === 'busy').tasks[0];
  assert.is(task.state, 'TASK_RUNNING');
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'busy' }, agent_id: running.agent_id } });
  assert.is((await nextStatus(cluster.fw, 'busy')).state, 'TASK_KILLED');
});

test.run();
