// The `plateau` CLI against a real master and a real agent (runc containers from the local
// busybox image): `task run` (its built-in framework) → `task list` → `task logs` → `task exec`
// → `task attach` → `task kill`, the exit codes that say how each went, and the cluster views
// (`agent list`, `framework list`, `top`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { SchedulerClient } from '../helpers/scheduler-client';
import {
  acceptNext,
  busyboxTask,
  launchOp,
  nextStatus,
  PLATEAU,
  realCluster,
  REPO,
  waitFor,
} from '../integration/agent-harness';
import { cli, describe } from './cli-helpers';

const runs: StartedProcess[] = [];

const cluster = realCluster(test, {
  beforeTeardown: async () => {
    for (const r of runs) await r.stop('SIGTERM', 10_000).catch(() => undefined);
  },
});
const { real } = cluster;

/** Starts `plateau task run` in the background (it runs until its task ends). */
function startRun(args: string[]): StartedProcess {
  const p = startProcess(process.execPath, [PLATEAU, 'task', 'run', '--master', cluster.master.address, ...args], { cwd: REPO, name: 'task-run', tailLines: 500 });
  runs.push(p);
  return p;
}

real('task run of a command that finishes: its status updates, exit 0; one that fails: its exit status', async () => {
  const ok = await cli(cluster.master.address, ['task', 'run', '--name', 'quick', '--image', 'busybox', '--', 'echo quick-output']);
  assert.is(ok.code, 0, describe(ok));
  assert.match(ok.stderr, /task quick-[0-9a-f]{8} launched on agent/);
  assert.match(ok.stderr, /TASK_RUNNING/);
  assert.match(ok.stderr, /TASK_FINISHED/);
  const bad = await cli(cluster.master.address, ['task', 'run', '--name', 'bad', '--image', 'busybox', '--', 'exit 7']);
  // The CLI's exit status is the task's.
  assert.is(bad.code, 7, describe(bad));
  assert.match(bad.stderr, /TASK_FAILED.*status 7/);
  // --json: one status per line on stdout.
  const json = await cli(cluster.master.address, ['task', 'run', '--json', '--name', 'quiet', '--image', 'busybox', '--', 'true']);
  assert.is(json.code, 0, describe(json));
  const states = json.stdout.trim().split('\n').map((l) => JSON.parse(l).state);
  assert.equal(states.at(-1), 'TASK_FINISHED', describe(json));
  // The frameworks of finished runs are torn down.
  await waitFor(async () => (await cli(cluster.master.address, ['framework', 'list', '--json'])).stdout.trim() === '[]', { what: 'no framework left', timeoutMs: 15_000 });
});

real('task run → task list → task logs → task exec → task attach → task kill', async () => {
  const run = startRun(['--name', 'round', '--image', 'busybox', '--cpus', '0.2', '--mem', '48', '--env', 'GREETING=hello-env', '--', 'echo "$GREETING"; echo round-stderr >&2; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done']);
  const launched = await run.waitForLine(/task (round-[0-9a-f]{8}) launched/, 30_000);
  const id = launched[1]!;
  await run.waitForLine(/TASK_RUNNING/, 30_000);

  const list = await cli(undefined, ['task', 'list', '--master', cluster.master.address]);
  assert.is(list.code, 0, describe(list));
  assert.match(list.stdout, /^ID\s+NAME\s+STATE/);
  assert.match(list.stdout, new RegExp(`${id}\\s+round\\s+TASK_RUNNING`), describe(list));
  const listed = JSON.parse((await cli(cluster.master.address, ['task', 'list', '--json'])).stdout) as any[];
  const task = listed.find((t) => t.task_id.value === id);
  assert.ok(task, `task list --json has ${id}`);
  assert.equal(task.resources.find((r: any) => r.name === 'mem').scalar.value, 48);

  const logs = await waitFor(
    async () => {
      const r = await cli(cluster.master.address, ['task', 'logs', id]);
      return r.code === 0 && /tick-2/.test(r.stdout) ? r : undefined;
    },
    { what: 'task logs to show the task output', timeoutMs: 20_000 },
  );
  assert.match(logs.stdout, /^hello-env\n/);
  assert.match(logs.stderr, /round-stderr/);
  const errOnly = await cli(cluster.master.address, ['task', 'logs', id, '--stream', 'stderr', '--json']);
  assert.is(errOnly.code, 0, describe(errOnly));
  const j = JSON.parse(errOnly.stdout);
  assert.is(j.stderr, 'round-stderr\n');
  assert.is(j.stdout, undefined);

  const exec = await cli(cluster.master.address, ['task', 'exec', id, '--', 'sh', '-c', 'echo "in $(hostname) as $GREETING"; ls /proc | grep -c "^[0-9]" >&2; exit 3']);
  assert.is(exec.code, 3, describe(exec));
  assert.match(exec.stdout, new RegExp(`in ${id}`), 'the command runs in the task container (its uts namespace)');
  const byName = await cli(cluster.master.address, ['task', 'exec', 'round', '--', 'true']);
  assert.is(byName.code, 0, `a task is also found by its name: ${describe(byName)}`);

  // attach: the output as it comes, until the command is interrupted.
  const attach = startProcess(process.execPath, [PLATEAU, 'task', 'attach', id, '--master', cluster.master.address], { cwd: REPO, name: 'attach', tailLines: 500 });
  runs.push(attach);
  await attach.waitForLine(/tick-\d+/, 20_000);
  await attach.stop('SIGINT', 5000);

  const kill = await cli(cluster.master.address, ['task', 'kill', id]);
  assert.is(kill.code, 0, describe(kill));
  assert.is(kill.stdout.trim(), `${id}: TASK_KILLED`);
  const exit = await run.waitForExit(30_000);
  assert.is(exit.code, 137, `task run exits 137 (128 + SIGKILL) when its task was killed:\n${run.output()}`);
  assert.match(run.output(), /TASK_KILLED/);
  const after = JSON.parse((await cli(cluster.master.address, ['task', 'list', '--all', '--json'])).stdout) as any[];
  assert.is(after.find((t) => t.task_id.value === id)?.state, 'TASK_KILLED');
  // Logs stay readable after the end.
  const old = await cli(cluster.master.address, ['task', 'logs', id, '--stream', 'stdout']);
  assert.match(old.stdout, /hello-env/, describe(old));
});

real('agent list, framework list and top show the cluster and a running task', async () => {
  const run = startRun(['--name', 'busy', '--image', 'busybox', '--cpus', '0.3', '--mem', '96', '--', 'while :; do :; done']);
  const id = (await run.waitForLine(/task (busy-[0-9a-f]{8}) launched/, 30_000))[1]!;
  await run.waitForLine(/TASK_RUNNING/, 30_000);

  const agents = await cli(cluster.master.address, ['agent', 'list']);
  assert.is(agents.code, 0, describe(agents));
  assert.match(agents.stdout, new RegExp(`${cluster.agent.address}\\s+yes\\s+0\\.3/2\\s+96/2048`), describe(agents));
  const agentsJson = JSON.parse((await cli(cluster.master.address, ['agent', 'list', '--json'])).stdout) as any[];
  assert.is(agentsJson.length, 1);

  const fws = await cli(cluster.master.address, ['framework', 'list']);
  assert.match(fws.stdout, /plateau task run \(busy\)\s+\S+\s+\*\s+active\s+1\s+0\.3\s+96/, describe(fws));

  const top = await cli(cluster.master.address, ['top', '--once', '--interval', '1', '--json']);
  assert.is(top.code, 0, describe(top));
  const rows = JSON.parse(top.stdout) as any[];
  const row = rows.find((r) => r.task === id);
  assert.ok(row, `top lists ${id}: ${top.stdout}`);
  assert.ok(row.cpu > 0.05, `the busy loop uses cpu: ${row.cpu}`);
  assert.ok(row.mem_bytes > 0);
  const human = await cli(cluster.master.address, ['top', '--once', '--interval', '0.5']);
  assert.match(human.stdout, /TASK\s+CONTAINER\s+AGENT\s+CPU/);

  assert.is((await cli(cluster.master.address, ['task', 'kill', id])).code, 0);
  assert.is((await run.waitForExit(30_000)).code, 137);
});

real('exit codes: usage errors 2, an unreachable master or an unknown task 1, an offer that never fits 1', async () => {
  const noName = await cli(cluster.master.address, ['task', 'run', '--', 'true']);
  assert.is(noName.code, 2, describe(noName));
  const badEnv = await cli(cluster.master.address, ['task', 'run', '--name', 'x', '--env', 'NOVALUE', '--', 'true']);
  assert.is(badEnv.code, 2, describe(badEnv));
  assert.match(badEnv.stderr, /--env: expected K=V/);
  const unreachable = await cli(undefined, ['task', 'list', '--master', '127.0.0.1:1']);
  assert.is(unreachable.code, 1, describe(unreachable));
  assert.match(unreachable.stderr, /cannot reach a master at 127\.0\.0\.1:1/);
  const unknown = await cli(cluster.master.address, ['task', 'logs', 'no-such-task']);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /no task 'no-such-task'/);
  const tooBig = await cli(cluster.master.address, ['task', 'run', '--name', 'huge', '--cpus', '64', '--offer-timeout', '2', '--', 'true']);
  assert.is(tooBig.code, 1, describe(tooBig));
  assert.match(tooBig.stderr, /no offer fit cpus:64;mem:64 within 2 s/, describe(tooBig));
});

real('task logs -f follows a task to its end; Ctrl-C of task run tears its framework down and kills the task', async () => {
  const run = startRun(['--name', 'counter', '--image', 'busybox', '--', 'for i in 1 2 3 4 5 6; do echo count-$i; sleep 0.5; done']);
  const id = (await run.waitForLine(/task (counter-[0-9a-f]{8}) launched/, 30_000))[1]!;
  await run.waitForLine(/TASK_RUNNING/, 30_000);
  const follow = await cli(cluster.master.address, ['task', 'logs', id, '-f', '--stream', 'stdout'], 60_000);
  assert.is(follow.code, 0, describe(follow));
  assert.is(follow.stdout, 'count-1\ncount-2\ncount-3\ncount-4\ncount-5\ncount-6\n', describe(follow));
  assert.is((await run.waitForExit(30_000)).code, 0, run.output());

  const sleeper = startRun(['--name', 'interrupted', '--image', 'busybox', '--', 'sleep 600']);
  const sid = (await sleeper.waitForLine(/task (interrupted-[0-9a-f]{8}) launched/, 30_000))[1]!;
  await sleeper.waitForLine(/TASK_RUNNING/, 30_000);
  process.kill(sleeper.pid, 'SIGINT');
  const exit = await sleeper.waitForExit(30_000);
  assert.is(exit.code, 130, sleeper.output());
  await waitFor(
    async () => {
      const tasks = JSON.parse((await cli(cluster.master.address, ['task', 'list', '--all', '--json'])).stdout) as any[];
      return tasks.find((t) => t.task_id.value === sid)?.state === 'TASK_KILLED';
    },
    { what: `${sid} to be killed by the teardown`, timeoutMs: 30_000 },
  );
});

real('task kill of a task whose framework has no failover timeout needs --force (the framework is then torn down)', async () => {
  const other = await SchedulerClient.subscribe(cluster.master.address, { user: 'root', name: 'no-failover', roles: ['*'], capabilities: [{ type: 'MULTI_ROLE' }] });
  try {
    await acceptNext(other, (offer) => [launchOp(offer, [busyboxTask('fragile', 'sleep 600')])], { cpus: 0.1, mem: 64 });
    assert.is((await nextStatus(other, 'fragile')).state, 'TASK_RUNNING');
    const refused = await cli(cluster.master.address, ['task', 'kill', 'fragile']);
    assert.is(refused.code, 1, describe(refused));
    assert.match(refused.stderr, /has no failover timeout: killing through it would tear it down; give --force/);
    const forced = await cli(cluster.master.address, ['task', 'kill', 'fragile', '--force']);
    assert.is(forced.code, 0, describe(forced));
    assert.is(forced.stdout.trim(), 'fragile: TASK_KILLED');
  } finally {
    other.close();
  }
});

real('the master is found from --config (master.listen) and the leader through /master/redirect', async () => {
  const dir = makeTempDir('plateau-cli-config-');
  const file = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(file, `cluster: test\nmaster:\n  listen: ${cluster.master.address}\n  contender: standalone\nmodules:\n  standalone: { use: contender-standalone }\n`);
  const r = await cli(undefined, ['agent', 'list', '--json', '--config', file]);
  assert.is(r.code, 0, describe(r));
  assert.is((JSON.parse(r.stdout) as any[])[0].agent_info.port, cluster.agent.port);
});

test.run();
