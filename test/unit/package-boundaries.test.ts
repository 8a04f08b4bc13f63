// The layout's rules, checked on the sources: which workspace package may depend on which, that
// imports go through a package's public entry (never `lib/...`, never a relative path out of the
// package), that modules never import each other, that the kernel's inner layers do not
// import back up, and that inside the master only its entry imports the composition root
// (master.ts) and no files import one another in a circle. A violation names the file, the
// import and the rule (a cycle: its files and a loop through them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Which @plateau packages each package may name in `dependencies` (the README's Layout table). */
const ALLOWED: Record<string, readonly string[]> = {
  '@plateau/kernel': [],
  '@plateau/mesos': [],
  // The kinds' conformance suites and their runner, shared by `plateau modules test` and test/conformance.
  '@plateau/conformance': ['@plateau/kernel'],
  '@plateau/master': ['@plateau/kernel', '@plateau/mesos'],
  '@plateau/agent': ['@plateau/kernel', '@plateau/mesos'],
  '@plateau/cli': ['@plateau/kernel', '@plateau/mesos', '@plateau/master', '@plateau/agent', '@plateau/conformance'],
  // The isolator suites run real containers with launcher-runc's OCI spec builder (loaded at run
  // time through its public entry: a build-time reference would make a cycle with its tests).
  '@plateau/testkit': ['@plateau/kernel', '@plateau/launcher-runc', '@plateau/conformance'],
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

/** A file's imports of other files of the same source tree: each resolved target with the import as written. */
interface LocalImport {
  target: string;
  spec: string;
  line: number;
}

/** Resolves a relative specifier to a .ts file of the tree (`./x`, `./x.js`, `./dir` → `./dir/index.ts`). */
function resolveLocal(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec).replace(/\.js$/, '');
  return [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
}

/** Every .ts file under `src` with its relative imports (type-only imports included: they are dependencies too). */
function localImports(src: string): Map<string, LocalImport[]> {
  const graph = new Map<string, LocalImport[]>();
  for (const file of tsFiles(src)) {
    const out: LocalImport[] = [];
    for (const { spec, line } of importsOf(fs.readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = resolveLocal(file, spec);
      if (target !== undefined) out.push({ target, spec, line });
    }
    graph.set(file, out);
  }
  return graph;
}

/**
 * The import cycles of a graph: each strongly connected component of more than one file (or a
 * file importing itself), as its files, sorted, and one loop through them (first file repeated
 * at the end).
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): { files: string[]; loop: string[] }[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const c: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(c.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return components.map((files) => {
    // The shortest way from the first file back to it, inside the component.
    const inside = new Set(files);
    const from = new Map<string, string>();
    const queue = [files[0]!];
    let last: string | undefined;
    for (let i = 0; i < queue.length && last === undefined; i++) {
      for (const w of graph.get(queue[i]!) ?? []) {
        if (!inside.has(w)) continue;
        if (w === files[0]) {
          last = queue[i]!;
          break;
        }
        if (!from.has(w)) {
          from.set(w, queue[i]!);
          queue.push(w);
        }
      }
    }
    const loop = [files[0]!];
    for (let x = last; x !== undefined && x !== files[0]; x = from.get(x)) loop.splice(1, 0, x);
    loop.push(files[0]!);
    return { files, loop };
  });
}

const MASTER_SRC = path.join(ROOT, 'kernel', 'master', 'src');

test('inside @plateau/master, only index.ts imports master.ts (the composition root); the rest depend on MasterContext or a collaborator', () => {
  const masterFile = path.join(MASTER_SRC, 'master.ts');
  const problems: string[] = [];
  for (const [file, imports] of localImports(MASTER_SRC)) {
    if (file === path.join(MASTER_SRC, 'index.ts')) continue;
    for (const i of imports) {
      if (i.target === masterFile) problems.push(`${path.relative(ROOT, file)}:${i.line} imports '${i.spec}': only index.ts may import master.ts; depend on MasterContext (context.ts) or the collaborator needed`);
    }
  }
  assert.ok(fs.existsSync(masterFile), 'kernel/master/src/master.ts exists');
  assert.equal(problems, []);
});

test('the files of @plateau/master import one another without cycles', () => {
  const graph = new Map([...localImports(MASTER_SRC)].map(([file, imports]) => [file, imports.map((i) => i.target)]));
  assert.ok(graph.size > 30, 'the master sources are found');
  const rel = (f: string) => path.relative(ROOT, f);
  const cycles = importCycles(graph).map((c) => `import cycle of ${c.files.length} files: ${c.loop.map(rel).join(' -> ')} (all: ${c.files.map(rel).join(', ')})`);
  assert.equal(cycles, []);
});

test('the cycle finder reports each cycle with its files and a loop through them (mocked graph)', () => {
  const graph = new Map<string, string[]>([
    ['a', ['b']],
    ['b', ['c', 'd']],
    ['c', ['a']],
    ['d', []],
    ['e', ['e']],
    ['f', ['a']],
  ]);
  assert.equal(importCycles(graph), [
    { files: ['a', 'b', 'c'], loop: ['a', 'b', 'c', 'a'] },
    { files: ['e'], loop: ['e', 'e'] },
  ]);
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
