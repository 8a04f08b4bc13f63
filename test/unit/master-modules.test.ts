// The master's module chooser: picks by the instance names of `master:`, for each kind the named
// module serves, and refuses with a moduleDependency error naming the config key and the module.
import * as path from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, ModuleHost, type ModuleEntry } from '@plateau/kernel';
import { masterModules } from '@plateau/master';
import { makeTempDir } from '@plateau/testkit/tmp';

const HOST_FIXTURES = path.resolve(__dirname, '../fixtures/modules/host');
const log = pino({ level: 'silent' });

/** A started host with a standalone contender, an authorizer and a hook. */
async function startedHost(extra: Record<string, ModuleEntry> = {}): Promise<ModuleHost> {
  const dir = makeTempDir('plateau-master-modules-');
  const host = new ModuleHost({
    modules: {
      standalone: { use: 'contender-standalone', config: { dir: path.join(dir, 'standalone'), pollMs: 50 } },
      store: { use: path.join(HOST_FIXTURES, 'store') },
      auth: { use: path.join(HOST_FIXTURES, 'auth') },
      ...extra,
    },
    workDir: dir,
    logger: log,
  });
  host.load();
  await host.start();
  return host;
}

function refusal(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  assert.unreachable('masterModules should have refused');
  throw new Error('unreachable');
}

test('master.contender is picked as contender, detector and registry; master.authorizer as authorizer', async () => {
  const host = await startedHost();
  try {
    const m = masterModules(host, { contender: 'standalone', authorizer: 'auth' }, log);
    const standalone = host.instance('standalone');
    assert.ok(m.contender === standalone, 'contender');
    assert.ok(m.detector === standalone, 'detector: the contender module provides it');
    assert.ok(m.registry === standalone, 'registry: the contender module provides it');
    assert.ok(m.authorizer === host.instance('auth'), 'authorizer');
    assert.is(m.authenticator, undefined);
    assert.equal(masterModules(host, undefined, log), { labels: {} }, 'no master: section, no modules (and no labels of picked ones)');
  } finally {
    await host.stop(5000);
  }
});

test('a module that does not serve the kind its key asks for, or is not configured, is refused naming the key and module', async () => {
  const host = await startedHost();
  try {
    let err = refusal(() => masterModules(host, { contender: 'auth' }, log));
    assert.is(err.code, ErrorCodes.moduleDependency);
    assert.match(err.message, /^master\.contender: module auth \(authorizer\.auth\) does not serve the contender kind/);

    err = refusal(() => masterModules(host, { contender: 'standalone', authenticator: 'store' }, log));
    assert.is(err.code, ErrorCodes.moduleDependency);
    assert.match(err.message, /^master\.authenticator: module store \(hook\.store\) does not serve the authenticator kind/);

    err = refusal(() => masterModules(host, { contender: 'standalone', authorizer: 'standalone' }, log));
    assert.match(err.message, /^master\.authorizer: module standalone \(contender\.standalone\) does not serve the authorizer kind/);

    err = refusal(() => masterModules(host, { contender: 'nowhere' }, log));
    assert.is(err.code, ErrorCodes.moduleDependency);
    assert.match(err.message, /^master\.contender: no module instance 'nowhere' under modules:/);
  } finally {
    await host.stop(5000);
  }
});

test('a configured module that does not run is refused, not silently left out', async () => {
  const host = await startedHost({ skipped: { use: path.join(HOST_FIXTURES, 'skipper') } });
  try {
    const state = host.list().find((r) => r.instance === 'skipped')?.state;
    assert.is(state, 'skipped');
    const err = refusal(() => masterModules(host, { contender: 'standalone', authorizer: 'skipped' }, log));
    assert.is(err.code, ErrorCodes.moduleDependency);
    assert.match(err.message, /^master\.authorizer: module 'skipped' is not running \(skipped/);
  } finally {
    await host.stop(5000);
  }
});

test('master.hooks are picked in order as named hooks; a skipped hook is left out with a warning; a non-hook is refused', async () => {
  const host = await startedHost({ skipped: { use: path.join(HOST_FIXTURES, 'skipper') } });
  const warnings: unknown[][] = [];
  const spy = Object.assign(Object.create(log), { warn: (...args: unknown[]) => void warnings.push(args) });
  try {
    const m = masterModules(host, { contender: 'standalone', hooks: ['skipped', 'store'] }, spy);
    assert.equal(m.hooks?.map((h) => h.label), ['store (hook.store)']);
    assert.ok(m.hooks?.[0]?.module === host.instance('store'));
    assert.is(warnings.length, 1);
    assert.match(String(warnings[0]![1]), /hook skipped skipped on this machine/);
    assert.is(masterModules(host, { contender: 'standalone' }, log).hooks, undefined);
    const err = refusal(() => masterModules(host, { hooks: ['auth'] }, log));
    assert.is(err.code, ErrorCodes.moduleDependency);
    assert.match(err.message, /^master\.hooks\[auth\]: module auth \(authorizer\.auth\) does not serve the hook kind/);
  } finally {
    await host.stop(5000);
  }
});

test.run();
