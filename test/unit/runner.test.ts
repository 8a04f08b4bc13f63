// test/run.js on a made-up tree of compiled test files (PLATEAU_TEST_ROOT points it there).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { groupMembers, isAlive } from '@plateau/testkit/proc';
import { printSkip } from '@plateau/testkit/skip';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';

const RUNNER = path.join(__dirname, '..', '..', 'run.js');
const UVU = require.resolve('uvu');

function write(root: string, rel: string, text: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const uvuFile = (body: string) =>
  `const { test } = require(${JSON.stringify(UVU)});\nconst assert = require(${JSON.stringify(require.resolve('uvu/assert'))});\n${body}\ntest.run();\n`;

function makeTree(): string {
  const root = makeTempDir('plateau-runner-');
  write(
    root,
    'test/lib/unit/pass.test.js',
    uvuFile(`test('zk', () => { console.log('SKIP zookeeper tests: zkServer.sh not found'); });
test('a', () => assert.ok(true));
test('b', () => assert.ok(true));
test.skip('c', () => {});`),
  );
  write(
    root,
    'test/lib/unit/fail.test.js',
    uvuFile(`test('good', () => assert.ok(true));
test('bad', () => assert.is(1, 2, 'one is not two'));`),
  );
  write(root, 'test/lib/unit/crash.test.js', `console.log('about to crash');\nthrow new Error('crashed at load');\n`);
  write(
    root,
    'test/lib/unit/exitcode.test.js',
    uvuFile(`test('fine', () => assert.ok(true));
process.on('exit', () => { process.exitCode = 3; });`),
  );
  write(root, 'test/lib/bench/slow.test.js', `throw new Error('bench files are not tests');\n`);
  // Stale output: its source map names a source that is gone.
  write(root, 'test/lib/unit/gone.test.js', `throw new Error('stale file ran');\n`);
  write(root, 'test/lib/unit/gone.test.js.map', JSON.stringify({ version: 3, sources: ['../../unit/gone.test.ts'], mappings: '' }));
  // Compiled file whose source is there: runs.
  write(root, 'modules/zk/test/zk.test.ts', '// source\n');
  write(root, 'modules/zk/lib/test/zk.test.js', uvuFile(`test('module test', () => assert.ok(true));`));
  write(root, 'modules/zk/lib/test/zk.test.js.map', JSON.stringify({ version: 3, sources: ['../../test/zk.test.ts'], mappings: '' }));
  write(root, 'examples/demo/lib/test/demo.test.js', uvuFile(`test('example test', () => assert.ok(true));`));
  write(root, 'examples/demo/lib/test/helper.js', `throw new Error('not a test file');\n`);
  return root;
}

function run(root: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [RUNNER, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PLATEAU_TEST_ROOT: root, PLATEAU_TEST_VERBOSE: undefined, CI: undefined, ...env },
    timeout: 60_000,
  });
  const lines = r.stdout.trimEnd().split('\n');
  return { ...r, lines, last: lines[lines.length - 1] };
}

const line = (out: string[], prefix: string) => out.find((l) => l.startsWith(prefix));

test('runs every test file, reports each, and closes with the totals', () => {
  const root = makeTree();
  const r = run(root);
  assert.is(r.status, 1, r.stdout + r.stderr);
  // pass 2+1(fail)+1(exitcode)+1+1 = 6 passed; fail 1 + crash 1 + exitcode 1 = 3 failed; 2 skipped
  // (test.skip, and a test that printed SKIP and returned).
  assert.is(r.last, '6 passed, 3 failed, 2 skipped');
  assert.match(line(r.lines, 'ok   test/lib/unit/pass.test.js') ?? '', /2 passed, 0 failed, 2 skipped/);
  assert.ok(r.lines.includes('     SKIP zookeeper tests: zkServer.sh not found'), r.stdout);
  assert.match(line(r.lines, 'FAIL test/lib/unit/fail.test.js') ?? '', /1 passed, 1 failed, 0 skipped/);
  assert.match(line(r.lines, 'FAIL test/lib/unit/crash.test.js') ?? '', /0 passed, 1 failed, 0 skipped .*exited 1 without a uvu summary/);
  assert.match(line(r.lines, 'FAIL test/lib/unit/exitcode.test.js') ?? '', /1 passed, 1 failed, 0 skipped .*exited 3 though no test failed/);
  assert.ok(line(r.lines, 'ok   modules/zk/lib/test/zk.test.js'), r.stdout);
  assert.ok(line(r.lines, 'ok   examples/demo/lib/test/demo.test.js'), r.stdout);
  assert.ok(line(r.lines, 'stale test/lib/unit/gone.test.js'), r.stdout);
  assert.not.match(r.stdout, /bench/);
  assert.not.match(r.stdout, /helper\.js/);
  // Failing files' output is shown; passing files' is not.
  assert.match(r.stdout, /one is not two/);
  assert.match(r.stdout, /crashed at load/);
  assert.not.match(r.stdout, /module test/);
});

test('arguments select files by substring', () => {
  const root = makeTree();
  const r = run(root, ['--', 'pass', 'demo']);
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.is(r.last, '3 passed, 0 failed, 2 skipped');
  assert.is(r.lines.filter((l) => /^(ok|FAIL) /.test(l)).length, 2);
});

test('no test file found is a failure', () => {
  const root = makeTree();
  const r = run(root, ['no-such-file']);
  assert.is(r.status, 1);
  assert.ok(r.lines.includes('no test file matches "no-such-file"'), r.stdout);
  assert.is(r.last, '0 passed, 0 failed, 0 skipped');
  const empty = run(makeTempDir('plateau-runner-'));
  assert.is(empty.status, 1);
  assert.ok(empty.lines.includes('no test files found'));
});

// Files whose tests cannot run here: SKIP lines as @plateau/testkit/skip prints them.
const SKIP_KIT = path.dirname(require.resolve('@plateau/testkit/skip'));
function skipTree(): string {
  const root = makeTempDir('plateau-runner-');
  // Three tests skip through testUnless, one runs: 1 passed, 3 skipped.
  write(
    root,
    'test/lib/unit/kit.test.js',
    uvuFile(`const { testUnless } = require(${JSON.stringify(path.join(SKIP_KIT, 'skip.js'))});
const real = testUnless(() => 'zkServer.sh not found');
real('zk one', () => { throw new Error('ran'); });
real('zk two', () => { throw new Error('ran'); });
real('zk three', () => { throw new Error('ran'); });
test('runs', () => assert.ok(true));`),
  );
  // The old shape: one SKIP line, then every test returns early. Ten tests, one line: the file
  // prints too few lines, so nine would count as passed; it is named here as what not to do.
  write(
    root,
    'test/lib/unit/early.test.js',
    uvuFile(`let skip; test.before(() => { skip = 'no registry'; console.log('SKIP registry tests: no registry'); });
for (let i = 0; i < 10; i++) test('t' + i, () => { if (skip) return; throw new Error('ran'); });`),
  );
  // A test that prints two lines for itself miscounts: the file fails, saying so.
  write(
    root,
    'test/lib/unit/double.test.js',
    uvuFile(`test('x', () => { console.log('SKIP x: one'); console.log('SKIP x: two'); });`),
  );
  // On the allow-list (a GPU test without a GPU) and not (a missing tool).
  write(
    root,
    'test/lib/unit/gpu.test.js',
    uvuFile(`const { printSkip } = require(${JSON.stringify(path.join(SKIP_KIT, 'skip.js'))});
test('real GPU', () => printSkip('real GPU', 'no NVIDIA GPU here (nvidia-smi not found)'));
test('other', () => assert.ok(true));`),
  );
  write(
    root,
    'test/lib/unit/tool.test.js',
    uvuFile(`const { printSkip } = require(${JSON.stringify(path.join(SKIP_KIT, 'skip.js'))});
test('seccomp', () => printSkip('seccomp proof', 'no gcc -static (apt-get install gcc libc6-dev)'));`),
  );
  write(root, 'test/skip-allow.json', fs.readFileSync(path.join(__dirname, '..', '..', 'skip-allow.json'), 'utf8'));
  return root;
}

test('skips are counted per test: each SKIP line is one test moved from passed to skipped', () => {
  const root = skipTree();
  const kit = run(root, ['kit']);
  assert.is(kit.status, 0, kit.stdout + kit.stderr);
  assert.match(line(kit.lines, 'ok   test/lib/unit/kit.test.js') ?? '', /1 passed, 0 failed, 3 skipped/);
  for (const t of ['one', 'two', 'three']) assert.ok(kit.lines.includes(`     SKIP zk ${t}: zkServer.sh not found`), kit.stdout);
  assert.is(kit.last, '1 passed, 0 failed, 3 skipped');
  // One line for ten early returns: one skip, nine passes. The count is as exact as the lines a
  // file prints, which is why every skip goes through testUnless/printSkip.
  const early = run(root, ['early']);
  assert.is(early.last, '9 passed, 0 failed, 1 skipped');
  const double = run(root, ['double']);
  assert.is(double.status, 1, double.stdout);
  assert.match(line(double.lines, 'FAIL test/lib/unit/double.test.js') ?? '', /2 SKIP lines but only 1 tests returned/);
});

test('CI=true: a skip fails the run unless test/skip-allow.json allows it, each with its reason', () => {
  const root = skipTree();
  const allowed = run(root, ['gpu'], { CI: 'true' });
  assert.is(allowed.status, 0, allowed.stdout + allowed.stderr);
  assert.is(allowed.last, '1 passed, 0 failed, 1 skipped');
  assert.ok(allowed.lines.some((l) => /^ {5}SKIP real GPU: no NVIDIA GPU here .*\(allowed under CI: needs an NVIDIA GPU/.test(l)), allowed.stdout);
  const refused = run(root, ['tool'], { CI: 'true' });
  assert.is(refused.status, 1, refused.stdout);
  assert.is(refused.last, '0 passed, 1 failed, 0 skipped');
  assert.match(line(refused.lines, 'FAIL test/lib/unit/tool.test.js') ?? '', /1 skip\(s\) not allowed under CI=true/);
  assert.ok(refused.lines.some((l) => /SKIP seccomp proof: no gcc -static .*FAILS under CI=true: not on test\/skip-allow\.json/.test(l)), refused.stdout);
  // The same files without CI: skips, not failures.
  const local = run(root, ['gpu', 'tool'], { CI: undefined });
  assert.is(local.status, 0, local.stdout);
  assert.is(local.last, '1 passed, 0 failed, 2 skipped');
  // uvu's own test.skip has no reason to allow: it fails under CI too.
  const uvuSkip = run(makeTree(), ['pass'], { CI: 'true' });
  assert.match(line(uvuSkip.lines, 'FAIL test/lib/unit/pass.test.js') ?? '', /2 passed, 2 failed, 0 skipped/);
});

test('a file that hangs is killed after the timeout, with everything it started', async () => {
  const root = makeTree();
  const pids = path.join(root, 'pids');
  write(
    root,
    'test/lib/unit/hang.test.js',
    `const { spawn } = require('node:child_process');
const fs = require('node:fs');
const inGroup = spawn('sleep', ['100'], { stdio: 'ignore' });
const ownGroup = spawn('sleep', ['100'], { stdio: 'ignore', detached: true });
fs.appendFileSync(process.env.PLATEAU_TEST_PGID_FILE, '+' + ownGroup.pid + '\\n');
fs.writeFileSync(${JSON.stringify(pids)}, inGroup.pid + ' ' + ownGroup.pid);
console.log('hanging');
setInterval(() => {}, 1000);
`,
  );
  const t0 = Date.now();
  const r = run(root, ['hang'], { PLATEAU_TEST_TIMEOUT_S: '1' });
  assert.ok(Date.now() - t0 < 15_000, `took ${Date.now() - t0}ms`);
  assert.is(r.status, 1, r.stdout + r.stderr);
  assert.match(line(r.lines, 'FAIL test/lib/unit/hang.test.js') ?? '', /TIMEOUT after 1s/);
  assert.match(r.stdout, /hanging/);
  assert.is(r.last, '0 passed, 1 failed, 0 skipped');
  const [inGroup, ownGroup] = fs.readFileSync(pids, 'utf8').split(' ').map(Number);
  await waitFor(() => !isAlive(inGroup!) && groupMembers(ownGroup!).length === 0, {
    timeoutMs: 3000,
    what: 'the hanging file\'s processes to be gone',
  });
});

test('ANSI colour codes in the summary are ignored', () => {
  const root = makeTempDir('plateau-runner-');
  write(
    root,
    'test/lib/colour.test.js',
    `process.stdout.write('\\x1b[1m\\x1b[4mcolour\\x1b[0m\\n  Total:     3\\x1b[32m\\n  Passed:    2\\x1b[39m\\n  Skipped:   \\x1b[33m4\\x1b[39m\\n');\nprocess.exitCode = 1;\n`,
  );
  const r = run(root);
  assert.is(r.last, '2 passed, 1 failed, 4 skipped');
  assert.is(r.status, 1);
});

test('a mount a test file leaves in a plateau temp dir is swept after it', () => {
  if (process.getuid?.() !== 0) return printSkip('mount sweep', 'needs root to mount a tmpfs');
  const root = makeTempDir('plateau-runner-');
  const target = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'plateau-leak-'));
  write(
    root,
    'test/lib/unit/leaky.test.js',
    uvuFile(`test('mounts and forgets', () => {
  require('node:child_process').execFileSync('mount', ['-t', 'tmpfs', 'none', ${JSON.stringify(target)}]);
});`),
  );
  try {
    const r = run(root, ['leaky']);
    assert.is(r.status, 0, r.stdout + r.stderr);
    assert.ok(r.lines.some((l) => /swept what it left: 1 mount\(s\)/.test(l)), r.stdout);
    const mounted = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').some((l) => l.split(' ')[4] === target);
    assert.not.ok(mounted, `${target} is still mounted`);
  } finally {
    spawnSync('umount', ['-l', target]);
    fs.rmSync(target, { recursive: true, force: true });
  }
});

test.run();
