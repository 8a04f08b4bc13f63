import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ConfigError,
  configJsonSchema,
  configJsonSchemaText,
  loadConfig,
  parseConfig,
  SCHEMA_FILE,
  validateModuleConfigs,
  type ConfigProblem,
} from '@plateau/kernel';

const TEST_DIR = path.resolve(__dirname, '../..');
const REPO = path.resolve(TEST_DIR, '..');

/** Runs `fn`, which must throw a ConfigError, and returns that error. */
async function configError(fn: () => unknown): Promise<ConfigError> {
  try {
    await fn();
  } catch (e) {
    assert.instance(e, ConfigError);
    const err = e as ConfigError;
    assert.is(err.code, 'PLT_ERR_CONFIG');
    return err;
  }
  assert.unreachable('expected a ConfigError');
  throw new Error('unreachable');
}

function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-config-'));
  return fn(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

const SCHEMA_FREE = { cwd: '/srv', file: '/srv/plateau.yaml' };

test('a config with five distinct errors reports exactly those five, each located', async () => {
  const err = await configError(() => loadConfig({ file: 'fixtures/config/five-errors.yaml', cwd: TEST_DIR, env: {} }));
  const file = 'fixtures/config/five-errors.yaml';
  const expected: ConfigProblem[] = [
    { file, line: 2, col: 11, path: 'logLevel', message: 'must be one of: trace, debug, info, warn, error, fatal' },
    { file, line: 6, col: 3, path: 'master.colour', message: "unknown key 'colour'" },
    { file, line: 7, col: 1, path: 'agent', message: "is required: 'listen'" },
    { file, line: 9, col: 22, path: 'agent.isolation[1]', message: "unknown module 'nope' (defined: standalone, posix)" },
    { file, line: 12, col: 70, path: 'modules.posix.exec.args', message: 'must be an array' },
  ];
  assert.equal(err.problems, expected);
  assert.is(
    err.message,
    [
      `${file}:2:11 logLevel: must be one of: trace, debug, info, warn, error, fatal`,
      `${file}:6:3 master.colour: unknown key 'colour'`,
      `${file}:7:1 agent: is required: 'listen'`,
      `${file}:9:22 agent.isolation[1]: unknown module 'nope' (defined: standalone, posix)`,
      `${file}:12:70 modules.posix.exec.args: must be an array`,
    ].join('\n'),
  );
});

test('${VAR} and ${VAR:-default} are interpolated; unquoted numbers stay numbers', () => {
  const text = [
    'cluster: ${CLUSTER}',
    'master:',
    '  listen: ${HOST:-127.0.0.1}:${PORT}',
    '  contender: zk',
    '  allocator:',
    '    intervalMs: ${INTERVAL}',
    'modules:',
    '  zk:',
    '    use: contender-zk',
    '    config:',
    '      prefix: "/${CLUSTER}/$${literal}"',
    '      port: "${PORT}"',
    '      empty: ${EMPTY:-fallback}',
  ].join('\n');
  const loaded = parseConfig(text, { ...SCHEMA_FREE, env: { CLUSTER: 'eu', PORT: '5050', INTERVAL: '250', EMPTY: '' } });
  assert.is(loaded.config.cluster, 'eu');
  assert.is(loaded.config.master?.listen, '127.0.0.1:5050');
  assert.is(loaded.config.master?.allocator?.intervalMs, 250);
  assert.equal(loaded.config.modules.zk?.config, { prefix: '/eu/${literal}', port: '5050', empty: 'fallback' });
  assert.is(loaded.config.workDir, './.plateau');
});

test('an unset variable without a default is an error at the reference', async () => {
  const text = [
    'cluster: dev',
    'modules:',
    '  ldap:',
    '    kind: authenticator',
    '    endpoint: "unix://${PLATEAU_RUN_DIR}/authn-ldap.sock"',
    '  other: { use: "${A:-ok} ${MISSING_TOO}" }',
  ].join('\n');
  const err = await configError(() => parseConfig(text, { ...SCHEMA_FREE, env: {} }));
  assert.equal(
    err.problems.map((p) => `${p.line}:${p.col} ${p.path}`),
    ['5:23 modules.ldap.endpoint', '6:27 modules.other.use'],
  );
  assert.match(err.problems[0]!.message, "environment variable 'PLATEAU_RUN_DIR' is not set");
  assert.match(err.message, "plateau.yaml:6:27 modules.other.use: environment variable 'MISSING_TOO' is not set");
  // The value still holding ${...} is not reported again as a bad endpoint.
  assert.is(err.problems.length, 2);
});

test('YAML syntax errors carry their position', async () => {
  const err = await configError(() => loadConfig({ file: 'fixtures/config/syntax-error.yaml', cwd: TEST_DIR }));
  assert.ok(err.problems.length >= 1);
  assert.equal(
    { ...err.problems[0]!, message: '' },
    { file: 'fixtures/config/syntax-error.yaml', line: 3, col: 11, path: '', message: '' },
  );
  assert.match(err.message, /^fixtures\/config\/syntax-error\.yaml:3:11 Nested mappings/);

  const tabs = await configError(() => parseConfig('cluster: a\nmaster:\n\tlisten: x\n', SCHEMA_FREE));
  assert.equal(tabs.problems.map((p) => [p.line, p.col]), [[3, 1]]);
  assert.match(tabs.message, 'plateau.yaml:3:1 Tabs are not allowed');
});

test('references to undefined modules, or modules of the wrong kind, are errors at the reference', async () => {
  const text = [
    'cluster: dev',
    'master: { listen: "0.0.0.0:5050", contender: zk, hooks: [audit] }',
    'agent:',
    '  listen: 0.0.0.0:5051',
    '  launcher: runc',
    '  isolation: [audit]',
    'modules:',
    '  zk1: { use: contender-zk }',
    '  audit: { kind: hook, exec: { path: python3, args: [audit.py] } }',
  ].join('\n');
  const err = await configError(() => parseConfig(text, SCHEMA_FREE));
  assert.equal(
    err.message.split('\n'),
    [
      "plateau.yaml:2:46 master.contender: unknown module 'zk' (did you mean 'zk1'?)",
      "plateau.yaml:5:13 agent.launcher: unknown module 'runc' (defined: zk1, audit)",
      "plateau.yaml:6:15 agent.isolation[0]: module 'audit' is a hook; agent.isolation needs an isolator",
    ],
  );
});

test('a module entry needs exactly one of use, exec or endpoint', async () => {
  const text = [
    'cluster: dev',
    'modules:',
    '  none: { config: {} }',
    '  both: { use: x, endpoint: "host:1" }',
    '  exec-no-kind: { exec: { path: ./x } }',
    '  use-with-kind: { use: x, kind: hook }',
    '  Bad: { use: x }',
  ].join('\n');
  const err = await configError(() => parseConfig(text, SCHEMA_FREE));
  assert.equal(err.message.split('\n'), [
    "plateau.yaml:3:3 modules.none: needs exactly one of 'use', 'exec' or 'endpoint'",
    "plateau.yaml:4:3 modules.both: needs exactly one of 'use', 'exec' or 'endpoint' (it has 'use' and 'endpoint')",
    "plateau.yaml:5:3 modules.exec-no-kind: is required: 'kind'",
    "plateau.yaml:6:28 modules.use-with-kind.kind: unknown key 'kind'",
    "plateau.yaml:7:3 modules.Bad: name 'Bad' must start with a lowercase letter and hold only lowercase letters, digits and -",
  ]);
});

test('module config is validated against its schema, defaults applied, errors in the YAML', async () => {
  const text = [
    'cluster: dev',
    'master:',
    '  listen: 0.0.0.0:5050',
    '  contender: zk',
    'modules:',
    '  zk:',
    '    use: contender-zk',
    '    config:',
    '      servers: zk-1:2181',
    '      sesionTimeoutMs: 10',
    '  etcd:',
    '    use: contender-etcd',
    '  plain: { use: ./in-house/plain, config: { a: 1 } }',
    '  ok: { use: contender-standalone, config: { dir: /x } }',
  ].join('\n');
  const loaded = parseConfig(text, { cwd: '/srv', file: '/srv/config/dev.yaml' });
  assert.is(loaded.displayFile, 'config/dev.yaml');
  const zkSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['servers'],
    properties: {
      servers: { type: 'array', items: { type: 'string' } },
      sessionTimeoutMs: { type: 'integer', default: 10000 },
    },
  };
  const etcdSchema = { type: 'object', required: ['endpoints'], properties: { endpoints: { type: 'array' } } };
  const okSchema = { type: 'object', properties: { dir: { type: 'string' }, fsync: { type: 'boolean', default: true } } };
  // 'plain' is in-process without a schema (present, undefined); instances absent from the map are
  // out-of-process modules, whose schema comes from Describe at start.
  const schemas = new Map<string, object | undefined>([['zk', zkSchema], ['etcd', etcdSchema], ['ok', okSchema], ['plain', undefined]]);
  const err = await configError(() => validateModuleConfigs(loaded, schemas));
  assert.equal(err.message.split('\n'), [
    'config/dev.yaml:9:16 modules.zk.config.servers: must be an array',
    "config/dev.yaml:10:7 modules.zk.config.sesionTimeoutMs: unknown key 'sesionTimeoutMs' (did you mean 'sessionTimeoutMs'?)",
    "config/dev.yaml:11:3 modules.etcd.config: is required: 'endpoints'",
    "config/dev.yaml:13:35 modules.plain.config: module 'plain' takes no config (it declares no config schema)",
  ]);

  const good = parseConfig(
    'cluster: dev\nmodules:\n  zk: { use: contender-zk, config: { servers: [zk-1:2181] } }\n  ok: { use: contender-standalone }\n',
    SCHEMA_FREE,
  );
  const configs = validateModuleConfigs(good, schemas);
  assert.equal(configs.get('zk'), { servers: ['zk-1:2181'], sessionTimeoutMs: 10000 });
  assert.equal(configs.get('ok'), { fsync: true });
  assert.equal(good.config.modules.zk?.config, { servers: ['zk-1:2181'], sessionTimeoutMs: 10000 });
});

test('x- keys hold YAML anchors; merges resolve, with positions, and aliased configs are not shared', () => {
  const text = [
    'cluster: dev',
    'x-zk: &zk',
    '  use: contender-zk',
    '  config: { servers: [zk-1:2181] }',
    'modules:',
    '  zk:',
    '    <<: *zk',
    '    required: true',
    '  zk-copy: *zk',
  ].join('\n');
  const loaded = parseConfig(text, SCHEMA_FREE);
  assert.equal(Object.keys(loaded.config), ['cluster', 'modules', 'workDir']);
  assert.equal(loaded.positionOf(['modules', 'zk', 'config', 'servers', 0]), { line: 4, col: 23 });
  assert.equal(loaded.positionOf(['modules', 'zk', 'required']), { line: 8, col: 15 });
  const withDefault = { type: 'object', properties: { sessionTimeoutMs: { type: 'integer', default: 10000 } } };
  const configs = validateModuleConfigs(loaded, new Map<string, object>([['zk', withDefault], ['zk-copy', { type: 'object' }]]));
  assert.equal(configs.get('zk'), { servers: ['zk-1:2181'], sessionTimeoutMs: 10000 });
  assert.equal(configs.get('zk-copy'), { servers: ['zk-1:2181'] });
});

test('cosmiconfig finds plateau.yaml in the working directory', () =>
  inTempDir(async (dir) => {
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    const missing = await configError(() => loadConfig({ cwd: dir }));
    assert.match(missing.message, /^plateau\.yaml not found in /);

    fs.writeFileSync(path.join(dir, 'plateau.yaml'), 'cluster: tmp\nworkDir: ${WD:-/var/plateau}\n');
    const loaded = await loadConfig({ cwd: dir, env: {} });
    assert.is(loaded.file, path.join(dir, 'plateau.yaml'));
    assert.is(loaded.displayFile, 'plateau.yaml');
    assert.equal(loaded.config, { cluster: 'tmp', workDir: '/var/plateau', modules: {} });
    assert.equal(loaded.positionOf(['workDir']), { line: 2, col: 10 });
    assert.equal(loaded.positionOf(['workDir'], 'key'), { line: 2, col: 1 });

    const sub = path.join(dir, 'sub');
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, '.plateaurc.yaml'), 'cluster: [not, a, string]\n');
    const err = await configError(() => loadConfig({ cwd: sub }));
    assert.is(err.message, '.plateaurc.yaml:1:10 cluster: must be a string');
  }));

test('an explicit file is shown as given, and a missing one is an error', async () => {
  const err = await configError(() => loadConfig({ file: 'fixtures/config/nope.yaml', cwd: TEST_DIR }));
  assert.is(err.message, 'fixtures/config/nope.yaml cannot read the config: no such file');
});

test('a dev.yaml-like config passes, with defaults applied', async () => {
  const loaded = await loadConfig({ file: 'fixtures/config/dev.yaml', cwd: TEST_DIR, env: {} });
  const { config } = loaded;
  assert.is(config.cluster, 'dev');
  assert.is(config.workDir, './.plateau');
  assert.equal(config.agent?.isolation, ['cgroups', 'linux']);
  assert.equal(config.agent?.attributes, { rack: 'r1', zone: 3 });
  assert.equal(config.modules.labels, { kind: 'hook', exec: { path: 'python3', args: ['hooks.py'], env: { MODE: 'labels' } } });
  assert.equal(loaded.positionOf(['modules', 'labels', 'exec', 'args', 0]), { line: 24, col: 55 });
  const problem = loaded.problemAt(['modules', 'posix', 'use'], "no module 'launcher-posix' is installed");
  assert.is(
    `${problem.file}:${problem.line}:${problem.col} ${problem.path}: ${problem.message}`,
    "fixtures/config/dev.yaml:23:17 modules.posix.use: no module 'launcher-posix' is installed",
  );
});

test('config/schema.json is the generated top-level schema', () => {
  assert.is(SCHEMA_FILE, path.join(REPO, 'config', 'schema.json'));
  const onDisk = fs.readFileSync(SCHEMA_FILE, 'utf8');
  assert.is(onDisk, configJsonSchemaText(), 'config/schema.json is stale: run node kernel/lib/config/schema-file.js');
  assert.equal(JSON.parse(onDisk), configJsonSchema());
});

test.run();
