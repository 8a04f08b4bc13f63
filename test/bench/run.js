#!/usr/bin/env node
'use strict';
// Benchmark runner: `npm run bench -- [--quick] [name ...]` (or `node test/bench/run.js ...`),
// `npm run bench -- --compare A B`.
//
// A benchmark is a compiled file test/lib/bench/<name>.js that exports `benchmark`
// ({ description, nodeArgs? }) and runs when executed directly. Helpers in the same folder
// export no `benchmark` and are not listed. Each benchmark runs in its own node process (with its
// `nodeArgs`), so heaps do not mix. No name runs them all; an unknown name lists the available
// ones and exits 2. Arguments after `--` go to every benchmark. --quick sets BENCH_QUICK=1 (each
// benchmark's small size).
//
// Each benchmark prints its figures as `BENCH-RECORD {json}` lines (test/bench/record.ts); at the
// end the runner prints one table of every figure against its goal (test/bench/summary.ts) and
// writes the records and the table to bench-results/<timestamp>.json and .md. --compare A B
// prints two such runs side by side (A and B: paths, or file names in bench-results/); --table A
// [--markdown] prints the table of one again, built from its records.

const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { spawn } = require('node:child_process');

const DIR = path.resolve(__dirname, '..', 'lib', 'bench');
const RESULTS = path.resolve(__dirname, '..', '..', 'bench-results');

function available() {
  if (!fs.existsSync(DIR)) return new Map();
  const out = new Map();
  for (const file of fs.readdirSync(DIR).sort()) {
    if (!file.endsWith('.js')) continue;
    const full = path.join(DIR, file);
    let meta;
    try {
      meta = require(full).benchmark;
    } catch (e) {
      process.stderr.write(`bench: cannot load ${full}: ${e.message}\n`);
      continue;
    }
    if (meta && typeof meta === 'object') out.set(file.slice(0, -3), { file: full, meta });
  }
  return out;
}

/** Runs one benchmark, echoing its output but the record lines; resolves with its outcome. */
function runOne(name, file, meta, extra, env) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...(meta.nodeArgs ?? []), file, ...extra], { stdio: ['inherit', 'pipe', 'inherit'], env });
    let out = '';
    let partial = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const l of lines) if (!l.startsWith(summary().RECORD_PREFIX)) process.stdout.write(`${l}\n`);
    });
    const finish = (status) => {
      if (partial && !partial.startsWith(summary().RECORD_PREFIX)) process.stdout.write(`${partial}\n`);
      let records = [];
      try {
        records = summary().parseRecords(out);
      } catch (e) {
        status = `failed (${e.message})`;
      }
      const skips = out.split('\n').filter((l) => l.startsWith('SKIP '));
      resolve({ name, status, seconds: (Date.now() - started) / 1000, records, skips });
    };
    child.on('error', (e) => finish(`failed (${e.message})`));
    child.on('close', (code, signal) => finish(code === 0 ? 'ok' : `failed (exit ${code ?? signal})`));
  });
}

/** The compiled summary and record helpers. */
function summary() {
  return { ...require(path.join(DIR, 'summary.js')), ...require(path.join(DIR, 'record.js')) };
}

function readResults(arg) {
  const candidates = [arg, path.join(RESULTS, arg), path.join(RESULTS, `${arg}.json`)];
  const file = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!file) throw new Error(`no results file ${arg} (looked in . and ${RESULTS})`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function compare(args) {
  if (args.length !== 2) {
    process.stderr.write('bench: --compare takes two results files (bench-results/<timestamp>.json)\n');
    return 2;
  }
  try {
    process.stdout.write(`${summary().compareRuns(readResults(args[0]), readResults(args[1]))}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`bench: ${e.message}\n`);
    return 2;
  }
}

/** `--table A [--markdown]`: the table of a results file, built again from its records (by today's goals). */
function table(args) {
  const markdown = args.includes('--markdown');
  const files = args.filter((a) => a !== '--markdown');
  if (files.length !== 1) {
    process.stderr.write('bench: --table takes one results file (bench-results/<timestamp>.json) and --markdown\n');
    return 2;
  }
  try {
    const s = summary();
    const results = readResults(files[0]);
    const rows = s.buildSummary(results);
    process.stdout.write(`${s.runHeading(results)}\n\n${markdown ? s.summaryMarkdown(rows) : s.summaryText(rows)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`bench: ${e.message}\n`);
    return 2;
  }
}

async function main(argv) {
  const dash = argv.indexOf('--');
  let names = dash < 0 ? argv : argv.slice(0, dash);
  const extra = dash < 0 ? [] : argv.slice(dash + 1);
  const ci = names.indexOf('--compare');
  if (ci >= 0) return compare(names.slice(ci + 1));
  const ti = names.indexOf('--table');
  if (ti >= 0) return table(names.slice(ti + 1));
  const quick = names.includes('--quick');
  names = names.filter((n) => n !== '--quick');
  const all = available();
  if (all.size === 0) {
    process.stderr.write(`bench: no compiled benchmarks in ${DIR}; build first (npx tsc -b)\n`);
    return 1;
  }
  const unknown = names.filter((n) => !all.has(n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}\navailable:\n`);
    for (const [name, { meta }] of all) process.stderr.write(`  ${name.padEnd(16)} ${meta.description ?? ''}\n`);
    return 2;
  }
  const chosen = names.length > 0 ? names : [...all.keys()];
  const env = { ...process.env, ...(quick ? { BENCH_QUICK: '1' } : {}) };
  const results = {
    started: new Date().toISOString(),
    quick,
    machine: { cpus: os.cpus().length, node: process.version, loadAtStart: os.loadavg().map((l) => Number(l.toFixed(2))) },
    benches: [],
  };
  for (const name of chosen) {
    const { file, meta } = all.get(name);
    process.stdout.write(`\n=== ${name}: ${meta.description ?? ''}\n`);
    const outcome = await runOne(name, file, meta, extra, env);
    results.benches.push(outcome);
    process.stdout.write(`=== ${name} ${outcome.status === 'ok' ? 'done' : outcome.status} in ${outcome.seconds.toFixed(1)} s (${outcome.records.length} figures)\n`);
  }
  const s = summary();
  const rows = s.buildSummary(results);
  const heading = s.runHeading(results);
  const total = results.benches.reduce((n, b) => n + b.seconds, 0);
  process.stdout.write(`\n${heading}\n\n${s.summaryText(rows)}\n\n${total.toFixed(0)} s in all\n`);
  fs.mkdirSync(RESULTS, { recursive: true });
  const base = path.join(RESULTS, results.started.replace(/[:.]/g, '-'));
  fs.writeFileSync(`${base}.json`, `${JSON.stringify({ ...results, table: rows }, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, `${heading.replace('\n', '\n\n')}\n\n${s.summaryMarkdown(rows)}\n`);
  process.stdout.write(`results: ${path.relative(process.cwd(), base)}.json and .md\n`);
  return results.benches.some((b) => b.status !== 'ok') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`bench: ${e.stack ?? e}\n`);
    process.exitCode = 1;
  },
);
