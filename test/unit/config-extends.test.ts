// `extends:` in a config file: the base's settings deep-merged under the file's (RFC 7386: maps
// merge, lists and scalars replace, null removes), bases resolved relative to the file that names
// them, and every problem reported in the file, line and key where the bad value was written.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, loadConfig, validateModuleConfigs } from '@plateau/kernel';

const REPO = path.resolve(__dirname, '../../..');

async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-extends-'));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function write(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function problemsOf(fn: () => Promise<unknown>): Promise<string[]> {
  try {
    await fn();
  } catch (e) {
    assert.instance(e, ConfigError, String(e));
    return (e as ConfigError).message.split('\n');
  }
  assert.unreachable('expected a ConfigError');
  return [];
}

const BASE = [
  'cluster: base',
  'workDir: /var/lib/plateau',
  'master:',
  '  listen: 127.0.0.1:5050',
  '  contender: standalone',
  'agent:',
  '  listen: 127.0.0.1:5051',
  '  detector: standalone',
  '  isolation: [a, b]',
  'modules:',
  '  standalone: { use: contender-standalone }',
  '  a: { use: isolator-a }',
  '  b: { use: isolator-b }',
];

test('a file extends its base (relative to itself): merged, null removes a module, lists replace', async () => {
  await inTempDir(async (dir) => {
    write(dir, 'shared/base.yaml', BASE);
    const child = write(dir, 'site/zk.yaml', [
      'extends: ../shared/base.yaml',
      'master:',
      '  contender: zk',
      'agent:',
      '  detector: zk',
      '  isolation: [b]',
      'modules:',
      '  standalone: null',
      '  a: null',
      '  zk: { use: contender-zk, config: { servers: ["127.0.0.1:2181"] } }',
    ]);
    const loaded = await loadConfig({ file: child, cwd: dir });
    const c = loaded.config;
    assert.is(c.cluster, 'base');
    assert.is(c.workDir, '/var/lib/plateau');
    assert.equal(c.master, { listen: '127.0.0.1:5050', contender: 'zk' });
    assert.equal(c.agent?.isolation, ['b']);
    assert.is(c.agent?.listen, '127.0.0.1:5051');
    assert.equal(Object.keys(c.modules).sort(), ['b', 'zk']);
    assert.not.ok('extends' in c, 'extends is not part of the loaded config');
    assert.equal(loaded.bases, ['shared/base.yaml']);
    // Positions come from the file that wrote the value.
    assert.equal(loaded.problemAt(['master', 'listen'], 'x'), { file: 'shared/base.yaml', line: 4, col: 11, path: 'master.listen', message: 'x' });
    assert.equal(loaded.problemAt(['master', 'contender'], 'x').file, 'site/zk.yaml');
    assert.equal(loaded.problemAt(['modules', 'zk', 'config', 'servers', 0], 'x'), { file: 'site/zk.yaml', line: 10, col: 48, path: 'modules.zk.config.servers[0]', message: 'x' });
  });
});

test('problems name the file, line and key of the layer that wrote the bad value', async () => {
  await inTempDir(async (dir) => {
    write(dir, 'base.yaml', [...BASE, '  broken: { use: x, exec: y }']);
    const child = write(dir, 'child.yaml', ['extends: base.yaml', 'logLevel: loud', 'agent:', '  detector: nowhere', '  isolation: [c]']);
    const problems = await problemsOf(() => loadConfig({ file: child, cwd: dir }));
    assert.equal(problems, [
      "base.yaml:14:3 modules.broken: needs exactly one of 'use', 'exec' or 'endpoint' (it has 'use' and 'exec')",
      'child.yaml:2:11 logLevel: must be one of: trace, debug, info, warn, error, fatal',
      "child.yaml:4:13 agent.detector: unknown module 'nowhere' (defined: standalone, a, b, broken)",
      "child.yaml:5:15 agent.isolation[0]: unknown module 'c' (did you mean 'a'?)",
    ].sort());
  });
});

test('module configs checked later are located in the layer that holds them', async () => {
  await inTempDir(async (dir) => {
    write(dir, 'base.yaml', [...BASE.slice(0, -1), '  b: { use: isolator-b, config: { size: big } }']);
    const child = write(dir, 'child.yaml', ['extends: base.yaml', 'cluster: child']);
    const loaded = await loadConfig({ file: child, cwd: dir });
    const schema = { type: 'object', additionalProperties: false, properties: { size: { type: 'integer' } } };
    const problems = await problemsOf(async () => validateModuleConfigs(loaded, new Map([['b', schema]])));
    assert.equal(problems, ['base.yaml:13:41 modules.b.config.size: must be an integer']);
  });
});

test('a bad extends: not a string, no such file, a cycle, a syntax error in the base', async () => {
  await inTempDir(async (dir) => {
    const notString = write(dir, 'a.yaml', ['cluster: a', 'extends: [x]']);
    assert.equal(await problemsOf(() => loadConfig({ file: notString, cwd: dir })), ['a.yaml:2:10 extends: must be the name of a config file (relative to this file), e.g. extends: dev.yaml']);

    const missing = write(dir, 'b.yaml', ['extends: nothere.yaml']);
    assert.equal(await problemsOf(() => loadConfig({ file: missing, cwd: dir })), [`b.yaml:1:10 extends: cannot read 'nothere.yaml' (nothere.yaml): no such file`]);

    write(dir, 'c.yaml', ['extends: d.yaml']);
    const cyc = write(dir, 'd.yaml', ['extends: c.yaml']);
    assert.equal(await problemsOf(() => loadConfig({ file: cyc, cwd: dir })), [`c.yaml:1:10 extends: 'd.yaml' closes a cycle: d.yaml → c.yaml → d.yaml (a file cannot extend itself)`]);

    write(dir, 'bad.yaml', ['cluster: [unclosed']);
    const onBad = write(dir, 'e.yaml', ['extends: bad.yaml']);
    const syntax = await problemsOf(() => loadConfig({ file: onBad, cwd: dir }));
    assert.ok(syntax.length > 0 && syntax.every((l) => l.startsWith('bad.yaml:')), syntax.join('\n'));

    const unset = write(dir, 'f.yaml', ['extends: ${NO_SUCH_BASE}']);
    assert.equal(await problemsOf(() => loadConfig({ file: unset, cwd: dir, env: {} })), ["f.yaml:1:10 extends: environment variable 'NO_SUCH_BASE' is not set (write ${NO_SUCH_BASE:-default} to give a default)"]);
  });
});

test('file paths a base wrote relative to itself keep naming its files; the top file\'s stay as written', async () => {
  await inTempDir(async (dir) => {
    write(dir, 'shared/base.yaml', [
      'cluster: base',
      'master: { listen: 127.0.0.1:5050, contender: standalone, tls: { cert: tls/m.pem, key: tls/m-key.pem }, agentCa: /etc/ca.pem }',
      'modules:',
      '  standalone: { use: contender-standalone }',
      '  quota: { use: ./in-house/quota }',
      '  remote: { endpoint: "127.0.0.1:7000", kind: hook, tls: { ca: ca.pem } }',
    ]);
    const child = write(dir, 'site/child.yaml', ['extends: ../shared/base.yaml', 'agent: { listen: 127.0.0.1:5051, masterCa: own-ca.pem }', 'modules:', '  mine: { use: ./mine }']);
    const c = (await loadConfig({ file: child, cwd: dir })).config as any;
    const shared = path.join(dir, 'shared');
    assert.equal(c.master.tls, { cert: path.join(shared, 'tls/m.pem'), key: path.join(shared, 'tls/m-key.pem') });
    assert.is(c.master.agentCa, '/etc/ca.pem', 'absolute stays');
    assert.is(c.modules.quota.use, path.join(shared, 'in-house/quota'));
    assert.is(c.modules.remote.tls.ca, path.join(shared, 'ca.pem'));
    assert.is(c.modules.standalone.use, 'contender-standalone', 'a package name is not a path');
    assert.is(c.modules.mine.use, './mine', "the top file's own paths are taken from its directory, as without extends");
    assert.is(c.agent.masterCa, 'own-ca.pem');
  });
});

test('extends may come from a variable', async () => {
  await inTempDir(async (dir) => {
    write(dir, 'base.yaml', BASE);
    const child = write(dir, 'child.yaml', ['extends: ${BASE:-base.yaml}', 'cluster: child']);
    assert.is((await loadConfig({ file: child, cwd: dir, env: {} })).config.master?.contender, 'standalone');
  });
});

test('every config in config/ loads', async () => {
  const env = { ...process.env, PLATEAU_SECURE_DIR: '/nonexistent-secure' };
  const files = fs.readdirSync(path.join(REPO, 'config')).filter((f) => f.endsWith('.yaml') && f !== 'secure-acls.yaml');
  assert.ok(files.length >= 4, files.join(', '));
  for (const f of files) {
    const loaded = await loadConfig({ file: path.join('config', f), cwd: REPO, env });
    const c = loaded.config;
    assert.ok(c.master?.contender && c.agent?.launcher, `${f}: a master with a contender, an agent with a launcher`);
  }
});

test.run();
