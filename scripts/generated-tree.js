'use strict';
/**
 * What the code generators (gen-proto.js, gen-mesos.js) share: deterministic ordering and JSDoc,
 * listing a tree, and bringing a committed folder of generated files in line with what a run
 * produced — or, with --check, failing when it is not (missing, changed or extra files).
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const rel = (p) => path.relative(ROOT, p).split(path.sep).join('/');

/** Locale-independent string order, so output is the same on every machine. */
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** A JSDoc block of the given text lines, indented. */
function jsdoc(lines, indent) {
  const body = lines.map((l) => l.trimEnd().replace(/\*\//g, '*\\/'));
  if (body.length === 0) return [];
  if (body.length === 1) return [`${indent}/** ${body[0]} */`];
  return [`${indent}/**`, ...body.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}

/** Every file under dir, as sorted '/'-separated paths relative to dir ([] when dir is missing). */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort(cmp);
}

function removeEmptyDirs(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const p = path.join(dir, entry.name);
    removeEmptyDirs(p);
    if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
  }
}

/**
 * Brings `outDir` in line with `files` (relative path → text). With `check`, writes nothing and
 * exits 1 listing each stale file when they differ. `tool` names the generator in messages and
 * `command` is how to regenerate.
 */
function syncGenerated({ tool, command, outDir, files, check }) {
  const have = new Set(listFiles(outDir));
  const missing = [];
  const changed = [];
  for (const [name, text] of Object.entries(files)) {
    if (!have.has(name)) missing.push(name);
    else if (fs.readFileSync(path.join(outDir, name), 'utf8') !== text) changed.push(name);
  }
  const extra = [...have].filter((f) => !(f in files));
  const stale = [...missing.map((f) => `missing  ${f}`), ...changed.map((f) => `changed  ${f}`), ...extra.map((f) => `extra    ${f}`)];
  if (check) {
    if (stale.length > 0) {
      process.stderr.write(`${tool}: ${rel(outDir)} is stale (${stale.length} file(s)); run \`${command}\`:\n${stale.map((s) => `  ${s}\n`).join('')}`);
      process.exit(1);
    }
    process.stdout.write(`${tool}: ${rel(outDir)} is up to date\n`);
    return;
  }
  for (const f of [...missing, ...changed]) {
    fs.mkdirSync(path.dirname(path.join(outDir, f)), { recursive: true });
    fs.writeFileSync(path.join(outDir, f), files[f]);
  }
  for (const f of extra) fs.rmSync(path.join(outDir, f));
  removeEmptyDirs(outDir);
  process.stdout.write(`${tool}: ${rel(outDir)}: ${missing.length} added, ${changed.length} changed, ${extra.length} removed\n`);
}

module.exports = { ROOT, rel, cmp, jsdoc, listFiles, syncGenerated };
