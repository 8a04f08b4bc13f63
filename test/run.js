#!/usr/bin/env node
'use strict';
// Plateau's test runner (`npm test`, after scripts/setup.js has built everything).
//
// Runs every compiled uvu test file, one at a time, each as `node <file>` in its own process
// group, and closes with one line: `N passed, N failed, N skipped`.
//
//   npm test                      all files
//   npm test -- config agent      files whose path contains "config" or "agent"
//
// Files: test/lib/**/*.test.js (not test/lib/bench), modules/*/lib/test/**/*.test.js,
// examples/*/lib/test/**/*.test.js. A compiled file whose source map names a source that no longer
// exists is stale output of a deleted test, and is not run.
//
// Environment:
//   PLATEAU_TEST_TIMEOUT_S   per-file timeout in seconds (default 300)
//   PLATEAU_TEST_VERBOSE=1   print every file's output, not only failing files'
//   PLATEAU_TEST_ROOT        repository root to look in (default: this file's ../); for the runner's own tests
//   CI=true                  a skipped test fails the run unless test/skip-allow.json allows its SKIP line
//
// Skips: uvu has no run-time skip, so a test that cannot run here prints one line
// `SKIP <title>: <why>` (@plateau/testkit/skip) and returns; uvu counts it as passed, and the runner
// moves one test from passed to skipped per SKIP line. A file with more SKIP lines than passed
// tests miscounts, and fails.
//
// Each child gets PLATEAU_CONFORMANCE_SPAWN=1, NO_COLOR=1, FORCE_COLOR=0, and PLATEAU_TEST_PGID_FILE:
// test/helpers/proc records there the process groups it starts, so that the runner can kill
// what a test file left behind even when the file was killed itself (timeout).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const ROOT = path.resolve(process.env.PLATEAU_TEST_ROOT || path.join(__dirname, '..'));
// Seconds a test file may take to exit after uvu printed its summary.
const LINGER_S = Number(process.env.PLATEAU_TEST_LINGER_S) > 0 ? Number(process.env.PLATEAU_TEST_LINGER_S) : 20;

// A test file killed mid-way (timeout, leak) cannot run its own clean-up: whatever it mounted in
// its temp dirs or left as a test cgroup is swept after it, so one file's leftovers never reach
// the next file or the next run.
const TMP_PREFIX = path.join(os.tmpdir(), 'plateau-');
const CGROUP_ROOT = '/sys/fs/cgroup';

function tempMounts() {
  try {
    return fs
      .readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((l) => (l.split(' ')[4] || '').replace(/\\040/g, ' '))
      .filter((m) => m.startsWith(TMP_PREFIX));
  } catch {
    return [];
  }
}

function testCgroups() {
  const out = [];
  let controllers = [];
  try {
    controllers = fs.existsSync(path.join(CGROUP_ROOT, 'cgroup.controllers')) ? [''] : fs.readdirSync(CGROUP_ROOT);
  } catch {
    return out;
  }
  for (const c of controllers) {
    const dir = path.join(CGROUP_ROOT, c);
    let names = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) if (n.startsWith('plateau-test-') || n.startsWith('plateau-conf')) out.push(path.join(dir, n));
  }
  return out;
}

function removeCgroupTree(dir) {
  let children = [];
  try {
    children = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
  } catch {
    return;
  }
  for (const c of children) removeCgroupTree(c);
  try {
    for (const pid of fs.readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
  } catch {
    /* none */
  }
  for (let i = 0; i < 20; i++) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (e) {
      if (e.code === 'ENOENT') return;
      try {
        fs.writeFileSync(path.join(dir, 'memory.force_empty'), '0');
      } catch {
        /* not a v1 memory cgroup */
      }
      spawnSync('sleep', ['0.05']);
    }
  }
}

/** Unmounts and removes what appeared during a test file and is still there. */
function sweepLeftovers(before) {
  const mounts = tempMounts().filter((m) => !before.mounts.has(m)).sort((a, b) => b.length - a.length);
  for (const m of mounts) spawnSync('umount', ['-l', m], { stdio: 'ignore' });
  const cgroups = testCgroups().filter((c) => !before.cgroups.has(c));
  for (const c of cgroups) removeCgroupTree(c);
  return { mounts: mounts.length, cgroups: cgroups.length };
}

const TIMEOUT_S = (() => {
  const v = Number(process.env.PLATEAU_TEST_TIMEOUT_S);
  return Number.isFinite(v) && v > 0 ? v : 300;
})();
const VERBOSE = process.env.PLATEAU_TEST_VERBOSE === '1';
const CI = process.env.CI === 'true';
const TAIL_LINES = 200;
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

// ---------------------------------------------------------------------------------------------
// Discovery

function walk(dir, out, skip) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || (skip && skip(p))) continue;
      walk(p, out, skip);
    } else if (e.isFile() && e.name.endsWith('.test.js')) {
      out.push(p);
    }
  }
  return out;
}

function subdirs(dir) {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

// The source a compiled file came from, per its source map; undefined when there is no map.
function sourceOf(file) {
  try {
    const map = JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'));
    const src = Array.isArray(map.sources) && map.sources[0];
    if (typeof src !== 'string' || /^[a-z]+:/i.test(src)) return undefined;
    return path.resolve(path.dirname(file), map.sourceRoot || '', src);
  } catch {
    return undefined;
  }
}

function discover() {
  const files = [];
  const bench = path.join(ROOT, 'test', 'lib', 'bench');
  walk(path.join(ROOT, 'test', 'lib'), files, (p) => p === bench);
  for (const group of ['modules', 'examples']) {
    for (const dir of subdirs(path.join(ROOT, group))) walk(path.join(dir, 'lib', 'test'), files);
  }
  const live = [];
  const stale = [];
  for (const f of files) {
    const src = sourceOf(f);
    if (src !== undefined && !fs.existsSync(src)) stale.push(f);
    else live.push(f);
  }
  const rel = (f) => path.relative(ROOT, f).split(path.sep).join('/');
  return { files: live.map(rel).sort(), stale: stale.map(rel).sort() };
}

// ---------------------------------------------------------------------------------------------
// Process groups

function killGroup(pgid, signal = 'SIGKILL') {
  if (!Number.isInteger(pgid) || pgid <= 1) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

// Groups that test/helpers/proc started and has not yet seen die ("+pgid" / "-pgid" lines).
function recordedGroups(file) {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const live = new Set();
  for (const line of text.split('\n')) {
    const m = /^([+-])(\d+)$/.exec(line.trim());
    if (!m) continue;
    const pgid = Number(m[2]);
    if (m[1] === '+') live.add(pgid);
    else live.delete(pgid);
  }
  return [...live];
}

let current; // { child, pgidFile } of the file running now

function killCurrent() {
  if (!current) return;
  killGroup(current.child.pid);
  for (const pgid of recordedGroups(current.pgidFile)) killGroup(pgid);
}

// ---------------------------------------------------------------------------------------------
// Running one file

function runFile(rel, index) {
  return new Promise((resolve) => {
    const before = { mounts: new Set(tempMounts()), cgroups: new Set(testCgroups()) };
    const pgidFile = path.join(os.tmpdir(), `plateau-test-${process.pid}-${index}.pgids`);
    try {
      fs.writeFileSync(pgidFile, '');
    } catch {
      /* the helpers then just don't record */
    }
    const env = {
      ...process.env,
      PLATEAU_CONFORMANCE_SPAWN: '1',
      PLATEAU_TEST_PGID_FILE: pgidFile,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    const startedAt = Date.now();
    const res = { file: rel, total: 0, passed: 0, skipped: 0, summaries: 0, lines: [], skips: [] };
    let code = null;
    let signal = null;
    let spawnError;
    let timedOut = false;
    let lingered = false;
    let lingerTimer;

    const onLine = (raw) => {
      const line = raw.replace(ANSI, '').replace(/\r$/, '');
      res.lines.push(line);
      if (res.lines.length > TAIL_LINES) res.lines.shift();
      if (VERBOSE) process.stdout.write(`     | ${line}\n`);
      let m;
      if ((m = /^\s*Total:\s+(\d+)\s*$/.exec(line))) {
        res.total += Number(m[1]);
        res.summaries++;
      } else if ((m = /^\s*Passed:\s+(\d+)\s*$/.exec(line))) res.passed += Number(m[1]);
      else if ((m = /^\s*Skipped:\s+(\d+)\s*$/.exec(line))) res.skipped += Number(m[1]);
      else if (/^\s*Duration:/.test(line) && !lingerTimer) {
        // uvu has finished; a file still running LINGER_S later left something alive (a leak).
        lingerTimer = setTimeout(() => {
          lingered = true;
          killCurrent();
        }, LINGER_S * 1000);
      }
      else if (/^\s*SKIP /.test(line)) res.skips.push(line.trim());
    };
    const lineReader = (stream) => {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
        if (buf.length > 1 << 20) {
          onLine(buf);
          buf = '';
        }
      });
      return () => {
        if (buf) onLine(buf);
        buf = '';
      };
    };

    const child = spawn(process.execPath, [path.join(ROOT, rel)], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current = { child, pgidFile };
    const flushOut = lineReader(child.stdout);
    const flushErr = lineReader(child.stderr);

    const timer = setTimeout(() => {
      timedOut = true;
      killCurrent();
    }, TIMEOUT_S * 1000);

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(lingerTimer);
      flushOut();
      flushErr();
      // Whatever the file left running: its own group, and the groups its helpers started.
      killCurrent();
      current = undefined;
      res.swept = sweepLeftovers(before);
      try {
        fs.unlinkSync(pgidFile);
      } catch {
        /* fine */
      }
      res.seconds = (Date.now() - startedAt) / 1000;
      res.code = code;
      res.signal = signal;
      res.timedOut = timedOut;
      res.lingered = lingered;
      res.spawnError = spawnError;
      resolve(res);
    };

    child.on('error', (err) => {
      spawnError = err;
      finish();
    });
    child.on('exit', (c, s) => {
      code = c;
      signal = s;
      // Kill leftovers now: a process that inherited the pipes would otherwise hold 'close' back.
      killCurrent();
      // 'close' follows once the pipes drain; don't wait forever for it.
      const grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 2000);
      child.once('close', () => clearTimeout(grace));
    });
    child.on('close', finish);
  });
}

// ---------------------------------------------------------------------------------------------
// Main

/** The skips CI accepts: test/skip-allow.json's entries, each a pattern on the SKIP line and a reason. */
function loadSkipAllowList() {
  const file = path.join(ROOT, 'test', 'skip-allow.json');
  if (!fs.existsSync(file)) return [];
  const list = JSON.parse(fs.readFileSync(file, 'utf8')).allowed;
  if (!Array.isArray(list)) throw new Error(`${file}: "allowed" must be a list`);
  return list.map((e, i) => {
    if (!e || typeof e.skip !== 'string' || typeof e.reason !== 'string' || !e.reason.trim()) {
      throw new Error(`${file}: allowed[${i}] needs "skip" (a pattern) and "reason"`);
    }
    return { pattern: new RegExp(e.skip), reason: e.reason };
  });
}

/**
 * Counts a file: uvu's summary, then its SKIP lines (one per test that could not run, moved from
 * passed to skipped); under CI a skip the allow-list does not name is a failure.
 */
function verdict(r, allowList) {
  let failed = Math.max(0, r.total - r.passed); // uvu's Total counts the tests it ran; skips are apart
  let passed = r.passed;
  let skipped = r.skipped;
  const notes = [];
  const runtimeSkips = Math.min(r.skips.length, passed);
  passed -= runtimeSkips;
  skipped += runtimeSkips;
  if (r.summaries > 0 && r.skips.length > r.passed) {
    failed++;
    notes.push(`${r.skips.length} SKIP lines but only ${r.passed} tests returned: a test printed more than one, or a failing test printed one`);
  }
  const skipNotes = r.skips.map((line) => {
    if (!CI) return line;
    const allowed = allowList.find((a) => a.pattern.test(line));
    if (allowed) return `${line}  (allowed under CI: ${allowed.reason})`;
    return `${line}  (FAILS under CI=true: not on test/skip-allow.json)`;
  });
  if (CI) {
    const refused = r.skips.filter((line) => !allowList.some((a) => a.pattern.test(line))).length;
    const moved = Math.min(refused, runtimeSkips);
    skipped -= moved;
    failed += moved;
    if (moved) notes.push(`${moved} skip(s) not allowed under CI=true`);
    // uvu's own test.skip gives no reason, so no allow-list entry can name it.
    if (r.skipped) {
      skipped -= r.skipped;
      failed += r.skipped;
      notes.push(`${r.skipped} test.skip(s) under CI=true`);
    }
  }
  let why = '';
  if (r.spawnError) why = `could not start: ${r.spawnError.message}`;
  else if (r.timedOut) why = `TIMEOUT after ${TIMEOUT_S}s`;
  else if (r.lingered) why = `still running ${LINGER_S}s after its tests finished (something left alive), killed`;
  else if (r.summaries === 0) why = r.signal ? `killed by ${r.signal}, no uvu summary` : `exited ${r.code} without a uvu summary`;
  else if (failed === 0 && (r.code !== 0 || r.signal)) why = r.signal ? `killed by ${r.signal}` : `exited ${r.code} though no test failed`;
  if (why && failed === 0) failed = 1;
  why = [why, ...notes].filter(Boolean).join('; ');
  return { passed, failed, skipped, why, skipNotes };
}

async function main() {
  const filters = process.argv.slice(2).filter((a) => a !== '--');
  const { files: all, stale } = discover();
  const files = filters.length ? all.filter((f) => filters.some((s) => f.includes(s))) : all;
  const allowList = CI ? loadSkipAllowList() : [];

  for (const f of stale) {
    if (!filters.length || filters.some((s) => f.includes(s))) {
      process.stdout.write(`stale ${f} (its source is gone; not run)\n`);
    }
  }

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];

  if (files.length === 0) {
    process.stdout.write(
      filters.length ? `no test file matches ${filters.map((s) => JSON.stringify(s)).join(' or ')}\n` : 'no test files found\n',
    );
  }

  for (let i = 0; i < files.length; i++) {
    const r = await runFile(files[i], i);
    const v = verdict(r, allowList);
    passed += v.passed;
    skipped += v.skipped;
    failed += v.failed;
    const ok = v.failed === 0;
    const counts = `${v.passed} passed, ${v.failed} failed, ${v.skipped} skipped (${r.seconds.toFixed(1)}s)`;
    process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${r.file}  ${counts}${v.why ? `  ${v.why}` : ''}\n`);
    for (const s of v.skipNotes) process.stdout.write(`     ${s}\n`);
    if (r.swept && (r.swept.mounts || r.swept.cgroups)) {
      process.stdout.write(`     swept what it left: ${r.swept.mounts} mount(s), ${r.swept.cgroups} test cgroup(s)\n`);
    }
    if (!ok) {
      failures.push(r.file);
      if (!VERBOSE) {
        process.stdout.write(`----- output of ${r.file} (last ${TAIL_LINES} lines) -----\n`);
        for (const line of r.lines) process.stdout.write(`${line}\n`);
        process.stdout.write(`----- end of ${r.file} -----\n`);
      }
    }
  }

  if (failures.length) {
    process.stdout.write(`\nfailing files:\n${failures.map((f) => `  ${f}\n`).join('')}`);
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    const pgidFile = current && current.pgidFile;
    killCurrent();
    if (pgidFile) fs.rmSync(pgidFile, { force: true });
    process.stdout.write(`\ntest run interrupted by ${sig}\n`);
    process.exit(128 + (os.constants.signals[sig] || 0));
  });
}

main().catch((err) => {
  killCurrent();
  process.stderr.write(`test runner crashed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
