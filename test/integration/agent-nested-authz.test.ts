// Authorization of the nested container calls on a real master and runc agent with the built-in
// modules (authn-basic, authz-acl: `ops` may do everything, `viewer` nothing): a denied principal
// gets 403 naming the action and the ACL rule for LAUNCH, WAIT, KILL and REMOVE_NESTED_CONTAINER;
// an allowed one launches, waits, kills and removes; a task's executor token acts on containers
// nested in its own container at any depth, and gets 403 on another task's container and the
// containers nested in it.

import * as fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { basic, realAuthModules, USERS } from './auth-modules';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, type MasterProc, nextStatus, realContainersMissing, startMaster, TestAgent, testUnless } from './agent-harness';

const OPS = basic('ops', USERS.ops);
const VIEWER = basic('viewer', USERS.viewer);
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
// `viewer` may launch nested containers whose command runs as `nobody`, and nothing else.
const AUTH = realAuthModules({ launch_nested_containers: [{ principals: { values: ['viewer'] }, users: { values: ['nobody'] } }] });

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
let fw: SchedulerClient;
let a = { containerId: '', token: '' };
let b = { containerId: '' };

type Chain = { value: string; parent?: Chain };

function call(body: unknown, headers: Record<string, string>) {
  return request(agent.address, 'POST', '/api/v1', body, { Accept: 'application/json', ...headers });
}

const launchBody = (chain: Chain, user?: string) => ({ type: 'LAUNCH_NESTED_CONTAINER', launch_nested_container: { container_id: chain, command: { shell: true, value: 'sleep 600', ...(user ? { user } : {}) } } });
const waitBody = (chain: Chain) => ({ type: 'WAIT_NESTED_CONTAINER', wait_nested_container: { container_id: chain } });
const killBody = (chain: Chain) => ({ type: 'KILL_NESTED_CONTAINER', kill_nested_container: { container_id: chain } });
const removeBody = (chain: Chain) => ({ type: 'REMOVE_NESTED_CONTAINER', remove_nested_container: { container_id: chain } });

async function launchTask(id: string): Promise<{ containerId: string; pid: number }> {
  await acceptNext(fw, (offer) => [launchOp(offer, [busyboxTask(id, 'sleep 600', { cpus: 0.3, mem: 64 })])], { cpus: 0.3, mem: 64 });
  const running = await nextStatus(fw, id);
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const containerId = running.container_status.container_id.value;
  const state = JSON.parse((await request(agent.address, 'GET', '/state', undefined, OPS)).body);
  const pid = (state.containers as any[]).find((x) => x.container_id === containerId)?.pid;
  return { containerId, pid };
}

test.before(async () => {
  skip = await realContainersMissing();
  if (skip) return;
  master = await startMaster([], { masterLines: AUTH.roleLines, moduleLines: AUTH.moduleLines });
  agent = new TestAgent(master.address, { agentLines: AUTH.roleLines, moduleLines: AUTH.moduleLines });
  await agent.start();
  fw = await SchedulerClient.subscribe(master.address, { ...frameworkInfo('nested-authz'), principal: 'ops' }, { headers: OPS });
  const call0 = fw.call.bind(fw);
  fw.call = (body, headers = {}) => call0(body, { ...OPS, ...headers });
  const ta = await launchTask('task-a');
  const env = fs.readFileSync(`/proc/${ta.pid}/environ`, 'utf8').split('\0');
  const line = env.find((l) => l.startsWith('MESOS_EXECUTOR_AUTHENTICATION_TOKEN='));
  assert.ok(line, 'task-a has an executor token');
  a = { containerId: ta.containerId, token: line!.slice(line!.indexOf('=') + 1) };
  b = { containerId: (await launchTask('task-b')).containerId };
});

test.after(async () => {
  fw?.close();
  await agent?.destroy();
  await master?.stop();
});

const real = testUnless(() => skip);

real('a denied principal gets 403 for every nested container call, naming the action and the rule', async () => {
  const c: Chain = { value: 'by-ops', parent: { value: a.containerId } };
  const launched = await call(launchBody(c), OPS);
  assert.is(launched.status, 200, launched.body);
  for (const [action, body] of [
    ['LAUNCH_NESTED_CONTAINER', launchBody({ value: 'by-viewer', parent: { value: a.containerId } })],
    ['WAIT_NESTED_CONTAINER', waitBody(c)],
    ['KILL_NESTED_CONTAINER', killBody(c)],
    ['REMOVE_NESTED_CONTAINER', removeBody(c)],
  ] as const) {
    const r = await call(body, VIEWER);
    assert.is(r.status, 403, `${action}: ${r.status} ${r.body}`);
    assert.match(r.body, new RegExp(`principal 'viewer' is not authorized to ${action}`), r.body);
    assert.match(r.body, /acls\.\w+\[\d+\]/, `${action}: the ACL rule`);
  }
  assert.is((await call(killBody(c), OPS)).status, 200);
  const w = await call(waitBody(c), OPS);
  assert.is(JSON.parse(w.body).wait_nested_container.exit_status, 9, w.body);
  assert.is((await call(removeBody(c), OPS)).status, 200);
});

real("a rule on the command's user: LAUNCH_NESTED_CONTAINER as `nobody` is allowed, as the framework's user (root) refused", async () => {
  const asNobody: Chain = { value: 'as-nobody', parent: { value: a.containerId } };
  const ok = await call(launchBody(asNobody, 'nobody'), VIEWER);
  assert.is(ok.status, 200, ok.body);
  const refused = await call(launchBody({ value: 'as-root', parent: { value: a.containerId } }, 'root'), VIEWER);
  assert.is(refused.status, 403, refused.body);
  assert.match(refused.body, /acls\.launch_nested_containers\[1\]/, 'the NONE rule after the users rule decided');
  const state = JSON.parse((await call({ type: 'GET_CONTAINERS', get_containers: { show_nested: true } }, OPS)).body).get_containers.containers as any[];
  const pid = state.find((x) => x.container_id.value === 'as-nobody')?.container_status?.executor_pid;
  assert.ok(pid > 0, 'it runs');
  const uid = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m)?.[1];
  assert.is(uid, '65534', 'as nobody');
  assert.is((await call(killBody(asNobody), OPS)).status, 200);
  assert.is((await call(removeBody(asNobody), OPS)).status, 200);
});

real("an executor token acts on containers nested in its own at any depth, never in another task's", async () => {
  const l1: Chain = { value: 'tok-1', parent: { value: a.containerId } };
  const l2: Chain = { value: 'tok-2', parent: l1 };
  const l3: Chain = { value: 'tok-3', parent: l2 };
  for (const c of [l1, l2, l3]) {
    const r = await call(launchBody(c), bearer(a.token));
    assert.is(r.status, 200, `${c.value}: ${r.body}`);
  }
  const listed = JSON.parse((await call({ type: 'GET_CONTAINERS', get_containers: { show_nested: true } }, bearer(a.token))).body).get_containers.containers as any[];
  assert.ok(['tok-1', 'tok-2', 'tok-3'].every((id) => listed.some((x) => x.container_id.value === id)), 'the token sees its nested containers');
  assert.not.ok(listed.some((x) => x.container_id.value === b.containerId), "nor another task's container");

  // Another task's container and what is nested in it are out of reach.
  const foreign: Chain = { value: 'in-b', parent: { value: b.containerId } };
  const refused = await call(launchBody(foreign), bearer(a.token));
  assert.is(refused.status, 403, refused.body);
  assert.match(refused.body, /may act only on its own container and the containers nested in it/);
  assert.is((await call(launchBody(foreign), OPS)).status, 200);
  for (const body of [waitBody(foreign), killBody(foreign), removeBody(foreign)]) assert.is((await call(body, bearer(a.token))).status, 403, JSON.stringify(body));

  // Its own, at depth 3: killed, waited and removed with the token.
  assert.is((await call(killBody(l1), bearer(a.token))).status, 200);
  const w = await call(waitBody(l3), bearer(a.token));
  assert.is(JSON.parse(w.body).wait_nested_container.exit_status, 9, w.body);
  assert.is((await call(removeBody(l1), bearer(a.token))).status, 200);
  assert.is((await call(killBody(foreign), OPS)).status, 200);
  assert.is((await call(removeBody(foreign), OPS)).status, 200);
});

test.run();
