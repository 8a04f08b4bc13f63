// A real agent's metrics (posix launcher, no root needed): `/metrics` parses as Prometheus text
// with container launches, their latency histogram, containers running, tasks and pending status
// updates; `/metrics/snapshot` (also under /slave(1)) has Mesos's `slave/...` names.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { acceptNext, cleanupLeftovers, frameworkInfo, launchOp, nextStatus, PLATEAU, REPO, taskResources, waitFor } from './agent-harness';
import { find, parsePrometheus } from './metrics-prometheus';

const dir = makeTempDir('plateau-metrics-agent-');
let master: StartedProcess | undefined;
let agent: StartedProcess | undefined;
let fw: SchedulerClient | undefined;
let masterAddress = '';
let agentAddress = '';

test.before(async () => {
  const masterPort = await freePort();
  const agentPort = await freePort();
  masterAddress = `127.0.0.1:${masterPort}`;
  agentAddress = `127.0.0.1:${agentPort}`;
  const standalone = path.join(dir, 'standalone');
  const masterConfig = path.join(dir, 'master.yaml');
  fs.writeFileSync(
    masterConfig,
    ['cluster: metrics', 'master:', `  listen: ${masterAddress}`, '  contender: standalone', 'modules:', `  standalone: { use: contender-standalone, config: { dir: ${JSON.stringify(standalone)}, pollMs: 50 } }`, ''].join('\n'),
  );
  master = startProcess(process.execPath, [PLATEAU, 'master', '--config', masterConfig, '--work-dir', path.join(dir, 'master'), '--allocation-interval', '50ms'], { cwd: REPO, name: 'master', tailLines: 2000 });
  await master.waitForLine(/leading: serving/, 20_000);
  const agentConfig = path.join(dir, 'agent.yaml');
  fs.writeFileSync(
    agentConfig,
    ['cluster: metrics', 'agent:', `  listen: ${agentAddress}`, `  master: ${masterAddress}`, '  launcher: posix', '  resources: "cpus:2;mem:1024;disk:1000"', 'modules:', '  posix: { use: launcher-posix }', ''].join('\n'),
  );
  agent = startProcess(process.execPath, [PLATEAU, 'agent', '--config', agentConfig, '--work-dir', path.join(dir, 'agent'), '--registration-backoff', '100ms'], { cwd: REPO, name: 'agent', tailLines: 2000 });
  await agent.waitForLine(/"agent registered"/, 30_000);
  fw = await SchedulerClient.subscribe(masterAddress, frameworkInfo('agent-metrics'));
  const task = { name: 'sleeper', task_id: { value: 'sleeper' }, resources: taskResources(0.5, 64), command: { value: 'sleep 1000' } };
  await acceptNext(fw, (offer) => [launchOp(offer, [task])], { cpus: 0.5, mem: 64 });
  assert.is((await nextStatus(fw, 'sleeper')).state, 'TASK_RUNNING');
});

test.after(async () => {
  fw?.close();
  await agent?.stop('SIGKILL', 1000);
  await master?.stop('SIGTERM', 5000);
  cleanupLeftovers(path.join(dir, 'agent'), 'none');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('agent /metrics: launches, launch latency, containers running, tasks, pending updates', async () => {
  const r = await request(agentAddress, 'GET', '/metrics');
  assert.is(r.status, 200);
  assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  const e = parsePrometheus(r.body);
  assert.is(find(e, 'plateau_agent_container_launches_total', { outcome: 'ok' })[0]!.value, 1);
  assert.is(find(e, 'plateau_agent_container_launches_total', { outcome: 'failed' })[0]!.value, 0);
  assert.is(e.types.get('plateau_agent_container_launch_seconds'), 'histogram');
  assert.is(find(e, 'plateau_agent_container_launch_seconds_count', { outcome: 'ok' })[0]!.value, 1);
  assert.is(find(e, 'plateau_agent_containers_running')[0]!.value, 1);
  assert.is(find(e, 'plateau_agent_tasks', { state: 'TASK_RUNNING' })[0]!.value, 1);
  assert.equal(find(e, 'plateau_agent_status_updates_pending').length, 1);
  assert.is(find(e, 'plateau_agent_registered')[0]!.value, 1);
  const aliased = await request(agentAddress, 'GET', '/slave(1)/metrics');
  assert.is(aliased.status, 200);
});

test('agent /metrics/snapshot: slave/... names', async () => {
  const s = JSON.parse((await request(agentAddress, 'GET', '/metrics/snapshot')).body);
  assert.is(s['slave/registered'], 1);
  assert.is(s['slave/tasks_running'], 1);
  assert.is(s['slave/executors_running'], 1);
  assert.is(s['slave/cpus_total'], 2);
  assert.is(s['slave/cpus_used'], 0.5);
  assert.is(s['slave/mem_total'], 1024);
  assert.is(s['slave/container_launch_errors'], 0);
  assert.ok(s['slave/uptime_secs'] > 0);
  assert.ok(s['slave/valid_status_updates'] >= 1);
  const aliased = JSON.parse((await request(agentAddress, 'GET', '/slave(1)/metrics/snapshot')).body);
  assert.is(aliased['slave/tasks_running'], 1);
  // Once acknowledged, nothing is pending.
  await waitFor(async () => JSON.parse((await request(agentAddress, 'GET', '/metrics/snapshot')).body)['slave/status_updates_pending'] === 0, { what: 'no pending update' });
});

test.run();
