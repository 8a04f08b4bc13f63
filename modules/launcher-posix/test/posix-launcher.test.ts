import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, type Logger, readJson } from '@plateau/kernel';
import { findTools, PosixLauncher } from '../src/posix-launcher';
import { alive, codeOf, launchFromDoomedAgent, scratch, type Scratch, scratchTest, waitFor, within } from './fixtures';
import { printSkip } from '@plateau/testkit/skip';

const log = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;
const tools = findTools();
const cid = (value: string) => ({ value });

function launcher(s: Scratch): PosixLauncher {
  if (typeof tools === 'string') throw new Error(tools);
  return new PosixLauncher({ stateDir: s.state, launchTimeoutMs: 15_000 }, tools, log);
}

function withScratch(title: string, fn: (s: Scratch) => Promise<void>): void {
  scratchTest(title, () => (typeof tools === 'string' ? tools : undefined), scratch, fn);
}

withScratch('posix: launch creates a waiting process in its own session; start runs it; Wait gives the exit code', async (s) => {
  const l = launcher(s);
  const sandbox = s.sandbox('p1');
  const { pid } = await l.launch({ containerId: cid('p1'), args: ['/bin/sh', '-c', 'echo hi $MESOS_SANDBOX $FOO; pwd; exit 3'], directory: sandbox, launchInfo: { environment: [{ name: 'FOO', value: 'bar' }] } });
  assert.ok(alive(pid));
  const raw = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const stat = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  assert.is(Number(stat[2]), pid, 'its own process group');
  assert.is(Number(stat[3]), pid, 'its own session');
  assert.is(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), '');
  await l.start({ containerId: cid('p1') });
  const t = await within(l.wait({ containerId: cid('p1') }), 10_000, 'p1 exit');
  assert.is(t.exitCode, 3);
  assert.is(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), `hi ${sandbox} bar\n${sandbox}\n`);
  await l.destroy({ containerId: cid('p1') });
  assert.is(await codeOf(l.wait({ containerId: cid('p1') })), ErrorCodes.notFound);
});

withScratch('posix: Kill TERM ends `sleep 100` by signal 15; Kill before Start; all kills the group', async (s) => {
  const l = launcher(s);
  await l.launch({ containerId: cid('k1'), args: ['sleep', '100'], directory: s.sandbox('k1') });
  await l.start({ containerId: cid('k1') });
  await l.kill({ containerId: cid('k1'), signal: 'SIGTERM' });
  const t = await within(l.wait({ containerId: cid('k1') }), 10_000, 'k1 exit');
  assert.is(t.signal, 15);
  await l.destroy({ containerId: cid('k1') });

  const { pid } = await l.launch({ containerId: cid('k2'), args: ['sleep', '100'], directory: s.sandbox('k2') });
  await l.kill({ containerId: cid('k2'), signal: 'KILL' });
  const t2 = await within(l.wait({ containerId: cid('k2') }), 10_000, 'k2 exit');
  assert.is(t2.signal, 9);
  await waitFor(() => !alive(pid), 5000, 'k2 to go');
  await l.destroy({ containerId: cid('k2') });

  const sb = s.sandbox('k3');
  await l.launch({ containerId: cid('k3'), args: ['/bin/sh', '-c', 'sleep 100 & echo $! > child; wait'], directory: sb });
  await l.start({ containerId: cid('k3') });
  const child = await waitFor(() => Number(fs.existsSync(path.join(sb, 'child')) && fs.readFileSync(path.join(sb, 'child'), 'utf8').trim()) || undefined, 5000, 'the grandchild pid');
  await l.kill({ containerId: cid('k3'), signal: 'KILL', all: true });
  assert.is((await within(l.wait({ containerId: cid('k3') }), 10_000, 'k3 exit')).signal, 9);
  await waitFor(() => !alive(child), 5000, 'the grandchild to be killed with its group');
  await l.destroy({ containerId: cid('k3') });
});

withScratch('posix: the process outlives the agent (kill -9); a new instance recovers it and gets its exit code', async (s) => {
  const sandbox = s.sandbox('r1');
  const lib = path.resolve(__dirname, '../src/posix-launcher.js');
  const setup = `
    const { PosixLauncher, findTools } = require(${JSON.stringify(lib)});
    const log = { debug() {}, info() {}, warn() {}, error() {} };
    const l = new PosixLauncher({ stateDir: ${JSON.stringify(s.state)}, launchTimeoutMs: 15000 }, findTools(), log);`;
  const { pid } = await launchFromDoomedAgent(setup, {
    containerId: { value: 'r1' },
    args: ['/bin/sh', '-c', 'while [ ! -e go ]; do sleep 0.05; done; exit 5'],
    directory: sandbox,
  });
  const l = launcher(s);
  const rec = await l.recover({ containers: [{ containerId: cid('r1'), pid }] });
  assert.equal(rec.containers, [{ containerId: { value: 'r1', parent: null }, running: true, termination: null, pid }]);
  fs.writeFileSync(path.join(sandbox, 'go'), '');
  assert.is((await within(l.wait({ containerId: cid('r1') }), 10_000, 'r1 exit')).exitCode, 5);
  await l.destroy({ containerId: cid('r1') });
});

withScratch('posix: exit while the agent is down is reported by Recover; unknown records are orphans', async (s) => {
  const a = launcher(s);
  const sandbox = s.sandbox('r2');
  await a.launch({ containerId: cid('r2'), args: ['/bin/sh', '-c', 'while [ ! -e go ]; do sleep 0.05; done; exit 7'], directory: sandbox });
  await a.start({ containerId: cid('r2') });
  await a.launch({ containerId: cid('o1'), args: ['sleep', '100'], directory: s.sandbox('o1') });
  await a.start({ containerId: cid('o1') });
  a.close();
  fs.writeFileSync(path.join(sandbox, 'go'), '');
  await waitFor(() => readJson(path.join(s.state, 'containers/r2/exit.json')), 10_000, 'the exit record');
  const b = launcher(s);
  const rec = await b.recover({ containers: [{ containerId: cid('r2') }] });
  assert.is(rec.containers[0]!.running, false);
  assert.is(rec.containers[0]!.termination?.exitCode, 7);
  assert.equal(rec.orphans, [{ value: 'o1', parent: null }]);
  const o1 = JSON.parse(fs.readFileSync(path.join(s.state, 'containers/o1/launch.json'), 'utf8')) as { pid: number };
  await b.destroy({ containerId: cid('o1') });
  await waitFor(() => !alive(o1.pid), 5000, 'the orphan to be killed');
  await b.destroy({ containerId: cid('r2') });
  assert.equal(fs.readdirSync(path.join(s.state, 'containers')), []);
});

withScratch('posix: exec runs beside the container with its environment and streams output; isolation requests are Unsupported', async (s) => {
  const l = launcher(s);
  const sandbox = s.sandbox('e1');
  await l.launch({ containerId: cid('e1'), args: ['sleep', '100'], directory: sandbox, launchInfo: { environment: [{ name: 'FOO', value: 'bar' }] } });
  await l.start({ containerId: cid('e1') });
  let stdout = '';
  let exit: { exitCode?: number } | undefined;
  for await (const o of l.exec({ containerId: cid('e1'), args: ['sh', '-c', 'echo $FOO $BAR; pwd; cat; exit 2'], environment: [{ name: 'BAR', value: 'baz' }], stdin: Buffer.from('in') })) {
    if (o.stdout) stdout += o.stdout.toString();
    if (o.exit) exit = o.exit;
  }
  assert.is(stdout, `bar baz\n${sandbox}\nin`);
  assert.is(exit?.exitCode, 2);
  if (process.getuid?.() === 0) {
    let id = '';
    for await (const o of l.exec({ containerId: cid('e1'), args: ['id', '-u'], user: { uid: 65534, gid: 65534 } })) if (o.stdout) id += o.stdout.toString();
    assert.is(id.trim(), '65534');
  }
  await l.destroy({ containerId: cid('e1') });
  assert.is(await codeOf(l.launch({ containerId: cid('x'), args: ['true'], directory: s.sandbox('x'), launchInfo: { rootfs: '/r', namespaces: [{ type: 'pid' }] } })), ErrorCodes.unsupported);
  assert.is(await codeOf(l.launch({ containerId: cid('a/b'), args: ['true'], directory: s.sandbox('x') })), ErrorCodes.invalid);
  assert.ok(!fs.existsSync(path.join(s.state, 'containers/x')));
});

withScratch('posix: user, rlimits and pre-exec commands apply', async (s) => {
  if (process.getuid?.() !== 0) {
    return printSkip('posix user', 'needs root to switch users');
  }
  const l = launcher(s);
  const sandbox = s.sandbox('u1');
  fs.chmodSync(sandbox, 0o777);
  await l.launch({
    containerId: cid('u1'),
    args: ['/bin/sh', '-c', 'id -u; ulimit -n; cat pre'],
    directory: sandbox,
    launchInfo: { user: { uid: 65534, gid: 65534 }, rlimits: [{ type: 'RLIMIT_NOFILE', soft: '123', hard: '456' }], preExecCommands: [{ args: ['sh', '-c', 'echo pre > pre'] }] },
  });
  await l.start({ containerId: cid('u1') });
  assert.is((await within(l.wait({ containerId: cid('u1') }), 10_000, 'u1 exit')).exitCode, 0);
  assert.is(fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8'), '65534\n123\npre\n');
  await l.destroy({ containerId: cid('u1') });
});

test.run();
