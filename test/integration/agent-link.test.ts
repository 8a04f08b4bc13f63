// A real agent finds the master through the detector module (standalone contender sharing the
// master's directory), registers with discovered and configured resources and attributes, runs a
// command task with the posix launcher (no root or runc needed), and re-registers under the same
// id, with its running task, after the master restarts.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { acceptNext, cleanupLeftovers, frameworkInfo, launchOp, nextStatus, PLATEAU, REPO, taskResources, waitFor } from './agent-harness';

const dir = makeTempDir('plateau-agent-link-');
const standalone = path.join(dir, 'standalone');
let masterPort = 0;
let agentPort = 0;
let master: StartedProcess | undefined;
let agent: StartedProcess | undefined;
let fw: SchedulerClient | undefined;

async function startMaster(): Promise<StartedProcess> {
  const config = path.join(dir, 'master.yaml');
  fs.writeFileSync(
    config,
    ['cluster: link', 'master:', `  listen: 127.0.0.1:${masterPort}`, '  contender: standalone', 'modules:', `  standalone: { use: contender-standalone, config: { dir: ${JSON.stringify(standalone)}, pollMs: 50 } }`, ''].join('\n'),
  );
  const p = startProcess(process.execPath, [PLATEAU, 'master', '--config', config, '--work-dir', path.join(dir, 'master'), '--allocation-interval', '50ms'], {
    cwd: REPO,
    name: 'master',
    tailLines: 2000,
  });
  await p.waitForLine(/leading: serving/, 20_000);
  return p;
}

test.before(async () => {
  masterPort = await freePort();
  agentPort = await freePort();
  master = await startMaster();
  const config = path.join(dir, 'agent.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: link',
      'agent:',
      `  listen: 127.0.0.1:${agentPort}`,
      '  detector: standalone',
      '  launcher: posix',
      '  resources: "cpus:3;mem:1500;ports:[40000-40010]"',
      '  attributes: { rack: r1, level: 3 }',
      'modules:',
      `  standalone: { use: contender-standalone, config: { dir: ${JSON.stringify(standalone)}, pollMs: 50 } }`,
      '  posix: { use: launcher-posix }',
      '',
    ].join('\n'),
  );
  agent = startProcess(process.execPath, [PLATEAU, 'agent', '--config', config, '--work-dir', path.join(dir, 'agent'), '--registration-backoff', '100ms'], {
    cwd: REPO,
    name: 'agent',
    tailLines: 2000,
  });
  await agent.waitForLine(/"agent registered"/, 30_000);
});

test.after(async () => {
  fw?.close();
  await agent?.stop('SIGKILL', 1000);
  await master?.stop('SIGTERM', 5000);
  cleanupLeftovers(path.join(dir, 'agent'), 'none');
});

test('the agent found the master through the detector and registered its resources and attributes', async () => {
  const state = JSON.parse((await request(`127.0.0.1:${masterPort}`, 'GET', '/master/state')).body);
  assert.is(state.slaves.length, 1);
  const a = state.slaves[0];
  assert.is(a.resources.cpus, 3, 'explicit cpus');
  assert.is(a.resources.mem, 1500, 'explicit mem');
  assert.ok(a.resources.disk > 0, 'disk discovered');
  assert.is(a.resources.ports, '[40000-40010]');
  assert.equal(a.attributes, { rack: 'r1', level: 3 });
  assert.match(agent!.output(), /NO ISOLATION/, 'the agent says loudly that its containers are not isolated');
});

test('a command task runs under the posix launcher; the agent re-registers with it after the master restarts', async () => {
  fw = await SchedulerClient.subscribe(`127.0.0.1:${masterPort}`, frameworkInfo('link'));
  const task = { name: 'echo', task_id: { value: 'echo' }, resources: taskResources(0.5, 64), command: { value: 'echo "sandbox=$MESOS_SANDBOX task=$MESOS_TASK_ID"; sleep 1000' } };
  await acceptNext(fw, (offer) => [launchOp(offer, [task])], { cpus: 0.5, mem: 64 });
  const running = await nextStatus(fw, 'echo');
  assert.is(running.state, 'TASK_RUNNING');
  const agentId = running.agent_id.value;
  const state = JSON.parse((await request(`127.0.0.1:${agentPort}`, 'GET', '/state')).body);
  const sandbox = state.containers[0].sandbox as string;
  await waitFor(() => /task=echo/.test(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8')), { what: 'the task output' });
  assert.match(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), new RegExp(`sandbox=${sandbox}`));

  // The master goes away and comes back (same port, same registry): the agent re-registers.
  fw.close();
  await master!.stop('SIGTERM', 5000);
  master = await startMaster();
  await agent!.waitForLine(/"agent re-registered"/, 30_000);
  const after = JSON.parse((await request(`127.0.0.1:${masterPort}`, 'GET', '/master/state')).body);
  assert.is(after.slaves[0].id, agentId, 'same agent id');
  const tasks = after.frameworks.flatMap((f: any) => f.tasks);
  assert.equal(
    tasks.map((t: any) => [t.id, t.state]),
    [['echo', 'TASK_RUNNING']],
    'the new master learnt the running task from the agent',
  );
  fw = await SchedulerClient.subscribe(`127.0.0.1:${masterPort}`, frameworkInfo('link'), { frameworkId: running.agent_id ? after.frameworks[0].id : undefined });
  await fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'echo' }, agent_id: { value: agentId } } });
  assert.is((await nextStatus(fw, 'echo', { state: 'TASK_KILLED' })).state, 'TASK_KILLED');
});

test.run();
