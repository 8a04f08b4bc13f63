// The layout's rules, checked on the sources: which workspace package may depend on which, that
// imports go through a package's public entry (never `lib/...`, never a relative path out of the
// package), that modules never import each other, and that the kernel's inner layers do not
// import back up. A violation names the file, the import and the rule.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Which @plateau packages each package may name in `dependencies` (the README's Layout table). */
const ALLOWED: Record<string, readonly string[]> = {
  '@plateau/kernel': [],
  '@plateau/mesos': [],
  '@plateau/master': ['@plateau/kernel', '@plateau/mesos'],
  '@plateau/agent': ['@plateau/kernel', '@plateau/mesos'],
  '@plateau/cli': ['@plateau/kernel', '@plateau/mesos', '@plateau/master', '@plateau/agent'],
  // The isolator suites run real containers with launcher-runc's OCI spec builder (loaded at run
  // time through its public entry: a build-time reference would make a cycle with its tests).
  '@plateau/testkit': ['@plateau/kernel', '@plateau/launcher-runc'],
};
/** What a module (modules/*, examples/*) may depend on, and what its tests may use besides. */
const MODULE_DEPS = ['@plateau/kernel', '@plateau/mesos'];
const MODULE_DEV_DEPS = ['@plateau/testkit'];
/** Packages whose public surface includes named subpaths (`@plateau/testkit/proc`). */
const SUBPATH_PACKAGES = new Set(['@plateau/testkit']);

interface Pkg {
  dir: string;
  name: string;
  json: { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; exports?: unknown };
  isModule: boolean;
}

function workspacePackages(): Pkg[] {
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  const out: Pkg[] = [];
  for (const pattern of root.workspaces) {
    const dirs = pattern.endsWith('/*')
      ? fs.readdirSync(path.join(ROOT, pattern.slice(0, -2)), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(pattern.slice(0, -2), e.name))
      : [pattern];
    for (const dir of dirs) {
      const file = path.join(ROOT, dir, 'package.json');
      if (!fs.existsSync(file)) continue;
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Pkg['json'] & { name: string };
      out.push({ dir, name: json.name, json, isModule: dir.startsWith('modules/') || dir.startsWith('examples/') });
    }
  }
  return out;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'lib' || e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Every module specifier a file imports, re-exports, requires or `import()`s, with its line. */
export function importsOf(text: string): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)'([^']+)'/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push({ spec: m[1]!, line: text.slice(0, m.index).split('\n').length });
  return out;
}

/** The package a bare specifier names (`@plateau/kernel/lib/x` → `@plateau/kernel`). */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function problemsOf(pkgs: Pkg[]): string[] {
  const problems: string[] = [];
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  for (const p of pkgs) {
    const where = `${p.dir}/package.json`;
    const deps = Object.keys(p.json.dependencies ?? {}).filter((d) => d.startsWith('@plateau/'));
    const devDeps = Object.keys(p.json.devDependencies ?? {}).filter((d) => d.startsWith('@plateau/'));
    const allowed = p.isModule ? MODULE_DEPS : ALLOWED[p.name];
    if (allowed === undefined) {
      problems.push(`${where}: package ${p.name} is not in the layout table (add it to ALLOWED and the README's Layout)`);
      continue;
    }
    for (const d of deps) if (!allowed.includes(d)) problems.push(`${where}: dependency ${d} is not allowed for ${p.name} (allowed: ${allowed.join(', ') || 'none of ours'})`);
    const allowedDev = p.isModule ? MODULE_DEV_DEPS : [];
    for (const d of devDeps) if (!allowedDev.includes(d)) problems.push(`${where}: devDependency ${d} is not allowed for ${p.name} (allowed: ${allowedDev.join(', ') || 'none of ours'})`);
    if (!p.isModule && p.json.exports === undefined) problems.push(`${where}: no "exports" map, so deep imports of ${p.name} are not refused`);

    const pkgRoot = path.join(ROOT, p.dir);
    for (const file of tsFiles(pkgRoot)) {
      const rel = path.relative(ROOT, file);
      const inTests = /(^|\/)test\//.test(path.relative(pkgRoot, file));
      for (const { spec, line } of importsOf(fs.readFileSync(file, 'utf8'))) {
        const at = `${rel}:${line} imports '${spec}'`;
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          if (!target.startsWith(pkgRoot + path.sep)) problems.push(`${at}: a relative path out of ${p.dir}; import the package that owns it`);
          continue;
        }
        if (!spec.startsWith('@plateau/')) continue;
        const name = packageOf(spec);
        if (spec !== name && !(SUBPATH_PACKAGES.has(name) && !spec.slice(name.length).startsWith('/lib'))) {
          problems.push(`${at}: a path inside ${name}; import '${name}' (its public entry)`);
        }
        if (!byName.has(name)) problems.push(`${at}: no workspace package ${name}`);
        const declared = deps.includes(name) || (inTests && devDeps.includes(name)) || name === p.name;
        if (!declared) problems.push(`${at}: ${name} is not a declared ${inTests ? 'dependency or devDependency' : 'dependency'} of ${p.name}`);
      }
    }
  }
  return problems;
}

test('workspace packages depend only on what the layout allows, and import only public entries', () => {
  const pkgs = workspacePackages();
  for (const name of Object.keys(ALLOWED)) assert.ok(pkgs.some((p) => p.name === name), `workspace package ${name} exists`);
  assert.ok(pkgs.filter((p) => p.isModule).length >= 10, 'modules and examples are workspace packages');
  assert.equal(problemsOf(pkgs), []);
});

test('the project-level suites (test/) import packages only through their public entries', () => {
  const problems: string[] = [];
  for (const file of tsFiles(path.join(ROOT, 'test'))) {
    if (file.startsWith(path.join(ROOT, 'test', 'kit') + path.sep)) continue;
    for (const { spec, line } of importsOf(fs.readFileSync(file, 'utf8'))) {
      const at = `${path.relative(ROOT, file)}:${line} imports '${spec}'`;
      if (spec.startsWith('@plateau/') && /\/lib(\/|$)/.test(spec)) problems.push(`${at}: a compiled path; import the package's public entry`);
      if (spec.startsWith('.') && !path.resolve(path.dirname(file), spec).startsWith(path.join(ROOT, 'test') + path.sep)) {
        problems.push(`${at}: a relative path out of test/; import the package that owns it`);
      }
    }
  }
  assert.equal(problems, []);
});

/** Layers inside @plateau/kernel: each may import only the layers listed (and itself). */
const KERNEL_LAYERS: Record<string, readonly string[]> = {
  generated: [],
  contract: ['generated'],
  sdk: ['contract', 'generated'],
  config: ['contract'],
  remote: ['contract', 'generated'],
  host: ['contract', 'generated', 'config', 'remote', 'sdk'],
};

test('inside @plateau/kernel, the contract does not import the host, remote or config that build on it', () => {
  const src = path.join(ROOT, 'kernel', 'host', 'src');
  const problems: string[] = [];
  for (const file of tsFiles(src)) {
    const layer = path.relative(src, file).split(path.sep)[0]!;
    if (!(layer in KERNEL_LAYERS)) continue; // index.ts: the package's entry re-exports every layer
    for (const { spec, line } of importsOf(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep)[0]!;
      if (target !== layer && !KERNEL_LAYERS[layer]!.includes(target)) {
        problems.push(`${path.relative(ROOT, file)}:${line} imports '${spec}': layer ${layer} may import only ${KERNEL_LAYERS[layer]!.join(', ') || 'itself'}`);
      }
    }
  }
  assert.equal(problems, []);
});

test('a planted violation is reported with its file, import and rule (mocked package set)', () => {
  const fake: Pkg[] = [
    { dir: 'kernel/mesos', name: '@plateau/mesos', json: { dependencies: { '@plateau/kernel': '*' }, exports: {} }, isModule: false },
    { dir: 'kernel/host', name: '@plateau/kernel', json: { exports: {} }, isModule: false },
  ];
  const problems = problemsOf(fake);
  assert.ok(
    problems.some((p) => p.startsWith('kernel/mesos/package.json: dependency @plateau/kernel is not allowed')),
    problems.join('\n'),
  );
  // Built by concatenation, so that this file's own scan does not read these as its imports.
  const planted = 'import { a } from ' + "'@plateau/kernel/lib/x';\nconst b = require(" + "'../../y');";
  assert.equal(importsOf(planted), [
    { spec: '@plateau/kernel/lib/x', line: 1 },
    { spec: '../../y', line: 2 },
  ]);
});

test.run();
