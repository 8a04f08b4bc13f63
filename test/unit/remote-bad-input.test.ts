import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type ModuleEntry, ModuleHost, spawnModule } from '@plateau/kernel';
import type { FixturePids } from '../fixtures/modules/pids';
import { groupMembers, isAlive } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';
import { captureLogger } from '@plateau/testkit/capture-logger';

// Out-of-process modules given bad input: a garbled handshake, none at all, an exit at start, a
// Describe that disagrees with the config, a config the module's schema refuses, a binary run by
// hand. Each is one coded error saying what and where, and leaves no process behind.

const REPO = path.resolve(__dirname, '../../..');
const FIXTURES = path.resolve(__dirname, '../fixtures/modules');
const CONTENDER_MAIN = path.join(REPO, 'modules/contender-standalone/lib/src/main.js');
const AUTHORIZER_PY = path.join(REPO, 'examples/authorizer-py/main.py');
const ECHO_MAIN = path.join(FIXTURES, 'echo-hook-main.js');
const node = (script: string, env: Record<string, string> = {}) => ({ path: process.execPath, args: [path.join(FIXTURES, script)], env });

async function rejection(p: Promise<unknown>, what: string): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  assert.unreachable(`${what} should have failed`);
  throw new Error('unreachable');
}

/** Waits until neither the fixture nor its grandchild (nor anything else in its group) is alive. */
async function assertGroupGone(pids: FixturePids, what: string): Promise<void> {
  await waitFor(() => !isAlive(pids.pid) && !isAlive(pids.grandchild) && groupMembers(pids.pid).length === 0, {
    timeoutMs: 5000,
    what: `${what}: module pid ${pids.pid} and its grandchild ${pids.grandchild} to be gone`,
  });
}

function readPids(file: string): FixturePids {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as FixturePids;
}

/** Spawns a fixture binary through spawnModule; returns the rejection and the pids it recorded. */
async function spawnFixture(script: string, timeoutMs?: number) {
  const dir = makeTempDir('plateau-spawn-');
  const pidfile = path.join(dir, 'pids.json');
  const { logger } = captureLogger();
  const err = await rejection(
    spawnModule({
      uri: `hook.${script}`,
      exec: node(`${script}.js`, { FIXTURE_PIDFILE: pidfile }),
      apiVersions: ['v1'],
      socketDir: dir,
      log: logger,
      timeoutMs,
    }),
    `spawning ${script}`,
  );
  return { err, pids: readPids(pidfile) };
}

/** The pid the echo fixture announced on stderr, as forwarded into the host log. */
function echoPid(records: Array<Record<string, unknown>>): number {
  const line = records.map((r) => String(r.msg)).find((m) => /plain stderr line from pid \d+/.test(m));
  assert.ok(line, 'the echo fixture announced its pid on stderr');
  return Number(/pid (\d+)/.exec(line!)![1]);
}

/** Starts a host with one spawned echo module configured by `entry`; returns the start error. */
async function startEcho(entry: Partial<ModuleEntry>) {
  const { logger, records } = captureLogger();
  const host = new ModuleHost({
    modules: { echo: { kind: 'hook', exec: { path: process.execPath, args: [ECHO_MAIN] }, config: { prefix: 'p' }, ...entry } },
    workDir: makeTempDir('plateau-remote-'),
    logger,
  });
  try {
    host.load();
    const err = await rejection(host.start(), 'start()');
    const pid = echoPid(records);
    await waitFor(() => !isAlive(pid), { timeoutMs: 5000, what: `echo module pid ${pid} to be gone after the failed start` });
    return err;
  } finally {
    await host.stop(2000);
  }
}

test('a malformed handshake line is PLT_ERR_MODULE_HANDSHAKE quoting the line; the process group is killed', async () => {
  const { err, pids } = await spawnFixture('bad-handshake');
  try {
    assert.is(err.code, 'PLT_ERR_MODULE_HANDSHAKE');
    assert.match(err.message, '"hello from a confused module"');
    assert.match(err.message, 'hook.bad-handshake');
    assert.not.match(err.message, '\n', 'one line');
    await assertGroupGone(pids, 'after a bad handshake');
  } finally {
    for (const pid of [pids.pid, pids.grandchild]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});

test('no handshake line in time is PLT_ERR_MODULE_HANDSHAKE "no handshake line within", with the stderr tail', async () => {
  const { err, pids } = await spawnFixture('silent', 400);
  try {
    assert.is(err.code, 'PLT_ERR_MODULE_HANDSHAKE');
    assert.match(err.message, 'no handshake line within 400 ms');
    assert.match(err.message, 'silent fixture: thinking very hard');
    await assertGroupGone(pids, 'after a handshake timeout');
  } finally {
    for (const pid of [pids.pid, pids.grandchild]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});

test('a module exiting at start is PLT_ERR_MODULE_HANDSHAKE carrying its stderr tail; what it started is killed', async () => {
  const { err, pids } = await spawnFixture('exits-at-start');
  try {
    assert.is(err.code, 'PLT_ERR_MODULE_HANDSHAKE');
    assert.match(err.message, 'exited before its handshake (code 3)');
    assert.match(err.message, 'fatal: cannot open /nonexistent/fixture.db (ENOENT)');
    assert.not.match(err.message, '\n', 'one line');
    await assertGroupGone(pids, 'after an exit at start');
  } finally {
    for (const pid of [pids.pid, pids.grandchild]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});

test('Describe disagreeing with the config (name or kind) is PLT_ERR_MODULE_DESCRIBE; the process is gone', async () => {
  const byName = await startEcho({ name: 'other' });
  assert.is(byName.code, 'PLT_ERR_MODULE_DESCRIBE');
  assert.match(byName.message, 'modules.echo');
  assert.match(byName.message, "name is 'echo', config says 'other'");

  const byKind = await startEcho({ kind: 'authorizer' });
  assert.is(byKind.code, 'PLT_ERR_MODULE_DESCRIBE');
  assert.match(byKind.message, "kind is 'hook', config says 'authorizer'");
});

test("a config violating the remote module's schema is PLT_ERR_MODULE_CONFIG naming modules.<x>.config.<key>", async () => {
  const wrongType = await startEcho({ config: { prefix: 42 } });
  assert.is(wrongType.code, 'PLT_ERR_MODULE_CONFIG');
  assert.match(wrongType.message, 'modules.echo.config.prefix: must be string');

  const unknownKey = await startEcho({ config: { prefix: 'ok', colour: 'blue' } });
  assert.is(unknownKey.code, 'PLT_ERR_MODULE_CONFIG');
  assert.match(unknownKey.message, "modules.echo.config.colour: unknown key 'colour'");
});

test('a module binary run without the cookie says it is a Plateau kernel module and exits 1', () => {
  const env = { ...process.env };
  delete env.PLATEAU_MODULE_COOKIE;
  const runs: Array<[string, string[]]> = [[process.execPath, [CONTENDER_MAIN]]];
  if (fs.existsSync('/usr/bin/python3')) runs.push(['/usr/bin/python3', [AUTHORIZER_PY]]);
  for (const [cmd, args] of runs) {
    const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 20_000 });
    assert.is(r.error, undefined, `${args[0]} ran`);
    assert.is(r.status, 1, `${args[0]} exits 1 (stderr: ${r.stderr})`);
    assert.match(r.stderr, /this binary is a Plateau kernel module/i);
    assert.is(r.stdout, '', 'no handshake line on stdout');
  }
});

test.run();
