// The static hooks: config validation and defaults, and how stamps merge with what the request has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateWithSchema } from '@plateau/kernel';
import definition, { type Hooks, HooksConfigSchema, type HooksConfig } from '../src/index';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  kernel: { kind: string; name: string; conformance: { config: unknown } };
};

/** Validates `config` as the kernel would (defaults filled in), then creates the module in-process. */
async function open(config: unknown): Promise<Hooks> {
  const copy = structuredClone(config) as HooksConfig;
  assert.equal(validateWithSchema(HooksConfigSchema, copy), [], 'config is valid');
  return definition.create({ config: copy, deps: {} as never, dirs: { state: '', run: '' }, log: pino({ level: 'silent' }), apiVersion: 'v1' });
}

const paths = (c: unknown) => validateWithSchema(HooksConfigSchema, structuredClone(c)).map((p) => p.path);

test('package.json names the module the definition is, and its conformance config is valid', () => {
  assert.is(pkg.kernel.kind, definition.kind);
  assert.is(pkg.kernel.name, definition.name);
  assert.equal(validateWithSchema(HooksConfigSchema, structuredClone(pkg.kernel.conformance.config)), []);
});

test('config: something must be configured; unknown keys, bad names and bad values are refused', () => {
  assert.ok(validateWithSchema(HooksConfigSchema, {}).length > 0, 'an empty config is refused');
  assert.ok(paths({ colour: 'red' }).includes('colour'));
  assert.ok(paths({ labels: { n: 42 } }).includes('labels.n'));
  assert.ok(paths({ pointLabels: { agentPreLaunch: { a: 'b' } } }).includes('pointLabels.agentPreLaunch'));
  assert.ok(validateWithSchema(HooksConfigSchema, { environment: { 'BAD-NAME': 'x' } }).length > 0);
  assert.ok(paths({ attributes: { rack: true } }).includes('attributes.rack'));
  assert.ok(paths({ exec: {} }).length > 0, 'exec needs a command');
  assert.ok(paths({ exec: { command: [] } }).includes('exec.command'));
  assert.ok(paths({ exec: { command: ['/bin/true'], points: ['nowhere'] } }).includes('exec.points.0'));
  assert.ok(paths({ exec: { command: ['/bin/true'], timeoutMs: 0 } }).includes('exec.timeoutMs'));
});

test('config: exec defaults are filled in', () => {
  const c: Record<string, unknown> = { exec: { command: ['/bin/true'] } };
  assert.equal(validateWithSchema(HooksConfigSchema, c), []);
  assert.equal(c, {
    exec: {
      command: ['/bin/true'],
      timeoutMs: 4000,
      maxOutputBytes: 1048576,
      points: ['masterLaunchTask', 'agentRunTask', 'agentPreLaunch', 'agentTaskStatus', 'agentResources', 'agentRemoveExecutor'],
    },
  });
});

test('create refuses an exec command path that is not an executable file, naming it', async () => {
  try {
    await open({ exec: { command: ['/nonexistent/hook-script'] } });
    assert.unreachable('created');
  } catch (err) {
    assert.match((err as Error).message, /exec\.command\[0\]: \/nonexistent\/hook-script is not an executable file \(ENOENT\)/);
  }
});

test('labels are stamped at the three label points; a label of the same key is replaced in place', async () => {
  const h = await open({ labels: { team: 'web', tier: 'gold' } });
  const req = { labels: [{ key: 'app', value: 'shop' }, { key: 'team', value: 'old' }, { key: 'team', value: 'dup' }] };
  const want = [
    { key: 'app', value: 'shop' },
    { key: 'team', value: 'web' },
    { key: 'tier', value: 'gold' },
  ];
  assert.equal((await h.masterLaunchTask(req)).labels?.labels, want);
  assert.equal((await h.agentRunTask(req)).labels?.labels, want);
  assert.equal((await h.agentTaskStatus(req)).labels?.labels, want);
  assert.equal(req.labels[1], { key: 'team', value: 'old' }, 'the request is left as it was');
});

test('pointLabels add to (and override) labels at their point only', async () => {
  const h = await open({ labels: { team: 'web' }, pointLabels: { agentTaskStatus: { team: 'status', seen: 'yes' } } });
  assert.equal((await h.masterLaunchTask({})).labels?.labels, [{ key: 'team', value: 'web' }]);
  assert.equal((await h.agentTaskStatus({})).labels?.labels, [
    { key: 'team', value: 'status' },
    { key: 'seen', value: 'yes' },
  ]);
});

test('a point with nothing configured answers "unchanged"', async () => {
  const h = await open({ environment: { A: '1' } });
  const unchanged = { labels: null, environment: null, resources: null, attributes: null };
  assert.equal(await h.masterLaunchTask({ labels: [{ key: 'x', value: 'y' }] }), unchanged);
  assert.equal(await h.agentResources({}), unchanged);
  assert.equal(await h.agentRemoveExecutor({}), unchanged);
});

test('environment is set at pre-launch over the container environment', async () => {
  const h = await open({ environment: { TEAM: 'web', PATH: '/opt/bin' } });
  const d = await h.agentPreLaunch({ environment: [{ name: 'PATH', value: '/bin' }, { name: 'HOME', value: '/root' }] });
  assert.equal(d.environment?.variables, [
    { name: 'PATH', value: '/opt/bin' },
    { name: 'HOME', value: '/root' },
    { name: 'TEAM', value: 'web' },
  ]);
  assert.is(d.labels, null);
});

test('attributes are added at agent start: numbers SCALAR, strings TEXT, one of the same name replaced', async () => {
  const h = await open({ attributes: { rack: 'r2', level: 3 } });
  const d = await h.agentResources({
    attributes: [
      { name: 'zone', type: 'TEXT', text: 'eu' },
      { name: 'rack', type: 'TEXT', text: 'r1' },
    ],
  });
  assert.equal(d.attributes?.attributes, [
    { name: 'zone', type: 'TEXT', scalar: 0, ranges: [], set: [], text: 'eu' },
    { name: 'rack', type: 'TEXT', scalar: 0, ranges: [], set: [], text: 'r2' },
    { name: 'level', type: 'SCALAR', scalar: 3, ranges: [], set: [], text: '' },
  ]);
  assert.is(d.resources, null, 'the resources are kept');
});

test('stamping twice changes nothing', async () => {
  const h = await open({ labels: { team: 'web' }, environment: { TEAM: 'web' } });
  const once = await h.agentRunTask({ labels: [{ key: 'app', value: 'shop' }] });
  assert.equal(await h.agentRunTask({ labels: once.labels!.labels }), once);
  const env = await h.agentPreLaunch({ environment: [{ name: 'A', value: '1' }] });
  assert.equal(await h.agentPreLaunch({ environment: env.environment!.variables }), env);
});

test.run();
