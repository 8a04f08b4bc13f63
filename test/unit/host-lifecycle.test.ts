import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asInjection, type HostOptions, type ModuleEntry, ModuleHost, Tokens } from '@plateau/kernel';
import { events, resetEvents, seenCtx, seenDeps } from '../fixtures/modules/host/events';
import { isAlive } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';
import { captureLogger } from '@plateau/testkit/capture-logger';

// The module host: dependency order, cycles, missing dependencies, SkipModule, failure clean-up,
// per-module containers and directories, injected kernel services, unknown modules.

const HOST_FIXTURES = path.resolve(__dirname, '../fixtures/modules/host');
const ECHO_MAIN = path.resolve(__dirname, '../fixtures/modules/echo-hook-main.js');

const use = (fixture: string, extra: Partial<ModuleEntry> = {}): ModuleEntry => ({ use: path.join(HOST_FIXTURES, fixture), ...extra });

function newHost(modules: Record<string, ModuleEntry>, extra: Partial<HostOptions> = {}): ModuleHost {
  resetEvents();
  return new ModuleHost({ modules, workDir: makeTempDir('plateau-host-'), logger: pino({ level: 'silent' }), ...extra });
}

/** Runs `fn`, which must throw or reject; returns the error. */
async function rejection(fn: () => unknown, what: string): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  assert.unreachable(`${what} should have failed`);
  throw new Error('unreachable');
}

const stateOf = (host: ModuleHost, instance: string) => host.list().find((r) => r.instance === instance);

test('start follows moduleRef and kindRef dependencies whatever the declaration order; stop is the reverse', async () => {
  // api needs store (moduleRef) and every authorizer (kindRef); auth needs store.
  const host = newHost({ api: use('api'), auth: use('auth'), store: use('store') });
  try {
    host.load();
    assert.equal(host.order().map((h) => h.instance), ['store', 'auth', 'api']);
    await host.start();
    assert.equal(events, ['create:store', 'start:store', 'create:auth', 'start:auth', 'create:api', 'start:api']);
    const apiDeps = seenDeps.get('api')!;
    assert.ok(apiDeps.store === host.instance('store'), 'api.deps.store is the running hook.store instance');
    assert.ok(Array.isArray(apiDeps.authorizers), 'a kindRef resolves to an array');
    assert.equal((apiDeps.authorizers as unknown[]).length, 1);
    assert.ok((apiDeps.authorizers as unknown[])[0] === host.instance('auth'), 'kindRef(authorizer) holds authorizer.auth');
    assert.ok(seenDeps.get('auth')!.store === host.instance('store'), 'auth.deps.store is hook.store');
    for (const r of host.list()) assert.is(r.state, 'running', `${r.instance} runs`);

    events.length = 0;
    await host.stop(5000);
    assert.equal(events, ['stop:api', 'stop:auth', 'stop:store']);
    for (const r of host.list()) assert.is(r.state, 'stopped', `${r.instance} stopped`);
  } finally {
    await host.stop(2000);
  }
});

test('a dependency cycle is PLT_ERR_MODULE_CYCLE naming the cycle, and nothing is created', async () => {
  const host = newHost({ a: use('cycle-a'), b: use('cycle-b') });
  try {
    host.load();
    const err = await rejection(() => host.order(), 'order() of a cycle');
    assert.is(err.code, 'PLT_ERR_MODULE_CYCLE');
    assert.match(err.message, 'a → b → a');
    const startErr = await rejection(() => host.start(), 'start() of a cycle');
    assert.is(startErr.code, 'PLT_ERR_MODULE_CYCLE');
    assert.equal(events, [], 'no module was created');
  } finally {
    await host.stop(2000);
  }
});

test('a missing dependency is PLT_ERR_MODULE_DEPENDENCY naming the module, the ref and the key', async () => {
  const host = newHost({ solo: use('lonely'), store: use('store') });
  try {
    host.load();
    const err = await rejection(() => host.start(), 'start() with a missing dependency');
    assert.is(err.code, 'PLT_ERR_MODULE_DEPENDENCY');
    assert.match(err.message, 'modules.solo');
    assert.match(err.message, 'deps.partner');
    assert.match(err.message, 'hook.absent');
    assert.equal(events, [], 'no module was created');
  } finally {
    await host.stop(2000);
  }
});

test('SkipModule skips the module (state skipped, detail = reason) and the others run', async () => {
  const host = newHost({ store: use('store'), skipper: use('skipper') });
  try {
    host.load();
    await host.start();
    const row = stateOf(host, 'skipper')!;
    assert.is(row.state, 'skipped');
    assert.is(row.detail, 'no widget device on this host');
    assert.is(stateOf(host, 'store')!.state, 'running');
    assert.is(host.instance('skipper'), undefined, 'a skipped module has no instance');
    const health = await host.health();
    assert.ok(health.every((h) => h.ok), `a skip is not a health failure: ${JSON.stringify(health)}`);
  } finally {
    await host.stop(2000);
  }
});

test('SkipModule of a required module fails the start naming the module, and stops what started', async () => {
  const host = newHost({ store: use('store'), skipper: use('skipper', { required: true }) });
  try {
    host.load();
    const err = await rejection(() => host.start(), 'start() with a required module that skips');
    assert.is(err.code, 'PLT_ERR_MODULE_START');
    assert.match(err.message, 'modules.skipper');
    assert.match(err.message, 'required');
    assert.match(err.message, 'no widget device on this host');
    assert.equal(events, ['create:store', 'start:store', 'create:skipper', 'stop:store']);
    assert.is(stateOf(host, 'store')!.state, 'stopped');
  } finally {
    await host.stop(2000);
  }
});

test('a module whose create throws fails the start and leaves nothing running', async () => {
  const host = newHost({ store: use('store'), broken: use('broken') });
  try {
    host.load();
    const err = await rejection(() => host.start(), 'start() with a module whose create throws');
    assert.is(err.code, 'PLT_ERR_MODULE_START');
    assert.match(err.message, 'modules.broken');
    assert.match(err.message, 'disk on fire');
    assert.equal(events, ['create:store', 'start:store', 'create:broken', 'stop:store']);
    assert.is(stateOf(host, 'store')!.state, 'stopped');
    assert.is(stateOf(host, 'broken')!.state, 'failed');
  } finally {
    await host.stop(2000);
  }
});

test('a module whose create throws after a spawned module started: the spawned process is gone', async () => {
  const { logger, records } = captureLogger('info');
  const host = newHost(
    {
      echo: { kind: 'hook', exec: { path: process.execPath, args: [ECHO_MAIN] }, config: { prefix: 'x' } },
      broken: use('broken'),
    },
    { logger },
  );
  try {
    host.load();
    const err = await rejection(() => host.start(), 'start() with a failing module after a spawned one');
    assert.is(err.code, 'PLT_ERR_MODULE_START');
    assert.match(err.message, 'modules.broken');
    // The echo fixture says its pid on stderr; the host forwards that line into its log.
    const line = records.map((r) => String(r.msg)).find((m) => /plain stderr line from pid \d+/.test(m));
    assert.ok(line, `the echo fixture's stderr line is in the host log: ${JSON.stringify(records.map((r) => r.msg))}`);
    const pid = Number(/pid (\d+)/.exec(line!)![1]);
    await waitFor(() => !isAlive(pid), { timeoutMs: 5000, what: `spawned module pid ${pid} to be gone after the failed start` });
    assert.is(stateOf(host, 'echo')!.state, 'stopped');
  } finally {
    await host.stop(2000);
  }
});

test('each module gets its own child container and dirs; logger, metrics, clock and config are injected', async () => {
  const metrics = new Registry();
  const clock = { now: () => 1_234_567 };
  const { logger } = captureLogger('info');
  const workDir = makeTempDir('plateau-host-');
  const host = newHost(
    { store: use('store'), auth: use('auth'), api: use('api') },
    { workDir, logger, metrics, clock, config: { cluster: 'unit', marker: 42 } },
  );
  try {
    host.load();
    await host.start();
    const deps = seenDeps.get('store')!;
    assert.ok(deps.metrics === metrics, 'Tokens.metrics is the host registry');
    assert.ok(deps.clock === clock, 'Tokens.clock is the host clock');
    assert.is((deps.clock as typeof clock).now(), 1_234_567);
    const config = deps.config as Record<string, unknown>;
    assert.is(config.cluster, 'unit');
    assert.is(config.marker, 42);
    assert.ok(Object.isFrozen(config), 'Tokens.config is read-only');
    const log = deps.log as pino.Logger;
    assert.is(typeof log.info, 'function');
    assert.equal(log.bindings(), { module: 'hook.store', instance: 'store' }, 'the injected logger is tagged with the module');

    const storeDirs = { state: path.join(workDir, 'modules', 'store', 'state'), run: path.join(workDir, 'modules', 'store', 'run') };
    assert.equal(deps.dirs, storeDirs, 'Tokens.dirs is resolved from the module own container');
    assert.equal(seenCtx.get('store')!.dirs, storeDirs);
    const authDirs = seenCtx.get('auth')!.dirs;
    assert.equal(authDirs, { state: path.join(workDir, 'modules', 'auth', 'state'), run: path.join(workDir, 'modules', 'auth', 'run') });
    for (const d of [...Object.values(storeDirs), ...Object.values(authDirs)]) assert.ok(fs.statSync(d).isDirectory(), `${d} exists`);
    // Tokens.dirs lives only in each module's child container, never in the host's.
    assert.not.ok(host.container.isRegistered(asInjection(Tokens.dirs), true), 'the host container has no Tokens.dirs');
  } finally {
    await host.stop(2000);
  }
});

test('an unknown use: module or kind is PLT_ERR_MODULE_UNKNOWN naming the entry', () => {
  for (const [entry, key, says] of [
    [{ use: 'no-such-module-anywhere' }, 'modules.ghost.use', "unknown module 'no-such-module-anywhere'"],
    [{ use: './not/here' }, 'modules.ghost.use', "unknown module './not/here'"],
    [{ kind: 'gizmo', exec: { path: '/bin/true' } }, 'modules.ghost.kind', "unknown kind 'gizmo'"],
  ] as const) {
    const host = newHost({ ghost: entry as ModuleEntry }, { configFile: path.join(HOST_FIXTURES, 'plateau.yaml') });
    let err: (Error & { code?: string }) | undefined;
    try {
      host.load();
    } catch (e) {
      err = e as Error & { code?: string };
    }
    assert.ok(err, `load() of ${JSON.stringify(entry)} should fail`);
    assert.is(err!.code, 'PLT_ERR_MODULE_UNKNOWN', JSON.stringify(entry));
    assert.match(err!.message, key);
    assert.match(err!.message, says);
  }
});

test.run();
