// `plateau up --agents 3`: one master and three agent processes on this machine. The three show
// in /master/state with their own ports, work dirs, cgroup roots, an attribute up-agent:i and a
// third of the resources; a partition-aware framework places one task on each by that attribute
// (a constraint); `plateau agent kill 2` makes agent 2's task TASK_UNREACHABLE (Mesos's
// partition-aware semantics) while the others keep running; `plateau agent restart 2` brings the
// agent back with its container recovered and the task TASK_RUNNING in the master again. Ctrl-C
// stops all of it and leaves no container behind.

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';
import { printSkip } from '@plateau/testkit/skip';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { busyboxLayout, busyboxTask, cleanupLeftovers, frameworkInfo, PLATEAU, realContainersMissing, REPO, untilState } from '../integration/agent-harness';
import { cli, describe } from './cli-helpers';

test('up --agents 3: three agents, tasks placed by attribute, kill and restart of agent 2', async () => {
  const skip = await realContainersMissing();
  if (skip) {
    printSkip('plateau up --agents', skip);
    return;
  }
  const dir = makeTempDir('plateau-up-agents-');
  const workDir = path.join(dir, 'work');
  const cgroupRoot = `plateau-ua-${path.basename(dir).replace(/[^A-Za-z0-9-]/g, '')}`;
  const masterPort = await freePort();
  const agentBase = await consecutiveFreePorts(3);
  const master = `127.0.0.1:${masterPort}`;
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: up-agents-test',
      `workDir: ${JSON.stringify(workDir)}`,
      'master:',
      `  listen: ${master}`,
      '  contender: standalone',
      '  allocator: { intervalMs: 100 }',
      'agent:',
      `  listen: 127.0.0.1:${agentBase}`,
      '  detector: standalone',
      '  launcher: runc',
      '  provisioner: images',
      '  isolation: [cgroups, linux]',
      'modules:',
      '  standalone: { use: contender-standalone }',
      '  runc: { use: launcher-runc }',
      `  images: { use: provisioner-oci, config: { localImages: { busybox: ${JSON.stringify(`oci:${await busyboxLayout()}:latest`)} } } }`,
      `  cgroups: { use: isolator-cgroups, config: { root: ${cgroupRoot}, removeRootOnStop: true } }`,
      '  linux: { use: isolator-linux }',
      '',
    ].join('\n'),
  );
  let up: StartedProcess | undefined;
  let client: SchedulerClient | undefined;
  const tails = () => `--- up\n${up?.output().slice(-3000)}\n--- agent 2\n${readTail(path.join(workDir, 'agents', '2', 'agent.log'))}`;
  try {
    up = startProcess(process.execPath, [PLATEAU, 'up', '--agents', '3', '--config', config], { cwd: REPO, name: 'up --agents 3', tailLines: 3000 });
    await up.waitForLine(/Plateau is up: one master in this process and 3 agents/, 90_000);
    await up.waitForLine(/Ctrl-C stops everything/, 10_000);

    // Three agents, each with its port, attribute and a third of the resources.
    const state = await masterState(master);
    const agents = (state.slaves as any[]).sort((a, b) => a.port - b.port);
    assert.is(agents.length, 3, 'three agents registered');
    assert.equal(agents.map((a) => a.port), [agentBase, agentBase + 1, agentBase + 2]);
    assert.equal(agents.map((a) => a.attributes['up-agent']), ['1', '2', '3']);
    assert.equal(new Set(agents.map((a) => a.resources.cpus)).size, 1, 'each agent offers the same share of cpus');
    for (const i of [1, 2, 3]) assert.ok(fs.existsSync(path.join(workDir, 'agents', String(i), 'agent', 'meta')), `agent ${i} has its own work dir`);

    // One task per agent, placed by the up-agent attribute.
    client = await SchedulerClient.subscribe(master, { ...frameworkInfo('up-agents'), capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }] });
    const placed = new Map<string, string>(); // task id → agent id
    for (const deadline = Date.now() + 30_000; placed.size < 3; ) {
      const e = await client.next('OFFERS', Math.max(1, deadline - Date.now()));
      for (const offer of e.offers.offers as any[]) {
        const which = (offer.attributes ?? []).find((a: any) => a.name === 'up-agent')?.text?.value as string | undefined;
        const taskId = `on-agent-${which}`;
        if (which === undefined || placed.has(taskId)) {
          await client.mustCall({ type: 'DECLINE', decline: { offer_ids: [offer.id], filters: { refuse_seconds: 0 } } });
          continue;
        }
        placed.set(taskId, offer.agent_id.value);
        const task = { ...busyboxTask(taskId, 'sleep 600', { cpus: 0.1, mem: 32 }), agent_id: offer.agent_id };
        await client.mustCall({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: [{ type: 'LAUNCH', launch: { task_infos: [task] } }], filters: { refuse_seconds: 0 } } });
      }
    }
    for (const id of placed.keys()) await untilState(client, id, 'TASK_RUNNING', 60_000);
    assert.is(new Set(placed.values()).size, 3, 'the tasks run on three different agents');
    assert.is(placed.get('on-agent-2'), agents[1].id, 'the task constrained to up-agent:2 runs on agent 2');

    // Agent 2 dies: its task becomes unreachable, the others run on.
    const kill = await cli(master, ['agent', 'kill', '2', '--config', config], 30_000);
    assert.is(kill.code, 0, describe(kill));
    assert.match(kill.stdout, /agent 2 killed/);
    const unreachable = await untilState(client, 'on-agent-2', 'TASK_UNREACHABLE', 30_000);
    assert.match(unreachable.message ?? '', /unreachable/i);
    const during = tasksOf(await masterState(master));
    assert.is(during.get('on-agent-1'), 'TASK_RUNNING', tails());
    assert.is(during.get('on-agent-3'), 'TASK_RUNNING', tails());

    // Agent 2 comes back: it recovers its container and the master has the task running again.
    const restart = await cli(master, ['agent', 'restart', '2', '--config', config], 90_000);
    assert.is(restart.code, 0, `${describe(restart)}\n${tails()}`);
    assert.match(restart.stdout, /agent 2 restarted .*re-registered/);
    await waitFor(async () => tasksOf(await masterState(master)).get('on-agent-2') === 'TASK_RUNNING', { timeoutMs: 30_000, what: `on-agent-2 TASK_RUNNING again in /master/state\n${tails()}` });
    const runcRoot2 = path.join(workDir, 'agents', '2', 'modules', 'runc', 'state', 'runc');
    assert.is(fs.readdirSync(runcRoot2).length, 1, 'agent 2 kept its one container across the kill');

    const bad = await cli(master, ['agent', 'kill', '7', '--config', config], 30_000);
    assert.is(bad.code, 1, describe(bad));
    assert.match(bad.stderr, /no agent 7: this plateau up runs agents 1 to 3/);

    client.close();
    client = undefined;
    up.child.kill('SIGINT');
    const exit = await up.waitForExit(90_000);
    assert.is(exit.code, 0, tails());
    assert.match(up.output(), /stopped: no container left behind/);
    for (const i of [1, 2, 3]) {
      const runcRoot = path.join(workDir, 'agents', String(i), 'modules', 'runc', 'state', 'runc');
      assert.equal(fs.existsSync(runcRoot) ? fs.readdirSync(runcRoot) : [], [], `agent ${i} left no container`);
    }
  } finally {
    client?.close();
    await up?.stop('SIGKILL', 2000).catch(() => undefined);
    // Agents are children of up's process: the group's SIGKILL took them; their containers may remain.
    for (const i of [1, 2, 3]) cleanupLeftovers(path.join(workDir, 'agents', String(i)), `${cgroupRoot}-${i}`);
    cleanupLeftovers(workDir, cgroupRoot);
  }
});

test('up --agents 2 where the configured launcher cannot run: the agents fall back to posix, with the warning', async () => {
  const dir = makeTempDir('plateau-up-agents-');
  const workDir = path.join(dir, 'work');
  const masterPort = await freePort();
  const agentBase = await consecutiveFreePorts(2);
  const master = `127.0.0.1:${masterPort}`;
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: up-agents-fallback',
      `workDir: ${JSON.stringify(workDir)}`,
      'master:',
      `  listen: ${master}`,
      '  contender: standalone',
      '  allocator: { intervalMs: 100 }',
      'agent:',
      `  listen: 127.0.0.1:${agentBase}`,
      '  detector: standalone',
      '  launcher: runc',
      'modules:',
      '  standalone: { use: contender-standalone }',
      `  runc: { use: launcher-runc, config: { runc: ${JSON.stringify(path.join(dir, 'no-runc-here'))} } }`,
      '  posix: { use: launcher-posix }',
      '',
    ].join('\n'),
  );
  let up: StartedProcess | undefined;
  try {
    up = startProcess(process.execPath, [PLATEAU, 'up', '--agents', '2', '--config', config], { cwd: REPO, name: 'up --agents 2 (fallback)', tailLines: 3000 });
    await up.waitForLine(/Plateau is up: one master in this process and 2 agents/, 90_000);
    await up.waitForLine(/Ctrl-C stops everything/, 10_000);
    assert.match(up.output(), /WARNING: runc \(launcher\.runc\) cannot run here \(runc not found/);
    assert.match(up.output(), /The agents fall back to posix \(launcher\.posix\)/);
    assert.is((await masterState(master)).slaves.length, 2);
    assert.match(fs.readFileSync(path.join(workDir, 'agents', '1', 'plateau.yaml'), 'utf8'), /launcher: "posix"/);
    const run = await cli(master, ['task', 'run', '--name', 'fallback', '--', 'echo ran without a container image'], 60_000);
    assert.is(run.code, 0, describe(run));
    assert.match(run.stdout, /ran without a container image/, describe(run));
    up.child.kill('SIGINT');
    assert.is((await up.waitForExit(60_000)).code, 0, up.output().slice(-3000));
  } finally {
    await up?.stop('SIGKILL', 2000).catch(() => undefined);
  }
});

/** A port p such that p .. p+count-1 can all be listened on now. */
async function consecutiveFreePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await freePort();
    let ok = true;
    for (let p = base + 1; p < base + count && ok; p++) ok = await canListen(p);
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports found in 50 tries`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ host: '127.0.0.1', port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

async function masterState(master: string): Promise<any> {
  const r = await request(master, 'GET', '/master/state');
  assert.is(r.status, 200, r.body);
  return JSON.parse(r.body);
}

/** Task id → state, over the frameworks of a /master/state. */
function tasksOf(state: any): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of state.frameworks ?? []) for (const t of [...(f.tasks ?? []), ...(f.unreachable_tasks ?? [])]) out.set(t.id, t.state);
  return out;
}

function readTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').slice(-3000);
  } catch {
    return '(no log)';
  }
}

test.run();
