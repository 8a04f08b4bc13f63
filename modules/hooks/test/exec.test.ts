// The exec hook with real processes (/bin/sh scripts): what it is given, what it answers, and each
// way a run fails (bad JSON, non-zero exit, timeout, too much output), with the process group
// killed where the run is cut short.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withTempDir } from '@plateau/testkit/tmp';
import { validateWithSchema } from '@plateau/kernel';
import definition, { type Hooks, HooksConfigSchema, type HooksConfig } from '../src/index';

async function open(config: unknown): Promise<Hooks> {
  const copy = structuredClone(config) as HooksConfig;
  assert.equal(validateWithSchema(HooksConfigSchema, copy), [], 'config is valid');
  return definition.create({ config: copy, deps: {} as never, dirs: { state: '', run: '' }, log: pino({ level: 'silent' }), apiVersion: 'v1' });
}

/** An exec hook running `script` under /bin/sh. */
const sh = (script: string, more: Record<string, unknown> = {}) => open({ exec: { command: ['/bin/sh', '-c', script], ...more } });

/** The rejection of `p`, failing the test if it resolves. */
async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  assert.unreachable('the call was answered');
  throw new Error('unreachable');
}

/** Whether pid is gone (a zombie waiting for its reaper counts as gone). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitGone(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!gone(pid)) {
    if (Date.now() > until) assert.unreachable(`process ${pid} still runs ${ms} ms after the hook call failed`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a good answer: the script gets {point, request} on stdin and PLATEAU_HOOK_POINT; its Decoration is the answer', async () => {
  await withTempDir('plateau-hooks-exec-', async (dir) => {
    const seen = join(dir, 'input.json');
    const h = await sh(`cat > ${seen}; printf '{"labels":{"labels":[{"key":"point","value":"%s"}]},"environment":null}' "$PLATEAU_HOOK_POINT"`);
    const d = await h.agentRunTask({ labels: [{ key: 'app', value: 'shop' }], taskInfoJson: '{}' });
    assert.equal(d, { labels: { labels: [{ key: 'point', value: 'agentRunTask' }] }, environment: null, resources: null, attributes: null });
    assert.equal(JSON.parse(readFileSync(seen, 'utf8')), { point: 'agentRunTask', request: { labels: [{ key: 'app', value: 'shop' }], taskInfoJson: '{}' } });
  });
});

test('empty output means "unchanged"', async () => {
  const h = await sh('cat > /dev/null');
  assert.equal(await h.agentRemoveExecutor({ frameworkId: 'f' }), { labels: null, environment: null, resources: null, attributes: null });
});

test('points not in exec.points answer Unsupported', async () => {
  const h = await sh('echo {}', { points: ['agentPreLaunch'] });
  const err = await rejection(h.masterLaunchTask({}));
  assert.is(err.code, 'PLT_ERR_UNSUPPORTED');
  assert.equal((await h.agentPreLaunch({})).environment, null);
});

test('with static stamps too, the script sees the stamped request and its fields win', async () => {
  await withTempDir('plateau-hooks-exec-', async (dir) => {
    const seen = join(dir, 'input.json');
    const h = await open({ labels: { team: 'web' }, environment: { TEAM: 'web' }, exec: { command: ['/bin/sh', '-c', `cat > ${seen}; echo '{"environment":{"variables":[{"name":"X","value":"1"}]}}'`] } });
    const labelled = await h.masterLaunchTask({ labels: [{ key: 'app', value: 'shop' }] });
    assert.equal(JSON.parse(readFileSync(seen, 'utf8')).request.labels, [{ key: 'app', value: 'shop' }, { key: 'team', value: 'web' }]);
    assert.equal(labelled.labels?.labels, [{ key: 'app', value: 'shop' }, { key: 'team', value: 'web' }], 'the stamp stays where the script answers null');
    const env = await h.agentPreLaunch({ environment: [] });
    assert.equal(env.environment?.variables, [{ name: 'X', value: '1' }], "the script's environment replaces the stamp's");
  });
});

test('bad JSON fails the call, naming the command and what it wrote', async () => {
  const h = await sh('echo not-json');
  const err = await rejection(h.agentPreLaunch({}));
  assert.is(err.code, 'PLT_ERR_HOOK_EXEC');
  assert.match(err.message, /^exec hook \/bin\/sh \(agentPreLaunch\) answered what is not JSON/);
  assert.match(err.message, /not-json/);
});

test('an answer that is not a Decoration fails the call, naming the problem', async () => {
  assert.match((await rejection((await sh(`echo '[1]'`)).agentRunTask({}))).message, /not a Decoration object/);
  assert.match((await rejection((await sh(`echo '{"colour":1}'`)).agentRunTask({}))).message, /unknown Decoration field 'colour'/);
  assert.match((await rejection((await sh(`echo '{"labels":{"labels":[{"value":"x"}]}}'`)).agentRunTask({}))).message, /labels\[0\] without a key/);
  assert.match((await rejection((await sh(`echo '{"environment":{"variables":[{"name":"A","value":1}]}}'`)).agentPreLaunch({}))).message, /environment\[0\] \(A\) whose value is not a string/);
});

test('a non-zero exit fails the call with the exit code and the first line of stderr', async () => {
  const h = await sh('cat >/dev/null; echo "" >&2; echo "quota service down" >&2; echo "second line" >&2; exit 3');
  const err = await rejection(h.agentPreLaunch({}));
  assert.is(err.message, 'exec hook /bin/sh (agentPreLaunch) exited with code 3: quota service down');
});

test('a script killed by a signal fails the call naming the signal', async () => {
  const h = await sh('kill -TERM $$');
  assert.match((await rejection(h.agentTaskStatus({}))).message, /was killed by SIGTERM/);
});

test('a missing executable on PATH fails the call, naming it', async () => {
  const h = await open({ exec: { command: ['plateau-no-such-hook-binary'] } });
  assert.match((await rejection(h.agentRunTask({}))).message, /plateau-no-such-hook-binary \(agentRunTask\) could not be started: .*ENOENT/);
});

test('timeout: the call fails in time and the whole process group is killed', async () => {
  await withTempDir('plateau-hooks-exec-', async (dir) => {
    const pidFile = join(dir, 'child.pid');
    const h = await sh(`sleep 30 & echo $! > ${pidFile}; echo "waiting on the quota service" >&2; wait`, { timeoutMs: 300 });
    const started = Date.now();
    const err = await rejection(h.agentPreLaunch({}));
    const took = Date.now() - started;
    assert.ok(took < 3000, `failed within the deadline (took ${took} ms)`);
    assert.is(err.message, 'exec hook /bin/sh (agentPreLaunch) did not finish within 300 ms (process group killed): waiting on the quota service');
    assert.ok(existsSync(pidFile), 'the script started its child');
    await waitGone(Number(readFileSync(pidFile, 'utf8').trim()), 2000);
  });
});

test('a script that exits but leaves a child holding its output is cut off at the deadline, child killed', async () => {
  await withTempDir('plateau-hooks-exec-', async (dir) => {
    const pidFile = join(dir, 'child.pid');
    const h = await sh(`sleep 30 & echo $! > ${pidFile}; echo '{}'; exit 0`, { timeoutMs: 300 });
    assert.match((await rejection(h.agentRunTask({}))).message, /left its output open within 300 ms \(process group killed\)/);
    await waitGone(Number(readFileSync(pidFile, 'utf8').trim()), 2000);
  });
});

test('huge output: more than maxOutputBytes fails the call and kills the writer', async () => {
  await withTempDir('plateau-hooks-exec-', async (dir) => {
    const pidFile = join(dir, 'writer.pid');
    const h = await sh(`echo $$ > ${pidFile}; exec yes '{"labels":null}'`, { maxOutputBytes: 65536, timeoutMs: 5000 });
    const started = Date.now();
    const err = await rejection(h.masterLaunchTask({}));
    assert.is(err.message, 'exec hook /bin/sh (masterLaunchTask) wrote more than 65536 bytes on stdout (process group killed)');
    assert.ok(Date.now() - started < 4000, 'cut off at the cap, not at the deadline');
    await waitGone(Number(readFileSync(pidFile, 'utf8').trim()), 2000);
  });
});

test('concurrent calls each run their own process', async () => {
  const h = await sh(`printf '{"labels":{"labels":[{"key":"n","value":"%s"}]}}' "$(cat | sed -e 's/.*"value":"\\([0-9]*\\)".*/\\1/')"`);
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => h.agentTaskStatus({ labels: [{ key: 'n', value: String(i) }] })));
  answers.forEach((d, i) => assert.equal(d.labels?.labels, [{ key: 'n', value: String(i) }]));
});

test.run();
