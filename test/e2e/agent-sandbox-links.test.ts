// A hostile task against the agent's sandbox log rotation and /files, on a real master and agent
// (runc launcher, busybox image). The task, uid 0 in its container, replaces its sandbox `stdout`
// with a symbolic link to an 11 MiB host file (over the 10 MiB default cap), plants a `stderr.1`
// link to a second host file, and writes 11 MiB to stderr. After the agent's rotation has run
// (stderr rotated), both host files keep their size and content, `stdout` is left a link and is
// warned about naming the container, `stderr.1` is a fresh regular file, and /files refuses the
// link.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';
import { request } from '../helpers/scheduler-client';
import {
  acceptNext,
  busyboxTask,
  launchOp,
  nextStatus,
  realCluster,
  waitFor,
} from '../integration/agent-harness';

const MiB = 1024 * 1024;
const cluster = realCluster(test, { framework: 'agent-sandbox-links' });
const { real } = cluster;

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function hostFile(dir: string, name: string, fill: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.alloc(11 * MiB, fill));
  return file;
}

real('a task linking its sandbox stdout (and stderr.1) to host files: rotation leaves the host files untouched, /files refuses the link', async () => {
  const hostDir = makeTempDir('plateau-host-');
  const target = hostFile(hostDir, 'target', 't');
  const planted = hostFile(hostDir, 'planted', 'p');
  const before = { target: sha(target), planted: sha(planted) };
  const cmd = [
    'rm -f "$MESOS_SANDBOX/stdout"',
    `ln -s ${target} "$MESOS_SANDBOX/stdout"`,
    `ln -s ${planted} "$MESOS_SANDBOX/stderr.1"`,
    `head -c ${11 * MiB} /dev/zero >&2`,
    'touch "$MESOS_SANDBOX/ready"',
    'sleep 600',
  ].join('; ');
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('links', cmd)])]);
  const running = await nextStatus(cluster.fw, 'links');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const containerId = running.container_status.container_id.value;
  const sandbox = cluster.agent.sandbox(running.agent_id.value, cluster.fw.frameworkId, 'links', containerId);
  await waitFor(() => fs.existsSync(path.join(sandbox, 'ready')), { what: 'the task to plant its links' });

  // The agent's sweep (every 2 s) rotates stderr, the regular file over the cap ...
  await waitFor(
    () => {
      try {
        const one = fs.lstatSync(path.join(sandbox, 'stderr.1'));
        return one.isFile() && one.size === 11 * MiB && fs.statSync(path.join(sandbox, 'stderr')).size === 0;
      } catch {
        return false;
      }
    },
    { what: 'stderr to be rotated', timeoutMs: 20_000 },
  );
  // ... in the same sweep as stdout; one more sweep for good measure.
  await new Promise((ok) => setTimeout(ok, 2500));

  assert.is(fs.statSync(target).size, 11 * MiB);
  assert.is(sha(target), before.target, 'the stdout link target is untouched');
  assert.is(fs.statSync(planted).size, 11 * MiB);
  assert.is(sha(planted), before.planted, 'the planted stderr.1 target is untouched');
  assert.ok(fs.lstatSync(path.join(sandbox, 'stdout')).isSymbolicLink());
  assert.not.ok(fs.existsSync(path.join(sandbox, 'stdout.1')), 'nothing copied out of the host file');
  // The agent warned that stdout is a link, not rotated.
  await cluster.agent.proc!.waitForLine(new RegExp(`sandbox log of container ${containerId} not rotated: a symbolic link`), 10_000);

  for (const endpoint of ['read', 'download']) {
    const r = await request(cluster.agent.address, 'GET', `/files/${endpoint}?path=${encodeURIComponent(`${sandbox}/stdout`)}${endpoint === 'read' ? '&offset=0&length=16' : ''}`);
    assert.is(r.status, 403, `${endpoint}: ${r.status} ${r.body.slice(0, 200)}`);
    assert.match(r.body, /symbolic link/);
  }
});

test.run();
