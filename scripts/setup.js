#!/usr/bin/env node
'use strict';
// Idempotent project set-up, run before `npm start`, `npm test` and `npm run bench`.
//
//   1. Debian packages the kernel, its modules and the tests use (installed only if missing;
//      as root only; PLATEAU_SKIP_APT=1 skips the step).
//   2. `npm install` when node_modules is missing or older than a manifest.
//   3. `tsc -b tsconfig.json` (incremental: fast when nothing changed).
//
//   4. The local `busybox` image (an OCI image layout made from Debian's busybox-static) under
//      <workDir>/images/busybox, which config/dev.yaml's provisioner serves offline as `busybox`
//      (workDir: $PLATEAU_WORK_DIR or ./.plateau). Built once; rebuilt only when missing.
//
// Prints one line per step that did work; exits non-zero with a message when a step fails.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');

const APT_PACKAGES = [
  'runc',
  'unzip', // the fetcher extracts .zip URIs with it
  'xz-utils', // and .tar.xz (GNU tar calls xz)
  'bzip2',
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
  'protobuf-compiler',
  'libprotobuf-dev',
  'gcc', // the seccomp and namespace proofs build a static syscall probe (gcc -static)
  'libc6-dev', // and link it against the static libc
  'openssl', // the registry's bearer-token test signs with a throw-away certificate
  'bsdutils', // `script`: the log format tests run commands at a pseudo-terminal; launcher-runc's terminal execs
  'tmux', // the task exec -it test types into a tmux pane
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

// ---------------------------------------------------------------------------------------------
// 4. The local busybox image

// Applets linked in /bin of the image (as test/helpers/rootfs.ts does for test rootfses).
const BUSYBOX_APPLETS = [
  'sh', 'ash', 'ls', 'cat', 'echo', 'sleep', 'true', 'false', 'ps', 'id', 'mount', 'umount', 'grep',
  'head', 'tail', 'dd', 'env', 'hostname', 'kill', 'mkdir', 'rm', 'touch', 'wc', 'test', '[', 'printf',
  'pwd', 'stat', 'whoami', 'yes', 'uname', 'mkfifo', 'chmod', 'chown', 'cp', 'mv', 'ln', 'readlink',
  'sed', 'tr', 'cut', 'sort', 'xargs', 'find', 'du', 'df', 'nproc', 'free', 'top', 'date', 'seq',
  'ip', 'ifconfig', 'wget', 'nc', 'reboot', 'unshare', 'nsenter', 'od', 'timeout', 'usleep', 'awk', 'vi',
];

function findStaticBusybox() {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) {
    let buf;
    try {
      buf = fs.readFileSync(p);
    } catch {
      continue;
    }
    if (buf.length < 64 || buf.toString('latin1', 0, 4) !== '\x7fELF' || buf[4] !== 2) continue;
    const phoff = Number(buf.readBigUInt64LE(0x20));
    const phentsize = buf.readUInt16LE(0x36);
    const phnum = buf.readUInt16LE(0x38);
    let dynamic = false;
    for (let i = 0; i < phnum; i++) if (buf.readUInt32LE(phoff + i * phentsize) === 3) dynamic = true; // PT_INTERP
    if (!dynamic) return buf;
  }
  return undefined;
}

// A ustar archive of entries {path, type: file|directory|symlink, data?, linkname?, mode?}.
function tarOf(entries) {
  const blocks = [];
  for (const e of entries) {
    const data = e.data || Buffer.alloc(0);
    const h = Buffer.alloc(512);
    const name = e.type === 'directory' ? `${e.path}/` : e.path;
    h.write(name, 0, 100, 'utf8');
    const octal = (v, len) => `${v.toString(8).padStart(len - 1, '0')}\0`;
    h.write(octal(e.mode, 8), 100);
    h.write(octal(0, 8), 108);
    h.write(octal(0, 8), 116);
    h.write(octal(e.type === 'file' ? data.length : 0, 12), 124);
    h.write(octal(1_700_000_000, 12), 136);
    h.write('        ', 148);
    h.write(e.type === 'directory' ? '5' : e.type === 'symlink' ? '2' : '0', 156);
    if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h);
    if (e.type === 'file') {
      blocks.push(data);
      const pad = (512 - (data.length % 512)) % 512;
      if (pad) blocks.push(Buffer.alloc(pad));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function imageStep() {
  const { createHash } = require('node:crypto');
  const { gzipSync } = require('node:zlib');
  const layout = path.resolve(ROOT, process.env.PLATEAU_WORK_DIR || '.plateau', 'images', 'busybox');
  const sha = (data) => createHash('sha256').update(data).digest('hex');
  try {
    const index = JSON.parse(fs.readFileSync(path.join(layout, 'index.json'), 'utf8'));
    const tagged = index.manifests.find((m) => m.annotations && m.annotations['org.opencontainers.image.ref.name'] === 'latest');
    if (tagged && fs.existsSync(path.join(layout, 'blobs', 'sha256', tagged.digest.slice(7)))) return;
  } catch {
    // not built yet
  }
  const busybox = findStaticBusybox();
  if (!busybox) {
    log('WARNING: no static busybox (package busybox-static); the local busybox image is not built and the demo task of `npm start` will fail');
    return;
  }
  didWork = true;
  log(`building the local busybox image (${path.relative(ROOT, layout) || layout})`);
  const entries = [];
  for (const d of ['bin', 'dev', 'etc', 'home', 'mnt', 'proc', 'root', 'sbin', 'sys', 'tmp', 'usr', 'usr/bin', 'usr/sbin', 'var']) {
    entries.push({ path: d, type: 'directory', mode: d === 'tmp' ? 0o1777 : d === 'root' ? 0o700 : 0o755 });
  }
  entries.push({ path: 'bin/busybox', type: 'file', data: busybox, mode: 0o755 });
  for (const applet of BUSYBOX_APPLETS) entries.push({ path: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mode: 0o777 });
  const text = (p, s) => entries.push({ path: p, type: 'file', data: Buffer.from(s), mode: 0o644 });
  text('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  text('etc/group', 'root:x:0:\nnogroup:x:65534:\nnobody:x:65534:\n');
  text('etc/hostname', 'busybox\n');
  const tar = tarOf(entries);
  const layer = gzipSync(tar);
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] || process.arch;
  const config = Buffer.from(
    JSON.stringify({
      architecture: arch,
      os: 'linux',
      config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'], WorkingDir: '/' },
      rootfs: { type: 'layers', diff_ids: [`sha256:${sha(tar)}`] },
      history: [{ created_by: 'scripts/setup.js: Debian busybox-static' }],
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha(config)}`, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${sha(layer)}`, size: layer.length }],
    }),
  );
  const tmp = `${layout}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.join(tmp, 'blobs', 'sha256'), { recursive: true });
  for (const blob of [layer, config, manifest]) fs.writeFileSync(path.join(tmp, 'blobs', 'sha256', sha(blob)), blob);
  fs.writeFileSync(path.join(tmp, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(
    path.join(tmp, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${sha(manifest)}`,
          size: manifest.length,
          annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        },
      ],
    }),
  );
  fs.rmSync(layout, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(layout), { recursive: true });
  fs.renameSync(tmp, layout);
}

aptStep();
npmStep();
buildStep();
try {
  imageStep();
} catch (err) {
  fail(`building the local busybox image: ${err.message}`);
}
if (didWork) log(`done (${((Date.now() - started) / 1000).toFixed(1)}s)`);
