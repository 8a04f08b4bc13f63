import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateWithSchema } from '@plateau/kernel';
import definition, { OwnerLabelsConfigSchema, type OwnerLabelsConfig, type OwnerLabelsHook } from '../src/index';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  kernel: { kind: string; name: string; conformance: { config: unknown } };
};

/** Validates `config` as the kernel would (defaults filled in), then creates the hook in-process. */
async function open(config: unknown): Promise<OwnerLabelsHook> {
  const copy = structuredClone(config) as OwnerLabelsConfig;
  const problems = validateWithSchema(OwnerLabelsConfigSchema, copy);
  assert.equal(problems, [], 'config is valid');
  const log = pino({ level: 'silent' });
  return definition.create({ config: copy, deps: {} as never, dirs: { state: '', run: '' }, log, apiVersion: 'v1' });
}

const config = { owner: 'team-web', labels: { 'cost-center': '42' } };

test('package.json names the module the definition is', () => {
  assert.is(pkg.kernel.kind, definition.kind);
  assert.is(pkg.kernel.name, definition.name);
  assert.equal(validateWithSchema(OwnerLabelsConfigSchema, structuredClone(pkg.kernel.conformance.config)), []);
});

test('config: owner is required, owner is reserved in labels, unknown keys are refused', () => {
  const paths = (c: unknown) => validateWithSchema(OwnerLabelsConfigSchema, c).map((p) => p.path);
  assert.ok(validateWithSchema(OwnerLabelsConfigSchema, {}).length > 0);
  assert.ok(paths({ owner: '' }).includes('owner'));
  assert.ok(validateWithSchema(OwnerLabelsConfigSchema, { owner: 'a', labels: { owner: 'b' } }).length > 0);
  assert.ok(paths({ owner: 'a', colour: 'red' }).includes('colour'));
  assert.ok(paths({ owner: 'a', labels: { n: 42 } }).includes('labels.n'));
  assert.ok(validateWithSchema(OwnerLabelsConfigSchema, { owner: 'a', envPrefix: 'BAD-' }).length > 0);
});

test('config: defaults are filled in', () => {
  const c: Record<string, unknown> = { owner: 'team-web' };
  assert.equal(validateWithSchema(OwnerLabelsConfigSchema, c), []);
  assert.equal(c, { owner: 'team-web', labels: {}, envPrefix: 'PLATEAU_LABEL_' });
});

test('masterLaunchTask keeps the task labels and adds owner and the configured labels', async () => {
  const hook = await open(config);
  const res = await hook.masterLaunchTask({ labels: [{ key: 'app', value: 'shop' }, { key: 'tier' }] });
  assert.equal(res, {
    labels: {
      labels: [
        { key: 'app', value: 'shop' },
        { key: 'tier', value: '' },
        { key: 'owner', value: 'team-web' },
        { key: 'cost-center', value: '42' },
      ],
    },
    environment: null,
    resources: null,
    attributes: null,
  });
});

test('a stale owner label is replaced in place, and duplicates of it dropped', async () => {
  const hook = await open(config);
  const res = await hook.agentRunTask({
    labels: [{ key: 'owner', value: 'someone-else' }, { key: 'app', value: 'shop' }, { key: 'owner', value: 'x' }],
  });
  assert.equal(res.labels?.labels, [
    { key: 'owner', value: 'team-web' },
    { key: 'app', value: 'shop' },
    { key: 'cost-center', value: '42' },
  ]);
});

test('applying the hook to its own output changes nothing', async () => {
  const hook = await open(config);
  const once = await hook.masterLaunchTask({ labels: [{ key: 'app', value: 'shop' }] });
  const twice = await hook.masterLaunchTask({ labels: once.labels!.labels });
  assert.equal(twice, once);
  const env = await hook.agentPreLaunch({ environment: [{ name: 'PATH', value: '/bin' }] });
  assert.equal(await hook.agentPreLaunch({ environment: env.environment!.variables }), env);
});

test('agentPreLaunch sets one variable per label, named with the prefix', async () => {
  const hook = await open({ ...config, envPrefix: 'ACME_' });
  const res = await hook.agentPreLaunch({ environment: [{ name: 'PATH', value: '/bin' }, { name: 'ACME_OWNER', value: 'old' }] });
  assert.equal(res, {
    labels: null,
    environment: {
      variables: [
        { name: 'PATH', value: '/bin' },
        { name: 'ACME_OWNER', value: 'team-web' },
        { name: 'ACME_COST_CENTER', value: '42' },
      ],
    },
    resources: null,
    attributes: null,
  });
});

test('agentTaskStatus passes the status labels through, adding ours', async () => {
  const hook = await open({ owner: 'team-db' });
  const res = await hook.agentTaskStatus({ labels: [{ key: 'reason', value: 'oom' }] });
  assert.equal(res.labels?.labels, [
    { key: 'reason', value: 'oom' },
    { key: 'owner', value: 'team-db' },
  ]);
});

test('agentResources leaves the resources unchanged', async () => {
  const hook = await open(config);
  assert.equal(await hook.agentResources(), { labels: null, environment: null, resources: null, attributes: null });
});

test('agentRemoveExecutor answers "unchanged"', async () => {
  const hook = await open(config);
  assert.equal(await hook.agentRemoveExecutor(), { labels: null, environment: null, resources: null, attributes: null });
});

test('missing fields read as empty', async () => {
  const hook = await open(config);
  const labels = [{ key: 'owner', value: 'team-web' }, { key: 'cost-center', value: '42' }];
  assert.equal((await hook.masterLaunchTask({})).labels?.labels, labels);
  assert.equal((await hook.agentTaskStatus({ taskStatusJson: '{}' })).labels?.labels, labels);
  assert.equal((await hook.agentPreLaunch()).environment?.variables, [
    { name: 'PLATEAU_LABEL_OWNER', value: 'team-web' },
    { name: 'PLATEAU_LABEL_COST_CENTER', value: '42' },
  ]);
});

test.run();
