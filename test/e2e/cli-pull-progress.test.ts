// `plateau task run --image` while the agent pulls a slow image (a real Docker registry behind a
// proxy sending 1 MiB a second, a real master and runc agent): under a pseudo-terminal (`script`)
// the CLI draws a spinner for each wait and one bar per layer, redrawn in place, and leaves the
// finished bars on the screen; through pipes it prints one plain line per finished layer and no
// TASK_STARTING lines, spinners or escape sequences.

import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pushImage } from '@plateau/testkit/images';
import { buildLayeredImage } from '@plateau/testkit/layered-image';
import { startRegistry, type RunningRegistry } from '@plateau/testkit/registry';
import { startSlowProxy, type SlowProxy } from '@plateau/testkit/slow-proxy';
import { printSkip } from '@plateau/testkit/skip';
import { makeTempDir } from '@plateau/testkit/tmp';
import { PLATEAU, realCluster, realContainersMissing, REPO } from '../integration/agent-harness';
import { cli, describe } from './cli-helpers';

let registry: RunningRegistry | undefined;
let proxy: SlowProxy | undefined;
const images: Record<'tty' | 'plain', string> = { tty: '', plain: '' };

// Registered before the cluster's `before` (uvu runs them in order): the agent's setup names the
// proxy, which listens only from here. Each run gets an image of its own, so that both pull.
test.before(async () => {
  if (await realContainersMissing()) return; // the cluster's `before` finds the same and skips
  await setUpImages().catch((err: unknown) => {
    // uvu keeps a `before` hook's error to itself: say it, then fail.
    process.stderr.write(`cli-pull-progress: setting up the registry failed: ${String((err as Error)?.stack ?? err)}\n`);
    throw err;
  });
});

async function setUpImages(): Promise<void> {
  registry = await startRegistry();
  for (const which of ['tty', 'plain'] as const) {
    const built = await buildLayeredImage(join(makeTempDir(`plateau-cli-pull-${which}-`), 'layout'), which, 3, 2_500_000);
    await pushImage(built, registry.host, `team/${which}:1`);
  }
  proxy = await startSlowProxy(registry.host, 1024 * 1024);
  images.tty = `${proxy.host}/team/tty:1`;
  images.plain = `${proxy.host}/team/plain:1`;
}

const cluster = realCluster(test, {
  agentSetup: () => ({ insecureRegistries: [proxy!.host] }),
  beforeTeardown: async () => {
    await proxy?.stop();
    await registry?.stop();
  },
});
const { real } = cluster;

/** `plateau task run` under a pseudo-terminal of 100 columns: everything the terminal got. */
function runInPty(args: string[], timeoutMs = 90_000): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, PLATEAU, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `stty cols 100 rows 40; exec ${command}`, '/dev/null'], {
      cwd: REPO,
      env: { ...process.env, PLATEAU_MASTER: cluster.master.address, TERM: 'xterm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (c: Buffer) => (screen += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (screen += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`task run under a pty still running after ${timeoutMs} ms:\n${screen.slice(-3000)}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

real('on a terminal: spinners while waiting, a bar per layer redrawn in place, the finished bars kept', async () => {
  if (spawnSync('script', ['--version']).error) {
    printSkip('task run pull bars on a terminal', "util-linux's script is not installed (apt-get install bsdutils)");
    return;
  }
  const r = await runInPty(['task', 'run', '--name', 'pull-tty', '--image', images.tty, '--', 'echo ran-after-pull']);
  const plain = r.screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  if (process.env.PLATEAU_TEST_ECHO === '1') process.stderr.write(`--- the terminal got:\n${JSON.stringify(r.screen)}\n`);
  assert.is(r.code, 0, plain.slice(-3000));
  assert.match(r.screen, /\x1b\[\d+A\r\x1b\[J/, 'the area is erased and redrawn in place');
  assert.match(plain, /waiting for (the leading master|an offer that fits the task|the task to start on agent)/, 'a spinner says what is waited for');
  assert.match(plain, /[0-9a-f]{12} downloading +\[=*>? *\] \d+(\.\d)? (B|KiB|MiB)\/\d+\.\d MiB/, `a layer's bar while it downloads\n${plain.slice(-3000)}`);
  // The finished bars stay: the image line and its four layers, all full.
  const final = plain.slice(plain.lastIndexOf('pulled image'));
  assert.match(final, new RegExp(`^pulled image ${images.tty.replace(/[./]/g, '\\$&')} \\(4/4 layers\\)`), final);
  assert.is((final.match(/[0-9a-f]{12} (pulled|already here) +\[=+\]/g) ?? []).length, 4, `four full bars\n${final}`);
  assert.match(plain, /ran-after-pull/);
  assert.match(plain, /TASK_FINISHED/);
  assert.not.match(plain, /TASK_STARTING/, 'the pull shows as bars, not as state lines');
  for (const line of plain.split(/\r?\n/)) assert.ok(line.length <= 100, `no line is wider than the terminal: ${line}`);
});

real('through pipes: one line when the pull starts and one per finished layer, nothing else of it', async () => {
  const r = await cli(cluster.master.address, ['task', 'run', '--name', 'pull-plain', '--image', images.plain, '--', 'echo ran-after-pull'], 90_000);
  assert.is(r.code, 0, describe(r));
  assert.is(r.stdout, 'ran-after-pull\n', describe(r));
  assert.not.match(r.stderr, /\x1b/, 'no escape sequences');
  assert.not.match(r.stderr, /waiting for|TASK_STARTING/, describe(r));
  const lines = r.stderr.split('\n');
  const start = lines.findIndex((l) => l === `pulling image ${images.plain} (4 layers)`);
  assert.ok(start >= 0, describe(r));
  const layers = lines.filter((l) => /^ {2}layer [1-4]\/4 [0-9a-f]{12} (pulled|already here) \(\d+(\.\d)? (B|KiB|MiB)\)$/.test(l));
  assert.is(layers.length, 4, `a line per layer\n${describe(r)}`);
  assert.is(new Set(layers.map((l) => l.split(' ')[3])).size, 4, 'each layer once');
  assert.ok(r.stderr.indexOf('TASK_RUNNING') > r.stderr.lastIndexOf('  layer '), 'the layers before TASK_RUNNING');
});

test.run();
