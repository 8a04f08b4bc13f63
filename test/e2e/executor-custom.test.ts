// Custom executors (ExecutorInfo type CUSTOM) end to end: a real master and agent, a Mesos v1
// scheduler (test client) launching tasks whose executor is test/fixtures/executor (a Node
// script speaking the executor HTTP API). The agent launches the executor's command with the
// MESOS_* environment; the executor subscribes back, gets LAUNCH, and its TASK_RUNNING and
// TASK_FINISHED reach the framework through the status update manager; a second task joins the
// running executor; KILL and framework messages reach the executor.
//
// The executor is a host Node process, so this agent uses the posix launcher (no isolation):
// busybox images have no Node.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { acceptNext, cleanupLeftovers, frameworkInfo, nextStatus, PLATEAU, REPO, startMaster, taskResources, untilState, waitFor, type MasterProc } from '../integration/agent-harness';

const EXECUTOR = path.join(REPO, 'test/lib/fixtures/executor/executor.js');

let master: MasterProc;
let agentProc: StartedProcess | undefined;
let agentAddress = '';
let workDir = '';
let fw: SchedulerClient;
let agentArgs: string[] = [];

async function startAgent(): Promise<void> {
  agentProc = startProcess(process.execPath, agentArgs, { cwd: REPO, env: { PLATEAU_LOG_LEVEL: 'info' }, name: `agent:${agentAddress}`, tailLines: 3000 });
  await agentProc.waitForLine(/"agent (re-)?registered"/, 30_000);
}

test.before(async () => {
  master = await startMaster();
  const dir = makeTempDir('plateau-executor-');
  workDir = path.join(dir, 'work');
  const port = await freePort();
  agentAddress = `127.0.0.1:${port}`;
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: test',
      'agent:',
      `  listen: ${agentAddress}`,
      '  launcher: posix',
      '  isolation: []',
      '  resources: "cpus:2;mem:2048;disk:4096;ports:[31000-32000]"',
      'modules:',
      '  posix: { use: launcher-posix }',
      '',
    ].join('\n'),
  );
  agentArgs = [PLATEAU, 'agent', '--config', config, '--master', master.address, '--listen', agentAddress, '--work-dir', workDir, '--registration-backoff', '200ms', '--status-update-retry', '2secs'];
  await startAgent();
  fw = await SchedulerClient.subscribe(master.address, frameworkInfo('custom-executor'));
});

test.after(async () => {
  fw?.close();
  await agentProc?.stop('SIGKILL', 2000).catch(() => undefined);
  if (workDir) cleanupLeftovers(workDir, 'none');
  await master?.stop();
});

function executorInfo(id: string): Record<string, unknown> {
  return {
    type: 'CUSTOM',
    executor_id: { value: id },
    name: `test executor ${id}`,
    command: { shell: false, value: process.execPath, arguments: [process.execPath, EXECUTOR] },
    // As offered (with their allocation), so that every launch names the same ExecutorInfo.
    resources: (taskResources(0.1, 32) as Record<string, unknown>[]).map((r) => ({ ...r, allocation_info: { role: '*' } })),
  };
}

function task(id: string, executor: string, what: string, agentId: unknown): Record<string, unknown> {
  return { name: id, task_id: { value: id }, agent_id: agentId, resources: taskResources(0.1, 32), executor: executorInfo(executor), data: Buffer.from(what).toString('base64') };
}

function sandboxOf(agentId: string, executorId: string, containerId: string): string {
  return path.join(workDir, 'agent', 'slaves', agentId, 'frameworks', fw.frameworkId, 'executors', executorId, 'runs', containerId);
}

test('a custom executor is launched with the MESOS_* environment, subscribes, gets LAUNCH, and its TASK_RUNNING and TASK_FINISHED reach the framework', async () => {
  await acceptNext(fw, (offer) => [{ type: 'LAUNCH', launch: { task_infos: [task('ce-1', 'exec-1', 'finish', offer.agent_id)] } }]);
  const running = await nextStatus(fw, 'ce-1');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  assert.is(running.source, 'SOURCE_EXECUTOR');
  assert.is(running.executor_id.value, 'exec-1');
  assert.ok(running.uuid, 'a reliable update (with a uuid)');
  const containerId = running.container_status?.container_id?.value;
  assert.ok(containerId, JSON.stringify(running));
  const done = await nextStatus(fw, 'ce-1');
  assert.is(done.state, 'TASK_FINISHED', JSON.stringify(done));
  assert.is(done.message, 'done');

  const sandbox = sandboxOf(running.agent_id.value, 'exec-1', containerId);
  await waitFor(() => fs.existsSync(path.join(sandbox, 'stdout')) && fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8').includes('exiting'), {
    what: 'the executor to exit once its task is done',
  });
  const out = fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8');
  const env = JSON.parse(out.split('\n')[0]!).executorEnv;
  assert.is(env.MESOS_AGENT_ENDPOINT, agentAddress);
  assert.is(env.MESOS_FRAMEWORK_ID, fw.frameworkId);
  assert.is(env.MESOS_EXECUTOR_ID, 'exec-1');
  assert.is(env.MESOS_DIRECTORY, sandbox);
  assert.ok(env.MESOS_SANDBOX, 'MESOS_SANDBOX is set');
  assert.is(env.MESOS_CHECKPOINT, '1');
  assert.match(out, /event SUBSCRIBED\nsubscribed: container [^,]+, agent \S+/);
  assert.match(out, /event LAUNCH\n/);
  assert.match(out, /event ACKNOWLEDGED/);
  // The agent forgets the task once the framework acknowledged its end, and the container once it exited.
  await waitFor(
    async () => {
      const r = await request(agentAddress, 'POST', '/api/v1', { type: 'GET_CONTAINERS' }, { Accept: 'application/json' });
      return !JSON.parse(r.body).get_containers.containers.some((c: any) => c.container_id.value === containerId);
    },
    { what: 'the executor container to be gone' },
  );
});

test('a second task joins the running executor; framework messages and KILL reach it; TASK_KILLED comes back', async () => {
  await acceptNext(fw, (offer) => [{ type: 'LAUNCH', launch: { task_infos: [task('ce-2', 'exec-2', 'wait', offer.agent_id)] } }]);
  const r2 = await nextStatus(fw, 'ce-2');
  assert.is(r2.state, 'TASK_RUNNING', JSON.stringify(r2));
  const containerId = r2.container_status.container_id.value;

  await acceptNext(fw, (offer) => [{ type: 'LAUNCH', launch: { task_infos: [task('ce-3', 'exec-2', 'finish', offer.agent_id)] } }], { cpus: 0.1, mem: 32 });
  const r3 = await nextStatus(fw, 'ce-3');
  assert.is(r3.state, 'TASK_RUNNING', JSON.stringify(r3));
  assert.is(r3.container_status.container_id.value, containerId, 'the second task runs in the same executor container');
  assert.is((await nextStatus(fw, 'ce-3')).state, 'TASK_FINISHED');

  await fw.mustCall({ type: 'MESSAGE', message: { agent_id: r2.agent_id, executor_id: { value: 'exec-2' }, data: Buffer.from('hello').toString('base64') } });
  const m = await fw.next('MESSAGE', 20_000);
  assert.is(Buffer.from(m.message.data, 'base64').toString(), 'echo:hello');
  assert.is(m.message.executor_id.value, 'exec-2');

  await fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'ce-2' }, agent_id: r2.agent_id } });
  const killed = await nextStatus(fw, 'ce-2');
  assert.is(killed.state, 'TASK_KILLED', JSON.stringify(killed));
  assert.is(killed.message, 'killed by the executor');
});

test('a task group with a CUSTOM executor: one LAUNCH_GROUP, both tasks in the executor container, both finish', async () => {
  await acceptNext(
    fw,
    (offer) => [
      {
        type: 'LAUNCH_GROUP',
        launch_group: {
          executor: executorInfo('group-exec'),
          task_group: {
            tasks: ['cg-1', 'cg-2'].map((id) => {
              const t = task(id, 'group-exec', 'finish', offer.agent_id);
              delete t.executor;
              return t;
            }),
          },
        },
      },
    ],
    { cpus: 0.3, mem: 96 },
  );
  const r1 = await nextStatus(fw, 'cg-1');
  const r2 = await nextStatus(fw, 'cg-2');
  assert.is(r1.state, 'TASK_RUNNING', JSON.stringify(r1));
  assert.is(r2.state, 'TASK_RUNNING', JSON.stringify(r2));
  const containerId = r1.container_status.container_id.value;
  assert.is(r2.container_status.container_id.value, containerId, 'one executor container for the group');
  assert.is((await nextStatus(fw, 'cg-1')).state, 'TASK_FINISHED');
  assert.is((await nextStatus(fw, 'cg-2')).state, 'TASK_FINISHED');
  const out = fs.readFileSync(path.join(sandboxOf(r1.agent_id.value, 'group-exec', containerId), 'stdout'), 'utf8');
  assert.match(out, /event LAUNCH_GROUP\ngroup of cg-1,cg-2\n/);
  assert.not.match(out, /event LAUNCH\n/, 'no single LAUNCH');
});

test('kill -9 of the agent: the executor lives on, subscribes again to the restarted agent, and still gets KILL', async () => {
  await acceptNext(fw, (offer) => [{ type: 'LAUNCH', launch: { task_infos: [task('ce-4', 'exec-3', 'wait', offer.agent_id)] } }], { cpus: 0.2, mem: 64 });
  const running = await nextStatus(fw, 'ce-4');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const stdout = path.join(sandboxOf(running.agent_id.value, 'exec-3', running.container_status.container_id.value), 'stdout');
  const subscriptions = () => (fs.readFileSync(stdout, 'utf8').match(/event SUBSCRIBED/g) ?? []).length;
  assert.is(subscriptions(), 1);

  const p = agentProc!;
  process.kill(p.pid, 'SIGKILL');
  await p.waitForExit(10_000);
  await p.stop('SIGKILL', 1000);
  agentProc = undefined;
  await startAgent();
  await waitFor(() => subscriptions() === 2, { what: 'the executor to subscribe to the restarted agent', timeoutMs: 30_000 }).catch((err: Error) => {
    throw new Error(`${err.message}\nexecutor stdout:\n${fs.readFileSync(stdout, 'utf8')}\nagent:\n${agentProc?.output().split('\n').slice(-30).join('\n')}`);
  });
  assert.not.match(fs.readFileSync(stdout, 'utf8').split('event SUBSCRIBED')[2] ?? '', /event LAUNCH/, 'a task the executor has is not launched again');

  await fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'ce-4' }, agent_id: running.agent_id } });
  const killed = await untilState(fw, 'ce-4', 'TASK_KILLED');
  assert.is(killed.message, 'killed by the executor');
});

test('the executor API refuses malformed calls and unknown executors with 400 and a message', async () => {
  const notJson = await request(agentAddress, 'POST', '/api/v1/executor', '{oops');
  assert.is(notJson.status, 400);
  assert.match(notJson.body, /Failed to parse body into JSON/);
  const noIds = await request(agentAddress, 'POST', '/api/v1/executor', { type: 'SUBSCRIBE', subscribe: {} });
  assert.is(noIds.status, 400);
  assert.match(noIds.body, /executor_id/);
  const unknown = await request(agentAddress, 'POST', '/api/v1/executor', {
    type: 'SUBSCRIBE',
    framework_id: { value: fw.frameworkId },
    executor_id: { value: 'nope' },
    subscribe: {},
  });
  assert.is(unknown.status, 400);
  assert.match(unknown.body, /'nope'.*not running/);
  const noUuid = await request(agentAddress, 'POST', '/api/v1/executor', {
    type: 'UPDATE',
    framework_id: { value: fw.frameworkId },
    executor_id: { value: 'exec-2' },
    update: { status: { task_id: { value: 'ce-2' }, state: 'TASK_RUNNING' } },
  });
  assert.is(noUuid.status, 400);
  assert.match(noUuid.body, /uuid/);
});

test('a framework torn down: its executor gets SHUTDOWN, ends its tasks and exits; its container is gone', async () => {
  // Offers made before the agent restart of the previous test may still be queued (rescinded since): retry those.
  let running: any;
  for (let attempt = 0; attempt < 5; attempt++) {
    await acceptNext(fw, (offer) => [{ type: 'LAUNCH', launch: { task_infos: [task('ce-5', 'exec-4', 'wait', offer.agent_id)] } }], { cpus: 0.2, mem: 64 });
    running = await nextStatus(fw, 'ce-5');
    if (!(running.state === 'TASK_LOST' && running.reason === 'REASON_INVALID_OFFERS')) break;
  }
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const containerId = running.container_status.container_id.value;
  const stdout = path.join(sandboxOf(running.agent_id.value, 'exec-4', containerId), 'stdout');
  await fw.mustCall({ type: 'TEARDOWN' });
  await waitFor(() => /event SHUTDOWN/.test(fs.readFileSync(stdout, 'utf8')), { what: 'the executor to get SHUTDOWN' });
  await waitFor(
    async () => {
      const r = await request(agentAddress, 'POST', '/api/v1', { type: 'GET_CONTAINERS' }, { Accept: 'application/json' });
      return !JSON.parse(r.body).get_containers.containers.some((c: any) => c.container_id.value === containerId);
    },
    { what: 'the executor container to be gone' },
  );
});

test.run();
