// Nested containers on a real master and runc agent (busybox image, real cgroups), through the
// agent API: LAUNCH_NESTED_CONTAINER in a running task's container, WAIT_NESTED_CONTAINER with the
// wait(2) status, the nested container's sandbox `<parent sandbox>/containers/<id>` with its own
// stdout and stderr; it shares the parent's network (a server the parent runs on its loopback
// is reached) and hostname, but not its filesystem; its cgroup lies under the parent's with its
// own memory limit and goes once it is killed; KILL with a signal; REMOVE only after exit (400
// before), which takes its sandbox; GET_CONTAINERS show_nested with the parent chain; a session
// and ATTACH in a nested container; 32 levels of nesting and the 33rd refused with 400 naming the
// limit; killing a container kills those nested in it; an unknown parent is 404; after kill -9
// of the agent a nested container is recovered with its parent, and destroyed when its parent
// died meanwhile. The runc launcher gives each task its own network namespace here.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../helpers/scheduler-client';
import { cli, describe } from './cli-helpers';
import { acceptNext, busyboxTask, cgroupDirs, launchOp, nextStatus, realCluster, taskResources, waitFor } from '../integration/agent-harness';

const cluster = realCluster(test, { framework: 'nested', agentSetup: { launcherConfig: '{ network: new }' }, dumpAs: 'nested' });
const { real } = cluster;

/** The parent task: a web server on its own loopback, and its container. */
let parent = { containerId: '', sandbox: '', pid: 0 };
const BUSYBOX = { type: 'MESOS', mesos: { image: { type: 'DOCKER', docker: { name: 'busybox' } } } };

async function call(body: unknown) {
  return request(cluster.agent.address, 'POST', '/api/v1', body, { Accept: 'application/json' });
}

type Chain = { value: string; parent?: Chain };
const nestedIn = (parentChain: Chain, value: string): Chain => ({ value, parent: parentChain });
const top = (): Chain => ({ value: parent.containerId });

/** LAUNCH_NESTED_CONTAINER of a shell command (busybox image unless `image` is false). */
function launch(chain: Chain, command: string, opts: { image?: boolean; mem?: number } = {}) {
  return call({
    type: 'LAUNCH_NESTED_CONTAINER',
    launch_nested_container: {
      container_id: chain,
      command: { shell: true, value: command },
      ...(opts.image === false ? {} : { container: BUSYBOX }),
      resources: taskResources(0.1, opts.mem ?? 32),
    },
  });
}

async function mustLaunch(chain: Chain, command: string, opts: { image?: boolean; mem?: number } = {}) {
  const r = await launch(chain, command, opts);
  assert.is(r.status, 200, `launch ${chain.value}: ${r.status} ${r.body}`);
}

/** WAIT_NESTED_CONTAINER's answer. */
async function wait(chain: Chain): Promise<{ exit_status?: number; message?: string }> {
  const r = await call({ type: 'WAIT_NESTED_CONTAINER', wait_nested_container: { container_id: chain } });
  assert.is(r.status, 200, `wait ${chain.value}: ${r.status} ${r.body}`);
  const body = JSON.parse(r.body);
  assert.is(body.type, 'WAIT_NESTED_CONTAINER');
  return body.wait_nested_container;
}

const kill = (chain: Chain, signal?: number) => call({ type: 'KILL_NESTED_CONTAINER', kill_nested_container: { container_id: chain, ...(signal ? { signal } : {}) } });
const remove = (chain: Chain) => call({ type: 'REMOVE_NESTED_CONTAINER', remove_nested_container: { container_id: chain } });

/** The running nested containers in GET_CONTAINERS show_nested, by id. */
async function listed(): Promise<Map<string, any>> {
  const r = await call({ type: 'GET_CONTAINERS', get_containers: { show_nested: true } });
  assert.is(r.status, 200, r.body);
  return new Map((JSON.parse(r.body).get_containers.containers as any[]).map((c) => [c.container_id.value, c]));
}

const sandboxOf = (...ids: string[]) => ids.reduce((dir, id) => path.join(dir, 'containers', id), parent.sandbox);
const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
const nsOf = (pid: number, ns: string) => fs.readlinkSync(`/proc/${pid}/ns/${ns}`);

/** Directories of a cgroup path (under the agent's root) in every hierarchy that has it. */
const cgroups = (...ids: string[]) => cgroupDirs(path.join(cluster.agent.cgroupRoot, ...ids));

/** Keeps the test's own nested containers from outliving it (the agent's destroy also takes them). */
async function cleanUp(...chains: Chain[]): Promise<void> {
  for (const c of chains) {
    await kill(c).catch(() => undefined);
    await remove(c).catch(() => undefined);
  }
}

test.before(async () => {
  if (cluster.skip) return;
  // The mapped root must reach the sandboxes for the parent to get a user namespace (the nested
  // containers then join it).
  fs.chmodSync(cluster.agent.dir, 0o711);
  const serve = 'mkdir -p /tmp/www && echo parent-says-hi > /tmp/www/index.html && exec httpd -f -p 127.0.0.1:8080 -h /tmp/www';
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('pod', serve, { cpus: 0.5, mem: 512 })])]);
  const running = await nextStatus(cluster.fw, 'pod');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const containerId = running.container_status.container_id.value;
  const sandbox = cluster.agent.sandbox(running.agent_id.value, cluster.fw.frameworkId, 'pod', containerId);
  const state = await cluster.agent.get('/state');
  const pid = (state.containers as any[]).find((c) => c.container_id === containerId)?.pid;
  parent = { containerId, sandbox, pid };
  assert.ok(pid > 0, 'the parent has a pid');
});

real('launch, wait: the wait(2) status; stdout and stderr in <parent sandbox>/containers/<id>', async () => {
  const c = nestedIn(top(), 'exits-3');
  try {
    await mustLaunch(c, 'echo to-stdout; echo to-stderr >&2; exit 3');
    const w = await wait(c);
    assert.is(w.exit_status, 3 << 8, JSON.stringify(w));
    const dir = sandboxOf('exits-3');
    assert.match(read(path.join(dir, 'stdout')), 'to-stdout');
    assert.match(read(path.join(dir, 'stderr')), 'to-stderr');
    // Waiting again answers the same status (until REMOVE).
    assert.is((await wait(c)).exit_status, 3 << 8);
    // WAIT_CONTAINER on the nested id answers too.
    const again = await call({ type: 'WAIT_CONTAINER', wait_container: { container_id: c } });
    assert.is(JSON.parse(again.body).wait_container.exit_status, 3 << 8, again.body);
  } finally {
    await cleanUp(c);
  }
});

real("without an image: the host's filesystem, in the parent's user namespace, writing its own sandbox", async () => {
  const c = nestedIn(top(), 'host-fs');
  try {
    await mustLaunch(c, 'echo written-by-$(id -u) > "$MESOS_SANDBOX/out.txt"; test -x /bin/sh && echo host-sh', { image: false });
    const w = await wait(c);
    assert.is(w.exit_status, 0, `${JSON.stringify(w)} ${read(path.join(sandboxOf('host-fs'), 'stderr'))}`);
    assert.match(read(path.join(sandboxOf('host-fs'), 'stdout')), 'host-sh');
    assert.is(read(path.join(sandboxOf('host-fs'), 'out.txt')).trim(), 'written-by-0', 'root of the shared user namespace wrote its sandbox');
  } finally {
    await cleanUp(c);
  }
});

real("shares the parent's network, ipc and uts namespaces, not its mount and pid namespaces or filesystem", async () => {
  const c = nestedIn(top(), 'net-peer');
  const s = nestedIn(top(), 'sleeper');
  try {
    // The server listens on the parent's loopback only: the host cannot reach it, the nested container can.
    await mustLaunch(c, 'wget -q -O - http://127.0.0.1:8080/index.html; echo host=$(hostname); ls /tmp/www 2>&1 || echo no-www');
    assert.is((await wait(c)).exit_status, 0, read(path.join(sandboxOf('net-peer'), 'stderr')));
    const out = read(path.join(sandboxOf('net-peer'), 'stdout'));
    assert.match(out, 'parent-says-hi', 'the parent\'s server answered on the shared loopback');
    assert.match(out, 'host=pod', `same hostname as the parent (its task id): ${out}`);
    assert.match(out, /No such file|no-www/, `not the parent's filesystem: ${out}`);

    await mustLaunch(s, 'sleep 600');
    const pid = (await listed()).get('sleeper')?.container_status?.executor_pid;
    assert.ok(pid > 0, 'the nested container has a pid in GET_CONTAINERS');
    assert.is.not(nsOf(parent.pid, 'user'), nsOf(process.pid, 'user'), 'the parent runs in a user namespace of its own');
    for (const ns of ['net', 'ipc', 'uts', 'user']) assert.is(nsOf(pid, ns), nsOf(parent.pid, ns), `${ns} namespace shared`);
    for (const ns of ['mnt', 'pid']) assert.is.not(nsOf(pid, ns), nsOf(parent.pid, ns), `${ns} namespace its own`);
  } finally {
    await cleanUp(c, s);
  }
});

real('ipc_mode PRIVATE gives it an ipc namespace of its own; networks or a hostname of its own are 400 naming the field', async () => {
  const c = nestedIn(top(), 'own-ipc');
  try {
    const r = await call({
      type: 'LAUNCH_NESTED_CONTAINER',
      launch_nested_container: { container_id: c, command: { shell: true, value: 'sleep 600' }, container: { ...BUSYBOX, linux_info: { ipc_mode: 'PRIVATE' } } },
    });
    assert.is(r.status, 200, r.body);
    const pid = (await listed()).get('own-ipc')?.container_status?.executor_pid;
    assert.is.not(nsOf(pid, 'ipc'), nsOf(parent.pid, 'ipc'), 'its own ipc namespace');
    assert.is(nsOf(pid, 'net'), nsOf(parent.pid, 'net'), "the parent's network still");
    for (const [field, extra] of [['network_infos', { network_infos: [{ name: 'some-net' }] }], ['hostname', { hostname: 'other' }]] as const) {
      const refused = await call({ type: 'LAUNCH_NESTED_CONTAINER', launch_nested_container: { container_id: nestedIn(top(), `bad-${field}`), command: { value: 'true' }, container: { type: 'MESOS', ...extra } } });
      assert.is(refused.status, 400, refused.body);
      assert.match(refused.body, `container.${field}`);
    }
  } finally {
    await cleanUp(c);
  }
});

real('GET_CONTAINERS show_nested lists nested containers with their parent chain; without it they are not listed', async () => {
  const a = nestedIn(top(), 'lvl1');
  const b = nestedIn(a, 'lvl2');
  try {
    await mustLaunch(a, 'sleep 600');
    await mustLaunch(b, 'sleep 600');
    const all = await listed();
    assert.equal(all.get('lvl1')?.container_id, { value: 'lvl1', parent: { value: parent.containerId } });
    assert.equal(all.get('lvl2')?.container_id, { value: 'lvl2', parent: { value: 'lvl1', parent: { value: parent.containerId } } });
    assert.is(all.get('lvl2')?.framework_id?.value, cluster.fw.frameworkId);
    const plain = JSON.parse((await call({ type: 'GET_CONTAINERS' })).body).get_containers.containers as any[];
    assert.not.ok(plain.some((x) => x.container_id.value === 'lvl1'), 'not listed without show_nested');
    // The nested sandbox of lvl2 is under lvl1's.
    assert.ok(fs.existsSync(path.join(sandboxOf('lvl1', 'lvl2'), 'stdout')), 'lvl2 sandbox under lvl1');
  } finally {
    await cleanUp(a, b);
  }
});

real("its own cgroup under the parent's, with its own memory limit, removed once it is killed; KILL's signal", async () => {
  const c = nestedIn(top(), 'cg');
  try {
    await mustLaunch(c, 'trap "exit 7" TERM; sleep 600 & wait', { mem: 48 });
    const dirs = cgroups(parent.containerId, 'cg');
    assert.ok(dirs.length > 0, `cgroup ${cluster.agent.cgroupRoot}/${parent.containerId}/cg exists`);
    const mem = dirs.find((d) => d.includes('/memory/'));
    if (mem) assert.is(Number(read(path.join(mem, 'memory.limit_in_bytes'))), 48 * 1024 * 1024, 'its own memory limit');
    const pid = (await listed()).get('cg')?.container_status?.executor_pid;
    assert.ok(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(`/${parent.containerId}/cg`), 'its process is in it');
    const k = await kill(c, 15);
    assert.is(k.status, 200, k.body);
    assert.is((await wait(c)).exit_status, 7 << 8, 'SIGTERM reached its command');
    await waitFor(() => cgroups(parent.containerId, 'cg').length === 0, { what: 'the nested cgroup to go', timeoutMs: 10_000 });
    // A kill of an exited container is 404.
    assert.is((await kill(c)).status, 404);
  } finally {
    await cleanUp(c);
  }
});

real('REMOVE: 400 while it runs; after its exit its sandbox goes; then 404', async () => {
  const c = nestedIn(top(), 'rm-me');
  try {
    await mustLaunch(c, 'sleep 600');
    const early = await remove(c);
    assert.is(early.status, 400, early.body);
    assert.match(early.body, /has not exited/);
    assert.ok(fs.existsSync(sandboxOf('rm-me')));
    assert.is((await kill(c)).status, 200);
    assert.is((await wait(c)).exit_status, 9, 'SIGKILL by default');
    const r = await remove(c);
    assert.is(r.status, 200, r.body);
    assert.not.ok(fs.existsSync(sandboxOf('rm-me')), 'sandbox removed');
    assert.is((await remove(c)).status, 404);
    assert.is((await call({ type: 'WAIT_NESTED_CONTAINER', wait_nested_container: { container_id: c } })).status, 404);
  } finally {
    await cleanUp(c);
  }
});

real('an unknown parent is 404; a chain that is not the parent\'s is 404; an id in use is 409; no parent is 400', async () => {
  const unknown = await launch(nestedIn({ value: 'no-such-parent' }, 'orphan'), 'true');
  assert.is(unknown.status, 404, unknown.body);
  assert.match(unknown.body, /Parent container 'no-such-parent' of nested container 'orphan' cannot be found/);
  const wrongChain = await launch(nestedIn(nestedIn({ value: 'other-top' }, parent.containerId), 'x'), 'true');
  assert.is(wrongChain.status, 404, wrongChain.body);
  const inUse = await launch(nestedIn(top(), parent.containerId), 'true');
  assert.is(inUse.status, 409, inUse.body);
  const noParent = await call({ type: 'LAUNCH_NESTED_CONTAINER', launch_nested_container: { container_id: { value: 'lonely' }, command: { value: 'true' } } });
  assert.is(noParent.status, 400, noParent.body);
  assert.match(noParent.body, /parent/);
});

real('a session and ATTACH_CONTAINER_OUTPUT in a nested container', async () => {
  const c = nestedIn(top(), 'sess-parent');
  try {
    await mustLaunch(c, 'echo attached-output; sleep 600');
    await waitFor(() => read(path.join(sandboxOf('sess-parent'), 'stdout')).includes('attached-output'), { what: 'its output' });
    const r = await request(
      cluster.agent.address,
      'POST',
      '/api/v1',
      { type: 'LAUNCH_NESTED_CONTAINER_SESSION', launch_nested_container_session: { container_id: nestedIn(c, 'sess'), command: { shell: true, value: 'echo in-session; hostname' } } },
      { Accept: 'application/recordio', 'Message-Accept': 'application/json' },
    );
    assert.is(r.status, 200, r.body);
    assert.match(decodeRecords(r.body), /in-session\npod/);
    const attach = request(cluster.agent.address, 'POST', '/api/v1', { type: 'ATTACH_CONTAINER_OUTPUT', attach_container_output: { container_id: c } }, { Accept: 'application/recordio', 'Message-Accept': 'application/json' });
    await new Promise((res) => setTimeout(res, 500));
    assert.is((await kill(c)).status, 200);
    const a = await attach;
    assert.is(a.status, 200, a.body);
    assert.match(decodeRecords(a.body), 'attached-output');
  } finally {
    await cleanUp(c);
  }
});

real("plateau task exec on a pod's task: a session in its nested container", async () => {
  const executor = { type: 'DEFAULT', executor_id: { value: 'exec-pod' }, resources: taskResources(0.1, 32) };
  const task = busyboxTask('pod-task', 'echo pod-task-output; sleep 600', { cpus: 0.1, mem: 32 });
  await acceptNext(cluster.fw, (offer) => [{ type: 'LAUNCH_GROUP', launch_group: { executor, task_group: { tasks: [{ ...task, agent_id: offer.agent_id }] } } }], { cpus: 0.2, mem: 64 });
  let running = await nextStatus(cluster.fw, 'pod-task');
  while (running.state !== 'TASK_RUNNING') running = await nextStatus(cluster.fw, 'pod-task');
  assert.ok(running.container_status.container_id.parent?.value, `the task runs in a nested container: ${JSON.stringify(running.container_status)}`);
  const exec = await cli(cluster.master.address, ['task', 'exec', 'pod-task', '--', 'sh', '-c', 'echo "in $(hostname) pid1=$(cat /proc/1/cmdline | tr "\\0" " ")"; exit 4']);
  assert.is(exec.code, 4, describe(exec));
  assert.match(exec.stdout, /in \S+ pid1=.*sleep 600/, `the session runs in the task's own pid namespace: ${describe(exec)}`);
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'pod-task' } } });
  for (let s = await nextStatus(cluster.fw, 'pod-task'); !['TASK_KILLED', 'TASK_FAILED', 'TASK_FINISHED'].includes(s.state); s = await nextStatus(cluster.fw, 'pod-task'));
});

/** The STDOUT data of a RecordIO body of JSON ProcessIO records. */
function decodeRecords(body: string): string {
  let out = '';
  let rest = Buffer.from(body);
  for (;;) {
    const nl = rest.indexOf(0x0a);
    if (nl < 0) break;
    const n = Number(rest.subarray(0, nl).toString());
    const rec = JSON.parse(rest.subarray(nl + 1, nl + 1 + n).toString());
    if (rec.type === 'DATA' && rec.data.type === 'STDOUT') out += Buffer.from(rec.data.data, 'base64').toString();
    rest = rest.subarray(nl + 1 + n);
  }
  return out;
}

real('32 levels of nesting; the 33rd is 400 naming the limit; killing a container kills those nested in it', async () => {
  const chain: Chain[] = [];
  let at = top();
  try {
    for (let level = 1; level <= 32; level++) {
      at = nestedIn(at, `deep-${level}`);
      chain.push(at);
      await mustLaunch(at, 'sleep 600', { image: level % 2 === 0 });
    }
    const deepest = (await listed()).get('deep-32');
    assert.ok(deepest?.container_status?.executor_pid > 0, 'level 32 runs');
    assert.is(nsOf(deepest.container_status.executor_pid, 'net'), nsOf(parent.pid, 'net'), 'level 32 shares the top-level network namespace');
    const refused = await launch(nestedIn(at, 'deep-33'), 'true', { image: false });
    assert.is(refused.status, 400, refused.body);
    assert.match(refused.body, /33 levels deep; containers nest at most 32 levels/);
    // Killing level 1 takes the 31 below it first.
    assert.is((await kill(chain[0]!)).status, 200);
    for (const c of chain) assert.is((await wait(c)).exit_status, 9, `${c.value} killed`);
    const left = [...cluster.agent.runcContainers().keys()].filter((id) => id.includes('deep-'));
    assert.equal(left, [], 'no runc container of the chain is left');
    assert.is(cgroups(parent.containerId, 'deep-1').length, 0, 'their cgroups are gone');
    assert.is((await remove(chain[0]!)).status, 200);
    assert.not.ok(fs.existsSync(sandboxOf('deep-1')), 'the chain\'s sandboxes are gone');
  } finally {
    for (const c of [...chain].reverse()) await cleanUp(c);
  }
});

real('after kill -9 (and a SIGTERM stop) of the agent: a nested container is recovered with its parent; one whose parent died meanwhile is destroyed', async () => {
  const kept = nestedIn(top(), 'survivor');
  try {
    await mustLaunch(kept, 'sleep 600');
    const keptChild = nestedIn(kept, 'survivor-child');
    await mustLaunch(keptChild, 'sleep 600', { image: false });
    const pidBefore = (await listed()).get('survivor')?.container_status?.executor_pid;
    const childPidBefore = (await listed()).get('survivor-child')?.container_status?.executor_pid;
    // A second task with a nested container whose parent dies while the agent is away.
    await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('doomed', 'sleep 600', { cpus: 0.2, mem: 64 })])], { cpus: 0.2, mem: 64 });
    const doomed = await nextStatus(cluster.fw, 'doomed');
    assert.is(doomed.state, 'TASK_RUNNING');
    const doomedId = doomed.container_status.container_id.value;
    const orphan = nestedIn({ value: doomedId }, 'orphaned');
    await mustLaunch(orphan, 'sleep 600');

    await cluster.agent.crash();
    execFileSync('runc', ['--root', cluster.agent.runcRoot, 'kill', `plateau-${doomedId}`, 'KILL']);
    await waitFor(() => cluster.agent.runcContainers().get(`plateau-${doomedId}`) !== 'running', { what: 'the doomed parent to stop' });
    await cluster.agent.start();

    const after = await listed();
    assert.is(after.get('survivor')?.container_status?.executor_pid, pidBefore, 'the survivor runs on, same process');
    assert.is(after.get('survivor-child')?.container_status?.executor_pid, childPidBefore, 'and the container nested in it (level 2)');
    assert.equal(after.get('survivor-child')?.container_id, { value: 'survivor-child', parent: { value: 'survivor', parent: { value: parent.containerId } } });
    assert.not.ok(after.has('orphaned'), 'the orphaned one is not listed');
    await waitFor(() => !cluster.agent.runcContainers().has('plateau-orphaned'), { what: 'the orphaned nested container to be destroyed' });
    assert.is(cgroups(doomedId, 'orphaned').length, 0, 'its cgroup is gone');
    const failed = await nextStatus(cluster.fw, 'doomed');
    assert.is(failed.state, 'TASK_FAILED', JSON.stringify(failed));
    // A graceful stop (SIGTERM) leaves it running too.
    await cluster.agent.stop();
    assert.is(cluster.agent.runcContainers().get('plateau-survivor'), 'running', 'the survivor outlives a stopped agent');
    await cluster.agent.start();
    assert.is((await listed()).get('survivor')?.container_status?.executor_pid, pidBefore, 'and is recovered after it');
    // The survivor still answers the calls.
    assert.is((await kill(kept)).status, 200);
    assert.is((await wait(kept)).exit_status, 9);
    assert.is((await wait(keptChild)).exit_status, 9, 'the recovered level-2 container went with it');
  } finally {
    await cleanUp(kept);
  }
});

real('killing the top-level task destroys its nested containers', async () => {
  const c = nestedIn(top(), 'last');
  await mustLaunch(c, 'sleep 600');
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'pod' } } });
  const killed = await nextStatus(cluster.fw, 'pod');
  assert.is(killed.state, 'TASK_KILLED', JSON.stringify(killed));
  await waitFor(() => !cluster.agent.runcContainers().has('plateau-last'), { what: 'the nested container to be destroyed with its parent' });
  assert.is(cgroups(parent.containerId).length, 0, "the parent's cgroup tree is gone");
});

test.run();
