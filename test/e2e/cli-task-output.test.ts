// `plateau task run` shows the task's output against a real master and agent (runc containers
// from the local busybox image): stdout to the CLI's stdout and stderr to its stderr as they come,
// nothing lost from a task that prints and exits at once, the final state after the output, the
// task's exit status as the CLI's, Ctrl-C kills the task, --detach shows only the states, and a
// pod's lines carry their task's name.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { PLATEAU, realCluster, REPO } from '../integration/agent-harness';
import { cli, describe } from './cli-helpers';

const runs: StartedProcess[] = [];
const cluster = realCluster(test, {
  beforeTeardown: async () => {
    for (const r of runs) await r.stop('SIGTERM', 10_000).catch(() => undefined);
  },
});
const { real } = cluster;

const run = (args: string[], timeoutMs = 60_000) => cli(cluster.master.address, ['task', 'run', ...args], timeoutMs);

real('a task that prints and exits at once: all of its stdout and stderr, then TASK_FINISHED, exit 0', async () => {
  const r = await run(['--name', 'instant', '--image', 'busybox', '--', 'echo out-line; echo err-line >&2']);
  assert.is(r.code, 0, describe(r));
  assert.is(r.stdout, 'out-line\n', describe(r));
  assert.match(r.stderr, /err-line\n/, describe(r));
  assert.ok(r.stderr.indexOf('err-line') < r.stderr.indexOf('TASK_FINISHED'), `the output comes before the final state\n${describe(r)}`);
  assert.not.match(r.stdout, /TASK_/, 'the states go to stderr only');
});

real('every byte of a large output, once and in order', async () => {
  const r = await run(['--name', 'seq', '--image', 'busybox', '--', 'seq 1 30000']);
  assert.is(r.code, 0, describe(r));
  const lines = r.stdout.trimEnd().split('\n');
  assert.is(lines.length, 30000, `30000 lines, got ${lines.length}`);
  assert.ok(lines.every((l, i) => l === String(i + 1)), 'lines 1..30000 in order');
});

real("the CLI's exit status is the task's, with its output shown", async () => {
  const r = await run(['--name', 'seven', '--image', 'busybox', '--', 'echo before-exit; exit 7']);
  assert.is(r.code, 7, describe(r));
  assert.is(r.stdout, 'before-exit\n', describe(r));
  assert.match(r.stderr, /TASK_FAILED: Command exited with status 7/, describe(r));
});

real('output shows as it comes, while the task still runs', async () => {
  const p = startProcess(process.execPath, [PLATEAU, 'task', 'run', '--master', cluster.master.address, '--name', 'live', '--image', 'busybox', '--', 'echo first-part; sleep 4; echo second-part'], { cwd: REPO, name: 'task-run-live', tailLines: 200 });
  runs.push(p);
  await p.waitForLine(/^first-part$/, 30_000);
  assert.not.match(p.output(), /second-part|TASK_FINISHED/, `first-part shows before the task goes on\n${p.output()}`);
  await p.waitForLine(/TASK_FINISHED/, 30_000);
  assert.match(p.stdout(), /first-part\nsecond-part/);
});

real('Ctrl-C kills the task: exit 130, the task ends TASK_KILLED', async () => {
  const p = startProcess(process.execPath, [PLATEAU, 'task', 'run', '--master', cluster.master.address, '--name', 'interrupted', '--image', 'busybox', '--', 'echo started; sleep 300'], { cwd: REPO, name: 'task-run-int', tailLines: 200 });
  runs.push(p);
  await p.waitForLine(/^started$/, 30_000);
  p.child.kill('SIGINT');
  const status = await p.waitForExit(20_000);
  assert.is(status.code, 130, p.output());
  const list = await cli(cluster.master.address, ['task', 'list', '--all', '--json']);
  const t = (JSON.parse(list.stdout) as any[]).find((x) => x.name === 'interrupted');
  assert.ok(t && ['TASK_KILLED', 'TASK_KILLING'].includes(t.state), `the task is killed: ${JSON.stringify(t?.state)}`);
});

real('--detach: the states only, exit 0 finished / 1 otherwise (the behaviour before output was shown)', async () => {
  const ok = await run(['--detach', '--name', 'det', '--image', 'busybox', '--', 'echo not-shown']);
  assert.is(ok.code, 0, describe(ok));
  assert.is(ok.stdout, '', describe(ok));
  assert.match(ok.stderr, /TASK_RUNNING[\s\S]*TASK_FINISHED/, describe(ok));
  assert.not.match(ok.stderr, /not-shown/);
  const bad = await run(['--detach', '--name', 'det-bad', '--image', 'busybox', '--', 'exit 7']);
  assert.is(bad.code, 1, describe(bad));
});

real("a pod: each task's lines start with its name; the exit status is the failed task's", async () => {
  const file = path.join(makeTempDir('plateau-pod-output-'), 'pod.yaml');
  fs.writeFileSync(
    file,
    [
      'executor:',
      '  resources: {cpus: 0.1, mem: 32}',
      'tasks:',
      '  - name: alpha',
      '    image: busybox',
      '    resources: {cpus: 0.1, mem: 32}',
      '    command: "echo alpha-1; echo alpha-2"',
      '  - name: beta-longer',
      '    image: busybox',
      '    resources: {cpus: 0.1, mem: 32}',
      '    command: "echo beta-err >&2; exit 0"',
      '',
    ].join('\n'),
  );
  const r = await run(['--name', 'podout', '--pod', file], 120_000);
  assert.is(r.code, 0, describe(r));
  assert.match(r.stdout, /^alpha {7}\| alpha-1\nalpha {7}\| alpha-2\n/m, describe(r));
  assert.match(r.stderr, /^beta-longer \| beta-err$/m, describe(r));
});

test.run();
