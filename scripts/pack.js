#!/usr/bin/env node
'use strict';
// `npm run pack`: one installable package of Plateau, dist/plateau-<version>.tgz, that
// `npm install -g dist/plateau-<version>.tgz` turns into a working `plateau` command on a machine
// without the checkout, without TypeScript and without the npm registry.
//
// The checkout is a set of npm workspaces linked by symlinks, which `npm pack` at the root cannot
// carry. So this assembles dist/package/:
//   bin/plateau.js              the checkout's bin, reaching the CLI as @plateau/cli
//   config/, examples/          as in the checkout (examples without their node_modules and lib/test)
//   node_modules/@plateau/NAME  each kernel/* and modules/* workspace: package.json, lib/ (no
//                               tests, no source maps), proto/, templates/, non-TypeScript files of
//                               src/ (the web UI's static files); no TypeScript source
//   node_modules/OTHER          every third-party package those need at run time (found by walking
//                               their `dependencies` and `optionalDependencies` from the
//                               workspaces, as Node resolves them), copied from the checkout's node_modules
// and a package.json that lists every one of node_modules' top-level packages both as a dependency
// and in bundleDependencies, so npm installs them from the tarball and asks no registry. Then
// `npm pack` in dist/package writes the tarball. Run `npm run build` first (this checks lib/ is there).
// Prints the tarball's path on stdout.

const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
// --dest DIR puts the package dir and the tarball there instead of dist/.
const destAt = process.argv.indexOf('--dest');
const DIST = destAt > 0 && process.argv[destAt + 1] ? path.resolve(process.argv[destAt + 1]) : path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'package');
const rootPkg = readJson(path.join(ROOT, 'package.json'));

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function fail(message) {
  process.stderr.write(`pack: ${message}\n`);
  process.exit(1);
}

/** The workspaces that run: the kernel's packages and the built-in modules. */
function runtimeWorkspaces() {
  const dirs = [];
  for (const parent of ['kernel', 'modules']) {
    for (const name of fs.readdirSync(path.join(ROOT, parent)).sort()) {
      const dir = path.join(ROOT, parent, name);
      if (fs.existsSync(path.join(dir, 'package.json'))) dirs.push(dir);
    }
  }
  return dirs;
}

/** Where Node finds package `name` from `dir`: the nearest node_modules/name upwards. */
function lookup(name, dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (d === path.dirname(d)) return undefined;
  }
}

/** Copies a file tree, skipping what `skip(relativePath, isDirectory)` refuses; symlinks are followed. */
function copyTree(from, to, skip, rel = '') {
  const stat = fs.statSync(from);
  if (stat.isDirectory()) {
    if (rel && skip(rel, true)) return;
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from).sort()) copyTree(path.join(from, entry), path.join(to, entry), skip, rel ? `${rel}/${entry}` : entry);
  } else if (stat.isFile()) {
    if (skip(rel, false)) return;
    fs.copyFileSync(from, to);
    fs.chmodSync(to, stat.mode & 0o777);
  }
}

/** What of a workspace is left out: tests, TypeScript sources, build state, source maps. */
function skipInWorkspace(rel, isDir) {
  if (isDir) return rel === 'node_modules' || rel === 'test' || rel === 'lib/test' || /(^|\/)__pycache__$/.test(rel);
  if (rel.endsWith('.tsbuildinfo') || rel.endsWith('.js.map') || rel === 'tsconfig.json') return true;
  return rel.startsWith('src/') && rel.endsWith('.ts');
}

function main() {
  const workspaces = runtimeWorkspaces();
  for (const dir of workspaces) {
    const pkg = readJson(path.join(dir, 'package.json'));
    if (pkg.main && !fs.existsSync(path.join(dir, pkg.main))) fail(`${pkg.name}: ${pkg.main} is missing: run \`npm run build\` first`);
  }
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT, 'node_modules'), { recursive: true });

  // Workspaces: as @plateau/NAME; their third-party dependencies walked as Node would resolve them.
  const bundled = new Map(); // name in node_modules/ → version
  const names = new Set(workspaces.map((dir) => readJson(path.join(dir, 'package.json')).name));
  const queue = [];
  for (const dir of workspaces) {
    const pkg = readJson(path.join(dir, 'package.json'));
    copyTree(dir, path.join(OUT, 'node_modules', pkg.name), skipInWorkspace);
    bundled.set(pkg.name, pkg.version);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) if (!names.has(dep)) queue.push([dep, dir, pkg.name]);
  }
  const copied = new Set();
  while (queue.length > 0) {
    const [name, from, wanted] = queue.shift();
    const found = lookup(name, from);
    if (found === undefined) {
      const optional = readJson(path.join(from, 'package.json')).optionalDependencies?.[name] !== undefined;
      if (optional) continue;
      fail(`${wanted} needs ${name}, which is not installed: run \`npm install\` first`);
    }
    const rel = path.relative(ROOT, found);
    if (!rel.startsWith('node_modules' + path.sep)) fail(`${name} (needed by ${wanted}) resolves outside node_modules: ${found}`);
    if (copied.has(rel)) continue;
    copied.add(rel);
    // Each package is copied without its own node_modules; the ones it needs are walked too.
    copyTree(found, path.join(OUT, rel), (r, isDir) => isDir && r === 'node_modules');
    const pkg = readJson(path.join(found, 'package.json'));
    if (rel === path.join('node_modules', name)) bundled.set(name, pkg.version);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) queue.push([dep, found, name]);
  }

  // The command, the example configs and examples.
  const bin = fs.readFileSync(path.join(ROOT, 'bin', 'plateau.js'), 'utf8');
  const reached = bin.replace("require('../kernel/cli/lib/main.js')", "require('../node_modules/@plateau/cli/lib/main.js')");
  if (reached === bin) fail("bin/plateau.js no longer requires '../kernel/cli/lib/main.js': update scripts/pack.js");
  fs.mkdirSync(path.join(OUT, 'bin'));
  fs.writeFileSync(path.join(OUT, 'bin', 'plateau.js'), reached, { mode: 0o755 });
  copyTree(path.join(ROOT, 'config'), path.join(OUT, 'config'), () => false);
  copyTree(path.join(ROOT, 'examples'), path.join(OUT, 'examples'), (rel, isDir) => (isDir && /(^|\/)(node_modules|__pycache__)$|\/lib\/test$/.test(rel)) || rel.endsWith('.tsbuildinfo'));
  for (const file of ['README.md', 'LICENSE']) if (fs.existsSync(path.join(ROOT, file))) fs.copyFileSync(path.join(ROOT, file), path.join(OUT, file));

  const sorted = [...bundled.keys()].sort();
  const pkg = {
    name: rootPkg.name,
    version: rootPkg.version,
    description: rootPkg.description,
    license: rootPkg.license,
    bin: { plateau: 'bin/plateau.js' },
    engines: rootPkg.engines,
    files: ['bin', 'config', 'examples', 'README.md', ...(fs.existsSync(path.join(OUT, 'LICENSE')) ? ['LICENSE'] : [])],
    dependencies: Object.fromEntries(sorted.map((n) => [n, bundled.get(n)])),
    bundleDependencies: sorted,
  };
  fs.writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

  const file = execFileSync('npm', ['pack', '--pack-destination', DIST, '--silent'], { cwd: OUT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop();
  const tarball = path.join(DIST, file);
  const size = fs.statSync(tarball).size;
  process.stdout.write(`${tarball}\n`);
  process.stderr.write(`pack: ${sorted.length} packages bundled (${names.size} Plateau workspaces), ${(size / 1048576).toFixed(1)} MiB\n`);
}

main();
