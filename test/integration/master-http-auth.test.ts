// Every master HTTP route goes through the authenticator: the table below is built from the
// master's own router (buildRoutes), so a route added later is tested here without anyone
// remembering to. With an authenticator configured, every GET route that declares
// `auth: 'readonly'` answers 401 with a `WWW-Authenticate` challenge in the
// `mesos-master-readonly` realm without credentials and with wrong ones, and its normal answer
// with right ones (a follower: its 307); the routes declared open are exactly the reviewed list
// and answer without credentials. No endpoint answers JSONP.

import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { buildRoutes, type Route } from '@plateau/master';
import { request } from '../helpers/scheduler-client';
import { startAgents, startMaster, type MasterProcess } from './master-harness';

const basic = (user: string, pass: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });
const RIGHT = basic('viewer', 'view');
const WRONG = basic('viewer', 'nope');

/** The master's route table, from the router itself (the context is only stored, not used, while routes are added). */
const ROUTES: Array<{ path: string; route: Route }> = buildRoutes({
  log: {},
  gateAnswer: () => undefined,
  metrics: {},
  state: {},
  auth: { authenticates: true, authenticate: async () => ({}) },
} as never).list();

/** Routes reviewed as open (no cluster data): health probes, the leader redirect, the UI's static files. */
const OPEN = ['/health', '/master/health', '/master/redirect', '/redirect', '/', '/index.html', '/ui', '/ui/', '/ui/app.js', '/ui/style.css'];
/** Routes whose handler authenticates in its own realm (scheduler and operator APIs; master-auth.test.ts). */
const HANDLER = ['/api/v1/scheduler', '/master/api/v1/scheduler', '/api/v1', '/master/api/v1'];
/** A route's normal answer with right credentials on the leader, where it is not 200. */
const NORMAL: Record<string, number> = {
  '/master/redirect': 307,
  '/redirect': 307,
  '/proxy/agent/files/read': 400, // no `agent` query parameter
};

const readonlyGets = ROUTES.filter(({ route }) => route.auth === 'readonly' && route.methods.includes('GET'));

let master: MasterProcess;
let follower: MasterProcess | undefined;
let fleet: SimFleet;

test.before(async () => {
  const fixture = path.join(__dirname, 'master-auth-fixture.js');
  master = await startMaster({
    masterLines: ['  authenticator: auth'],
    moduleLines: [`  auth: { use: ${JSON.stringify(fixture)} }`],
  });
  fleet = await startAgents(master.address, 1);
});

test.after(async () => {
  fleet?.stop();
  await follower?.stop();
  await master?.stop();
});

test('every route declares its auth; the open and self-authenticating ones are the reviewed lists', () => {
  assert.ok(ROUTES.length > OPEN.length + HANDLER.length, 'routes listed');
  for (const { path: p, route } of ROUTES) assert.ok(['readonly', 'handler', 'none'].includes(route.auth), `${p}: auth ${String(route.auth)}`);
  const byAuth = (a: string) => ROUTES.filter(({ route }) => route.auth === a).map(({ path: p }) => p).sort();
  assert.equal(byAuth('none'), [...OPEN].sort(), 'open routes');
  assert.equal(byAuth('handler'), [...HANDLER].sort(), 'routes that authenticate in their handler');
  for (const p of ['/master/state', '/state', '/state.json', '/master/state.json', '/metrics/snapshot', '/metrics/snapshot.json', '/metrics', '/proxy/agent/files/read']) {
    assert.ok(readonlyGets.some((r) => r.path === p), `${p} is an authenticated GET route`);
  }
});

test('every authenticated GET route: 401 with WWW-Authenticate without credentials and with wrong ones, its normal answer with right ones', async () => {
  for (const { path: p } of readonlyGets) {
    const none = await request(master.address, 'GET', p);
    assert.is(none.status, 401, `${p} without credentials`);
    assert.match(String(none.headers['www-authenticate']), /^Basic realm="mesos-master-readonly"/, `${p} challenge`);
    const wrong = await request(master.address, 'GET', p, undefined, WRONG);
    assert.is(wrong.status, 401, `${p} with wrong credentials`);
    assert.ok(wrong.headers['www-authenticate'], `${p} challenge with wrong credentials`);
    const right = await request(master.address, 'GET', p, undefined, RIGHT);
    assert.is(right.status, NORMAL[p] ?? 200, `${p} with right credentials: ${right.body.slice(0, 200)}`);
  }
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
    const r = await request(master.address, 'GET', p, undefined, RIGHT);
    assert.is(r.status, 200, p);
    assert.match(String(r.headers['content-type']), /^application\/json/, p);
    assert.match(r.body, /^\{/, p);
    assert.not.match(r.body, /^cb\(/, p);
    JSON.parse(r.body);
  }
});

test('a follower authenticates before it redirects: 401 without credentials, 307 (or its own metrics) with them', async () => {
  const fixture = path.join(__dirname, 'master-auth-fixture.js');
  follower = await startMaster({
    standaloneDir: master.standaloneDir,
    leading: false,
    masterLines: ['  authenticator: auth'],
    moduleLines: [`  auth: { use: ${JSON.stringify(fixture)} }`],
  });
  for (const { path: p, route } of readonlyGets) {
    const none = await request(follower.address, 'GET', p);
    assert.is(none.status, 401, `${p} without credentials`);
    assert.match(String(none.headers['www-authenticate']), /realm="mesos-master-readonly"/);
    const right = await request(follower.address, 'GET', p, undefined, RIGHT);
    if (route.leaderOnly) assert.ok(right.status === 307 || right.status === 503, `${p} with credentials: ${right.status}`);
    else assert.is(right.status, 200, `${p} with credentials`);
  }
});

test.run();
