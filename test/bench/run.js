#!/usr/bin/env node
'use strict';
// Benchmark runner: `npm run bench -- [name ...]` (or `node test/bench/run.js [name ...]`).
//
// A benchmark is a compiled file test/lib/bench/<name>.js that exports `benchmark`
// ({ description, nodeArgs? }) and runs when executed directly. Helpers in the same folder
// export no `benchmark` and are not listed. Each benchmark runs in its own node process (with its
// `nodeArgs`), so heaps do not mix. No name runs them all; an unknown name lists the available
// ones and exits 2. Arguments after `--` go to every benchmark.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const DIR = path.resolve(__dirname, '..', 'lib', 'bench');

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

function main(argv) {
  const dash = argv.indexOf('--');
  const names = dash < 0 ? argv : argv.slice(0, dash);
  const extra = dash < 0 ? [] : argv.slice(dash + 1);
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
  const failed = [];
  for (const name of chosen) {
    const { file, meta } = all.get(name);
    process.stdout.write(`\n=== ${name}: ${meta.description ?? ''}\n`);
    const started = Date.now();
    const r = spawnSync(process.execPath, [...(meta.nodeArgs ?? []), file, ...extra], { stdio: 'inherit' });
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (r.status !== 0) {
      failed.push(name);
      process.stdout.write(`=== ${name} FAILED (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`}) after ${secs} s\n`);
    } else process.stdout.write(`=== ${name} done in ${secs} s\n`);
  }
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
