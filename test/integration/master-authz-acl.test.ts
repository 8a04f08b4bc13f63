// A real master with the built-in authenticator (authn-basic) and authorizer (authz-acl, Mesos
// ACLs from a file), over HTTP: alice and bob may each view only their own framework's tasks
// (ops views everything), so /master/state, GET_STATE and the operator SUBSCRIBE stream show each
// only its own; a launch alice may not make is TASK_ERROR naming the ACL rule, a TEARDOWN or an
// UPDATE_WEIGHTS she may not do is 403 naming the rule.

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { RecordIODecoder } from '@plateau/mesos';
import { makeTempDir } from '@plateau/testkit/tmp';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

const basic = (user: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${user}-pw`).toString('base64')}` });
const own = (who: string) => ({ principals: { values: [who] }, users: { values: [who] } });
const OPS_ALL = { principals: { values: ['ops'] }, users: { type: 'ANY' } };
const ACLS = {
  permissive: false,
  register_frameworks: [{ principals: { type: 'ANY' }, roles: { type: 'ANY' } }],
  run_tasks: [own('alice'), { principals: { values: ['alice'] }, users: { type: 'NONE' } }, own('bob')],
  teardown_frameworks: [{ principals: { values: ['ops'] }, framework_principals: { type: 'ANY' } }, { principals: { type: 'ANY' }, framework_principals: { type: 'NONE' } }],
  view_frameworks: [own('alice'), own('bob'), OPS_ALL],
  view_tasks: [own('alice'), own('bob'), OPS_ALL],
  view_executors: [own('alice'), own('bob'), OPS_ALL],
  view_agents: [{ principals: { type: 'ANY' }, agents: { type: 'ANY' } }],
  register_agents: [{ principals: { type: 'ANY' }, agents: { type: 'ANY' } }],
};

/** An operator SUBSCRIBE stream of one principal, its events parsed. */
class OperatorStream {
  readonly events: any[] = [];
  private waiters: Array<() => void> = [];
  private constructor(private readonly req: http.ClientRequest) {}

  static open(address: string, user: string): Promise<OperatorStream> {
    const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
    const body = JSON.stringify({ type: 'SUBSCRIBE' });
    return new Promise((resolve, reject) => {
      const req = http.request({ host, port, method: 'POST', path: '/api/v1', agent: false, headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': body.length, ...basic(user) } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`SUBSCRIBE as ${user} answered ${res.statusCode}`));
        const stream = new OperatorStream(req);
        const decoder = new RecordIODecoder();
        res.on('data', (chunk: Buffer) => {
          for (const r of decoder.push(chunk)) stream.events.push(JSON.parse(r.toString('utf8')));
          for (const w of stream.waiters.splice(0)) w();
        });
        resolve(stream);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Waits (at most 10 s) until an event satisfies `match`. */
  async until(what: string, match: (e: any) => boolean): Promise<any> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within 10 s; events: ${this.events.map((e) => e.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.req.destroy();
  }
}

let master: MasterProcess;
let fleet: SimFleet;
let dir: string;
const clients: SchedulerClient[] = [];
const streams: OperatorStream[] = [];
const frameworkIds: Record<string, string> = {};

/** Launches one task on the framework's next offer; `refuseSeconds` keeps the rest of the agent from it. */
async function launched(c: SchedulerClient, user: string, taskId: string, extra: Record<string, unknown> = {}, refuseSeconds = 0) {
  const offer = (await c.next('OFFERS')).offers.offers[0];
  const r = await c.call(launchCall([offer], [taskFor(offer, taskId, 0.5, 64, extra)], refuseSeconds), basic(user));
  assert.is(r.status, 202, `${user} ACCEPT: ${r.body}`);
  return c.nextUpdate(taskId);
}

async function state(user: string): Promise<any> {
  const r = await request(master.address, 'GET', '/master/state', undefined, basic(user));
  assert.is(r.status, 200, `/master/state as ${user}: ${r.body}`);
  return JSON.parse(r.body);
}

async function getState(user: string): Promise<any> {
  const r = await request(master.address, 'POST', '/api/v1', { type: 'GET_STATE' }, { ...basic(user), Accept: 'application/json' });
  assert.is(r.status, 200, `GET_STATE as ${user}: ${r.body}`);
  return JSON.parse(r.body).get_state;
}

test.before(async () => { try { await setUp(); } catch (err) { process.stderr.write(`set-up failed: ${(err as Error).stack}\n`); throw err; } });

async function setUp(): Promise<void> {
  dir = makeTempDir('plateau-authz-acl-');
  const aclsFile = path.join(dir, 'acls.json');
  fs.writeFileSync(aclsFile, JSON.stringify(ACLS, null, 2));
  const credentials = ['alice', 'bob', 'ops'].map((p) => ({ principal: p, secret: `${p}-pw` }));
  master = await startMaster({
    masterLines: ['  authenticator: authn', '  authorizer: acl'],
    moduleLines: [`  authn: { use: authn-basic, config: { credentials: ${JSON.stringify(credentials)} } }`, `  acl: { use: authz-acl, config: { aclsFile: ${JSON.stringify(aclsFile)} } }`],
  });
  fleet = await startAgents(master.address, 1);
  // The operator streams open before any framework, so every event of theirs goes through the filter.
  for (const user of ['alice', 'bob', 'ops']) streams.push(await OperatorStream.open(master.address, user));
  // Bob first, and he refuses the rest of the one agent, so that it is offered to alice after.
  for (const user of ['bob', 'alice']) {
    const c = await SchedulerClient.subscribe(master.address, frameworkInfo(`${user}-fw`, { user, principal: user }), { headers: basic(user) });
    clients.push(c);
    frameworkIds[user] = c.frameworkId;
    assert.is((await launched(c, user, `${user}-1`, {}, user === 'bob' ? 3600 : 0)).state, 'TASK_RUNNING');
  }
}

test.after(async () => {
  for (const s of streams) s.close();
  for (const c of clients) c.close();
  fleet?.stop();
  await master?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('/master/state shows each principal only the frameworks and tasks it may view', async () => {
  for (const [user, visible] of [
    ['alice', ['alice']],
    ['bob', ['bob']],
    ['ops', ['alice', 'bob']],
  ] as const) {
    const s = await state(user);
    assert.equal(s.frameworks.map((f: any) => f.name).sort(), visible.map((v) => `${v}-fw`), `${user}: frameworks`);
    const tasks = s.frameworks.flatMap((f: any) => f.tasks.map((t: any) => t.id)).sort();
    assert.equal(tasks, visible.map((v) => `${v}-1`), `${user}: tasks`);
    assert.is(s.slaves.length, 1, `${user}: view_agents lets everyone see the agent`);
  }
});

test('GET_STATE shows each principal only its own tasks and frameworks', async () => {
  const alice = await getState('alice');
  assert.equal((alice.get_tasks.tasks ?? []).map((t: any) => t.task_id.value), ['alice-1']);
  assert.equal((alice.get_frameworks.frameworks ?? []).map((f: any) => f.framework_info.id.value), [frameworkIds.alice]);
  const bob = await getState('bob');
  assert.equal((bob.get_tasks.tasks ?? []).map((t: any) => t.task_id.value), ['bob-1']);
  const ops = await getState('ops');
  assert.equal(ops.get_tasks.tasks.map((t: any) => t.task_id.value).sort(), ['alice-1', 'bob-1']);
  assert.is(ops.get_agents.agents.length, 1);
});

test('operator SUBSCRIBE streams carry only events about what the subscriber may view', async () => {
  const [alice, bob, ops] = streams as [OperatorStream, OperatorStream, OperatorStream];
  // Bob's task started before alice's: had alice's stream been told of it, it would come first.
  await alice.until("alice's TASK_UPDATED (running)", (e) => e.type === 'TASK_UPDATED' && e.task_updated.status.task_id.value === 'alice-1' && e.task_updated.state === 'TASK_RUNNING');
  await bob.until("bob's TASK_UPDATED (running)", (e) => e.type === 'TASK_UPDATED' && e.task_updated.status.task_id.value === 'bob-1' && e.task_updated.state === 'TASK_RUNNING');
  await ops.until("alice's task on the ops stream", (e) => e.type === 'TASK_UPDATED' && e.task_updated.status.task_id.value === 'alice-1' && e.task_updated.state === 'TASK_RUNNING');
  const about = (events: any[]) => {
    const out = new Set<string>();
    for (const e of events) {
      if (e.type === 'TASK_ADDED') out.add(`task:${e.task_added.task.task_id.value}`);
      if (e.type === 'TASK_UPDATED') out.add(`task:${e.task_updated.status.task_id.value}`);
      if (e.type === 'FRAMEWORK_ADDED') out.add(`framework:${e.framework_added.framework.framework_info.name}`);
    }
    return [...out].sort();
  };
  assert.equal(about(alice.events), ['framework:alice-fw', 'task:alice-1']);
  assert.equal(about(bob.events), ['framework:bob-fw', 'task:bob-1']);
  await ops.until("bob's task on the ops stream", (e) => e.type === 'TASK_UPDATED' && e.task_updated.status.task_id.value === 'bob-1');
  assert.equal(about(ops.events), ['framework:alice-fw', 'framework:bob-fw', 'task:alice-1', 'task:bob-1']);
  // A stream opened now gets a SUBSCRIBED state filtered the same way.
  const late = await OperatorStream.open(master.address, 'alice');
  streams.push(late);
  const subscribed = await late.until('SUBSCRIBED', (e) => e.type === 'SUBSCRIBED');
  assert.equal((subscribed.subscribed.get_state.get_tasks.tasks ?? []).map((t: any) => t.task_id.value), ['alice-1']);
});

test('a launch alice may not make is TASK_ERROR naming the ACL rule', async () => {
  const alice = clients[1]!;
  const update = await launched(alice, 'alice', 'alice-root', { command: { value: 'sleep 1000', user: 'root' } });
  assert.is(update.state, 'TASK_ERROR');
  assert.is(update.reason, 'REASON_TASK_UNAUTHORIZED');
  assert.match(update.message, 'acls.run_tasks[1] (principals: [alice], users: NONE)');
});

test('a TEARDOWN or UPDATE_WEIGHTS alice may not do is 403 naming the rule', async () => {
  const alice = clients[1]!;
  const teardown = await alice.call({ type: 'TEARDOWN' }, basic('alice'));
  assert.is(teardown.status, 403);
  assert.match(teardown.body, 'acls.teardown_frameworks[1] (principals: ANY, framework_principals: NONE)');
  const weights = await request(master.address, 'POST', '/api/v1', { type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'eng', weight: 2 }] } }, basic('alice'));
  assert.is(weights.status, 403);
  assert.match(weights.body, "Not authorized to UPDATE_WEIGHT for role 'eng' (permissive: false, no rule matched (acls.update_weights is empty))");
});

test.run();
