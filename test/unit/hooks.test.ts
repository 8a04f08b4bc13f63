// The kernel's hook caller (decorate): hooks run in order, each seeing the previous one's result;
// one that throws, never answers (deadline), answers what cannot be applied, or does not implement
// the hook point is skipped, the first three with a warning naming the hook, and the value goes on.
import { Writable } from 'node:stream';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decorate, decoratedLabels, type Hook, type NamedHook, UnsupportedError } from '@plateau/kernel';

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

test.run();
