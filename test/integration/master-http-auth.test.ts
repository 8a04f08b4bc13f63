// Every master HTTP route goes through the authenticator and the authorizer: the table below is
// built from the master's own router (buildRoutes(...).list()), so a route added later is tested
// here without anyone remembering to. A real master with the built-in modules (authn-basic,
// authz-acl with an ACL file in which `ops` may do everything and `viewer` nothing), one
// simulated agent and one framework of `ops`. Every route that is not open answers:
// - without credentials and with wrong ones: 401 with a `WWW-Authenticate` challenge;
// - for `ops`: its normal answer;
// - for `viewer`: 403 naming the ACL rule where the route authorizes (authorizePath routes:
//   GET_ENDPOINT_WITH_PATH; the operator API's mutations), and, where Mesos shows each caller what
//   VIEW_* lets it see instead of refusing (/master/state and its aliases, GET_STATE), a 200 with
//   no framework and no agent in it; a SUBSCRIBE `viewer` may not make is an ERROR event naming
//   the rule (a v1 scheduler learns of a refused subscription that way, as from Mesos).
// The routes declared open are exactly the reviewed list and answer without credentials. No
// endpoint answers JSONP. A follower authenticates before it redirects.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { buildRoutes, type Route } from '@plateau/master';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { basic, realAuthModules, USERS } from './auth-modules';
import { frameworkInfo, startAgents, startMaster, type MasterProcess } from './master-harness';

const AUTH = realAuthModules();
const OPS = basic('ops', USERS.ops);
const VIEWER = basic('viewer', USERS.viewer);
const WRONG = basic('ops', 'nope');
const CHALLENGE = /^Basic realm="mesos-master-(readonly|readwrite|scheduler)"$/;

/** The master's route table, from the router itself (the context is only stored, not used, while routes are added). */
const ROUTES: Array<{ path: string; route: Route }> = buildRoutes({
  log: {},
  gateAnswer: () => undefined,
  provenGateAnswer: async () => undefined,
  opts: {},
  metrics: {},
  state: {},
  auth: { authenticates: true, authorizes: true, authenticate: async () => ({}), decision: async () => ({ allowed: true, reason: '' }) },
} as never).list();

/** The UI's static files, as reviewed: plain scripts and a stylesheet, no cluster data. */
const UI_FILES = ['app.js', 'style.css', 'store.js', 'dom.js', 'links.js', 'log-tail.js', 'sandbox.js', 'page-overview.js', 'page-agent.js', 'page-framework.js', 'page-task.js', 'page-roles.js'];
/** Routes reviewed as open (no cluster data): health probes, the leader redirect, the UI's static files. */
const OPEN = ['/health', '/master/health', '/master/redirect', '/redirect', '/', '/index.html', '/ui', '/ui/', ...UI_FILES.map((f) => `/ui/${f}`)];
/** Routes whose handler authenticates in its own realm (scheduler and operator APIs). */
const SCHEDULER = ['/api/v1/scheduler', '/master/api/v1/scheduler'];
const OPERATOR = ['/api/v1', '/master/api/v1'];
/** Readonly routes that show each caller only what VIEW_* lets it see (Mesos's /state), instead of GET_ENDPOINT_WITH_PATH. */
const FILTERED = ['/master/state', '/state', '/state.json', '/master/state.json'];
/** A route's normal answer with right credentials on the leader, where it is not 200. */
const NORMAL: Record<string, number> = {
  '/master/redirect': 307,
  '/redirect': 307,
  '/proxy/agent/files/read': 400, // no `agent` query parameter
  '/proxy/agent/files/browse': 400,
  '/proxy/agent/files/download': 400,
  '/proxy/agent/containers': 400,
};

const readonlyGets = ROUTES.filter(({ route }) => route.auth === 'readonly' && route.methods.includes('GET'));

let master: MasterProcess;
let follower: MasterProcess | undefined;
let fleet: SimFleet;
let framework: SchedulerClient;

test.before(async () => {
  try {
    master = await startMaster({ masterLines: AUTH.roleLines, moduleLines: AUTH.moduleLines });
    fleet = await startAgents(master.address, 1);
    framework = await SchedulerClient.subscribe(master.address, frameworkInfo('route-table', { principal: 'ops' }), { headers: OPS });
  } catch (err) {
    // uvu reports a failing hook without its error: say it here.
    console.error('set-up failed:', err);
    throw err;
  }
});

test.after(async () => {
  framework?.close();
  fleet?.stop();
  await follower?.stop();
  await master?.stop();
});

/** A SUBSCRIBE of `framework_info` for `principal`, its answer read to the end (a refused one ends after ERROR). */
function subscribeOnce(p: string, headers: Record<string, string>) {
  return request(master.address, 'POST', p, { type: 'SUBSCRIBE', subscribe: { framework_info: frameworkInfo('denied', { principal: 'viewer' }) } }, { Accept: 'application/json', ...headers });
}

test('every route declares its auth; the open, self-authenticating and view-filtered ones are the reviewed lists', () => {
  assert.ok(ROUTES.length > OPEN.length + SCHEDULER.length + OPERATOR.length, 'routes listed');
  for (const { path: p, route } of ROUTES) assert.ok(['readonly', 'handler', 'none'].includes(route.auth), `${p}: auth ${String(route.auth)}`);
  const byAuth = (a: string) => ROUTES.filter(({ route }) => route.auth === a).map(({ path: p }) => p).sort();
  assert.equal(byAuth('none'), [...OPEN].sort(), 'open routes');
  assert.equal(byAuth('handler'), [...SCHEDULER, ...OPERATOR].sort(), 'routes that authenticate in their handler');
  // A readonly route either is authorized as GET_ENDPOINT_WITH_PATH or is a reviewed view filter.
  for (const { path: p, route } of readonlyGets) assert.ok(route.authorizePath === true || FILTERED.includes(p), `${p}: authorizePath, or listed in FILTERED after review`);
  for (const p of FILTERED) assert.ok(readonlyGets.some((r) => r.path === p && !r.route.authorizePath), `${p} is a view-filtered GET route`);
  for (const p of ['/metrics/snapshot', '/metrics/snapshot.json', '/metrics', '/proxy/agent/files/read', '/proxy/agent/files/browse', '/proxy/agent/files/download', '/proxy/agent/containers']) {
    assert.ok(readonlyGets.some((r) => r.path === p && r.route.authorizePath), `${p} is authorized as GET_ENDPOINT_WITH_PATH`);
  }
});

test('every readonly route: 401 without and with wrong credentials, its answer for ops, 403 or nothing to see for viewer', async () => {
  for (const { path: p, route } of readonlyGets) {
    const none = await request(master.address, 'GET', p);
    assert.is(none.status, 401, `${p} without credentials`);
    assert.match(String(none.headers['www-authenticate']), /^Basic realm="mesos-master-readonly"$/, `${p} challenge`);
    const wrong = await request(master.address, 'GET', p, undefined, WRONG);
    assert.is(wrong.status, 401, `${p} with wrong credentials`);
    assert.match(String(wrong.headers['www-authenticate']), CHALLENGE, `${p} challenge with wrong credentials`);
    const allowed = await request(master.address, 'GET', p, undefined, OPS);
    assert.is(allowed.status, NORMAL[p] ?? 200, `${p} for ops: ${allowed.body.slice(0, 200)}`);
    const denied = await request(master.address, 'GET', p, undefined, VIEWER);
    if (route.authorizePath) {
      assert.is(denied.status, 403, `${p} for viewer: ${denied.body.slice(0, 200)}`);
      assert.match(denied.body, new RegExp(`principal 'viewer' is not authorized to GET_ENDPOINT_WITH_PATH '${p.replace(/[.]/g, '\\.')}' \\(acls\\.get_endpoints\\[0\\]`), p);
      continue;
    }
    assert.is(denied.status, 200, `${p} for viewer`);
    const seen = JSON.parse(denied.body);
    const all = JSON.parse(allowed.body);
    assert.is(all.frameworks.length, 1, `${p}: ops sees the framework`);
    assert.is(all.slaves.length, 1, `${p}: ops sees the agent`);
    assert.is(seen.frameworks.length, 0, `${p}: viewer sees no framework`);
    assert.is(seen.slaves.length, 0, `${p}: viewer sees no agent`);
  }
});

test('the operator API: 401 without and with wrong credentials; GET_STATE filtered for viewer; a mutation 403 naming the rule', async () => {
  for (const p of OPERATOR) {
    const call = (body: unknown, headers: Record<string, string>) => request(master.address, 'POST', p, body, { Accept: 'application/json', ...headers });
    const none = await call({ type: 'GET_STATE' }, {});
    assert.is(none.status, 401, `${p} without credentials`);
    assert.match(String(none.headers['www-authenticate']), CHALLENGE, `${p} challenge`);
    assert.is((await call({ type: 'GET_STATE' }, WRONG)).status, 401, `${p} with wrong credentials`);
    const all = await call({ type: 'GET_STATE' }, OPS);
    assert.is(all.status, 200, `${p} GET_STATE for ops: ${all.body.slice(0, 200)}`);
    assert.is(JSON.parse(all.body).get_state.get_agents.agents.length, 1, `${p}: ops sees the agent`);
    const seen = await call({ type: 'GET_STATE' }, VIEWER);
    assert.is(seen.status, 200, `${p} GET_STATE for viewer`);
    const state = JSON.parse(seen.body).get_state;
    assert.is(state.get_agents?.agents?.length ?? 0, 0, `${p}: viewer sees no agent`);
    assert.is(state.get_frameworks?.frameworks?.length ?? 0, 0, `${p}: viewer sees no framework`);
    const weights = { type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'web', weight: 2 }] } };
    const refused = await call(weights, VIEWER);
    assert.is(refused.status, 403, `${p} UPDATE_WEIGHTS for viewer: ${refused.body}`);
    assert.match(refused.body, /Not authorized to UPDATE_WEIGHT for role 'web' \(acls\.update_weights\[0\]/);
    const done = await call(weights, OPS);
    assert.is(done.status, 200, `${p} UPDATE_WEIGHTS for ops: ${done.body}`);
  }
});

test("the scheduler API: 401 without and with wrong credentials; ops's framework subscribed; viewer's SUBSCRIBE an ERROR naming the rule", async () => {
  for (const p of SCHEDULER) {
    const none = await subscribeOnce(p, {});
    assert.is(none.status, 401, `${p} without credentials`);
    assert.match(String(none.headers['www-authenticate']), CHALLENGE, `${p} challenge`);
    assert.is((await subscribeOnce(p, WRONG)).status, 401, `${p} with wrong credentials`);
    const denied = await subscribeOnce(p, VIEWER);
    assert.is(denied.status, 200, `${p} for viewer`);
    assert.match(denied.body, /"type":"ERROR"/, `${p} for viewer: ${denied.body}`);
    assert.match(denied.body, /Not authorized to use role '\*' \(acls\.register_frameworks\[0\]/, p);
  }
  assert.match(framework.frameworkId, /\S/, 'ops subscribed a framework (before)');
});

test('the open routes answer without credentials', async () => {
  for (const { path: p, route } of ROUTES.filter(({ route: r }) => r.auth === 'none')) {
    const method = route.methods.includes('GET') ? 'GET' : route.methods[0]!;
    const r = await request(master.address, method, p);
    assert.is(r.status, NORMAL[p] ?? 200, `${method} ${p}`);
  }
});

test('?jsonp= is ignored: /master/state and /metrics/snapshot answer plain JSON', async () => {
  for (const p of ['/master/state?jsonp=cb', '/state.json?jsonp=cb', '/metrics/snapshot?jsonp=cb']) {
    const r = await request(master.address, 'GET', p, undefined, OPS);
    assert.is(r.status, 200, p);
    assert.match(String(r.headers['content-type']), /^application\/json/, p);
    assert.match(r.body, /^\{/, p);
    assert.not.match(r.body, /^cb\(/, p);
    JSON.parse(r.body);
  }
});

test('a follower authenticates before it redirects: 401 without credentials, 307 (or its own metrics) with them', async () => {
  follower = await startMaster({ standaloneDir: master.standaloneDir, leading: false, masterLines: AUTH.roleLines, moduleLines: AUTH.moduleLines });
  for (const { path: p, route } of readonlyGets) {
    const none = await request(follower.address, 'GET', p);
    assert.is(none.status, 401, `${p} without credentials`);
    assert.match(String(none.headers['www-authenticate']), /realm="mesos-master-readonly"/);
    const right = await request(follower.address, 'GET', p, undefined, OPS);
    if (route.leaderOnly) assert.ok(right.status === 307 || right.status === 503, `${p} with credentials: ${right.status}`);
    else assert.is(right.status, 200, `${p} with credentials`);
  }
});

test.run();
