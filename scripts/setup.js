#!/usr/bin/env node
'use strict';
// Idempotent project set-up, run before `npm start`, `npm test` and `npm run bench`.
//
//   1. Debian packages the kernel, its modules and the tests use (installed only if missing;
//      as root only; PLATEAU_SKIP_APT=1 skips the step).
//   2. `npm install` when node_modules is missing or older than a manifest.
//   3. `tsc -b tsconfig.json` (incremental: fast when nothing changed).
//
// Prints one line per step that did work; exits non-zero with a message when a step fails.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');

const APT_PACKAGES = [
  'runc',
  'tini',
  'busybox-static',
  'zookeeper',
  'etcd-server',
  'etcd-client',
  'containernetworking-plugins',
  'docker-registry',
  'umoci',
  'skopeo',
  'python3-grpcio',
  'python3-grpc-tools',
  'hyperfine',
  'iproute2',
  'chromium',
];

const started = Date.now();
let didWork = false;

function log(msg) {
  process.stdout.write(`setup: ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`setup: FAILED: ${msg}\n`);
  process.exit(1);
}

// Runs a command with inherited stdio; returns the exit status (or fails if it could not start).
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.signal) return 128 + (require('node:os').constants.signals[r.signal] || 0);
  return r.status;
}

// Runs a command with its output captured; on failure prints the output's last lines.
function runQuiet(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  const status = r.signal ? 128 + (require('node:os').constants.signals[r.signal] || 0) : r.status;
  if (status !== 0) {
    const out = `${r.stdout || ''}${r.stderr || ''}`.trimEnd().split('\n').slice(-40).join('\n');
    process.stderr.write(`setup: ${cmd} ${args.join(' ')} exited ${status}:\n${out}\n`);
  }
  return status;
}

// ---------------------------------------------------------------------------------------------
// 1. Debian packages

function isInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  if (r.error) return undefined; // no dpkg-query: not a Debian system
  return r.status === 0 && /\binstall ok installed\b/.test(r.stdout);
}

function aptStep() {
  if (process.env.PLATEAU_SKIP_APT === '1') return;
  if (process.platform !== 'linux') {
    log(`WARNING: not Linux; skipping Debian packages (${APT_PACKAGES.join(' ')}); tests that need them will skip`);
    return;
  }
  const missing = [];
  for (const pkg of APT_PACKAGES) {
    const ok = isInstalled(pkg);
    if (ok === undefined) {
      log('WARNING: dpkg-query not found (not a Debian system?); skipping Debian packages; tests that need them will skip');
      return;
    }
    if (!ok) missing.push(pkg);
  }
  if (missing.length === 0) return;

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    log(`WARNING: missing Debian packages (not root, not installing): ${missing.join(' ')}`);
    log(`         install them with: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
    log('         tests that need them will skip');
    return;
  }

  didWork = true;
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  const quiet = ['-q'];
  if (runQuiet('apt-get', [...quiet, ...lockWait, 'update'], { env }) !== 0) {
    fail('apt-get update failed (see above)');
  }
  const install = (pkgs) =>
    runQuiet('apt-get', [...quiet, ...lockWait, 'install', '-y', '--no-install-recommends', ...pkgs], { env });
  if (install(missing) === 0) return;

  // One unavailable package makes the whole transaction fail: retry one by one so that the rest
  // still get installed, and report which ones could not be.
  log('apt-get install failed; retrying package by package');
  const failed = missing.filter((pkg) => install([pkg]) !== 0 || !isInstalled(pkg));
  if (failed.length === missing.length) fail(`could not install any of: ${failed.join(' ')}`);
  if (failed.length > 0) {
    log(`WARNING: could not install: ${failed.join(' ')}; tests that need them will skip`);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. npm install

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

// Root package.json plus every workspace's package.json (patterns like "dir" and "dir/*").
function manifestFiles() {
  const files = [path.join(ROOT, 'package.json'), path.join(ROOT, 'package-lock.json')];
  let workspaces = [];
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    workspaces = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces && pkg.workspaces.packages) || [];
  } catch (err) {
    fail(`cannot read package.json: ${err.message}`);
  }
  for (const ws of workspaces) {
    if (ws.endsWith('/*')) {
      const dir = path.join(ROOT, ws.slice(0, -2));
      let entries = [];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (e.isDirectory()) files.push(path.join(dir, e.name, 'package.json'));
      }
    } else {
      files.push(path.join(ROOT, ws, 'package.json'));
    }
  }
  return files;
}

const STAMP = path.join(ROOT, 'node_modules', '.plateau-setup-stamp');

function npmStep() {
  const nm = path.join(ROOT, 'node_modules');
  let reason;
  if (!fs.existsSync(nm)) {
    reason = 'node_modules is missing';
  } else {
    const installedAt = Math.max(mtimeMs(path.join(nm, '.package-lock.json')) || 0, mtimeMs(STAMP) || 0);
    if (installedAt === 0) reason = 'node_modules has no install record';
    else {
      const newer = manifestFiles().filter((f) => (mtimeMs(f) || 0) > installedAt);
      if (newer.length > 0) reason = `${newer.map((f) => path.relative(ROOT, f)).join(', ')} changed`;
    }
  }
  if (!reason) return;

  didWork = true;
  log(`npm install (${reason})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (run(npm, ['install', '--no-audit', '--no-fund']) !== 0) fail('npm install failed (see above)');
  // npm may leave its hidden lockfile untouched when nothing changed: record the install ourselves.
  try {
    fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  } catch (err) {
    fail(`cannot write ${path.relative(ROOT, STAMP)}: ${err.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Build

function buildStep() {
  const tsc = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
  const [cmd, args] = fs.existsSync(tsc) ? [tsc, ['-b', 'tsconfig.json']] : ['npx', ['tsc', '-b', 'tsconfig.json']];
  if (run(cmd, args) !== 0) fail('build failed: tsc -b tsconfig.json (see the errors above)');
}

// ---------------------------------------------------------------------------------------------

aptStep();
npmStep();
buildStep();
if (didWork) log(`done (${((Date.now() - started) / 1000).toFixed(1)}s)`);
