#!/usr/bin/env node
'use strict';
/**
 * Generates docs/kinds.md, the kind reference: for each kind in KINDS (kernel/host/src/contract/
 * kinds.ts), its service and methods with their .proto comments, request and response fields,
 * the error codes and deadlines the comments name; then the Module and Health services every
 * module serves, and the one table between Plateau error codes and gRPC statuses
 * (kernel/host/src/remote/errors.ts).
 *
 * Usage: node scripts/gen-kinds-doc.js           write docs/kinds.md
 *        node scripts/gen-kinds-doc.js --check   exit 1 if docs/kinds.md is stale
 *        ... --out FILE                          another file than docs/kinds.md
 *
 * Output is deterministic (the KINDS order, proto order, no timestamps).
 */
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, rel } = require('./generated-tree');
const { readKinds, loadRoot } = require('./kinds-table');

const ERRORS_TS = path.join(ROOT, 'kernel', 'host', 'src', 'contract', 'errors.ts');
const WIRE_ERRORS_TS = path.join(ROOT, 'kernel', 'host', 'src', 'remote', 'errors.ts');
const REMOTE_TS = path.join(ROOT, 'kernel', 'host', 'src', 'remote', 'remote-module.ts');
// --out FILE writes (or checks) another file instead (the generator's own test).
const outAt = process.argv.indexOf('--out');
const OUT_FILE = outAt > 0 && process.argv[outAt + 1] ? path.resolve(process.argv[outAt + 1]) : path.join(ROOT, 'docs', 'kinds.md');

function fail(message) {
  process.stderr.write(`gen-kinds-doc: ${message}\n`);
  process.exit(1);
}


/** [[PLT code, gRPC status]] from the wire table, codes resolved through ErrorCodes. */
function readErrorTable() {
  const codes = new Map([...fs.readFileSync(ERRORS_TS, 'utf8').matchAll(/^\s+(\w+): '(PLT_ERR_\w+)',/gm)].map((m) => [m[1], m[2]]));
  const rows = [...fs.readFileSync(WIRE_ERRORS_TS, 'utf8').matchAll(/\[ErrorCodes\.(\w+), status\.(\w+)\]/g)].map((m) => {
    if (!codes.has(m[1])) fail(`${rel(WIRE_ERRORS_TS)}: ErrorCodes.${m[1]} is not in ${rel(ERRORS_TS)}`);
    return [codes.get(m[1]), m[2]];
  });
  if (rows.length === 0) fail(`${rel(WIRE_ERRORS_TS)}: cannot find the error table`);
  return rows;
}

/** The host's deadline of a unary call to an out-of-process module, ms. */
function readCallDeadline() {
  const m = /callDeadlineMs \?\? ([\d_]+)/.exec(fs.readFileSync(REMOTE_TS, 'utf8'));
  if (!m) fail(`${rel(REMOTE_TS)}: cannot find the default call deadline (callDeadlineMs ?? N)`);
  return Number(m[1].replace(/_/g, ''));
}


/** A proto comment as one paragraph of text (its line breaks joined). */
const text = (comment) => (comment ? comment.trim().split('\n').map((l) => l.trim()).join(' ') : '');

const STATUS_WORDS = ['NOT_FOUND', 'INVALID_ARGUMENT', 'UNIMPLEMENTED', 'ALREADY_EXISTS', 'RESOURCE_EXHAUSTED', 'ABORTED', 'UNAVAILABLE', 'DEADLINE_EXCEEDED', 'FAILED_PRECONDITION', 'PERMISSION_DENIED', 'UNAUTHENTICATED', 'CANCELLED', 'OUT_OF_RANGE'];

/** The error codes a comment names: gRPC statuses (with their Plateau code) and PLT_ERR_ codes. */
function errorsIn(comment, table) {
  const found = [];
  const seen = new Set();
  const words = new RegExp(`\\b(PLT_ERR_[A-Z_]+|${STATUS_WORDS.join('|')})\\b`, 'g');
  for (const m of comment.matchAll(words)) {
    const word = m[1];
    // One entry per row of the table, however the comment names it (a status, a code, or both).
    const row = word.startsWith('PLT_ERR_') ? table.find(([c]) => c === word) : table.find(([, s]) => s === word);
    const key = row ? row.join('|') : word;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(row ? `${row[1]} (${row[0]})` : word);
  }
  return found;
}

/** The sentences of a comment that speak of time limits. */
function deadlinesIn(comment) {
  return comment
    .split(/(?<=\.)\s+/)
    .filter((s) => /\b(deadline\w*|within|timeout|times out|expires?|ttl|milliseconds|seconds|ms)\b/i.test(s));
}

const cell = (s) => s.replace(/\|/g, '\\|');

/** A message's fields as table rows: name, type, what the comment says. */
function fieldRows(type, protobuf) {
  return type.fieldsArray.map((f) => {
    let t = f.resolvedType ? f.resolvedType.name : f.type;
    if (f.map) t = `map<${f.keyType}, ${t}>`;
    else if (f.repeated) t = `repeated ${t}`;
    return `| \`${f.name}\` | ${cell(t)} | ${cell(text(f.comment))} |`;
  });
}

function renderService(lines, service, { protobuf, table, optionalRpcs }) {
  for (const m of service.methodsArray) {
    const req = m.resolvedRequestType;
    const res = m.resolvedResponseType;
    const stream = m.responseStream ? 'stream ' : '';
    const optional = optionalRpcs.has(`${service.fullName.replace(/^\./, '')}.${m.name}`);
    lines.push(`### ${m.name}`, '', `\`rpc ${m.name}(${req.name}) returns (${stream}${res.name})\`${optional ? ' (optional: a module may leave it out)' : ''}`, '');
    const comment = text(m.comment);
    lines.push(comment || '(no comment in the .proto)', '');
    const errors = errorsIn(comment, table);
    if (errors.length) lines.push(`Errors named: ${errors.join(', ')}.`, '');
    const deadlines = deadlinesIn(comment);
    if (deadlines.length) lines.push(`Time: ${deadlines.join(' ')}`, '');
    for (const [label, type] of [['Request', req], ['Response', res]]) {
      const rows = fieldRows(type, protobuf);
      if (rows.length === 0) {
        lines.push(`${label} \`${type.name}\`: no fields.`, '');
        continue;
      }
      lines.push(`${label} \`${type.name}\`${text(type.comment) ? `: ${text(type.comment)}` : ''}`, '', '| field | type | meaning |', '| --- | --- | --- |', ...rows, '');
    }
  }
}

function build() {
  const spec = readKinds(fail);
  const { kinds, optionalRpcs } = spec;
  const table = readErrorTable();
  const deadlineMs = readCallDeadline();
  // The services every module serves, from kinds.ts's MODULE_/HEALTH_ constants.
  const extra = spec.extra.map((e) => ({ ...e, title: `Every module: ${e.service}` }));
  const { root, protobuf } = loadRoot([...kinds.map((k) => k.proto), ...extra.map((e) => e.proto)]);
  const ctx = { protobuf, table, optionalRpcs };
  const lines = [
    '# Kind reference',
    '',
    '<!-- Generated by scripts/gen-kinds-doc.js from kernel/host/proto (npm run gen:kinds-doc); do not edit. -->',
    '',
    'Each kind is a gRPC service (out of process) and the same methods, lowerCamelCase, on the',
    'object a TypeScript module creates (in process). The text under each method is its .proto',
    "comment; \"Errors named\" are the codes that comment names, with their counterpart in the table",
    `at the end. Every unary call to an out-of-process module has a deadline of ${deadlineMs} ms (the host's`,
    'default); past it the caller sees PLT_ERR_DEADLINE. `plateau module new NAME --kind KIND` writes a',
    "module to start from, and `plateau modules test` runs a kind's conformance suite against it.",
    '',
    '| kind | service | proto | what it does |',
    '| --- | --- | --- | --- |',
    ...kinds.map((k) => `| [${k.kind}](#${k.kind}) | \`${k.service}\` | \`${k.proto}\` | ${k.summary} |`),
    '',
  ];
  for (const k of kinds) {
    const service = root.lookupService(k.service);
    lines.push(`## ${k.kind}`, '', `\`${k.service}\` in \`kernel/host/proto/${k.proto}\`: ${k.summary}.`, '');
    if (text(service.comment)) lines.push(text(service.comment), '');
    renderService(lines, service, ctx);
  }
  for (const e of extra) {
    const service = root.lookupService(e.service);
    lines.push(`## ${e.title}`, '', `In \`kernel/host/proto/${e.proto}\`.`, '');
    if (text(service.comment)) lines.push(text(service.comment), '');
    renderService(lines, service, ctx);
  }
  lines.push(
    '## Error codes on the wire',
    '',
    'A module fails a call with a gRPC status and the Plateau code in the trailing metadata',
    '`plateau-error-code`; a TypeScript module throws the matching error class (NotFoundError,',
    'InvalidError, ...). A status without a code is read as the first code of its row.',
    '',
    '| Plateau code | gRPC status |',
    '| --- | --- |',
    ...table.map(([code, status]) => `| ${code} | ${status} |`),
    '',
  );
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

// One file, compared or written on its own: docs/ holds other documents too.
const doc = build();
const current = fs.existsSync(OUT_FILE) ? fs.readFileSync(OUT_FILE, 'utf8') : undefined;
if (process.argv.includes('--check')) {
  if (current !== doc) fail(`${rel(OUT_FILE)} is ${current === undefined ? 'missing' : 'stale'}; run \`npm run gen:kinds-doc\``);
  process.stdout.write(`gen-kinds-doc: ${rel(OUT_FILE)} is up to date\n`);
} else {
  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  if (current !== doc) fs.writeFileSync(OUT_FILE, doc);
  process.stdout.write(`gen-kinds-doc: ${rel(OUT_FILE)} ${current === doc ? 'unchanged' : 'written'}\n`);
}
