// What a person at a terminal sees: `plateau up` and `plateau master` run under a real pseudo-
// terminal (util-linux `script`) write one readable line per log entry, `up` prints its banner
// before any info line and hides the module start lines (its warning still shows), and a real
// Ctrl-C (^C typed into the terminal) stops it. Without a terminal, or with --log-format json,
// stderr carries pino's JSON lines; --log-format pretty forces readable lines into a pipe.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { PLATEAU, REPO } from '../integration/agent-harness';
import { testUnless } from '@plateau/testkit/skip';

const READABLE = /^\[\d\d:\d\d:\d\d\.\d{3}\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): /;

function scriptMissing(): string | undefined {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'script is not installed (apt-get install bsdutils)';
  }
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `plateau ...args` in a pseudo-terminal; what it writes (stdout and stderr alike) comes out of `script`'s stdout. */
function inTerminal(args: string[], name: string, env: NodeJS.ProcessEnv = {}): StartedProcess {
  const command = ['exec', process.execPath, PLATEAU, ...args].map(shellQuote).join(' ');
  return startProcess('script', ['-qfec', command, '/dev/null'], { cwd: REPO, env: { NO_COLOR: '1', ...env }, name, stdin: 'pipe', tailLines: 3000 });
}

/** Types Ctrl-C into the terminal: the line discipline sends SIGINT to its foreground group. */
function ctrlC(p: StartedProcess): void {
  p.child.stdin?.write('\x03');
}

/** The output's lines, carriage returns and blank lines dropped. */
function lines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

/** A config with a standalone master and a posix agent (no isolators: `up` warns) in `dir`. */
async function writeConfig(dir: string): Promise<{ config: string; master: string }> {
  const [masterPort, agentPort] = [await freePort(), await freePort()];
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: logs',
      `workDir: ${JSON.stringify(path.join(dir, 'work'))}`,
      `master: { listen: 127.0.0.1:${masterPort}, contender: standalone }`,
      `agent: { listen: 127.0.0.1:${agentPort}, launcher: posix }`,
      'modules:',
      '  standalone: { use: contender-standalone }',
      '  posix: { use: launcher-posix }',
      '',
    ].join('\n'),
  );
  return { config, master: `127.0.0.1:${masterPort}` };
}

testUnless(scriptMissing)('plateau up at a terminal: the banner first, readable lines, the warning shown, module start lines hidden; ^C stops it', async () => {
  const dir = makeTempDir('plateau-logs-up-');
  const { config } = await writeConfig(dir);
  const up = inTerminal(['up', '--config', config, '--no-demo'], 'up (tty)', { PLATEAU_LOG_LEVEL: undefined });
  try {
    await up.waitForLine(/Ctrl-C stops everything/, 60_000);
    const before = lines(up.stdout());
    const banner = before.findIndex((l) => l.startsWith('Plateau is up'));
    assert.ok(banner >= 0, up.output());
    const warning = before.findIndex((l) => /^\[[\d:.]+\] WARN: up {2}NO ISOLATION: no isolator runs on this agent/.test(l));
    assert.ok(warning >= 0, `the warning is a readable line:\n${up.output()}`);
    assert.match(before[warning]!, /\{"launcher":"posix \(launcher\.posix\)"\}$/, 'its fields follow on the same line');
    assert.not.ok(before.slice(0, banner).some((l) => /INFO:/.test(l)), `no info line before the banner:\n${up.output()}`);
    assert.not.ok(before.some((l) => /module \S+ started/.test(l)), `no module start line:\n${up.output()}`);
    assert.not.ok(before.some((l) => l.startsWith('{"level"')), `no JSON line:\n${up.output()}`);

    ctrlC(up);
    const exit = await up.waitForExit(60_000);
    assert.is(exit.code, 0, up.output());
    assert.match(up.stdout(), /stopped: no container left behind/);
    const logLines = lines(up.stdout()).filter((l) => /^\[\d/.test(l));
    assert.ok(logLines.length > 0 && logLines.every((l) => READABLE.test(l)), `every log line is readable:\n${logLines.join('\n')}`);
  } finally {
    ctrlC(up);
    await up.stop('SIGKILL', 1000).catch(() => undefined);
  }
});

test('plateau up without a terminal: JSON lines on stderr, the banner on stdout', async () => {
  const dir = makeTempDir('plateau-logs-up-json-');
  const { config } = await writeConfig(dir);
  const up = startProcess(process.execPath, [PLATEAU, 'up', '--config', config, '--no-demo'], { cwd: REPO, name: 'up (pipe)', tailLines: 3000, env: { PLATEAU_LOG_LEVEL: undefined, PLATEAU_LOG_FORMAT: undefined } });
  try {
    await up.waitForLine(/Ctrl-C stops everything/, 60_000);
    const json = lines(up.stderr()).filter((l) => l.startsWith('{'));
    const warn = json.map((l) => JSON.parse(l)).find((e) => e.level === 40 && /NO ISOLATION/.test(e.msg));
    assert.ok(warn, `the warning is a JSON line:\n${up.stderr()}`);
    assert.is(warn.role, 'up');
    assert.is(warn.launcher, 'posix (launcher.posix)');
    assert.not.ok(lines(up.stderr()).some((l) => READABLE.test(l)), up.stderr());
    assert.match(up.stdout(), /Plateau is up/);
  } finally {
    process.kill(-up.pid, 'SIGINT');
    await up.waitForExit(60_000).catch(() => undefined);
    await up.stop('SIGKILL', 1000).catch(() => undefined);
  }
});

testUnless(scriptMissing)('plateau master: readable at a terminal, JSON with --log-format json there, JSON into a pipe, readable with --log-format pretty', async () => {
  const cases: { tty: boolean; flag?: string; readable: boolean }[] = [
    { tty: true, readable: true },
    { tty: true, flag: 'json', readable: false },
    { tty: false, readable: false },
    { tty: false, flag: 'pretty', readable: true },
  ];
  for (const c of cases) {
    const dir = makeTempDir('plateau-logs-master-');
    const { config, master } = await writeConfig(dir);
    const args = ['master', '--config', config, '--listen', master, ...(c.flag ? ['--log-format', c.flag] : [])];
    const what = `master ${c.tty ? 'at a terminal' : 'into a pipe'}${c.flag ? ` with --log-format ${c.flag}` : ''}`;
    const env = { PLATEAU_LOG_LEVEL: 'info', PLATEAU_LOG_FORMAT: undefined };
    const p = c.tty ? inTerminal(args, what, env) : startProcess(process.execPath, [PLATEAU, ...args], { cwd: REPO, name: what, env, tailLines: 3000 });
    try {
      const [line] = await p.waitForLine(/^.*leading: serving.*$/, 30_000);
      const text = line.replace(/\r$/, '');
      if (c.readable) assert.match(text, /^\[[\d:.]+\] INFO: master {2}leading: serving/, `${what}: ${text}`);
      else {
        const entry = JSON.parse(text);
        assert.is(entry.level, 30, what);
        assert.is(entry.role, 'master', what);
      }
      if (c.tty) ctrlC(p);
      else process.kill(-p.pid, 'SIGINT');
      assert.is((await p.waitForExit(30_000)).code, 0, `${what}: ${p.output()}`);
    } finally {
      await p.stop('SIGKILL', 1000).catch(() => undefined);
    }
  }
});

test('a bad --log-format is a usage error', async () => {
  const p = startProcess(process.execPath, [PLATEAU, '--log-format', 'xml', 'master'], { cwd: REPO, name: 'bad format' });
  assert.is((await p.waitForExit(30_000)).code, 2);
  assert.match(p.stderr(), /--log-format must be one of pretty, json/);
});

test.run();
