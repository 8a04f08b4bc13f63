import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isAlive, startProcess } from '@plateau/testkit/proc';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';

// The `plateau` command on real config files: config validate / schema, modules list / check,
// with the exit codes the CLI promises (0 ok, 1 runtime failure, 2 config error).

const REPO = path.resolve(__dirname, '../../..');
const PLATEAU = path.join(REPO, 'bin/plateau.js');
const CLI_FIXTURES = 'test/fixtures/cli';
const fixture = (name: string) => `${CLI_FIXTURES}/${name}`;
/** Variables the fixture configs interpolate. */
const FIXTURE_ENV = {
  PLATEAU_FIXTURE_REPO: REPO,
  PLATEAU_FIXTURE_NODE: process.execPath,
  PLATEAU_FIXTURE_MODULES: path.resolve(__dirname, '../fixtures/modules'),
  PLATEAU_LOG_LEVEL: undefined,
};
const CLI_TIMEOUT_MS = 60_000;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Non-empty stderr lines. */
  errLines: string[];
}

/** Runs `node bin/plateau.js ...args` from the repository root (own process group, bounded). */
async function plateau(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const p = startProcess(process.execPath, [PLATEAU, ...args], {
    cwd: REPO,
    env: { ...FIXTURE_ENV, ...env },
    name: `plateau ${args.slice(0, 2).join(' ')}`,
    tailLines: 100_000,
  });
  try {
    let timer: NodeJS.Timeout | undefined;
    // 'close' comes after the output is drained, so the captured output is complete.
    await Promise.race([
      new Promise<void>((resolve) => p.child.once('close', () => resolve())),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`plateau ${args.join(' ')} did not finish within ${CLI_TIMEOUT_MS} ms; output:\n${p.output()}`)),
          CLI_TIMEOUT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const stderr = p.stderr();
    return { code: p.exitStatus?.code ?? null, stdout: p.stdout(), stderr, errLines: stderr.split('\n').filter((l) => l.trim()) };
  } finally {
    await p.stop('SIGKILL', 1000);
  }
}

/** Pids of live processes whose environment holds `PLATEAU_FIXTURE_TAG=<tag>` (Linux /proc). */
function taggedPids(tag: string): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (fs.readFileSync(`/proc/${e}/environ`, 'utf8').split('\0').includes(`PLATEAU_FIXTURE_TAG=${tag}`) && isAlive(Number(e))) {
        out.push(Number(e));
      }
    } catch {
      /* gone, or not ours to read */
    }
  }
  return out;
}

/** Data rows of a table printed by the CLI: header cells → row cells. */
function tableRows(stdout: string): Array<Record<string, string>> {
  const [header, ...lines] = stdout.split('\n').filter((l) => l.trim());
  const cols = header!.trim().split(/\s+/).map((c) => c.toLowerCase());
  return lines.map((l) => Object.fromEntries(l.trim().split(/\s+/).map((v, i) => [cols[i], v])));
}

const LOCATED = /^test\/fixtures\/cli\/[\w.-]+\.yaml:\d+:\d+ [\w.[\]"-]+: .+$/;

test('config validate: five distinct errors → exactly five `file:line:col path: message` lines, exit 2', async () => {
  const r = await plateau(['config', 'validate', fixture('five-errors.yaml')]);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stdout, '');
  const f = fixture('five-errors.yaml');
  assert.equal(r.errLines, [
    `${f}:2:10 cluster: must not be empty`,
    `${f}:3:11 logLevel: must be one of: trace, debug, info, warn, error, fatal`,
    `${f}:5:11 master.listen: must be HOST:PORT, e.g. 0.0.0.0:5050`,
    `${f}:7:15 master.authorizer: unknown module 'nobody' (defined: standalone, audit)`,
    `${f}:10:3 modules.audit: needs exactly one of 'use', 'exec' or 'endpoint' (it has 'exec' and 'endpoint')`,
  ]);
  for (const line of r.errLines) assert.match(line, LOCATED);
});

test("config validate: module config violating the module's own schema → located lines, exit 2", async () => {
  const r = await plateau(['config', 'validate', fixture('module-config.yaml')]);
  assert.is(r.code, 2, r.stderr);
  const f = fixture('module-config.yaml');
  assert.equal(r.errLines, [`${f}:4:62 modules.standalone.config.pollMs: must be >= 10`, `${f}:7:32 modules.owners.config.colour: unknown key 'colour'`]);
});

test('config validate: a valid config prints "valid" and exits 0 (FILE or --config)', async () => {
  for (const args of [[fixture('three-modes.yaml')], ['--config', fixture('three-modes.yaml')]]) {
    const r = await plateau(['config', 'validate', ...args]);
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout.trim(), `${fixture('three-modes.yaml')}: valid (3 modules)`);
    assert.equal(r.errLines, []);
  }
});

test('config schema prints the JSON Schema of plateau.yaml', async () => {
  const r = await plateau(['config', 'schema']);
  assert.is(r.code, 0, r.stderr);
  const schema = JSON.parse(r.stdout) as { properties?: { modules?: unknown } };
  assert.type(schema.properties?.modules, 'object', 'the schema has properties.modules');
});

test('modules list: instance, kind, name, version, mode, state, as a table and as JSON', async () => {
  const table = await plateau(['modules', 'list', '--config', fixture('three-modes.yaml')]);
  assert.is(table.code, 0, table.stderr);
  assert.equal(table.stdout.split('\n')[0]!.trim().split(/\s+/), ['INSTANCE', 'KIND', 'NAME', 'VERSION', 'MODE', 'STATE']);
  assert.equal(tableRows(table.stdout), [
    { instance: 'standalone', kind: 'contender', name: 'standalone', version: '0.1.0', mode: 'in-process', state: 'loaded' },
    { instance: 'owners', kind: 'hook', name: 'owner-labels', version: '0.1.0', mode: 'in-process', state: 'loaded' },
    { instance: 'acl', kind: 'authorizer', name: 'acl', version: '-', mode: 'spawn', state: 'loaded' },
  ]);

  const json = await plateau(['modules', 'list', '--config', fixture('three-modes.yaml'), '--json']);
  assert.is(json.code, 0, json.stderr);
  const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
  assert.equal(
    rows.map(({ instance, kind, name, version, mode, state }) => ({ instance, kind, name, version, mode, state })),
    [
      { instance: 'standalone', kind: 'contender', name: 'standalone', version: '0.1.0', mode: 'in-process', state: 'loaded' },
      { instance: 'owners', kind: 'hook', name: 'owner-labels', version: '0.1.0', mode: 'in-process', state: 'loaded' },
      { instance: 'acl', kind: 'authorizer', name: 'acl', version: '-', mode: 'spawn', state: 'loaded' },
    ],
  );
});

test('modules check: built-in contender + TS hook by path + Python authorizer spawned → all healthy, exit 0, nothing left', async () => {
  const tag = randomUUID();
  const workDir = makeTempDir('plateau-cli-check-');
  try {
    const r = await plateau(['modules', 'check', '--config', fixture('three-modes.yaml'), '--work-dir', workDir], { PLATEAU_FIXTURE_TAG: tag });
    assert.is(r.code, 0, `exit code (stderr: ${r.stderr})`);
    const rows = tableRows(r.stdout);
    assert.equal(
      rows.map((row) => [row.instance, row.name, row.mode, row.state, row.health]),
      [
        ['standalone', 'standalone', 'in-process', 'running', 'ok'],
        ['owners', 'owner-labels', 'in-process', 'running', 'ok'],
        ['acl', 'acl-py', 'spawn', 'running', 'ok'],
      ],
    );
    assert.ok(fs.existsSync(path.join(workDir, 'modules', 'acl', 'state')), 'module dirs are under --work-dir');
    assert.equal(taggedPids(tag), [], 'the Python module process is gone after the check');
  } finally {
    for (const pid of taggedPids(tag)) process.kill(pid, 'SIGKILL');
  }
});

test('modules check: a module exiting at start → exit 1, a one-line error naming it, no process left', async () => {
  const workDir = makeTempDir('plateau-cli-check-');
  const pidfile = path.join(workDir, 'doomed.pids');
  const r = await plateau(['modules', 'check', '--config', fixture('exits-at-start.yaml'), '--work-dir', workDir], {
    PLATEAU_FIXTURE_PIDFILE: pidfile,
  });
  const pids = JSON.parse(fs.readFileSync(pidfile, 'utf8')) as { pid: number; grandchild: number };
  try {
    assert.is(r.code, 1, `exit code (stderr: ${r.stderr})`);
    assert.is(r.stdout, '');
    assert.is(r.errLines.length, 1, `one line: ${r.stderr}`);
    assert.match(r.errLines[0]!, 'hook.doomed');
    assert.match(r.errLines[0]!, 'exited before its handshake (code 3)');
    assert.match(r.errLines[0]!, 'fatal: cannot open /nonexistent/fixture.db (ENOENT)');
    await waitFor(() => !isAlive(pids.pid) && !isAlive(pids.grandchild), {
      timeoutMs: 5000,
      what: `the failed module (pid ${pids.pid}) and its grandchild (pid ${pids.grandchild}) to be gone`,
    });
  } finally {
    for (const pid of [pids.pid, pids.grandchild]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});

test('an unknown module in the config → exit 2 with file:line:col, for validate, list and check; nothing starts', async () => {
  const workDir = path.join(makeTempDir('plateau-cli-unknown-'), 'work');
  const expected = `${fixture('unknown-module.yaml')}:5:19 modules.mystery.use: unknown module 'no-such-module'`;
  for (const args of [
    ['config', 'validate', fixture('unknown-module.yaml')],
    ['modules', 'list', '--config', fixture('unknown-module.yaml')],
    ['modules', 'check', '--config', fixture('unknown-module.yaml'), '--work-dir', workDir],
  ]) {
    const r = await plateau(args);
    assert.is(r.code, 2, `${args.join(' ')}: exit code (stderr: ${r.stderr})`);
    assert.is(r.errLines.length, 1, `${args.join(' ')}: one line: ${r.stderr}`);
    assert.ok(r.errLines[0]!.startsWith(expected), `${args.join(' ')}: ${r.errLines[0]}`);
    assert.match(r.errLines[0]!, LOCATED);
  }
  assert.not.ok(fs.existsSync(workDir), 'modules check created nothing: no module was started');
});

test.run();
