// The operator calls about the processes themselves, over real HTTP against a real master and a
// real agent: GET_VERSION, GET_FLAGS (the real settings, Mesos's names), GET/SET_LOGGING_LEVEL
// (the level reverts after its duration), LIST_FILES / READ_FILE (404 at the master, sandbox
// files at the agent), UPDATE_WEIGHTS of 1.0 kept, TEARDOWN ending a framework's tasks on the
// agent, and the scheduler's SHUTDOWN reaching a custom executor as one ShutdownExecutor (the
// executor gets SHUTDOWN and ends its task itself). Bad input is 400 with a message. Under the
// real authn-basic and authz-acl modules, TEARDOWN, SET_LOGGING_LEVEL and GET_FLAGS by a principal
// the ACLs deny them are 403 naming the rule, on the master and on the agent.
//
// The executor is a host Node process, so this agent uses the posix launcher (no isolation).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { operatorCall, request, SchedulerClient } from '../helpers/scheduler-client';
import { basic, realAuthModules, USERS } from '../integration/auth-modules';
import { acceptNext, cleanupLeftovers, frameworkInfo, nextStatus, PLATEAU, REPO, startMaster, taskResources, untilState, waitFor, type MasterProc } from '../integration/agent-harness';

const EXECUTOR = path.join(REPO, 'test/lib/fixtures/executor/executor.js');

let master: MasterProc;
let agentProc: StartedProcess | undefined;
let agentAddress = '';
let workDir = '';
const clients: SchedulerClient[] = [];

const masterCall = (call: unknown) => request(master.address, 'POST', '/api/v1', call, { Accept: 'application/json' });
const agentCall = (call: unknown) => request(agentAddress, 'POST', '/api/v1', call, { Accept: 'application/json' });
const flagsOf = (body: string): Record<string, string> => Object.fromEntries(JSON.parse(body).get_flags.flags.map((f: any) => [f.name, f.value]));

/**
 * A `plateau agent` with the posix launcher, registered with the master at `masterAddress`;
 * `agentLines` and `moduleLines` go under `agent:` and `modules:` of its config.
 */
async function startPosixAgent(masterAddress: string, extra: { agentLines?: string[]; moduleLines?: string[] } = {}): Promise<{ proc: StartedProcess; address: string; workDir: string }> {
  const dir = makeTempDir('plateau-operator-surface-');
  const work = path.join(dir, 'work');
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: test',
      'agent:',
      `  listen: ${address}`,
      '  launcher: posix',
      '  isolation: []',
      '  resources: "cpus:2;mem:2048;disk:4096;ports:[31000-32000]"',
      ...(extra.agentLines ?? []),
      'modules:',
      '  posix: { use: launcher-posix }',
      ...(extra.moduleLines ?? []),
      '',
    ].join('\n'),
  );
  const args = [PLATEAU, 'agent', '--config', config, '--master', masterAddress, '--listen', address, '--work-dir', work, '--registration-backoff', '200ms'];
  const proc = startProcess(process.execPath, args, { cwd: REPO, env: { PLATEAU_LOG_LEVEL: 'info' }, name: `agent:${address}`, tailLines: 3000 });
  try {
    await proc.waitForLine(/"agent (re-)?registered"/, 30_000);
  } catch (err) {
    await proc.stop('SIGKILL', 2000).catch(() => undefined);
    cleanupLeftovers(work, 'none');
    throw err;
  }
  return { proc, address, workDir: work };
}

test.before(async () => {
  master = await startMaster();
  const agent = await startPosixAgent(master.address);
  agentProc = agent.proc;
  agentAddress = agent.address;
  workDir = agent.workDir;
});

test.after(async () => {
  for (const c of clients) c.close();
  await agentProc?.stop('SIGKILL', 2000).catch(() => undefined);
  if (workDir) cleanupLeftovers(workDir, 'none');
  await master?.stop();
});

async function subscribe(name: string): Promise<SchedulerClient> {
  const c = await SchedulerClient.subscribe(master.address, frameworkInfo(name));
  clients.push(c);
  return c;
}

test('GET_VERSION: version, build time and git commit on master and agent', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'kernel/cli/package.json'), 'utf8'));
  for (const call of [masterCall, agentCall]) {
    const r = await call({ type: 'GET_VERSION' });
    assert.is(r.status, 200, r.body);
    const v = JSON.parse(r.body).get_version.version_info;
    assert.is(v.version, pkg.version);
    assert.ok(v.build_time > 1_600_000_000, JSON.stringify(v));
    assert.match(v.build_date, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    if (fs.existsSync(path.join(REPO, '.git'))) assert.match(v.git_sha, /^[0-9a-f]{40}$/);
  }
});

test('GET_FLAGS: the master and the agent list their real settings under Mesos names', async () => {
  const m = flagsOf((await masterCall({ type: 'GET_FLAGS' })).body);
  assert.is(m.port, master.address.split(':')[1]);
  assert.is(m.allocation_interval, '50ms');
  assert.is(m.agent_ping_timeout, '15secs');
  assert.is(m.authenticate_agents, 'false');
  assert.is(m.max_completed_frameworks, '50');
  assert.ok(m.master_contender.length > 0, 'the contender module is named');
  assert.is(m.logging_level, 'info');

  const a = flagsOf((await agentCall({ type: 'GET_FLAGS' })).body);
  assert.ok(a.work_dir.startsWith(workDir), a.work_dir);
  assert.is(a.master, master.address);
  assert.is(a.port, agentAddress.split(':')[1]);
  assert.is(a.isolation, '');
  assert.match(a.launcher, /posix/);
  assert.is(a.registration_backoff_factor, '200ms');
  assert.ok(a.executor_shutdown_grace_period.length > 0);
  assert.ok(Object.keys(a).length >= 20, `every setting is listed: ${Object.keys(a).join(', ')}`);
});

test('SET_LOGGING_LEVEL lasts its duration, then the starting level is back; bad input is 400', async () => {
  for (const [name, call, proc] of [
    ['master', masterCall, master.proc],
    ['agent', agentCall, agentProc!],
  ] as const) {
    const level = async () => JSON.parse((await call({ type: 'GET_LOGGING_LEVEL' })).body).get_logging_level.level;
    assert.is(await level(), 0, `${name} starts at 0 (info)`);
    const set = await call({ type: 'SET_LOGGING_LEVEL', set_logging_level: { level: 2, duration: { nanoseconds: 1_500_000_000 } } });
    assert.is(set.status, 200, set.body);
    assert.is(await level(), 2, `${name}: trace while the duration lasts`);
    await proc.waitForLine(/"logging level set by the operator"/, 5000);
    await waitFor(async () => (await level()) === 0, { what: `${name}'s level to revert`, timeoutMs: 10_000 });

    const bad = [
      [{ type: 'SET_LOGGING_LEVEL' }, /set_logging_level/],
      [{ type: 'SET_LOGGING_LEVEL', set_logging_level: { level: 1 } }, /duration/],
      [{ type: 'SET_LOGGING_LEVEL', set_logging_level: { level: 1, duration: { nanoseconds: 0 } } }, /duration: must be positive/],
      [{ type: 'SET_LOGGING_LEVEL', set_logging_level: { level: -1, duration: { nanoseconds: 1000 } } }, /level/],
    ] as const;
    for (const [body, why] of bad) {
      const r = await call(body);
      assert.is(r.status, 400, `${name} ${JSON.stringify(body)}: ${r.body}`);
      assert.match(r.body, why);
    }
  }
});

test('LIST_FILES / READ_FILE: the master serves no files (404 saying so); the agent serves sandbox files', async () => {
  const list = await masterCall({ type: 'LIST_FILES', list_files: { path: '/master/log' } });
  assert.is(list.status, 404, list.body);
  assert.match(list.body, /this master serves no files/);
  const read = await masterCall({ type: 'READ_FILE', read_file: { path: '/master/log', offset: 0 } });
  assert.is(read.status, 404, read.body);
  const noPath = await masterCall({ type: 'LIST_FILES' });
  assert.is(noPath.status, 400, noPath.body);
  assert.match(noPath.body, /list_files/);

  const fw = await subscribe('files');
  await acceptNext(fw, (offer) => [{ type: 'LAUNCH', launch: { task_infos: [{ name: 'f', task_id: { value: 'files-1' }, agent_id: offer.agent_id, resources: taskResources(0.1, 32), command: { value: 'echo hello-sandbox' } }] } }], { cpus: 0.1, mem: 32 });
  const done = await untilState(fw, 'files-1', 'TASK_FINISHED');
  const sandbox = `/frameworks/${fw.frameworkId}/executors/files-1/runs/${done.container_status.container_id.value}`;
  const agentSandbox = (await operatorCall(agentAddress, { type: 'GET_FLAGS' })).get_flags.flags.find((f: any) => f.name === 'work_dir').value;
  const dir = `${agentSandbox}/slaves/${done.agent_id.value}${sandbox}`;
  const files = await agentCall({ type: 'LIST_FILES', list_files: { path: dir } });
  assert.is(files.status, 200, files.body);
  assert.ok(JSON.parse(files.body).list_files.file_infos.some((f: any) => f.path.endsWith('/stdout')), files.body);
  const out = await agentCall({ type: 'READ_FILE', read_file: { path: `${dir}/stdout`, offset: 0 } });
  assert.is(out.status, 200, out.body);
  assert.match(Buffer.from(JSON.parse(out.body).read_file.data, 'base64').toString(), /hello-sandbox/);
  const missing = await agentCall({ type: 'READ_FILE', read_file: { path: `${dir}/nope`, offset: 0 } });
  assert.is(missing.status, 404, missing.body);
  // Its offers go back for the next tests' frameworks.
  await fw.mustCall({ type: 'TEARDOWN' });
});

test('UPDATE_WEIGHTS of 1.0 is stored and listed by GET_WEIGHTS', async () => {
  const r = await masterCall({ type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'plain', weight: 1 }, { role: 'heavy', weight: 2 }] } });
  assert.is(r.status, 200, r.body);
  const w = (await operatorCall(master.address, { type: 'GET_WEIGHTS' })).get_weights.weight_infos;
  assert.equal(
    w.sort((x: any, y: any) => (x.role < y.role ? -1 : 1)),
    [
      { weight: 2, role: 'heavy' },
      { weight: 1, role: 'plain' },
    ],
  );
});

test('TEARDOWN ends the framework: the agent kills its task and drops its container, the master completes it; unknown or missing ids are 400', async () => {
  const fw = await subscribe('torn-down');
  await acceptNext(fw, (offer) => [{ type: 'LAUNCH', launch: { task_infos: [{ name: 't', task_id: { value: 'td-1' }, agent_id: offer.agent_id, resources: taskResources(0.1, 32), command: { value: 'sleep 600' } }] } }], { cpus: 0.1, mem: 32 });
  const running = await nextStatus(fw, 'td-1');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const r = await masterCall({ type: 'TEARDOWN', teardown: { framework_id: { value: fw.frameworkId } } });
  assert.is(r.status, 200, r.body);
  await waitFor(
    async () => {
      const s = JSON.parse((await agentCall({ type: 'GET_TASKS' })).body).get_tasks;
      const containers = JSON.parse((await agentCall({ type: 'GET_CONTAINERS' })).body).get_containers.containers;
      return !(s.launched_tasks ?? []).some((t: any) => t.task_id.value === 'td-1') && !containers.some((c: any) => c.container_id.value === running.container_status.container_id.value);
    },
    { what: 'the agent to kill the torn-down framework task', timeoutMs: 20_000 },
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}; agent tasks: ${(await agentCall({ type: 'GET_TASKS' })).body}`);
  });
  await agentProc!.waitForLine(/"shutting down framework"/, 5000);
  const tasks = (await operatorCall(master.address, { type: 'GET_TASKS' })).get_tasks;
  const ended = (tasks.completed_tasks ?? []).find((t: any) => t.task_id.value === 'td-1');
  assert.is(ended?.state, 'TASK_KILLED', JSON.stringify(tasks));
  const frameworks = (await operatorCall(master.address, { type: 'GET_FRAMEWORKS' })).get_frameworks;
  assert.ok((frameworks.completed_frameworks ?? []).some((f: any) => f.framework_info.id.value === fw.frameworkId), 'the framework is completed');
  const again = await masterCall({ type: 'TEARDOWN', teardown: { framework_id: { value: fw.frameworkId } } });
  assert.is(again.status, 400, again.body);
  assert.match(again.body, /already removed/);
  const unknown = await masterCall({ type: 'TEARDOWN', teardown: { framework_id: { value: 'no-such-framework' } } });
  assert.is(unknown.status, 400);
  assert.match(unknown.body, /No framework found with ID 'no-such-framework'/);
  const missing = await masterCall({ type: 'TEARDOWN' });
  assert.is(missing.status, 400, missing.body);
});

test("the scheduler's SHUTDOWN reaches a custom executor as ShutdownExecutor: it gets SHUTDOWN and ends its task itself", async () => {
  const fw = await subscribe('shutdown-executor');
  const executor = {
    type: 'CUSTOM',
    executor_id: { value: 'sx-exec' },
    name: 'shutdown test executor',
    command: { shell: false, value: process.execPath, arguments: [process.execPath, EXECUTOR] },
    resources: (taskResources(0.1, 32) as Record<string, unknown>[]).map((r) => ({ ...r, allocation_info: { role: '*' } })),
  };
  const task = (id: string, agentId: unknown) => ({ name: id, task_id: { value: id }, agent_id: agentId, resources: taskResources(0.1, 32), executor, data: Buffer.from('wait').toString('base64') });
  await acceptNext(fw, (offer) => [{ type: 'LAUNCH', launch: { task_infos: [task('sx-1', offer.agent_id), task('sx-2', offer.agent_id)] } }], { cpus: 0.4, mem: 128 });
  const r1 = await nextStatus(fw, 'sx-1');
  const r2 = await nextStatus(fw, 'sx-2');
  assert.is(r1.state, 'TASK_RUNNING', JSON.stringify(r1));
  assert.is(r2.state, 'TASK_RUNNING', JSON.stringify(r2));
  const containerId = r1.container_status.container_id.value;
  const stdout = path.join(workDir, 'agent', 'slaves', r1.agent_id.value, 'frameworks', fw.frameworkId, 'executors', 'sx-exec', 'runs', containerId, 'stdout');

  await fw.mustCall({ type: 'SHUTDOWN', shutdown: { agent_id: r1.agent_id, executor_id: { value: 'sx-exec' } } });
  for (const id of ['sx-1', 'sx-2']) {
    const s = await untilState(fw, id, 'TASK_KILLED');
    // The executor's own update on SHUTDOWN, not the answer to a KILL event per task.
    assert.is(s.message, 'executor shut down', JSON.stringify(s));
  }
  const out = fs.readFileSync(stdout, 'utf8');
  assert.match(out, /event SHUTDOWN/);
  assert.not.match(out, /event KILL/, 'no task was killed one by one');
  await agentProc!.waitForLine(/"shutting down executor"/, 5000);
  await waitFor(
    async () => !JSON.parse((await agentCall({ type: 'GET_CONTAINERS' })).body).get_containers.containers.some((c: any) => c.container_id.value === containerId),
    { what: 'the executor container to be gone', timeoutMs: 20_000 },
  );
});

test.run();

// The same calls under the real authenticator and authorizer (modules/authn-basic, modules/authz-acl):
// `rogue` may do everything but what its first rule in teardown_frameworks, set_log_level and
// view_flags denies; `ops` may do everything.
const denied = suite('operator calls an ACL denies');
const OPS = basic('ops', USERS.ops);
const ROGUE = basic('rogue', USERS.rogue);
const AUTH = realAuthModules({
  teardown_frameworks: [{ principals: { values: ['rogue'] }, framework_principals: { type: 'NONE' } }],
  set_log_level: [{ principals: { values: ['rogue'] }, level: { type: 'NONE' } }],
  view_flags: [{ principals: { values: ['rogue'] }, flags: { type: 'NONE' } }],
});
let authMaster: MasterProc | undefined;
let authAgent: { proc: StartedProcess; address: string; workDir: string } | undefined;
let authFw: SchedulerClient | undefined;

const callAs = (address: string, headers: Record<string, string>, call: unknown) => request(address, 'POST', '/api/v1', call, { Accept: 'application/json', ...headers });

denied.before(async () => {
  authMaster = await startMaster([], { masterLines: [...AUTH.roleLines, '  authenticateAgents: true'], moduleLines: AUTH.moduleLines });
  authAgent = await startPosixAgent(authMaster.address, {
    agentLines: [...AUTH.roleLines, `  credential: { principal: agent, secret: ${USERS.agent} }`],
    moduleLines: AUTH.moduleLines,
  });
  authFw = await SchedulerClient.subscribe(authMaster.address, { ...frameworkInfo('acl-denied'), principal: 'ops' }, { headers: OPS });
});

denied.after(async () => {
  authFw?.close();
  await authAgent?.proc.stop('SIGKILL', 2000).catch(() => undefined);
  if (authAgent) cleanupLeftovers(authAgent.workDir, 'none');
  await authMaster?.stop();
});

denied('TEARDOWN by a principal teardown_frameworks denies: 403 naming the rule, the framework stays; allowed for ops', async () => {
  const teardown = { type: 'TEARDOWN', teardown: { framework_id: { value: authFw!.frameworkId } } };
  const r = await callAs(authMaster!.address, ROGUE, teardown);
  assert.is(r.status, 403, r.body);
  assert.match(r.body, `Not authorized to teardown framework ${authFw!.frameworkId} (acls.teardown_frameworks[0] (principals: [rogue], framework_principals: NONE))`);
  const frameworks = JSON.parse((await callAs(authMaster!.address, OPS, { type: 'GET_FRAMEWORKS' })).body).get_frameworks;
  assert.ok((frameworks.frameworks ?? []).some((f: any) => f.framework_info.id.value === authFw!.frameworkId), 'the framework still runs');
  const byOps = await callAs(authMaster!.address, OPS, teardown);
  assert.is(byOps.status, 200, byOps.body);
});

denied('SET_LOGGING_LEVEL and GET_FLAGS by a principal set_log_level and view_flags deny: 403 naming the rule, on the master and on the agent', async () => {
  for (const [name, address] of [
    ['master', authMaster!.address],
    ['agent', authAgent!.address],
  ] as const) {
    const flags = await callAs(address, ROGUE, { type: 'GET_FLAGS' });
    assert.is(flags.status, 403, `${name} GET_FLAGS: ${flags.body}`);
    assert.match(flags.body, 'VIEW_FLAGS', `${name}: ${flags.body}`);
    assert.match(flags.body, 'acls.view_flags[0] (principals: [rogue], flags: NONE)', `${name}: ${flags.body}`);

    const set = await callAs(address, ROGUE, { type: 'SET_LOGGING_LEVEL', set_logging_level: { level: 2, duration: { nanoseconds: 60_000_000_000 } } });
    assert.is(set.status, 403, `${name} SET_LOGGING_LEVEL: ${set.body}`);
    assert.match(set.body, 'SET_LOG_LEVEL', `${name}: ${set.body}`);
    assert.match(set.body, 'acls.set_log_level[0] (principals: [rogue], level: NONE)', `${name}: ${set.body}`);
    // rogue is authenticated and may make other calls; the level did not change.
    const level = await callAs(address, ROGUE, { type: 'GET_LOGGING_LEVEL' });
    assert.is(level.status, 200, `${name} GET_LOGGING_LEVEL: ${level.body}`);
    assert.is(JSON.parse(level.body).get_logging_level.level, 0, `${name}: the refused SET changed nothing`);

    const allowed = await callAs(address, OPS, { type: 'GET_FLAGS' });
    assert.is(allowed.status, 200, `${name} GET_FLAGS by ops: ${allowed.body}`);
  }
});

denied.run();
