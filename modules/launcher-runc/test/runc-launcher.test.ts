import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, isAlive, type Logger, readJson } from '@plateau/kernel';
import { resolveInit } from '../src/index';
import { runcIdOf, RuncLauncher } from '../src/runc-launcher';
import { cgroupsLeft, codeOf, launchFromDoomedAgent, runcList, runcUnavailable, scratch, type Scratch, scratchTest, waitFor, within } from '@plateau/testkit/launcher-fixtures';
import { printSkip } from '@plateau/testkit/skip';

const log = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;
const why = runcUnavailable();
const init = resolveInit('auto');

function launcher(s: Scratch, extra: { init?: string | null } = {}): RuncLauncher {
  return new RuncLauncher(
    {
      runc: execFileSync('sh', ['-c', 'command -v runc'], { encoding: 'utf8' }).trim(),
      root: s.runcRoot,
      stateDir: s.state,
      init: extra.init === null ? undefined : (extra.init ?? init),
      newNetworkNamespace: false,
      cgroupParent: s.cgroupParent,
      launchTimeoutMs: 15_000,
    },
    log,
  );
}

const cid = (value: string) => ({ value });

async function launch(l: RuncLauncher, s: Scratch, id: string, args: string[], li: Record<string, unknown> = {}) {
  const sandbox = s.sandbox(id);
  const r = await l.launch({ containerId: cid(id), launchInfo: { rootfs: s.rootfs, ...li }, args, directory: sandbox });
  return { ...r, sandbox };
}

/** Runs `fn` with a scratch area that is cleaned up whatever happens. */
function withScratch(title: string, fn: (s: Scratch) => Promise<void>): void {
  scratchTest(title, () => why, () => scratch('runc'), fn);
}

withScratch('runc: launch + start runs the command; Wait gives its exit code; stdout is in the sandbox', async (s) => {
  const l = launcher(s);
  const { pid, sandbox, launcherState } = await launch(l, s, 'c1', ['/bin/sh', '-c', 'echo hi; echo oops >&2; exit 3']);
  assert.ok(pid > 0, 'pid');
  assert.ok(JSON.parse(launcherState).dir);
  // Created but not running: the command has not written anything yet.
  assert.is(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), '');
  assert.ok(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(`/${s.cgroupParent}/c1`), 'the init is in its cgroup before Start');
  await l.start({ containerId: cid('c1') });
  const t = await within(l.wait({ containerId: cid('c1') }), 10_000, 'exit');
  assert.is(t.exitCode, 3);
  assert.is(t.status, 3 << 8);
  assert.is(t.signal, undefined);
  assert.is(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), 'hi\n');
  assert.is(fs.readFileSync(path.join(sandbox, 'stderr'), 'utf8'), 'oops\n');
  // Wait again answers at once with the same.
  assert.equal(await l.wait({ containerId: cid('c1') }), t);
  await l.destroy({ containerId: cid('c1') });
  assert.is(runcList(s.runcRoot).size, 0, 'runc list is empty after destroy');
  assert.equal(cgroupsLeft(s.cgroupParent), [], 'no cgroup left');
  assert.is(await codeOf(l.wait({ containerId: cid('c1') })), ErrorCodes.notFound);
});

withScratch('runc: Kill with TERM ends `sleep 100` by signal 15 (the init forwards it)', async (s) => {
  if (!init) {
    return printSkip('runc TERM', 'no static init (apt-get install tini); without one, pid 1 ignores TERM');
  }
  const l = launcher(s);
  await launch(l, s, 'k1', ['sleep', '100']);
  await l.start({ containerId: cid('k1') });
  await l.kill({ containerId: cid('k1'), signal: 'TERM' });
  const t = await within(l.wait({ containerId: cid('k1') }), 10_000, 'exit after TERM');
  assert.is(t.signal, 15);
  assert.is(t.exitCode, undefined);
  assert.match(t.message, /SIGTERM/);
  await l.destroy({ containerId: cid('k1') });
});

withScratch('runc: Kill KILL without an init, and Kill before Start', async (s) => {
  const l = launcher(s, { init: null });
  await launch(l, s, 'k2', ['sleep', '100']);
  await l.start({ containerId: cid('k2') });
  await l.kill({ containerId: cid('k2'), signal: 'SIGKILL', all: true });
  assert.is((await within(l.wait({ containerId: cid('k2') }), 10_000, 'exit after KILL')).signal, 9);
  await l.destroy({ containerId: cid('k2') });

  const { pid } = await launch(l, s, 'k3', ['sleep', '100']);
  await l.kill({ containerId: cid('k3'), signal: '9' });
  const t = await within(l.wait({ containerId: cid('k3') }), 10_000, 'exit after a kill before start');
  assert.is(t.signal, 9);
  assert.match(t.message, /before it started/);
  await waitFor(() => !isAlive(pid, undefined), 5000, 'the init to go');
  assert.is(await codeOf(l.start({ containerId: cid('k3') })), ErrorCodes.conflict);
  await l.destroy({ containerId: cid('k3') });
  assert.is(await codeOf(l.kill({ containerId: cid('k3'), signal: 'NOPE' })), ErrorCodes.invalid);
});

withScratch('runc: the container outlives the agent process (kill -9); a new instance recovers it and gets its real exit code', async (s) => {
  const sandbox = s.sandbox('r1');
  // The "agent": a separate Node process that launches and starts, then is killed with SIGKILL.
  const lib = path.resolve(__dirname, '../src/runc-launcher.js');
  const setup = `
    const { RuncLauncher } = require(${JSON.stringify(lib)});
    const log = { debug() {}, info() {}, warn() {}, error() {} };
    const l = new RuncLauncher(${JSON.stringify({ runc: execFileSync('sh', ['-c', 'command -v runc'], { encoding: 'utf8' }).trim(), root: s.runcRoot, stateDir: s.state, init, newNetworkNamespace: false, cgroupParent: s.cgroupParent, launchTimeoutMs: 15000 })}, log);`;
  const { pid, launcherState } = await launchFromDoomedAgent(setup, {
    containerId: { value: 'r1' },
    launchInfo: { rootfs: s.rootfs },
    args: ['/bin/sh', '-c', 'while [ ! -e /mnt/mesos/sandbox/go ]; do sleep 0.05; done; echo done; exit 5'],
    directory: sandbox,
  });

  const l = launcher(s);
  const rec = await l.recover({ containers: [{ containerId: cid('r1'), pid, launcherState }] });
  assert.equal(rec.containers, [{ containerId: { value: 'r1', parent: null }, running: true, termination: null, pid }]);
  assert.equal(rec.orphans, []);
  assert.is(runcList(s.runcRoot).get(runcIdOf('r1')), 'running');
  fs.writeFileSync(path.join(sandbox, 'go'), '');
  const t = await within(l.wait({ containerId: cid('r1') }), 10_000, 'r1 to exit');
  assert.is(t.exitCode, 5);
  assert.is(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), 'done\n');
  await l.destroy({ containerId: cid('r1') });
});

withScratch('runc: a container that exits while the agent is down reports its real status on Recover', async (s) => {
  const a = launcher(s);
  const { sandbox } = await launch(a, s, 'r2', ['/bin/sh', '-c', 'while [ ! -e /mnt/mesos/sandbox/go ]; do sleep 0.05; done; exit 7']);
  await a.start({ containerId: cid('r2') });
  a.close(); // the agent goes away
  fs.writeFileSync(path.join(sandbox, 'go'), '');
  await waitFor(() => readJson(path.join(s.state, 'containers/r2/exit.json')), 10_000, 'the monitor to record the exit');
  const b = launcher(s);
  const rec = await b.recover({ containers: [{ containerId: cid('r2') }] });
  assert.is(rec.containers.length, 1);
  assert.is(rec.containers[0]!.running, false);
  assert.is(rec.containers[0]!.pid, 0);
  assert.is(rec.containers[0]!.termination?.exitCode, 7);
  assert.is((await b.wait({ containerId: cid('r2') })).exitCode, 7);
  await b.destroy({ containerId: cid('r2') });
});

withScratch('runc: Recover lists orphans (runc containers and records nobody knows); Destroy removes them', async (s) => {
  const a = launcher(s);
  await launch(a, s, 'o1', ['sleep', '100']);
  await a.start({ containerId: cid('o1') });
  await launch(a, s, 'o2', ['sleep', '100']);
  await a.start({ containerId: cid('o2') });
  const b = launcher(s);
  const rec = await b.recover({ containers: [{ containerId: cid('o2') }, { containerId: cid('never-launched') }] });
  assert.equal(rec.orphans, [{ value: 'o1', parent: null }]);
  assert.equal(
    rec.containers.map((c) => [c.containerId?.value, c.running]),
    [
      ['o2', true],
      ['never-launched', false],
    ],
  );
  await b.destroy({ containerId: cid('o1') });
  await b.destroy({ containerId: cid('o2') });
  assert.equal([...runcList(s.runcRoot).keys()], []);
  assert.equal(cgroupsLeft(s.cgroupParent), []);
  assert.equal(fs.readdirSync(path.join(s.state, 'containers')), []);
  assert.is(await codeOf(b.destroy({ containerId: cid('o1') })), ErrorCodes.notFound);
});

withScratch('runc: Exec runs inside the container (its pid, uts and mount namespaces) and streams output and exit', async (s) => {
  const l = launcher(s);
  await launch(l, s, 'e1', ['sleep', '100'], { hostname: 'box-e1', environment: [{ name: 'FOO', value: 'bar' }] });
  await l.start({ containerId: cid('e1') });
  const run = async (args: string[], extra: Record<string, unknown> = {}) => {
    let stdout = '';
    let stderr = '';
    let exit: { exitCode?: number; signal?: number } | undefined;
    for await (const o of l.exec({ containerId: cid('e1'), args, ...extra })) {
      if (o.stdout) stdout += o.stdout.toString();
      if (o.stderr) stderr += o.stderr.toString();
      if (o.exit) exit = o.exit;
    }
    return { stdout, stderr, exit };
  };
  const h = await within(run(['hostname']), 10_000, 'exec hostname');
  assert.is(h.stdout.trim(), 'box-e1');
  assert.is(h.exit?.exitCode, 0);
  const c = await within(run(['cat', '/proc/1/cmdline']), 10_000, 'exec cat');
  assert.match(c.stdout, /sleep\x00100/);
  const ps = await within(run(['sh', '-c', 'ls /proc | grep -c "^[0-9]"; echo $FOO $BAR; pwd; exit 4'], { environment: [{ name: 'BAR', value: 'baz' }], workingDir: '/tmp' }), 10_000, 'exec sh');
  const lines = ps.stdout.trim().split('\n');
  assert.ok(Number(lines[0]) <= 5, `only the container's processes are visible: ${lines[0]}`);
  assert.is(lines[1], 'bar baz');
  assert.is(lines[2], '/tmp');
  assert.is(ps.exit?.exitCode, 4);
  const i = await within(run(['cat'], { stdin: Buffer.from('from stdin') }), 10_000, 'exec cat stdin');
  assert.is(i.stdout, 'from stdin');
  const u = await within(run(['id', '-u'], { user: { uid: 65534, gid: 65534 } }), 10_000, 'exec as nobody');
  assert.is(u.stdout.trim(), '65534');
  // A consumer that stops early ends the exec'd process.
  const it = l.exec({ containerId: cid('e1'), args: ['sh', '-c', 'echo first; exec sleep 101'] })[Symbol.asyncIterator]();
  const first = await within(it.next(), 10_000, 'first output');
  assert.is(first.value?.stdout?.toString(), 'first\n');
  await it.return?.();
  await waitFor(async () => !(await within(run(['ps']), 10_000, 'ps')).stdout.includes('sleep 101'), 10_000, 'the abandoned exec to be killed');
  assert.is(await codeOf((async () => { for await (const _ of l.exec({ containerId: cid('nope'), args: ['true'] })) void _; })()), ErrorCodes.notFound);
  await l.kill({ containerId: cid('e1'), signal: 'KILL' });
  await within(l.wait({ containerId: cid('e1') }), 10_000, 'e1 exit');
  assert.is(await codeOf((async () => { for await (const _ of l.exec({ containerId: cid('e1'), args: ['true'] })) void _; })()), ErrorCodes.conflict);
  await l.destroy({ containerId: cid('e1') });
});

withScratch('runc: isolation applied from LaunchInfo: pid namespace, memory limit, pre-exec commands, user', async (s) => {
  const l = launcher(s);
  const { sandbox, pid } = await launch(
    l,
    s,
    'i1',
    ['/bin/sh', '-c', 'ps -o pid,comm | grep -v PID | wc -l > /mnt/mesos/sandbox/nproc; id -u > /mnt/mesos/sandbox/uid; cat /tmp/pre'],
    { cgroups: { memoryLimitBytes: String(64 << 20), pidsLimit: '32' }, preExecCommands: [{ args: ['sh', '-c', 'echo pre > /tmp/pre'] }] },
  );
  const limit = fs.readFileSync(path.join('/sys/fs/cgroup/memory', s.cgroupParent, 'i1', 'memory.limit_in_bytes'), 'utf8').trim();
  assert.is(limit, String(64 << 20));
  assert.ok(pid > 0);
  await l.start({ containerId: cid('i1') });
  assert.is((await within(l.wait({ containerId: cid('i1') }), 10_000, 'i1 exit')).exitCode, 0);
  assert.ok(Number(fs.readFileSync(path.join(sandbox, 'nproc'), 'utf8')) <= 5, 'ps sees only the task');
  assert.is(fs.readFileSync(path.join(sandbox, 'uid'), 'utf8').trim(), '0');
  assert.is(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), 'pre\n');
  await l.destroy({ containerId: cid('i1') });
});

withScratch('runc: a user namespace maps the container\'s root to an unprivileged host uid', async (s) => {
  // The mapped root must be able to reach the rootfs and the sandbox.
  fs.chmodSync(s.dir, 0o755);
  const l = launcher(s);
  const map = [{ containerStart: 0, hostStart: 200000, size: 65536 }];
  const { sandbox, pid } = await launch(l, s, 'u1', ['/bin/sh', '-c', 'cat /proc/self/uid_map; id -u; echo x > /mnt/mesos/sandbox/f && echo wrote'], { uidMappings: map, gidMappings: map });
  fs.chmodSync(path.join(s.dir, 'sandboxes'), 0o755);
  fs.chmodSync(sandbox, 0o777);
  assert.match(fs.readFileSync(`/proc/${pid}/uid_map`, 'utf8'), /^\s*0\s+200000\s+65536/);
  await l.start({ containerId: cid('u1') });
  assert.is((await within(l.wait({ containerId: cid('u1') }), 10_000, 'u1 exit')).exitCode, 0, fs.readFileSync(path.join(sandbox, 'stderr'), 'utf8'));
  const out = fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8').split('\n');
  assert.match(out[0]!, /^\s*0\s+200000\s+65536/);
  assert.is(out[1], '0');
  assert.is(out[2], 'wrote');
  assert.is(fs.statSync(path.join(sandbox, 'f')).uid, 200000, 'files written by the container\'s root belong to the mapped host uid');
  await l.destroy({ containerId: cid('u1') });
});

withScratch('runc: a command that does not exist: exit 127 from the init, or Start fails with runc\'s reason without one', async (s) => {
  const l = launcher(s);
  if (init) {
    const { sandbox } = await launch(l, s, 'f1', ['/no/such/command']);
    await l.start({ containerId: cid('f1') });
    const t = await within(l.wait({ containerId: cid('f1') }), 10_000, 'f1 exit');
    assert.is(t.exitCode, 127);
    assert.match(fs.readFileSync(path.join(sandbox, 'stderr'), 'utf8'), /\/no\/such\/command/);
    await l.destroy({ containerId: cid('f1') });
  }
  const bare = launcher(s, { init: null });
  await launch(bare, s, 'f2', ['/no/such/command']);
  const err = await bare.start({ containerId: cid('f2') }).then(
    () => undefined,
    (e: Error & { code?: string }) => e,
  );
  assert.is(err?.code, ErrorCodes.conflict);
  assert.match(err!.message, /no such file|not found/i);
  const t2 = await within(bare.wait({ containerId: cid('f2') }), 10_000, 'f2 exit');
  assert.ok(t2.exitCode !== 0);
  await bare.destroy({ containerId: cid('f2') });
  assert.is(await codeOf(launch(l, s, 'bad/id', ['true'])), ErrorCodes.invalid);
  assert.is(await codeOf(l.launch({ containerId: cid('x'), launchInfo: { rootfs: 'relative/rootfs' }, args: ['true'], directory: s.sandbox('x') })), ErrorCodes.invalid);
  assert.is(await codeOf(l.start({ containerId: cid('unknown') })), ErrorCodes.notFound);
  await launch(l, s, 'dup', ['true']);
  assert.is(await codeOf(launch(l, s, 'dup', ['true'])), ErrorCodes.conflict);
  await l.destroy({ containerId: cid('dup') });
  assert.equal([...runcList(s.runcRoot).keys()], []);
});

test.run();
