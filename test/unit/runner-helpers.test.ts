// The test helpers, for real: process groups, temp dirs, ports, polling.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { groupMembers, isAlive, startProcess } from '@plateau/testkit/proc';
import { freePort } from '@plateau/testkit/ports';
import { cleanupLater, makeTempDir, withTempDir } from '@plateau/testkit/tmp';
import { sleep, waitFor } from '@plateau/testkit/wait';

// The test kit's compiled helpers, for child processes that load them by path.
const HELPERS = path.dirname(require.resolve('@plateau/testkit/proc'));

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

// Runs a Node script (CommonJS, with HELPERS in scope) in a child process; returns its output.
function runNode(script: string, env: NodeJS.ProcessEnv = {}, timeout = 20_000) {
  const r = spawnSync(process.execPath, ['-e', `const HELPERS = ${JSON.stringify(HELPERS)};\n${script}`], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout,
  });
  return r;
}

test('stop() kills the whole process group, grandchildren included', async () => {
  const p = startProcess('sh', ['-c', 'sleep 100 & sleep 100'], { name: 'sleepers' });
  const members = await waitFor(() => {
    const m = groupMembers(p.pid);
    return m.length >= 2 ? m : undefined; // two sleeps, and sh unless it exec'd the last one
  }, { timeoutMs: 5000, what: 'the sleepers to start' });
  const status = await p.stop();
  assert.is(status.signal, 'SIGTERM');
  for (const pid of members) assert.not.ok(isAlive(pid), `pid ${pid} survived stop()`);
  assert.equal(groupMembers(p.pid), []);
});

test('stop() escalates to SIGKILL after the grace period', async () => {
  const p = startProcess('sh', ['-c', 'trap "" TERM; sleep 100 & echo ready; wait'], { name: 'stubborn' });
  await p.waitForLine(/^ready$/, 5000);
  const members = groupMembers(p.pid);
  assert.ok(members.length >= 2, `members: ${members}`);
  const t0 = Date.now();
  const status = await p.stop('SIGTERM', 300);
  assert.ok(Date.now() - t0 < 4000, `stop took ${Date.now() - t0}ms`);
  assert.is(status.signal, 'SIGKILL');
  for (const pid of members) assert.not.ok(isAlive(pid), `pid ${pid} survived stop()`);
});

test('stop() of a process that already exited resolves with its status', async () => {
  const p = startProcess('sh', ['-c', 'exit 7']);
  assert.equal(await p.waitForExit(5000), { code: 7, signal: null });
  assert.equal(await p.stop(), { code: 7, signal: null });
});

test('waitForLine finds earlier and later lines and returns the match', async () => {
  const p = startProcess('sh', ['-c', 'echo starting; echo oops >&2; sleep 0.2; echo "listening on 1234"; sleep 100']);
  try {
    const m = await p.waitForLine(/listening on (\d+)/, 5000);
    assert.is(m[1], '1234');
    const again = await p.waitForLine(/^starting$/, 100); // already printed
    assert.is(again[0], 'starting');
    assert.is(p.stdout(), 'starting\nlistening on 1234');
    assert.is(p.stderr(), 'oops');
    assert.ok(p.output().includes('oops'));
  } finally {
    await p.stop();
  }
});

test('waitForLine times out with a clear message and the output tail', async () => {
  const p = startProcess('sh', ['-c', 'echo hello-from-child; sleep 100'], { name: 'quiet' });
  try {
    await p.waitForLine(/hello/, 5000);
    const err = await rejection(p.waitForLine(/never printed/, 200));
    assert.match(err.message, /^timed out after 200ms waiting for quiet to print a line matching \/never printed\//);
    assert.match(err.message, /hello-from-child/);
  } finally {
    await p.stop();
  }
});

test('waitForLine fails as soon as the process exits, saying how', async () => {
  const p = startProcess('sh', ['-c', 'echo bye; exit 3'], { name: 'quitter' });
  const t0 = Date.now();
  const err = await rejection(p.waitForLine(/ready/, 10_000));
  assert.ok(Date.now() - t0 < 5000);
  assert.match(err.message, /quitter exited with code 3 before printing a line matching \/ready\//);
  assert.match(err.message, /bye/);
});

test('a command that cannot start is reported, not thrown', async () => {
  const p = startProcess('/nonexistent/plateau-no-such-binary', [], { name: 'ghost' });
  const err = await rejection(p.waitForLine(/x/, 5000));
  assert.match(err.message, /ghost could not start/);
  assert.ok(p.exitStatus);
  await p.stop();
});

test('env adds and removes variables', async () => {
  process.env.PLATEAU_HELPER_TEST_DROP = 'dropped';
  try {
    const p = startProcess('sh', ['-c', 'echo "a=$PLATEAU_HELPER_TEST_ADD b=${PLATEAU_HELPER_TEST_DROP:-unset}"'], {
      env: { PLATEAU_HELPER_TEST_ADD: 'added', PLATEAU_HELPER_TEST_DROP: undefined },
    });
    await p.waitForExit(5000);
    assert.is(p.stdout(), 'a=added b=unset');
  } finally {
    delete process.env.PLATEAU_HELPER_TEST_DROP;
  }
});

for (const [how, ending] of [
  ['exits normally', 'process.exit(0);'],
  ['throws', 'throw new Error("boom");'],
  ['is sent SIGTERM', 'process.kill(process.pid, "SIGTERM"); setTimeout(() => {}, 10000);'],
] as const) {
  test(`groups a test started are killed when the test process ${how}`, async () => {
    const pgidFile = path.join(makeTempDir('plateau-helpers-'), 'pgids');
    fs.writeFileSync(pgidFile, '');
    const r = runNode(
      `const { startProcess } = require(HELPERS + '/proc.js');
       const p = startProcess('sh', ['-c', 'sleep 100 & echo up; sleep 100']);
       p.waitForLine(/up/, 5000).then(() => {
         console.log('PGID ' + p.pid);
         ${ending}
       });`,
      { PLATEAU_TEST_PGID_FILE: pgidFile },
    );
    const m = /PGID (\d+)/.exec(r.stdout);
    assert.ok(m, `no PGID line: ${r.stdout} ${r.stderr}`);
    const pgid = Number(m![1]);
    if (how === 'is sent SIGTERM') assert.is(r.signal, 'SIGTERM');
    await waitFor(() => groupMembers(pgid).length === 0, { timeoutMs: 3000, what: `group ${pgid} to be gone` });
    assert.is(fs.readFileSync(pgidFile, 'utf8'), `+${pgid}\n-${pgid}\n`);
  });
}

test('waitFor returns the first truthy value', async () => {
  let n = 0;
  const v = await waitFor(() => (++n >= 3 ? { n } : null), { intervalMs: 5, what: 'n' });
  assert.equal(v, { n: 3 });
});

test('waitFor treats throws as not yet', async () => {
  let n = 0;
  const v = await waitFor(
    async () => {
      if (++n < 3) throw new Error('not yet');
      return 'done';
    },
    { intervalMs: 5 },
  );
  assert.is(v, 'done');
});

test('waitFor times out with the message, quoting the last error', async () => {
  const t0 = Date.now();
  const err = await rejection(waitFor(() => false, { timeoutMs: 100, intervalMs: 10, what: 'the moon' }));
  assert.is(err.message, 'timed out after 100ms waiting for the moon');
  assert.ok(Date.now() - t0 < 1000);
  const err2 = await rejection(
    waitFor(
      () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 50, what: 'the server' },
    ),
  );
  assert.is(err2.message, 'timed out after 50ms waiting for the server (last error: connection refused)');
});

test('waitFor cuts off an attempt that hangs', async () => {
  const t0 = Date.now();
  const err = await rejection(waitFor(() => new Promise(() => {}), { timeoutMs: 100, what: 'a hang' }));
  assert.is(err.message, 'timed out after 100ms waiting for a hang');
  assert.ok(Date.now() - t0 < 1000);
});

test('sleep sleeps', async () => {
  const t0 = Date.now();
  await sleep(30);
  assert.ok(Date.now() - t0 >= 25);
});

test('freePort gives a port that can be bound on 127.0.0.1', async () => {
  const port = await freePort();
  assert.ok(Number.isInteger(port) && port > 0 && port < 65536, `port ${port}`);
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  assert.is((server.address() as net.AddressInfo).port, port);
  await new Promise((resolve) => server.close(resolve));
  const other = await freePort();
  assert.ok(other > 0);
});

test('makeTempDir makes a fresh directory under the prefix', () => {
  const a = makeTempDir('plateau-helpers-');
  const b = makeTempDir('plateau-helpers-');
  assert.is.not(a, b);
  assert.ok(fs.statSync(a).isDirectory());
  assert.ok(path.basename(a).startsWith('plateau-helpers-'));
});

test('withTempDir removes the directory afterwards, also when fn throws', async () => {
  let seen = '';
  const v = await withTempDir('plateau-helpers-', async (dir) => {
    seen = dir;
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'b', 'f'), 'x');
    return 42;
  });
  assert.is(v, 42);
  assert.not.ok(fs.existsSync(seen));
  const err = await rejection(
    withTempDir('plateau-helpers-', (dir) => {
      seen = dir;
      throw new Error('inner');
    }),
  );
  assert.is(err.message, 'inner');
  assert.not.ok(fs.existsSync(seen));
});

test('temp dirs are removed at process exit', () => {
  const r = runNode(
    `const { makeTempDir, cleanupLater } = require(HELPERS + '/tmp.js');
     const fs = require('node:fs');
     const d = makeTempDir('plateau-helpers-');
     fs.writeFileSync(d + '/f', 'x');
     const e = fs.mkdtempSync(require('node:os').tmpdir() + '/plateau-helpers-');
     cleanupLater(e);
     console.log(d); console.log(e);`,
  );
  assert.is(r.status, 0, r.stderr);
  const dirs = r.stdout.trim().split('\n');
  assert.is(dirs.length, 2);
  for (const d of dirs) assert.not.ok(fs.existsSync(d), `${d} still there`);
});

test('cleanupLater accepts paths that are gone already', () => {
  cleanupLater(path.join(makeTempDir('plateau-helpers-'), 'never-made'));
});

test.run();
