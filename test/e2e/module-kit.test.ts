// The module authoring kit, as a user runs it: `plateau module new` writes a TypeScript and a
// Python module, they build (tsc, the module's own uvu test; protoc stubs), and `plateau modules
// test` passes their kinds' conformance suites; a module edited to answer wrongly fails, exit 1,
// with the failing case named.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';

const REPO = path.resolve(__dirname, '../../..');
const PLATEAU = path.join(REPO, 'bin/plateau.js');
const STEP_TIMEOUT_MS = 120_000;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, bounded; the result's output goes into assertion messages. */
function run(cmd: string, args: string[], cwd: string): Result {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: STEP_TIMEOUT_MS, killSignal: 'SIGKILL', env: { ...process.env, NO_COLOR: '1', PLATEAU_LOG_LEVEL: 'error' } });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}\n${r.stdout}\n${r.stderr}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const plateau = (args: string[], cwd: string) => run(process.execPath, [PLATEAU, ...args], cwd);
const shown = (r: Result) => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

/**
 * What `npm install` gives the new package, offline: its dependencies as this checkout has them
 * (@plateau/kernel is a `file:` dependency on this very package).
 */
function linkDependencies(dir: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  assert.is(pkg.dependencies['@plateau/kernel'], `file:${path.join(REPO, 'kernel', 'host')}`, 'the kernel dependency is this installation');
  for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
    const link = path.join(dir, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(REPO, 'node_modules', name)), link);
  }
}

function buildTs(dir: string): void {
  const tsc = run(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
  assert.is(tsc.code, 0, `tsc builds the new module\n${shown(tsc)}`);
}

const work = makeTempDir('plateau-module-kit-');

test('module new --lang ts: builds, its own test passes, modules test passes the authorizer suite', () => {
  const made = plateau(['module', 'new', 'acme-authz', '--kind', 'authorizer', '--dir', work], work);
  assert.is(made.code, 0, shown(made));
  const dir = path.join(work, 'acme-authz');
  for (const f of ['package.json', 'tsconfig.json', 'src/index.ts', 'src/config.ts', 'src/authorizer.ts', 'src/main.ts', 'test/module.test.ts', 'plateau.yaml', 'README.md']) {
    assert.ok(fs.existsSync(path.join(dir, f)), `module new wrote ${f}`);
  }
  assert.match(fs.readFileSync(path.join(dir, 'src/index.ts'), 'utf8'), 'defineModule');
  const unbuilt = plateau(['modules', 'test', '--config', 'acme-authz/plateau.yaml'], work);
  assert.is(unbuilt.code, 2, shown(unbuilt));
  assert.match(unbuilt.stderr, 'names main lib/src/index.js, which is not there: build the package first (npm run build)', shown(unbuilt));
  linkDependencies(dir);
  buildTs(dir);
  const own = run(process.execPath, ['lib/test/module.test.js'], dir);
  assert.is(own.code, 0, `the module's own test passes\n${shown(own)}`);

  const r = plateau(['modules', 'test', '--config', 'acme-authz/plateau.yaml'], work);
  assert.is(r.code, 0, shown(r));
  assert.match(r.stdout, /acme-authz\s+authorizer\s+authorizer\s+passed 6\/6/, shown(r));
});

test('module new --lang python: stubs from grpc_tools, and modules test passes the authorizer and secret-resolver suites', () => {
  for (const [name, kind, passed] of [
    ['py-authz', 'authorizer', 'passed 6/6'],
    ['py-secrets', 'secret-resolver', 'passed 5/5'],
  ] as const) {
    const made = plateau(['module', 'new', name, '--kind', kind, '--lang', 'python', '--dir', work], work);
    assert.is(made.code, 0, shown(made));
    const dir = path.join(work, name);
    const stub = kind === 'authorizer' ? 'stubs/kernel/authorizer/v1/authorizer_pb2_grpc.py' : 'stubs/kernel/secret_resolver/v1/secret_resolver_pb2_grpc.py';
    for (const f of ['main.py', 'plateau_module.py', 'regen-stubs.sh', 'plateau.yaml', stub, 'stubs/kernel/module/v1/module_pb2_grpc.py', 'stubs/grpc/health/v1/health_pb2.py']) {
      assert.ok(fs.existsSync(path.join(dir, f)), `module new wrote ${f}`);
    }
    const r = plateau(['modules', 'test', '--config', `${name}/plateau.yaml`], work);
    assert.is(r.code, 0, shown(r));
    assert.match(r.stdout, new RegExp(`${name}\\s+${kind}\\s+${kind}\\s+${passed}`), shown(r));
  }
});

test('modules test dials an endpoint: the generated TypeScript module served on a unix socket of its own', async () => {
  const dir = path.join(work, 'acme-authz');
  const socket = path.join(work, 'authz.sock');
  // The module served by a process of its own, as a service the kernel only dials.
  const serve = [
    `const { startModuleServer } = require(${JSON.stringify(path.join(REPO, 'kernel', 'host'))});`,
    `const def = require(${JSON.stringify(path.join(dir, 'lib', 'src', 'index.js'))}).default;`,
    `const log = require('pino')({ level: 'silent' });`,
    `startModuleServer(def, { address: 'unix://${socket}', log }).then(() => console.log('ready'));`,
  ].join('\n');
  const server = spawn(process.execPath, ['-e', serve], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the module server did not say ready within 20 s')), 20_000);
      server.stdout!.on('data', (c: Buffer) => c.toString().includes('ready') && (clearTimeout(timer), resolve()));
      server.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the module server exited (${code})`))));
    });
    const config = path.join(work, 'endpoint.yaml');
    fs.writeFileSync(config, `cluster: t\nmodules:\n  dialed:\n    kind: authorizer\n    endpoint: unix://${socket}\n    config: { admins: [ops] }\n`);
    const r = plateau(['modules', 'test', '--config', config], work);
    assert.is(r.code, 0, shown(r));
    assert.match(r.stdout, /dialed\s+authorizer\s+authorizer\s+passed 6\/6/, shown(r));
  } finally {
    server.kill('SIGKILL');
  }
});

const TEMPLATES = path.join(REPO, 'kernel', 'cli', 'templates', 'module');
const templateKinds = (lang: string) => fs.readdirSync(path.join(TEMPLATES, lang)).filter((k) => k !== 'common').sort();

test('every template, in each language, builds and passes its kind suite unedited', () => {
  assert.ok(templateKinds('ts').length >= 5 && templateKinds('python').length >= 5, 'templates for the kinds with suites');
  for (const lang of ['ts', 'python']) {
    for (const kind of templateKinds(lang)) {
      const name = `all-${lang}-${kind}`;
      const made = plateau(['module', 'new', name, '--kind', kind, '--lang', lang, '--dir', work], work);
      assert.is(made.code, 0, shown(made));
      if (lang === 'ts') {
        linkDependencies(path.join(work, name));
        buildTs(path.join(work, name));
        const own = run(process.execPath, ['lib/test/module.test.js'], path.join(work, name));
        assert.is(own.code, 0, `${name}: its own test passes\n${shown(own)}`);
      }
      const r = plateau(['modules', 'test', '--config', `${name}/plateau.yaml`], work);
      assert.is(r.code, 0, `${name}\n${shown(r)}`);
      assert.match(r.stdout, new RegExp(`${name}\\s+${kind}\\s+${kind}\\s+passed (\\d+)/\\1`), `${name}\n${shown(r)}`);
    }
  }
});

test('a module edited to answer wrongly fails its suite: exit 1, the failing case named (ts and python)', () => {
  const ts = path.join(work, 'acme-authz', 'src', 'authorizer.ts');
  const before = fs.readFileSync(ts, 'utf8');
  const broken = before.replace("if (!action) throw new InvalidError('action is required (a Mesos authorization action, e.g. RUN_TASK)');", "if (!action) return 'VIEW_TASK';");
  assert.ok(broken !== before, 'the edit applies to the generated authorizer');
  fs.writeFileSync(ts, broken.replace("import { InvalidError, type Authorizer }", 'import { type Authorizer }'));
  buildTs(path.join(work, 'acme-authz'));
  const r = plateau(['modules', 'test', '--config', 'acme-authz/plateau.yaml'], work);
  assert.is(r.code, 1, shown(r));
  assert.match(r.stdout, /acme-authz\s+authorizer\s+authorizer\s+FAILED 2\/6/, shown(r));
  assert.match(r.stdout, 'FAIL acme-authz (authorizer) › authorizer: an empty action is rejected with PLT_ERR_INVALID', shown(r));

  const py = path.join(work, 'py-secrets', 'main.py');
  const text = fs.readFileSync(py, 'utf8');
  assert.ok(text.includes('.encode("utf-8")'), 'the edit applies to the generated resolver');
  fs.writeFileSync(py, text.replace('.encode("utf-8")', '.upper().encode("utf-8")'));
  const p = plateau(['modules', 'test', '--config', 'py-secrets/plateau.yaml', 'py-secrets'], work);
  assert.is(p.code, 1, shown(p));
  assert.match(p.stdout, 'FAIL py-secrets (secret-resolver) › secret-resolver: a REFERENCE resolves to the stored secret; a key selects one field', shown(p));
  assert.match(p.stdout, 'S3CR3T-PLAIN', `the reason shows the wrong answer\n${shown(p)}`);
});

test('modules test: the launcher suite on a built-in launcher; a kind without a suite here says so; an unknown instance is a usage error', () => {
  const config = path.join(work, 'no-suite.yaml');
  fs.writeFileSync(config, 'cluster: t\nmodules:\n  posix:\n    use: launcher-posix\n  images:\n    use: provisioner-oci\n    config: { localImages: { busybox: "oci:/nonexistent:latest" } }\n');
  const r = plateau(['modules', 'test', '--config', config], work);
  assert.is(r.code, 0, shown(r));
  assert.match(r.stdout, /posix\s+launcher\s+launcher\s+passed (\d+)\/\1/, shown(r));
  assert.match(r.stdout, /images\s+provisioner\s+-\s+no suite/, shown(r));
  assert.match(r.stdout, 'the provisioner suite needs', shown(r));
  const json = plateau(['modules', 'test', '--config', config, '--json'], work);
  assert.is(json.code, 0, shown(json));
  const rows = JSON.parse(json.stdout) as Array<{ instance: string; kind: string; outcome: string; detail: string }>;
  assert.equal(rows.map((x) => [x.instance, x.kind, x.outcome]), [['posix', 'launcher', 'passed'], ['images', 'provisioner', 'no suite']]);

  // A module that will not start is an error row, exit 1, with the kernel's reason.
  const bad = path.join(work, 'bad-config.yaml');
  fs.writeFileSync(bad, `cluster: t\nmodules:\n  authz:\n    kind: authorizer\n    exec: { path: /usr/bin/python3, args: [${path.join(work, 'py-authz', 'main.py')}] }\n    config: { admins: not-a-list }\n`);
  const e = plateau(['modules', 'test', '--config', bad], work);
  assert.is(e.code, 1, shown(e));
  assert.match(e.stdout, /authz\s+authorizer\s+authorizer\s+ERROR \(below\)/, shown(e));
  assert.match(e.stdout, /ERROR authz \(authorizer\): cannot open the module: .*admins/, shown(e));

  const u = plateau(['modules', 'test', '--config', config, 'nope'], work);
  assert.is(u.code, 2, shown(u));
  assert.match(u.stderr, "no module instance 'nope' (configured: posix, images)", shown(u));
});

test('module new refuses what it cannot write, saying what there is', () => {
  const r = plateau(['module', 'new', 'x', '--kind', 'launcher', '--dir', work], work);
  assert.is(r.code, 2, shown(r));
  assert.match(r.stderr, `no ts template for kind 'launcher' yet; ts templates: ${templateKinds('ts').join(', ')}; start from modules/launcher-posix`, shown(r));
  const again = plateau(['module', 'new', 'acme-authz', '--kind', 'authorizer', '--dir', work], work);
  assert.is(again.code, 2, shown(again));
  assert.match(again.stderr, 'exists and is not empty', shown(again));
  const kind = plateau(['module', 'new', 'x', '--kind', 'nope', '--dir', work], work);
  assert.is(kind.code, 2, shown(kind));
  assert.match(kind.stderr, "unknown kind 'nope'", shown(kind));
});

test.run();
