// Terminals against a real master and agent (runc containers from the local busybox image):
// `plateau task exec -it` in a tmux pane gets a shell on a real terminal in the task's container
// (a /dev/pts tty of the pane's size, which follows the pane's resizes; keys typed reach it; its
// exit status is the CLI's; the pane's terminal mode is restored); ATTACH_CONTAINER_INPUT refuses
// what it cannot take; a task whose ContainerInfo asks for a terminal (tty_info) is refused,
// naming the field, never run without one.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, nextStatus, PLATEAU, realCluster, REPO, waitFor } from '../integration/agent-harness';
import { request } from '../helpers/scheduler-client';

/** A tmux server of this test's own (its socket in a temp dir), killed at the end. */
const tmuxDir = makeTempDir('plateau-tmux-');
const tmuxSocket = path.join(tmuxDir, 'tmux.sock');
const tmux = (...args: string[]) => execFileSync('tmux', ['-S', tmuxSocket, ...args], { encoding: 'utf8', timeout: 10_000 });
const pane = () => tmux('capture-pane', '-p', '-t', 'exec', '-S', '-200');

/** Waits for `ok` to hold of the pane's text; fails quoting the pane as it is then. */
async function untilPane(ok: (text: string) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  try {
    await waitFor(() => ok(pane()), { what, timeoutMs, intervalMs: 300 });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- pane\n${pane()}\n--- agent\n${cluster.agent.proc?.output().slice(-3000)}`);
  }
}

const cluster = realCluster(test, {
  framework: frameworkInfo('tty'),
  beforeTeardown: async () => {
    try {
      tmux('kill-server');
    } catch {
      // no server left
    }
  },
});
const { real } = cluster;
/** The container of the running task the shells go into. */
let shellHost = '';

real('task exec -it in a tmux pane: a /dev/pts tty of the pane size, resized with the pane, keys typed, exit status 3', async () => {
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('shell-host', 'sleep 600')])], { cpus: 0.1, mem: 64 });
  let s = await nextStatus(cluster.fw, 'shell-host');
  while (s.state !== 'TASK_RUNNING') {
    assert.ok(['TASK_STAGING', 'TASK_STARTING'].includes(s.state), JSON.stringify(s));
    s = await nextStatus(cluster.fw, 'shell-host');
  }
  shellHost = s.container_status.container_id.value;
  // No status line: the pane is the whole 100x30 window.
  const conf = path.join(tmuxDir, 'tmux.conf');
  fs.writeFileSync(conf, 'set -g status off\n');
  const exitFile = path.join(tmuxDir, 'exit');
  const cmd = `cd ${REPO} && NO_COLOR=1 PLATEAU_MASTER=${cluster.master.address} ${process.execPath} ${PLATEAU} task exec -it shell-host -- sh; code=$?; stty -a > ${exitFile}.stty; echo $code > ${exitFile}; sleep 600`;
  tmux('-f', conf, 'new-session', '-d', '-s', 'exec', '-x', '100', '-y', '30', cmd);
  await untilPane((t) => /^\/\S* #\s*$/m.test(t), "the container shell's prompt", 20_000);
  tmux('send-keys', '-t', 'exec', 'tty; stty size; echo h""i-from-tmux', 'Enter');
  await untilPane((t) => /^hi-from-tmux\s*$/m.test(t), 'the echo in the pane');
  let text = pane();
  assert.match(text, /^\/dev\/pts\/\d+\s*$/m, `a /dev/pts tty\n${text}`);
  assert.match(text, /^30 100\s*$/m, `the pane's size\n${text}`);
  // The pane changes size: the container's terminal follows.
  tmux('resize-window', '-t', 'exec', '-x', '90', '-y', '25');
  // SIGWINCH reaches the CLI, then the agent, then runc: ask until the new size shows.
  await untilPane((t) => {
    if (/^25 90\s*$/m.test(t)) return true;
    tmux('send-keys', '-t', 'exec', 'stty size', 'Enter');
    return false;
  }, 'stty size to say 25 90 after the resize');
  tmux('send-keys', '-t', 'exec', 'exit 3', 'Enter');
  await untilPane(() => fs.existsSync(exitFile) && fs.readFileSync(exitFile, 'utf8').trim() !== '', 'the CLI to exit', 15_000);
  assert.is(fs.readFileSync(exitFile, 'utf8').trim(), '3', pane());
  // The local terminal is out of raw mode again.
  const modes = fs.readFileSync(`${exitFile}.stty`, 'utf8');
  assert.match(modes, /(^|\s)icanon(\s|$)/, `canonical mode restored:\n${modes}`);
  assert.match(modes, /(^|\s)echo(\s|$)/, `echo restored:\n${modes}`);
  text = pane();
  assert.not.match(text, /Error|\bat .+:\d+:\d+/, `no error or stack trace\n${text}`);
});

/** A RecordIO body of JSON records. */
const recordio = (...records: unknown[]) =>
  records
    .map((r) => {
      const json = JSON.stringify(r);
      return `${Buffer.byteLength(json)}\n${json}`;
    })
    .join('');
const input = (attach: unknown) => ({ type: 'ATTACH_CONTAINER_INPUT', attach_container_input: attach });

real('ATTACH_CONTAINER_INPUT refuses, naming why: a plain JSON call, a stream not opened by CONTAINER_ID, a container that is no terminal session', async () => {
  assert.ok(shellHost, 'the task of the first test runs');
  const plain = await request(cluster.agent.address, 'POST', '/api/v1', input({ type: 'CONTAINER_ID', container_id: { value: shellHost } }), { Accept: 'application/json' });
  assert.is(plain.status, 400, plain.body);
  assert.match(plain.body, /streaming request: send 'Content-Type: application\/recordio'/);
  const stream = { 'Content-Type': 'application/recordio', 'Message-Content-Type': 'application/json', Accept: 'application/json' };
  const noId = await request(cluster.agent.address, 'POST', '/api/v1', recordio(input({ type: 'PROCESS_IO', process_io: { type: 'DATA', data: { type: 'STDIN', data: '' } } })), stream);
  assert.is(noId.status, 400, noId.body);
  assert.match(noId.body, /first record of ATTACH_CONTAINER_INPUT to be of type CONTAINER_ID/);
  const task = await request(cluster.agent.address, 'POST', '/api/v1', recordio(input({ type: 'CONTAINER_ID', container_id: { value: shellHost } })), stream);
  assert.is(task.status, 404, task.body);
  assert.match(task.body, /is not a session on this agent .*launched with tty_info/);
});

real('a task with container.tty_info fails, its message naming the field', async () => {
  const task = busyboxTask('wants-tty', 'echo never-runs');
  task.container.tty_info = { window_size: { rows: 24, columns: 80 } };
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [task])], { cpus: 0.1, mem: 64 });
  let s = await nextStatus(cluster.fw, 'wants-tty');
  while (s.state === 'TASK_STARTING' || s.state === 'TASK_STAGING') s = await nextStatus(cluster.fw, 'wants-tty');
  assert.is(s.state, 'TASK_FAILED', JSON.stringify(s));
  assert.match(String(s.message), /container\.tty_info: this agent starts task and nested containers without a terminal/, JSON.stringify(s));
});

test.run();
