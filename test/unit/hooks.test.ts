// The kernel's hook caller (decorate): hooks run in order, each seeing the previous one's result;
// one that throws, never answers (deadline), answers what cannot be applied, or does not implement
// the hook point is skipped, the first three with a warning naming the hook, and the value goes on.
import { Writable } from 'node:stream';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decorate, decoratedAttributes, decoratedEnvironment, decoratedLabels, type Hook, type NamedHook, notifyHooks, UnsupportedError } from '@plateau/kernel';

type Labels = { key: string; value?: string }[];

function capture(): { log: pino.Logger; lines: () => any[] } {
  const out: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      out.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'warn' }, sink), lines: () => out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

function hook(label: string, masterLaunchTask: Hook['masterLaunchTask']): NamedHook {
  return { label, module: { masterLaunchTask } as unknown as Hook };
}

/** A hook that sets the label owner=<owner> (replacing one of that key, else appending it). */
const owners = (owner: string): NamedHook =>
  hook(owner, async (req) => {
    const have = (req.labels ?? []).map((l) => ({ key: l.key ?? '', value: l.value ?? '' }));
    const labels = have.some((l) => l.key === 'owner') ? have.map((l) => (l.key === 'owner' ? { key: 'owner', value: owner } : l)) : [...have, { key: 'owner', value: owner }];
    return { labels: { labels }, environment: null, resources: null, attributes: null };
  });

function run(hooks: NamedHook[], labels: Labels, log: pino.Logger, timeoutMs = 100, seen: Labels[] = []): Promise<Labels> {
  return decorate(
    hooks,
    'masterLaunchTask',
    labels,
    (current) => {
      seen.push(current);
      return { labels: current.map((l) => ({ key: l.key, value: l.value ?? '' })) };
    },
    (current, d) => decoratedLabels(d) ?? current,
    { log, timeoutMs, context: { taskId: 't1' } },
  );
}

test('hooks run in order and each sees the labels the previous one answered', async () => {
  const { log, lines } = capture();
  const seen: Labels[] = [];
  const out = await run([owners('a'), owners('b')], [{ key: 'app', value: 'web' }], log, 100, seen);
  assert.equal(out, [
    { key: 'app', value: 'web' },
    { key: 'owner', value: 'b' },
  ]);
  assert.equal(seen[1], [
    { key: 'app', value: 'web' },
    { key: 'owner', value: 'a' },
  ]);
  assert.equal(lines(), []);
});

test('a hook that throws is skipped with a warning naming it; the next hook still runs', async () => {
  const { log, lines } = capture();
  const broken = hook('hook.broken', async () => {
    throw new Error('boom');
  });
  const out = await run([broken, owners('team')], [], log);
  assert.equal(out, [{ key: 'owner', value: 'team' }]);
  const warn = lines().find((l) => l.hook === 'hook.broken');
  assert.ok(warn, JSON.stringify(lines()));
  assert.is(warn.level, 40);
  assert.is(warn.point, 'masterLaunchTask');
  assert.is(warn.taskId, 't1');
  assert.match(warn.err, /boom/);
  assert.match(warn.msg, /hook hook\.broken failed in masterLaunchTask: skipped/);
});

test('a hook that never answers is timed out at its deadline, logged with its name, and skipped', async () => {
  const { log, lines } = capture();
  const slow = hook('hook.slow', () => new Promise(() => undefined));
  const t0 = Date.now();
  const out = await run([owners('first'), slow], [{ key: 'app', value: 'web' }], log, 150);
  const took = Date.now() - t0;
  assert.ok(took >= 140 && took < 2000, `waited about the deadline (${took} ms)`);
  assert.equal(out, [
    { key: 'app', value: 'web' },
    { key: 'owner', value: 'first' },
  ]);
  const warn = lines().find((l) => l.hook === 'hook.slow');
  assert.ok(warn, JSON.stringify(lines()));
  assert.is(warn.timeoutMs, 150);
  assert.match(warn.msg, /hook hook\.slow timed out in masterLaunchTask: skipped/);
});

test('an answer that cannot be applied is skipped with a warning; null fields and Unsupported keep the value quietly', async () => {
  const { log, lines } = capture();
  const bad = hook('hook.bad', async () => ({ labels: { labels: [{ key: '', value: 'x' }] }, environment: null, resources: null, attributes: null }));
  const none = hook('hook.none', async () => ({ labels: null, environment: null, resources: null, attributes: null }));
  const unsupported = hook('hook.unsupported', async () => {
    throw new UnsupportedError('not here');
  });
  const before = [{ key: 'app', value: 'web' }];
  const out = await run([bad, none, unsupported], before, log);
  assert.ok(out === before, 'unchanged');
  assert.equal(
    lines().map((l) => l.hook),
    ['hook.bad'],
  );
});

const empty = { labels: null, environment: null, resources: null, attributes: null };

test('notifyHooks tells every hook; a failing, hanging or unsupported one is logged (or passed over) and the rest still hear', async () => {
  const { log, lines } = capture();
  const heard: string[] = [];
  const listener = (label: string, agentRemoveExecutor: Hook['agentRemoveExecutor']): NamedHook => ({ label, module: { agentRemoveExecutor } as unknown as Hook });
  const hooks = [
    listener('hook.broken', async () => {
      throw new Error('disk full');
    }),
    listener('hook.slow', () => new Promise(() => undefined)),
    listener('hook.unsupported', async () => {
      throw new UnsupportedError('not here');
    }),
    listener('hook.audit', async (req) => {
      heard.push(`${req.frameworkId} ${req.containerId?.value}`);
      return empty;
    }),
  ];
  await notifyHooks(hooks, 'agentRemoveExecutor', { frameworkId: 'f1', executorInfoJson: '{}', containerId: { value: 'c1' } }, { log, timeoutMs: 100, context: { containerId: 'c1' } });
  assert.equal(heard, ['f1 c1']);
  const warned = lines();
  assert.equal(warned.map((l) => l.hook), ['hook.broken', 'hook.slow']);
  assert.match(warned[0].msg, /hook hook\.broken failed in agentRemoveExecutor/);
  assert.match(warned[0].err, /disk full/);
  assert.match(warned[1].msg, /hook hook\.slow timed out in agentRemoveExecutor/);
  assert.is(warned[1].containerId, 'c1');
});

test('decoratedEnvironment: null keeps, variables are read with empty values filled in, a nameless or "=" name is refused', () => {
  assert.is(decoratedEnvironment(empty), undefined);
  assert.equal(decoratedEnvironment({ ...empty, environment: { variables: [{ name: 'A', value: '1' }, { name: 'B' } as never] } }), [
    { name: 'A', value: '1' },
    { name: 'B', value: '' },
  ]);
  assert.throws(() => decoratedEnvironment({ ...empty, environment: { variables: [{ name: '', value: 'x' }] } }), /without a valid name/);
  assert.throws(() => decoratedEnvironment({ ...empty, environment: { variables: [{ name: 'A=B', value: 'x' }] } }), /without a valid name/);
});

test('decoratedAttributes: null keeps, an unspecified type reads as TEXT, a nameless attribute is refused', () => {
  assert.is(decoratedAttributes(empty), undefined);
  const attr = (a: Record<string, unknown>) => ({ name: '', type: 'VALUE_TYPE_UNSPECIFIED', scalar: 0, ranges: [], set: [], text: '', ...a }) as never;
  assert.equal(decoratedAttributes({ ...empty, attributes: { attributes: [attr({ name: 'rack', text: 'r1' }), attr({ name: 'level', type: 'SCALAR', scalar: 2 })] } }), [
    { name: 'rack', type: 'TEXT', scalar: 0, ranges: [], set: [], text: 'r1' },
    { name: 'level', type: 'SCALAR', scalar: 2, ranges: [], set: [], text: '' },
  ]);
  assert.throws(() => decoratedAttributes({ ...empty, attributes: { attributes: [attr({ text: 'x' })] } }), /without a name/);
});

test.run();
