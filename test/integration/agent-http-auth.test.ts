// Every agent HTTP route and the agent link go through the authenticator and authorizer: the
// table below is built from the agent's own router (Agent.router.list()), so a route added later
// is tested here without anyone remembering to. Against a real master (master.authenticateAgents)
// and a real agent (runc, busybox) with the built-in modules (authn-basic as authenticator,
// authz-acl with an ACL file in which `ops` may do everything and `viewer` nothing, and `rogue`
// may not REGISTER_AGENT): every route but /health answers 401 (with WWW-Authenticate in its
// realm) without credentials and with wrong ones, its normal answer for an allowed principal (or
// an executor's token on the executor API) and 403 naming the ACL rule for a denied one. A task's executor token (read
// from its container's environment, MESOS_EXECUTOR_AUTHENTICATION_TOKEN) acts on its own
// container only; forged (another key, alg none, tampered claims) and expired tokens are 401. An agent without a credential, or whose
// principal may not REGISTER_AGENT, never registers; one with a good credential does.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Agent, type AgentRoute } from '@plateau/agent';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { basic, realAuthModules, signJwt, USERS } from './auth-modules';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, type MasterProc, nextStatus, realContainersMissing, startMaster, TestAgent, testUnless } from './agent-harness';

const OPS = basic('ops', USERS.ops);
const VIEWER = basic('viewer', USERS.viewer);
const WRONG = basic('ops', 'nope');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

const AUTH = realAuthModules({ register_agents: [{ principals: { values: ['rogue'] }, agents: { type: 'NONE' } }] });
const credential = (principal: string, secret: string) => [`  credential: { principal: ${principal}, secret: ${secret} }`];

/** The agent's route table, from its router (an agent object that is built, never started). */
function agentRoutes(): Array<{ path: string; route: AgentRoute }> {
  const log: any = { debug() {}, info() {}, warn() {}, error() {}, child: () => log };
  const opts: any = { workDir: '/nonexistent', listen: { host: '127.0.0.1', port: 0 }, registrationBackoffMs: 1000, masterSilenceMs: 1000, statusUpdateRetryMs: 1000, defaultKillGraceMs: 1000, sandboxLogs: { maxBytes: 0, keep: 2, intervalMs: 1000 }, version: 'test', master: '127.0.0.1:1' };
  const modules: any = { containerizer: { launcher: { label: 'none', module: {} }, isolators: [], hooks: [] } };
  return new Agent(opts, modules, log).router.list();
}
const ROUTES = agentRoutes();
const REALM: Record<string, string> = { readonly: 'mesos-agent-readonly', readwrite: 'mesos-agent-readwrite', executor: 'mesos-agent-executor' };

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
const others: TestAgent[] = [];
let fwA: SchedulerClient;
let fwB: SchedulerClient;
let a = { containerId: '', sandbox: '', token: '' };
let b = { containerId: '' };

/** The token the agent put in a running container's environment. */
async function containerToken(containerId: string): Promise<string> {
  const state = (await request(agent.address, 'GET', '/state', undefined, OPS)).body;
  const c = (JSON.parse(state).containers as any[]).find((x) => x.container_id === containerId);
  assert.ok(c?.pid, `container ${containerId} has a pid in /state`);
  const env = fs.readFileSync(`/proc/${c.pid}/environ`, 'utf8').split('\0');
  const line = env.find((l) => l.startsWith('MESOS_EXECUTOR_AUTHENTICATION_TOKEN='));
  assert.ok(line, 'the container has MESOS_EXECUTOR_AUTHENTICATION_TOKEN');
  return line!.slice(line!.indexOf('=') + 1);
}

/** A framework of principal `ops` whose every call carries its credentials (the master authenticates schedulers too). */
async function subscribeAsOps(name: string): Promise<SchedulerClient> {
  const c = await SchedulerClient.subscribe(master.address, { ...frameworkInfo(name), principal: 'ops' }, { headers: OPS });
  const call = c.call.bind(c);
  c.call = (body, headers = {}) => call(body, { ...OPS, ...headers });
  return c;
}

async function launch(fw: SchedulerClient, id: string): Promise<{ containerId: string; sandbox: string }> {
  await acceptNext(fw, (offer) => [launchOp(offer, [busyboxTask(id, 'sleep 600', { cpus: 0.5, mem: 64 })])], { cpus: 0.5, mem: 64 });
  const running = await nextStatus(fw, id);
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const containerId = running.container_status.container_id.value;
  return { containerId, sandbox: agent.sandbox(running.agent_id.value, fw.frameworkId, id, containerId) };
}

test.before(async () => {
  skip = await realContainersMissing();
  if (skip) return;
  try {
    await setUp();
  } catch (err) {
    // uvu reports a failing hook without its error: say it here.
    console.error('set-up failed:', err);
    throw err;
  }
});

async function setUp(): Promise<void> {
  master = await startMaster([], { masterLines: [...AUTH.roleLines, '  authenticateAgents: true'], moduleLines: AUTH.moduleLines });
  agent = new TestAgent(master.address, { agentLines: [...AUTH.roleLines, ...credential('agent', USERS.agent)], moduleLines: AUTH.moduleLines });
  await agent.start();
  fwA = await subscribeAsOps('auth-a');
  fwB = await subscribeAsOps('auth-b');
  const ra = await launch(fwA, 'task-a');
  a = { ...ra, token: await containerToken(ra.containerId) };
  b = await launch(fwB, 'task-b');
}

test.after(async () => {
  fwA?.close();
  fwB?.close();
  for (const o of others) await o.destroy();
  await agent?.destroy();
  await master?.stop();
});

const real = testUnless(() => skip);

/** One request to a route as its table entry needs it. */
function hit(p: string, route: AgentRoute, headers: Record<string, string>, body?: unknown) {
  if (route.auth === 'readwrite') return request(agent.address, 'POST', p, body ?? { type: 'GET_FLAGS' }, { Accept: 'application/json', ...headers });
  if (route.auth === 'executor') return request(agent.address, 'POST', p, body ?? { type: 'HEARTBEAT', framework_id: { value: fwA.frameworkId }, executor_id: { value: 'task-a' } }, headers);
  const query = p.includes('/files/') ? `?path=${encodeURIComponent(path.join(a.sandbox, 'stdout'))}` : '';
  return request(agent.address, 'GET', p + query, undefined, headers);
}

test('every agent route declares its auth; only /health is open', () => {
  assert.ok(ROUTES.length > 20, `routes listed: ${ROUTES.length}`);
  for (const { path: p, route } of ROUTES) assert.ok(['readonly', 'readwrite', 'executor', 'none'].includes(route.auth), `${p}: auth ${String(route.auth)}`);
  assert.equal(ROUTES.filter(({ route }) => route.auth === 'none').map(({ path: p }) => p).sort(), ['/health', '/slave(1)/health'].sort());
  for (const p of ['/state', '/monitor/statistics', '/metrics/snapshot', '/files/read', '/files/browse', '/files/download']) assert.is(ROUTES.find((r) => r.path === p)?.route.auth, 'readonly', p);
  assert.is(ROUTES.find((r) => r.path === '/api/v1')?.route.auth, 'readwrite');
  assert.is(ROUTES.find((r) => r.path === '/api/v1/executor')?.route.auth, 'executor');
});

real('every route: 401 without and with wrong credentials, its answer when allowed, 403 when denied', async () => {
  for (const { path: p, route } of ROUTES) {
    if (route.auth === 'none') {
      assert.is((await request(agent.address, 'GET', p)).status, 200, `${p} open`);
      continue;
    }
    const none = await hit(p, route, {});
    assert.is(none.status, 401, `${p} without credentials: ${none.body}`);
    assert.match(String(none.headers['www-authenticate']), `realm="${REALM[route.auth]}"`, `${p} challenge`);
    const wrong = await hit(p, route, WRONG);
    assert.is(wrong.status, 401, `${p} with wrong credentials`);
    if (route.auth === 'executor') {
      // The executor API takes executor tokens: the task's own is let through (a command task has
      // no executor stream: 400), another executor's claims are refused.
      const own = await hit(p, route, bearer(a.token));
      assert.is(own.status, 400, `${p} with the executor's own token: ${own.body}`);
      const other = await hit(p, route, bearer(a.token), { type: 'HEARTBEAT', framework_id: { value: fwB.frameworkId }, executor_id: { value: 'task-b' } });
      assert.is(other.status, 403, `${p} as another executor: ${other.body}`);
      const basicCaller = await hit(p, route, OPS);
      assert.is(basicCaller.status, 403, `${p} with a principal's credentials`);
      continue;
    }
    const allowed = await hit(p, route, OPS);
    assert.is(allowed.status, 200, `${p} allowed: ${allowed.body.slice(0, 200)}`);
    const denied = await hit(p, route, VIEWER);
    assert.is(denied.status, 403, `${p} denied: ${denied.body.slice(0, 200)}`);
    assert.match(denied.body, /principal 'viewer' is not authorized to .*acls\.\w+\[\d+\] \(principals: \[viewer\]/, `${p}: the authorizer's reason`);
  }
});

real("an executor token acts on its own container only", async () => {
  const call = (body: unknown, token = a.token) => request(agent.address, 'POST', '/api/v1', body, { Accept: 'application/json', ...bearer(token) });
  const kill = await call({ type: 'KILL_CONTAINER', kill_container: { container_id: { value: b.containerId }, signal: 9 } });
  assert.is(kill.status, 403, kill.body);
  assert.match(kill.body, /own container/);
  const session = await request(agent.address, 'POST', '/api/v1', { type: 'LAUNCH_NESTED_CONTAINER_SESSION', launch_nested_container_session: { container_id: { value: 'sneak', parent: { value: b.containerId } }, command: { value: 'id' } } }, { Accept: 'application/recordio', ...bearer(a.token) });
  assert.is(session.status, 403, session.body);
  const containers = JSON.parse((await call({ type: 'GET_CONTAINERS' })).body);
  assert.equal(containers.get_containers.containers.map((c: any) => c.container_id.value), [a.containerId], 'GET_CONTAINERS shows its own container only');
  const state = JSON.parse((await call({ type: 'GET_FRAMEWORKS' })).body);
  assert.equal(state.get_frameworks.frameworks.map((f: any) => f.framework_info.id.value), [fwA.frameworkId], 'GET_FRAMEWORKS shows its own framework only');
  const ops = JSON.parse((await request(agent.address, 'POST', '/api/v1', { type: 'GET_CONTAINERS' }, { Accept: 'application/json', ...OPS })).body);
  assert.is(ops.get_containers.containers.length, 2, 'an operator sees both');
  const readState = await request(agent.address, 'GET', '/state', undefined, bearer(a.token));
  assert.is(readState.status, 403, 'an executor token does not read /state');
});

real('the v1 views are filtered in one AuthorizedMany per action: ops sees both frameworks and containers, viewer none', async () => {
  const view = async (who: Record<string, string>, type: string) => JSON.parse((await request(agent.address, 'POST', '/api/v1', { type }, { Accept: 'application/json', ...who })).body);
  assert.is((await view(OPS, 'GET_FRAMEWORKS')).get_frameworks.frameworks.length, 2);
  assert.is((await view(OPS, 'GET_TASKS')).get_tasks.launched_tasks.length, 2);
  assert.is((await view(VIEWER, 'GET_FRAMEWORKS')).get_frameworks.frameworks?.length ?? 0, 0);
  assert.is((await view(VIEWER, 'GET_TASKS')).get_tasks.launched_tasks?.length ?? 0, 0);
  assert.is((await view(VIEWER, 'GET_CONTAINERS')).get_containers.containers?.length ?? 0, 0);
});

real('forged and expired tokens are 401', async () => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: '', fid: fwA.frameworkId, eid: 'task-a', cid: a.containerId, iat: now };
  const forged = signJwt({ ...claims, exp: now + 60 }, Buffer.alloc(48, 7));
  const expired = signJwt({ ...claims, exp: now - 1 }, AUTH.tokenKey);
  const algNone = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: now + 60 })).toString('base64url')}.`;
  const [h, , sig] = a.token.split('.');
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, cid: b.containerId, exp: now + 60 })).toString('base64url')}.${sig}`;
  for (const [what, token] of [['forged', forged], ['expired', expired], ['alg none', algNone], ['tampered claims', tampered], ['garbage', 'x.y']] as const) {
    const r = await request(agent.address, 'POST', '/api/v1', { type: 'GET_HEALTH' }, { Accept: 'application/json', ...bearer(token) });
    assert.is(r.status, 401, `${what}: ${r.body}`);
  }
  const ok = await request(agent.address, 'POST', '/api/v1', { type: 'GET_HEALTH' }, { Accept: 'application/json', ...bearer(a.token) });
  assert.is(ok.status, 200, 'the real token');
});

real('an agent without a credential, or not allowed REGISTER_AGENT, never registers; the master names why', async () => {
  for (const [lines, re] of [
    [[], /did not accept the credential/],
    [credential('agent', 'wrong'), /did not accept the credential/],
    [credential('rogue', 'rogue-secret'), /does not allow this agent to register/],
  ] as const) {
    const o = new TestAgent(master.address, { agentLines: [...lines], startedLine: re });
    others.push(o);
    await o.start();
    const s = JSON.parse((await request(o.address, 'GET', '/state')).body);
    assert.is(s.registered, false, 'not registered');
    await o.destroy();
  }
  await master.proc.waitForLine(/agent registration refused: not authenticated/, 5000);
  await master.proc.waitForLine(/agent registration refused: not authorized to REGISTER_AGENT/, 5000);
});

test.run();
