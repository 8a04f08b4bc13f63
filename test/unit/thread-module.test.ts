import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, ModuleHost, parseConfig, type ModuleEntry } from '@plateau/kernel';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';
import { captureLogger } from '@plateau/testkit/capture-logger';

// A module in its own thread (`use:` with `thread: true`): the host runs the package in a
// worker_thread, serves it over gRPC on a unix socket and supervises it like a spawned module.
// Its timer keeps running while the host's main thread is blocked; a thread that dies is
// restarted; stop ends the thread.

/** hook.ticker (test/fixtures/modules/ticker-hook.ts), compiled. */
const TICKER = path.resolve(__dirname, '../fixtures/modules/ticker-hook.js');
/** How long the main thread is kept busy; the in-process ticker cannot tick meanwhile. */
const BLOCK_MS = 600;
const EVERY_MS = 10;

interface Ticker {
  masterLaunchTask(req: unknown): Promise<{ labels: { labels: Array<{ key: string; value: string }> } }>;
  agentRemoveExecutor(req: unknown): Promise<unknown>;
}

/** maxGapMs, ticks and thread from a ticker's answer (which starts its next measure). */
async function measure(t: Ticker): Promise<{ maxGapMs: number; ticks: number; thread: number }> {
  const res = await t.masterLaunchTask({});
  const get = (k: string) => Number(res.labels.labels.find((l) => l.key === k)?.value);
  return { maxGapMs: get('maxGapMs'), ticks: get('ticks'), thread: get('thread') };
}

/** Keeps this thread busy for `ms`: no timer, no I/O callback of this event loop runs meanwhile. */
function blockFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* busy */
  }
}

function newHost(modules: Record<string, ModuleEntry>) {
  const { logger, records } = captureLogger();
  const workDir = makeTempDir('plateau-thread-');
  return { host: new ModuleHost({ modules, workDir, logger }), records, workDir };
}

/** Threads of this process (Linux). */
function threadCount(): number {
  return fs.readdirSync('/proc/self/task').length;
}

test('a module in a thread boots, answers calls, and keeps ticking while the main thread is blocked', async () => {
  const { host, records } = newHost({
    threaded: { use: TICKER, thread: true, config: { everyMs: EVERY_MS } },
    local: { use: TICKER, config: { everyMs: EVERY_MS } },
  });
  host.load();
  try {
    await host.start();
    const rows = host.list();
    assert.equal(
      rows.map(({ instance, name, version, mode, state }) => ({ instance, name, version, mode, state })),
      [
        { instance: 'threaded', name: 'ticker', version: '0.1.0', mode: 'thread', state: 'running' },
        { instance: 'local', name: 'ticker', version: '0.1.0', mode: 'in-process', state: 'running' },
      ],
    );
    const threaded = host.instance<Ticker>('threaded')!;
    const local = host.instance<Ticker>('local')!;
    const t0 = await measure(threaded);
    assert.ok(t0.thread > 0, `the threaded ticker runs in a worker thread (threadId ${t0.thread})`);
    assert.is((await measure(local)).thread, 0, 'the in-process ticker runs on the main thread');
    assert.equal(await host.health(), [
      { instance: 'threaded', ok: true, detail: 'SERVING' },
      { instance: 'local', ok: true, detail: 'running' },
    ]);

    // The module's log records reach the host's log, tagged with the module.
    const started = records.find((r) => r.msg === 'ticker started' && r.stream === 'thread');
    assert.ok(started, 'the thread logged "ticker started" through the host log');
    assert.is(started!.module, 'hook.ticker');
    assert.is(started!.thread, t0.thread);

    await measure(threaded);
    await measure(local);
    blockFor(BLOCK_MS);
    const t = await measure(threaded);
    const l = await measure(local);
    assert.ok(l.maxGapMs >= BLOCK_MS, `the in-process ticker stalled for the whole block (longest gap ${l.maxGapMs} ms)`);
    assert.ok(t.ticks >= BLOCK_MS / EVERY_MS / 4, `the threaded ticker ticked during the block (${t.ticks} ticks)`);
    assert.ok(t.maxGapMs < BLOCK_MS / 2, `the threaded ticker's longest gap (${t.maxGapMs} ms) is far below the ${BLOCK_MS} ms block`);
  } finally {
    await host.stop();
  }
});

test('a module thread that throws is restarted, and calls work again', async () => {
  const { host, records } = newHost({ threaded: { use: TICKER, thread: true } });
  host.load();
  try {
    await host.start();
    const ticker = host.instance<Ticker>('threaded')!;
    const first = await measure(ticker);
    await ticker.agentRemoveExecutor({});
    const failed = await waitFor(() => records.find((r) => r.msg === 'module hook.ticker: thread failed'), { what: 'the thread to fail' });
    assert.match(String(failed.err), 'ticker fixture: crash on request');
    assert.ok(records.some((r) => r.state === 'down'), 'the host saw it go down');
    const handle = host.handles.get('threaded')!;
    await waitFor(() => handle.state === 'running' && handle.remote!.restarts === 1, { what: 'the restart' });
    const again = await measure(ticker);
    assert.ok(again.thread > 0 && again.thread !== first.thread, `a new thread serves it (${first.thread} → ${again.thread})`);
  } finally {
    await host.stop();
  }
});

test('stop closes the module in its thread and ends the thread', async () => {
  const { host, workDir } = newHost({ threaded: { use: TICKER, thread: true } });
  await fs.promises.readFile(__filename); // the libuv pool's threads exist before the count
  const before = threadCount();
  host.load();
  await host.start();
  const { thread } = await measure(host.instance<Ticker>('threaded')!);
  const socket = path.join(workDir, 'modules', 'threaded', 'run', `hook-ticker-${thread}.sock`);
  assert.ok(fs.existsSync(socket), `the module serves on ${socket}`);
  assert.ok(threadCount() > before, 'the module runs in a thread of this process');
  await host.stop();
  assert.is(host.handles.get('threaded')!.state, 'stopped');
  assert.not.ok(fs.existsSync(socket), 'the thread removed its socket as it closed');
  await waitFor(() => threadCount() === before, { what: `the thread to end (${threadCount()} threads, ${before} before the host started)` });
});

test("'thread' goes with 'use' only; other combinations name the file, line and key", () => {
  const text = [
    'cluster: dev',
    'modules:',
    '  ok: { use: contender-standalone, thread: true }',
    '  spawned: { kind: hook, exec: { path: ./x }, thread: true }',
    '  dialed: { kind: hook, endpoint: "host:1", thread: true }',
    '  alone: { thread: true }',
    '  odd: { use: x, thread: yes }',
  ].join('\n');
  let err: unknown;
  try {
    parseConfig(text, { cwd: '/srv', file: '/srv/plateau.yaml' });
  } catch (e) {
    err = e;
  }
  assert.instance(err, ConfigError);
  assert.equal((err as ConfigError).message.split('\n'), [
    "plateau.yaml:4:47 modules.spawned.thread: 'thread' runs a 'use' package in a worker thread; it cannot go with 'exec'",
    "plateau.yaml:5:45 modules.dialed.thread: 'thread' runs a 'use' package in a worker thread; it cannot go with 'endpoint'",
    "plateau.yaml:6:3 modules.alone: needs exactly one of 'use', 'exec' or 'endpoint' ('thread' runs a 'use' package)",
    'plateau.yaml:7:26 modules.odd.thread: must be a boolean (true or false)',
  ]);
  const ok = parseConfig('cluster: dev\nmodules:\n  zk: { use: contender-zk, thread: true, config: { servers: [zk-1:2181] } }\n', { cwd: '/srv', file: '/srv/plateau.yaml' });
  assert.equal(ok.config.modules.zk, { use: 'contender-zk', thread: true, config: { servers: ['zk-1:2181'] } });
});

test.run();
