// What `plateau` says to bad input, against a real master and agent (runc containers, a real
// Docker registry for the image that is not there): one line saying what went wrong and what to
// do, the exit status of the CLI's table (1 a run-time failure, 2 a command line that cannot be
// meant as given, else the task's own), never a stack trace.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startRegistry, type RunningRegistry } from '@plateau/testkit/registry';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { PLATEAU, realCluster, REPO } from '../integration/agent-harness';
import { cli, type CliResult, describe } from './cli-helpers';

let registry: RunningRegistry | undefined;
const runs: StartedProcess[] = [];
// The registry first: the agent's config names it.
test.before(async () => {
  registry = await startRegistry();
});
const cluster = realCluster(test, {
  agentSetup: () => ({ insecureRegistries: [registry!.host] }),
  beforeTeardown: async () => {
    for (const r of runs) await r.stop('SIGTERM', 10_000).catch(() => undefined);
  },
});
test.after(async () => {
  await registry?.stop();
});
const { real } = cluster;

/** No stack trace, no JavaScript error name: what a user should never see. */
function assertNoTrace(r: CliResult): void {
  assert.not.match(r.stderr, /^\s+at .+\(.*:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m, `no stack trace\n${describe(r)}`);
  assert.not.match(r.stderr, /\b(TypeError|ReferenceError|Error:)/, `no JavaScript error\n${describe(r)}`);
}

real('task run against an unreachable master: one line naming it and what to do, exit 1', async () => {
  const nobody = `127.0.0.1:${await freePort()}`;
  const r = await cli(undefined, ['task', 'run', '--master', nobody, '--name', 'nowhere', '--image', 'busybox', '--', 'true']);
  assert.is(r.code, 1, describe(r));
  assert.is(r.stderr.trim().split('\n').length, 1, `one line\n${describe(r)}`);
  assert.match(r.stderr, new RegExp(`cannot reach a master at ${nobody}.*give --master HOST:PORT`), describe(r));
  assertNoTrace(r);
});

real('an image the registry does not have: the failure, then one line saying what to check; exit 1', async () => {
  const image = `${registry!.host}/team/no-such-image:1.0`;
  const r = await cli(cluster.master.address, ['task', 'run', '--name', 'noimage', '--image', image, '--', 'true'], 90_000);
  assert.is(r.code, 1, describe(r));
  assert.match(r.stderr, /TASK_FAILED: .*no-such-image/, describe(r));
  assert.match(r.stderr, new RegExp(`^the image '${image.replace(/[.]/g, '\\.')}' could not be provided: check its name and tag .*$`, 'm'), describe(r));
  assertNoTrace(r);
});

real("a command the container cannot exec: the shell's own words, one line saying what to check, exit 127", async () => {
  const r = await cli(cluster.master.address, ['task', 'run', '--name', 'nocmd', '--image', 'busybox', '--', '/no/such/command --flag']);
  assert.is(r.code, 127, describe(r));
  assert.match(r.stderr, /\/no\/such\/command: not found/, describe(r));
  assert.match(r.stderr, /TASK_FAILED: Command exited with status 127\nthe container has no such command: check its spelling and that the image has it on its PATH/, describe(r));
  assertNoTrace(r);
  const dir = await cli(cluster.master.address, ['task', 'run', '--name', 'nocmd', '--image', 'busybox', '--', '/etc']);
  assert.is(dir.code, 126, describe(dir));
  assert.match(dir.stderr, /cannot execute it/, describe(dir));
  assertNoTrace(dir);
});

real('a name that matches two running tasks: task logs, exec and kill each say so in one line naming both ids; exit 2', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const p = startProcess(process.execPath, [PLATEAU, 'task', 'run', '--master', cluster.master.address, '--name', 'twin', '--image', 'busybox', '--cpus', '0.05', '--mem', '16', '--', 'sleep 300'], { cwd: REPO, name: `twin-${i}`, tailLines: 100 });
    runs.push(p);
    ids.push((await p.waitForLine(/task (twin-[0-9a-f]{8}) launched/, 30_000))[1]!);
    await p.waitForLine(/TASK_RUNNING/, 30_000);
  }
  for (const args of [['task', 'logs', 'twin'], ['task', 'exec', 'twin', '--', 'true'], ['task', 'kill', 'twin']]) {
    const r = await cli(cluster.master.address, args);
    assert.is(r.code, 2, describe(r));
    assert.is(r.stderr.trim().split('\n').length, 1, `one line\n${describe(r)}`);
    assert.match(r.stderr, /2 active tasks are named 'twin' \(twin-[0-9a-f]{8}, twin-[0-9a-f]{8}\): give one of their task ids/, describe(r));
    for (const id of ids) assert.ok(r.stderr.includes(id), `names ${id}\n${describe(r)}`);
    assertNoTrace(r);
  }
  // Each by its id.
  for (const id of ids) assert.is((await cli(cluster.master.address, ['task', 'kill', id])).code, 0);
});

test.run();
