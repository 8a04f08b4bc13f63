import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type ModuleEntry, ModuleHost, type ModuleServer, startModuleServer } from '@plateau/kernel';
import echoHook from '../fixtures/modules/echo-hook';
import { isAlive } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';
import { captureLogger } from '@plateau/testkit/capture-logger';

// Out-of-process modules that go away while in use: kill -9 of a spawned module, an endpoint
// whose server closes. Calls fail at once with PLT_ERR_MODULE_DOWN while the module is down, the
// host brings it back (restart with backoff, or redial), and its state survives a restart.

const REPO = path.resolve(__dirname, '../../..');
const CONTENDER_MAIN = path.join(REPO, 'modules/contender-standalone/lib/src/main.js');
const ECHO_MAIN = path.resolve(__dirname, '../fixtures/modules/echo-hook-main.js');
/** RemoteModule's default unary call deadline; a call that fails "at once" settles well within it. */
const CALL_DEADLINE_MS = 10_000;
const FAST_MS = CALL_DEADLINE_MS / 2;

interface Registry {
  get(req: { key: string }): Promise<{ found: boolean; value: Buffer; version: string }>;
  apply(req: { key: string; value: Buffer }): Promise<{ version: string }>;
}
interface Hook {
  masterLaunchTask(req: unknown): Promise<{ labels?: { labels: Array<{ key: string; value: string }> } }>;
}

function newHost(modules: Record<string, ModuleEntry>) {
  const { logger, records } = captureLogger();
  const workDir = makeTempDir('plateau-remote-');
  return { host: new ModuleHost({ modules, workDir, logger }), records, workDir };
}

/** Pids of this process's children whose command line contains `needle` (Linux /proc). */
function childPids(needle: string): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(needle)) out.push(Number(e));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

type Outcome = { ok: true; value: unknown } | { ok: false; code?: string; message: string };

/** Settles `p`, failing the test if it takes FAST_MS or more: a call to a down module must not hang. */
async function settleFast(p: Promise<unknown>, what: string): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not settle within ${FAST_MS} ms (call deadline ${CALL_DEADLINE_MS} ms): it hung instead of failing fast`)),
      FAST_MS,
    );
  });
  try {
    return { ok: true, value: await Promise.race([p, hung]) };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.message.includes('instead of failing fast')) throw e;
    return { ok: false, code: e.code, message: e.message };
  } finally {
    clearTimeout(timer);
  }
}

const stateOf = (host: ModuleHost, instance: string) => host.list().find((r) => r.instance === instance)!;

test('kill -9 of a spawned module: calls fail at once with PLT_ERR_MODULE_DOWN, it restarts, its registry data survives', async () => {
  const { host, workDir } = newHost({ reg: { kind: 'contender', exec: { path: process.execPath, args: [CONTENDER_MAIN] } } });
  try {
    host.load();
    await host.start();
    const reg = host.instance<Registry>('reg')!;
    await reg.apply({ key: 'frameworks/fw-1', value: Buffer.from('persist me') });
    const registryFile = path.join(workDir, 'modules', 'reg', 'state', 'registry.json');
    assert.ok(fs.existsSync(registryFile), `the registry lives in the module state dir (${registryFile})`);
    const remote = host.handles.get('reg')!.remote!;
    assert.is(remote.restarts, 0);

    const [pid, ...others] = childPids(CONTENDER_MAIN);
    assert.ok(pid !== undefined && others.length === 0, `exactly one contender process was spawned (${[pid, ...others]})`);
    process.kill(pid!, 'SIGKILL');
    await waitFor(() => !isAlive(pid!), { timeoutMs: 5000, what: `pid ${pid} to die of SIGKILL` });

    // Call until the module answers again: every failure on the way is a fast MODULE_DOWN.
    const failures: Outcome[] = [];
    let back: Outcome | undefined;
    let sawDown = false;
    const until = Date.now() + 30_000;
    while (!back && Date.now() < until) {
      sawDown ||= stateOf(host, 'reg').state !== 'running';
      const r = await settleFast(reg.get({ key: 'frameworks/fw-1' }), 'registry.get while the module is down');
      if (r.ok) back = r;
      else {
        failures.push(r);
        await new Promise((res) => setTimeout(res, 10));
      }
    }
    assert.ok(back, `the module answered again within 30 s (last failure: ${JSON.stringify(failures.at(-1))})`);
    assert.ok(failures.length > 0, 'at least one call was made while the module was down');
    for (const f of failures) {
      assert.is((f as { code?: string }).code, 'PLT_ERR_MODULE_DOWN', `a call during the downtime failed with ${JSON.stringify(f)}`);
    }
    assert.ok(sawDown, 'the host showed the module as not running during the downtime');
    assert.ok(failures.some((f) => /is down/.test((f as { message: string }).message)), 'the error says the module is down');

    const value = (back as { value: { found: boolean; value: Buffer } }).value;
    assert.ok(value.found, 'the key written before kill -9 is found after the restart');
    assert.is(Buffer.from(value.value).toString(), 'persist me');
    assert.ok(remote.restarts >= 1, `restarts counter increased (${remote.restarts})`);
    assert.is(stateOf(host, 'reg').state, 'running');
    const [newPid] = childPids(CONTENDER_MAIN);
    assert.ok(newPid !== undefined && newPid !== pid, 'a new process serves the module');
  } finally {
    await host.stop(5000);
  }
  assert.equal(childPids(CONTENDER_MAIN).filter(isAlive), [], 'no contender process is left after stop');
});

test('endpoint mode: server closed → calls fail fast with PLT_ERR_MODULE_DOWN; server back on the same socket → re-Configured, calls work', async () => {
  const dir = makeTempDir('plateau-endpoint-');
  const socket = path.join(dir, 'echo.sock');
  const silent = pino({ level: 'silent' });
  let server: ModuleServer | undefined = await startModuleServer(echoHook, { address: `unix://${socket}`, log: silent });
  const { host } = newHost({ ep: { kind: 'hook', endpoint: `unix://${socket}`, config: { prefix: 'ep' } } });
  const label = (r: unknown) => (r as Awaited<ReturnType<Hook['masterLaunchTask']>>).labels?.labels[0]?.value ?? '';
  try {
    host.load();
    await host.start();
    assert.is(stateOf(host, 'ep').mode, 'endpoint');
    const hook = host.instance<Hook>('ep')!;
    const first = label(await hook.masterLaunchTask({}));
    assert.match(first, /^ep:\d+$/, 'the endpoint module was configured with the YAML config');

    await server.close(2000);
    server = undefined;
    await waitFor(() => stateOf(host, 'ep').state !== 'running', { timeoutMs: 10_000, what: 'the host to see the endpoint go down' });
    const down = await settleFast(hook.masterLaunchTask({}), 'masterLaunchTask while the endpoint is down');
    assert.is(down.ok, false, 'a call to a closed endpoint fails');
    assert.is((down as { code?: string }).code, 'PLT_ERR_MODULE_DOWN');

    fs.rmSync(socket, { force: true });
    server = await startModuleServer(echoHook, { address: `unix://${socket}`, log: silent });
    const again = await waitFor(
      async () => {
        const r = await settleFast(hook.masterLaunchTask({}), 'masterLaunchTask while the endpoint comes back');
        if (!r.ok && r.code !== 'PLT_ERR_MODULE_DOWN') throw new Error(`unexpected failure ${JSON.stringify(r)}`);
        return r.ok ? label(r.value) : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 50, what: 'calls to work again after the endpoint server restarted' },
    );
    // The new server made a new instance: the host configured it again, with the same config.
    assert.match(again, /^ep:\d+$/);
    assert.is(Number(again.split(':')[1]), Number(first.split(':')[1]) + 1, 're-Configured: a new instance was created');
    assert.is(stateOf(host, 'ep').state, 'running');
    assert.ok(host.handles.get('ep')!.remote!.restarts >= 1);
  } finally {
    await host.stop(3000);
    await server?.close(2000);
  }
});

test("a spawned module's stderr appears in the host log, tagged with the module", async () => {
  const { host, records } = newHost({
    echo: { kind: 'hook', name: 'echo', exec: { path: process.execPath, args: [ECHO_MAIN] }, config: { prefix: 'log' } },
  });
  try {
    host.load();
    await host.start();
    const rec = await waitFor(() => records.find((r) => /echo-hook fixture: plain stderr line from pid \d+/.test(String(r.msg))), {
      timeoutMs: 5000,
      what: "the echo module's stderr line in the host log",
    });
    assert.is(rec.module, 'hook.echo');
    assert.is(rec.instance, 'echo');
    assert.is(rec.stream, 'stderr');
  } finally {
    await host.stop(3000);
  }
});

test('stopping a spawned module leaves no timer behind to hold the event loop (a CLI command exits at once)', async () => {
  const { host } = newHost({ echo: { kind: 'hook', exec: { path: process.execPath, args: [ECHO_MAIN] }, config: { prefix: 't' } } });
  const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  try {
    host.load();
    await host.start();
  } finally {
    await host.stop(10_000);
  }
  await new Promise((r) => setImmediate(r));
  const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  assert.is(timersAfter, timersBefore, `timers still pending after stop: ${JSON.stringify(process.getActiveResourcesInfo())}`);
});

test.run();
