// Pods on a real master and agent (runc launcher, cgroups, busybox image): LAUNCH_GROUP with the
// default executor runs one executor container and each task nested in it. Two tasks share the
// network (a busybox httpd on 127.0.0.1 reached by the other task) and a SANDBOX_PATH PARENT
// volume; each task has its own updates (STARTING, RUNNING, FINISHED) and container (nested in
// the same executor container, as GET_CONTAINERS shows); the executor container goes with the
// last task. Kill policy: a failing task has the rest of its group killed (TASK_KILLED naming
// it); a KILL kills its group only; a later group joins the same pod; SHUTDOWN kills every task;
// a second KILL with a shorter grace brings the SIGKILL forward; KILL_CONTAINER of the executor
// container fails its tasks (REASON_EXECUTOR_TERMINATED); a task over its memory is OOM-killed
// alone (its group then killed); a health check runs in a pod's task; an executor volume that
// cannot be mounted fails the group. An agent kill -9 keeps the pod: a task that ended meanwhile
// is reported, a running one is killed after. The example pod runs through `plateau task run
// --pod` to TASK_FINISHED.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { makeTempDir } from '@plateau/testkit/tmp';
import { request } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, nextStatus, realCluster, REPO, untilState, waitFor } from '../integration/agent-harness';
import { cli, describe } from './cli-helpers';

// TASK_KILLING_STATE: a killed task of a pod says TASK_KILLING first.
const cluster = realCluster(test, { framework: { ...frameworkInfo('pods'), capabilities: [{ type: 'MULTI_ROLE' }, { type: 'TASK_KILLING_STATE' }] }, dumpAs: 'pods' });
const { real } = cluster;

const executorOf = (id: string) => ({ type: 'DEFAULT', executor_id: { value: id }, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }, { name: 'mem', type: 'SCALAR', scalar: { value: 32 } }] });
const shared = (containerPath: string) => ({ mode: 'RW', container_path: containerPath, source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'PARENT', path: 'shared' } } });

function groupOp(offer: any, executor: unknown, tasks: Record<string, any>[]): unknown {
  return { type: 'LAUNCH_GROUP', launch_group: { executor, task_group: { tasks: tasks.map((t) => ({ ...t, agent_id: offer.agent_id })) } } };
}

/** Every update of `taskId` until a terminal one; the states in order and the last status. */
async function statesUntilEnd(taskId: string, timeoutMs = 60_000): Promise<{ states: string[]; last: any; all: any[] }> {
  const states: string[] = [];
  const all: any[] = [];
  const terminal = ['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED'];
  for (;;) {
    const s = await nextStatus(cluster.fw, taskId, { timeoutMs });
    states.push(s.state);
    all.push(s);
    if (terminal.includes(s.state)) return { states, last: s, all };
  }
}

async function agentCall(call: unknown): Promise<any> {
  const r = await request(cluster.agent.address, 'POST', '/api/v1', call, { Accept: 'application/json' });
  assert.is(r.status, 200, `${JSON.stringify(call)}: ${r.status} ${r.body}`);
  return r.body ? JSON.parse(r.body) : undefined;
}

const runcGone = (cid: string) => !cluster.agent.runcContainers().has(`plateau-${cid}`);

real('two tasks of a pod share localhost and a PARENT volume; each has its own updates; GET_CONTAINERS shows the tree', async () => {
  const port = await freePort();
  const producer = busyboxTask(
    'producer',
    `mkdir -p /shared/www && echo "made-by-producer" > /shared/www/m.txt && httpd -p 127.0.0.1:${port} -h /shared/www && while [ ! -e /shared/done ]; do sleep 0.2; done`,
  );
  producer.container.volumes = [shared('/shared')];
  const consumer = busyboxTask(
    'consumer',
    `for i in $(seq 100); do [ -s /data/www/m.txt ] && wget -q -O /tmp/h http://127.0.0.1:${port}/m.txt && break; sleep 0.2; done; cmp /data/www/m.txt /tmp/h && cat /tmp/h && while [ ! -e /data/proceed ]; do sleep 0.1; done; touch /data/done`,
  );
  consumer.container.volumes = [shared('/data')];
  await acceptNext(cluster.fw, (offer) => [groupOp(offer, executorOf('pod-a'), [producer, consumer])]);
  const p = await untilState(cluster.fw, 'producer', 'TASK_RUNNING', 60_000);
  const c = await untilState(cluster.fw, 'consumer', 'TASK_RUNNING', 60_000);
  const parent = p.container_status.container_id.parent?.value;
  assert.ok(parent, JSON.stringify(p.container_status));
  assert.is(c.container_status.container_id.parent?.value, parent, 'both tasks nested in one executor container');
  assert.is.not(p.container_status.container_id.value, c.container_status.container_id.value);
  // The tree, while both run (the consumer waits for the test's go in the shared directory).
  const got = (await agentCall({ type: 'GET_CONTAINERS', get_containers: { show_nested: true } })).get_containers.containers as any[];
  const ids = got.map((x) => ({ id: x.container_id.value, parent: x.container_id.parent?.value }));
  assert.ok(ids.some((x) => x.id === parent && x.parent === undefined), `executor container listed: ${JSON.stringify(ids)}`);
  assert.is(got.find((x) => x.container_id.value === parent)?.executor_name, 'Default Executor (pod-a)', 'the executor container is named as the default executor');
  for (const t of [p, c]) assert.ok(ids.some((x) => x.id === t.container_status.container_id.value && x.parent === parent), `task container nested in ${parent}: ${JSON.stringify(ids)}`);
  // /state: the executor's container and directory are the executor container's; each task's sandbox is its own.
  const st = await cluster.agent.get('/state');
  const e = st.frameworks.flatMap((f: any) => f.executors).find((x: any) => x.id === 'pod-a');
  assert.is(e.container, parent, JSON.stringify(e));
  assert.is(e.directory, cluster.agent.sandbox(p.agent_id.value, cluster.fw.frameworkId, 'pod-a', parent));
  const pt = e.tasks.find((x: any) => x.task_id.value === 'producer');
  assert.is(pt.sandbox, path.join(e.directory, 'containers', p.container_status.container_id.value), JSON.stringify(pt));
  fs.writeFileSync(path.join(e.directory, 'shared', 'proceed'), '');
  const pe = await statesUntilEnd('producer');
  const ce = await statesUntilEnd('consumer');
  assert.is(ce.last.state, 'TASK_FINISHED', JSON.stringify(ce.last));
  assert.is(pe.last.state, 'TASK_FINISHED', JSON.stringify(pe.last));
  const executorSandbox = cluster.agent.sandbox(p.agent_id.value, cluster.fw.frameworkId, 'pod-a', parent);
  assert.is(fs.readFileSync(path.join(executorSandbox, 'shared', 'www', 'm.txt'), 'utf8'), 'made-by-producer\n', 'the shared directory is in the executor sandbox');
  assert.match(fs.readFileSync(path.join(executorSandbox, 'containers', c.container_status.container_id.value, 'stdout'), 'utf8'), /made-by-producer/, 'the consumer read it over http');
  await waitFor(() => runcGone(parent) && !cluster.agent.hasCgroup(parent), { what: 'the executor container to go with its last task', timeoutMs: 15_000 });
});

real('each task reports STARTING, RUNNING, then its end; one failing task kills the rest of its group (TASK_KILLED naming it)', async () => {
  const fails = busyboxTask('fails', 'sleep 1; exit 3');
  const sleeper = busyboxTask('sleeper-a', 'sleep 1000');
  await acceptNext(cluster.fw, (offer) => [groupOp(offer, executorOf('pod-b'), [fails, sleeper])]);
  const [f, s] = await Promise.all([statesUntilEnd('fails'), statesUntilEnd('sleeper-a')]);
  assert.equal(f.states, ['TASK_STARTING', 'TASK_RUNNING', 'TASK_FAILED'], JSON.stringify(f.all));
  assert.match(f.last.message, /exited with status 3/);
  assert.equal(s.states, ['TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED'], JSON.stringify(s.all));
  assert.match(s.last.message, /task 'fails' of its task group failed/, s.last.message);
  assert.is(s.last.executor_id.value, 'pod-b');
  const parent = s.all[1].container_status.container_id.parent.value;
  await waitFor(() => runcGone(parent), { what: 'the executor container to be destroyed', timeoutMs: 15_000 });
});

real('a later group joins the same pod; KILL of a task kills its group only; SHUTDOWN of the executor kills the rest', async () => {
  await acceptNext(cluster.fw, (offer) => [groupOp(offer, executorOf('pod-c'), [busyboxTask('first', 'sleep 1000')])]);
  const first = await untilState(cluster.fw, 'first', 'TASK_RUNNING', 60_000);
  const parent = first.container_status.container_id.parent.value;
  await acceptNext(cluster.fw, (offer) => [groupOp(offer, executorOf('pod-c'), [busyboxTask('second', 'sleep 1000'), busyboxTask('third', 'sleep 1000')])]);
  const second = await untilState(cluster.fw, 'second', 'TASK_RUNNING', 60_000);
  await untilState(cluster.fw, 'third', 'TASK_RUNNING', 60_000);
  assert.is(second.container_status.container_id.parent.value, parent, 'the later group runs in the same executor container');
  // plateau task exec runs in the task's nested container (its pid namespace: its command is pid 1's).
  const exec = await cli(cluster.master.address, ['task', 'exec', 'second', '--', 'cat', '/proc/1/cmdline']);
  assert.is(exec.code, 0, describe(exec));
  assert.match(exec.stdout.replace(/\0/g, ' '), /sleep 1000/, describe(exec));
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'second' }, agent_id: second.agent_id } });
  const k2 = await statesUntilEnd('second');
  const k3 = await statesUntilEnd('third');
  assert.is(k2.last.state, 'TASK_KILLED', JSON.stringify(k2.last));
  assert.equal(k2.states, ['TASK_KILLING', 'TASK_KILLED']);
  assert.is(k3.last.state, 'TASK_KILLED', JSON.stringify(k3.last));
  assert.match(k3.last.message, /task 'second' of its task group was killed/);
  assert.ok(!runcGone(parent), 'the pod still runs its first group');
  await cluster.fw.mustCall({ type: 'SHUTDOWN', shutdown: { executor_id: { value: 'pod-c' }, agent_id: first.agent_id } });
  const k1 = await statesUntilEnd('first');
  assert.is(k1.last.state, 'TASK_KILLED', JSON.stringify(k1.last));
  await waitFor(() => runcGone(parent) && !cluster.agent.hasCgroup(parent), { what: 'the executor container to be destroyed', timeoutMs: 15_000 });
});

real('a second KILL with a shorter grace brings the SIGKILL forward; KILL_CONTAINER of the executor container fails the rest (REASON_EXECUTOR_TERMINATED)', async () => {
  const stubborn = busyboxTask('stubborn-p', "trap '' TERM; while :; do sleep 1; done", { extra: { kill_policy: { grace_period: { nanoseconds: 30_000_000_000 } } } });
  await acceptNext(cluster.fw, (offer) => [groupOp(offer, executorOf('pod-g'), [stubborn])]);
  const r = await untilState(cluster.fw, 'stubborn-p', 'TASK_RUNNING', 60_000);
  const parent = r.container_status.container_id.parent.value;
  await acceptNext(cluster.fw, (offer) => [groupOp(offer, executorOf('pod-g'), [busyboxTask('other-g', 'sleep 1000')])]);
  await untilState(cluster.fw, 'other-g', 'TASK_RUNNING', 60_000);
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'stubborn-p' }, agent_id: r.agent_id } });
  await untilState(cluster.fw, 'stubborn-p', 'TASK_KILLING');
  await new Promise((res) => setTimeout(res, 500));
  const t0 = Date.now();
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'stubborn-p' }, agent_id: r.agent_id, kill_policy: { grace_period: { nanoseconds: 500_000_000 } } } });
  await untilState(cluster.fw, 'stubborn-p', 'TASK_KILLED', 15_000);
  assert.ok(Date.now() - t0 < 5000, `SIGKILL came ${Date.now() - t0} ms after the shorter KILL, not after 30 s`);
  assert.ok(!runcGone(parent), 'the other group keeps the pod running');
  await agentCall({ type: 'KILL_CONTAINER', kill_container: { container_id: { value: parent } } });
  const f = await untilState(cluster.fw, 'other-g', 'TASK_FAILED', 15_000);
  assert.is(f.reason, 'REASON_EXECUTOR_TERMINATED', JSON.stringify(f));
  assert.match(f.message, /executor container ended/);
  await waitFor(() => runcGone(parent) && !cluster.agent.hasCgroup(parent), { what: 'the executor container to be destroyed', timeoutMs: 15_000 });
});

real('a task over its memory is OOM-killed alone (REASON_CONTAINER_LIMITATION_MEMORY), the rest of its group killed; a health check runs in a pod task', async () => {
  const hog = busyboxTask('pod-hog', 'sleep 2; x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done', { mem: 32 });
  const mate = busyboxTask('hog-mate', 'touch /tmp/ok; sleep 1000', {
    extra: { health_check: { type: 'COMMAND', command: { value: 'test -f /tmp/ok' }, delay_seconds: 0, interval_seconds: 0.3, timeout_seconds: 5, grace_period_seconds: 0, consecutive_failures: 2 } },
  });
  await acceptNext(cluster.fw, (offer) => [groupOp(offer, executorOf('pod-f'), [hog, mate])]);
  const [h, m] = await Promise.all([statesUntilEnd('pod-hog'), statesUntilEnd('hog-mate')]);
  assert.is(h.last.state, 'TASK_FAILED', JSON.stringify(h.last));
  assert.is(h.last.reason, 'REASON_CONTAINER_LIMITATION_MEMORY', JSON.stringify(h.last));
  assert.ok(m.all.some((s) => s.state === 'TASK_RUNNING' && s.healthy === true), `the mate was reported healthy: ${JSON.stringify(m.all)}`);
  assert.is(m.last.state, 'TASK_KILLED', JSON.stringify(m.last));
  assert.match(m.last.message, /task 'pod-hog' of its task group failed: Memory limit exceeded/);
});

real('an executor volume that cannot be mounted fails every task of the group, naming it', async () => {
  const executor = { ...executorOf('pod-d'), container: { type: 'MESOS', volumes: [{ mode: 'RW', container_path: '/x', source: { type: 'HOST_PATH', host_path: { path: '/no/such/plateau/pod/dir' } } }] } };
  await acceptNext(cluster.fw, (offer) => [groupOp(offer, executor, [busyboxTask('d1', 'true'), busyboxTask('d2', 'true')])]);
  for (const id of ['d1', 'd2']) {
    const { last } = await statesUntilEnd(id);
    assert.is(last.state, 'TASK_FAILED', JSON.stringify(last));
    assert.is(last.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
    assert.match(last.message, /executor container.*volumes\[0\].*\/no\/such\/plateau\/pod\/dir/);
  }
});

real('agent kill -9: the pod is recovered, a task that ended meanwhile is reported, the other is killed after', async () => {
  const marker = makeTempDir('plateau-pod-recovery-');
  const quick = busyboxTask('after-crash', 'while [ ! -e /m/go ]; do sleep 0.2; done; exit 0');
  quick.container.volumes = [{ mode: 'RW', container_path: '/m', source: { type: 'HOST_PATH', host_path: { path: marker } } }];
  const stays = busyboxTask('stays', 'sleep 1000');
  await acceptNext(cluster.fw, (offer) => [groupOp(offer, executorOf('pod-e'), [quick, stays])]);
  await untilState(cluster.fw, 'after-crash', 'TASK_RUNNING', 60_000);
  const running = await untilState(cluster.fw, 'stays', 'TASK_RUNNING', 60_000);
  const parent = running.container_status.container_id.parent.value;
  await cluster.agent.crash();
  fs.writeFileSync(path.join(marker, 'go'), '');
  await new Promise((r) => setTimeout(r, 1500));
  await cluster.agent.start();
  const done = await untilState(cluster.fw, 'after-crash', 'TASK_FINISHED', 30_000);
  assert.is(done.state, 'TASK_FINISHED');
  assert.ok(!runcGone(parent), 'the executor container survived the agent');
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'stays' }, agent_id: running.agent_id } });
  const killed = await untilState(cluster.fw, 'stays', 'TASK_KILLED', 30_000);
  assert.is(killed.container_status.container_id.value, running.container_status.container_id.value);
  await waitFor(() => runcGone(parent), { what: 'the executor container to be destroyed after its last task', timeoutMs: 15_000 });
});

real('plateau task run --pod runs the example pod to TASK_FINISHED', async () => {
  // The CLI runs its own framework: this suite's goes first, so that the offers go to it.
  await cluster.fw.mustCall({ type: 'TEARDOWN' });
  cluster.fw.close();
  const port = String(await freePort());
  const text = fs.readFileSync(path.join(REPO, 'examples', 'pod-producer-consumer', 'pod.yaml'), 'utf8').replace(/"18080"/g, `"${port}"`);
  const file = path.join(makeTempDir('plateau-pod-cli-'), 'pod.yaml');
  fs.writeFileSync(file, text);
  const r = await cli(cluster.master.address, ['task', 'run', '--name', 'pc', '--pod', file], 120_000);
  assert.is(r.code, 0, describe(r));
  assert.match(r.stderr, /pc-\w+\.producer: TASK_FINISHED/, describe(r));
  assert.match(r.stderr, /pc-\w+\.consumer: TASK_FINISHED/, describe(r));
  // Its output, from its sandbox nested in the executor's.
  const consumerId = /(pc-\w+\.consumer): TASK_FINISHED/.exec(r.stderr)![1]!;
  const logs = await cli(cluster.master.address, ['task', 'logs', consumerId, '--stream', 'stdout']);
  assert.is(logs.code, 0, describe(logs));
  assert.match(logs.stdout, /both match/, describe(logs));
  const bad = await cli(cluster.master.address, ['task', 'run', '--name', 'pc', '--pod', file, '--', 'true']);
  assert.is(bad.code, 2, describe(bad));
  assert.match(bad.stderr, /give no command/);
});

test.run();
