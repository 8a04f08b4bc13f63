#!/usr/bin/env node
'use strict';
/**
 * Generates kernel/mesos/src/generated/{types,schema}.ts from the Mesos v1 .proto files under
 * kernel/mesos/proto (parsed with protobufjs):
 *  - types.ts: one TypeScript interface per message and one `const` + union type per enum;
 *  - schema.ts: one table per message and enum, built with the DSL of kernel/mesos/src/json.ts,
 *    each field with its proto number, label, type, `[default = ...]` and `[deprecated = true]`.
 *
 * Usage: node scripts/gen-mesos.js           write kernel/mesos/src/generated
 *        node scripts/gen-mesos.js --check   exit 1 if kernel/mesos/src/generated is stale
 *
 * Output is deterministic (files in a fixed order, declarations in proto order, no timestamps),
 * so --check is a plain comparison.
 *
 * Naming. A nested proto name `A.B.C` is `A_B_C`. Types of some packages get a prefix, so that
 * the operator, agent and executor APIs' `Call`/`Response`/`Event` do not clash with the
 * scheduler's: see PACKAGE_PREFIX (mesos.v1.master.Call → MasterCall, mesos.v1.maintenance.Window
 * → MaintenanceWindow, google.protobuf.Duration → ProtobufDuration). A table is `<Name>Schema`.
 *
 * TypeScript shapes. Field names are the proto names; `required` fields are non-optional
 * properties, `optional` ones optional, `repeated` ones optional arrays, `map<string, V>` ones
 * optional `Record<string, V>`. An enum is a union of its value names plus a const of
 * name → number. int64/uint64 are `bigint`, bytes are `Uint8Array`, other numbers `number`.
 *
 * Plateau hints, which proto has no syntax for, are trailing comments on the field's line (protoc
 * ignores them; this script reads them from the .proto text):
 *  - `// plateau: js-number`     on an int64/uint64 field: kept as a JS number (table kind
 *                                `int64n`/`uint64n`; a value past 2^53 is rejected, not rounded);
 *  - `// plateau: bare-scalars`  on a `map<string, Value.Scalar>`: also accepts a bare number
 *                                (`"cpus": 2` as `{"value": 2}`).
 * Fields of imported files that are not ours (google/protobuf) take their hints from
 * BUILTIN_HINTS below. A hint on a field of the wrong type, or one this script cannot place on a
 * field, is an error.
 */
const fs = require('node:fs');
const path = require('node:path');
const protobuf = require('protobufjs');

const { ROOT, rel, cmp, jsdoc, listFiles, syncGenerated } = require('./generated-tree');

const PROTO_DIR = path.join(ROOT, 'kernel', 'mesos', 'proto');
const OUT_DIR = path.join(ROOT, 'kernel', 'mesos', 'src', 'generated');

/** Prefix of the TypeScript names of a package's types. A package missing here is an error. */
const PACKAGE_PREFIX = {
  'mesos.v1': '',
  'mesos.v1.scheduler': '',
  'mesos.v1.quota': '',
  'mesos.v1.allocator': '',
  'mesos.v1.maintenance': 'Maintenance',
  'mesos.v1.master': 'Master',
  'mesos.v1.agent': 'Agent',
  'mesos.v1.executor': 'Executor',
  'google.protobuf': 'Protobuf',
};

/** Hints for fields of imported files that are not ours (full field name → hints). */
const BUILTIN_HINTS = {
  // DRAIN_AGENT's max_grace_period: seconds as a JS number.
  'google.protobuf.Duration.seconds': ['js-number'],
};

const HINTS = new Set(['js-number', 'bare-scalars']);

/** Proto scalar type → [table kind, TypeScript type]. Kinds json.ts does not know are left out. */
const SCALARS = {
  string: ['string', 'string'],
  bool: ['bool', 'boolean'],
  double: ['double', 'number'],
  float: ['float', 'number'],
  int32: ['int32', 'number'],
  uint32: ['uint32', 'number'],
  int64: ['int64', 'bigint'],
  uint64: ['uint64', 'bigint'],
  bytes: ['bytes', 'Uint8Array'],
};

function fail(message) {
  throw new GenError(message);
}
class GenError extends Error {}

/** Every .proto under PROTO_DIR, relative, '/'-separated: shallower first, then by name. */
function listProtos() {
  const depth = (f) => f.split('/').length;
  return listFiles(PROTO_DIR)
    .filter((f) => f.endsWith('.proto'))
    .sort((a, b) => depth(a) - depth(b) || cmp(a, b));
}

function loadRoot(files) {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_DIR, target));
  root.loadSync(files, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();
  return root;
}

/**
 * Reads `// plateau: ...` markers from the .proto text: full field name → hints. Tracks the
 * message nesting with a small line scanner (the files keep one declaration per line).
 */
function readHints(files) {
  const hints = new Map();
  for (const file of files) {
    const lines = fs.readFileSync(path.join(PROTO_DIR, file), 'utf8').split('\n');
    let pkg = '';
    const scope = []; // names of the enclosing messages; '' for enum/oneof/other blocks
    lines.forEach((raw, i) => {
      const where = `${file}:${i + 1}`;
      const line = raw.replace(/\/\/.*$/, '').trim();
      // A hint trails code on its line; a comment line that mentions one is documentation.
      const marker = line === '' ? null : /\/\/\s*plateau:\s*(.*)$/.exec(raw);
      const p = /^package\s+([\w.]+)\s*;/.exec(line);
      if (p) pkg = p[1];
      const open = /^(message|enum|oneof|service|extend)\s+([\w.]+)\s*\{/.exec(line);
      if (open) scope.push(open[1] === 'message' ? open[2] : '');
      const field = /^(?:(?:optional|required|repeated)\s+)?(?:map\s*<[^>]*>|[\w.]+)\s+(\w+)\s*=\s*\d+/.exec(line);
      if (marker) {
        if (!field || open) fail(`${where}: a plateau hint must trail a field declaration`);
        const names = marker[1].trim().split(/[\s,]+/).filter(Boolean);
        for (const n of names) if (!HINTS.has(n)) fail(`${where}: unknown plateau hint '${n}' (known: ${[...HINTS].join(', ')})`);
        const messages = scope.filter((s) => s !== '');
        if (messages.length === 0) fail(`${where}: plateau hint outside a message`);
        hints.set([pkg, ...messages, field[1]].filter(Boolean).join('.'), names);
      }
      const opens = (line.match(/\{/g) || []).length - (open ? 1 : 0);
      for (let k = 0; k < opens; k++) scope.push('');
      const closes = (line.match(/\}/g) || []).length;
      for (let k = 0; k < closes; k++) {
        if (scope.length === 0) fail(`${where}: unbalanced '}'`);
        scope.pop();
      }
    });
    if (scope.length !== 0) fail(`${file}: unbalanced '{'`);
  }
  for (const [k, v] of Object.entries(BUILTIN_HINTS)) hints.set(k, v);
  return hints;
}

const strip = (fullName) => fullName.replace(/^\./, '');

/** The package a type or enum belongs to (its nearest enclosing non-message namespace). */
function packageOf(t) {
  let p = t.parent;
  while (p instanceof protobuf.Type) p = p.parent;
  return strip(p.fullName);
}

/** TypeScript name of a type or enum. */
function tsName(t) {
  const pkg = packageOf(t);
  if (!(pkg in PACKAGE_PREFIX)) fail(`${strip(t.fullName)}: package ${pkg} has no entry in PACKAGE_PREFIX`);
  return PACKAGE_PREFIX[pkg] + strip(t.fullName).slice(pkg.length + 1).replace(/\./g, '_');
}

/** Whether a reflection object comes from one of our .proto files. */
function isOurs(t) {
  if (!t.filename) return false;
  const f = path.resolve(t.filename);
  return f.startsWith(PROTO_DIR + path.sep);
}

/**
 * Every type and enum to emit, in order: our files in listProtos order, declarations in proto
 * order with nested declarations before their parent; then imported types our fields use.
 */
function collect(root, files) {
  const byFile = new Map(files.map((f) => [f, []]));
  const seen = new Set();
  const visit = (ns) => {
    for (const o of ns.nestedArray) {
      if (o instanceof protobuf.Type || o instanceof protobuf.Enum) {
        if (o instanceof protobuf.Type) visit(o);
        if (isOurs(o)) {
          const f = path.relative(PROTO_DIR, path.resolve(o.filename)).split(path.sep).join('/');
          if (!byFile.has(f)) fail(`${strip(o.fullName)}: defined in ${f}, which is not a listed file`);
          byFile.get(f).push(o);
          seen.add(o);
        }
      } else if (o instanceof protobuf.Namespace) {
        visit(o);
      }
    }
  };
  visit(root);
  const imported = [];
  const addImported = (t) => {
    if (seen.has(t)) return;
    seen.add(t);
    imported.push(t);
    if (t instanceof protobuf.Type) for (const f of t.fieldsArray) if (f.resolvedType) addImported(f.resolvedType);
  };
  for (const list of byFile.values()) {
    for (const t of list) if (t instanceof protobuf.Type) for (const f of t.fieldsArray) if (f.resolvedType) addImported(f.resolvedType);
  }
  imported.sort((a, b) => cmp(strip(a.fullName), strip(b.fullName)));
  const sections = [...byFile.entries()].map(([file, types]) => ({ file, types }));
  if (imported.length > 0) sections.push({ file: undefined, types: imported });

  // Names must be unique across everything emitted.
  const names = new Map();
  for (const s of sections) {
    for (const t of s.types) {
      const n = tsName(t);
      if (names.has(n)) fail(`${strip(t.fullName)} and ${names.get(n)} both map to the TypeScript name ${n}`);
      names.set(n, strip(t.fullName));
    }
  }
  return sections;
}

/** The lines of a proto comment without plateau hints; empty when there is none. */
function commentLines(comment) {
  if (!comment) return [];
  const lines = comment.split('\n').map((l) => l.trimEnd());
  const kept = lines.filter((l) => !/^\s*plateau:/.test(l));
  while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept.pop();
  while (kept.length > 0 && kept[0].trim() === '') kept.shift();
  return kept;
}

/** What one field is, resolved: cardinality, kind, TypeScript type, table type expression. */
function describeField(type, f, hints) {
  const full = `${strip(type.fullName)}.${f.name}`;
  const h = hints.get(full) || [];
  hints.delete(full);
  let label;
  if (f.map) {
    if (f.keyType !== 'string') fail(`${full}: only map<string, V> is supported, not map<${f.keyType}, ...>`);
    label = 'map';
  } else if (f.repeated) label = 'repeated';
  else if (f.required) label = 'required';
  else label = 'optional';

  let kind;
  let ts;
  let ref;
  const rt = f.resolvedType;
  if (rt instanceof protobuf.Enum) {
    kind = 'enum';
    ts = tsName(rt);
    ref = `${ts}Schema`;
  } else if (rt instanceof protobuf.Type) {
    kind = 'message';
    ts = tsName(rt);
    ref = `() => ${ts}Schema`;
  } else {
    const s = SCALARS[f.type];
    if (!s) fail(`${full}: scalar type ${f.type} is not supported by kernel/mesos/src/json.ts`);
    kind = s[0];
    ts = s[1];
    ref = `'${kind}'`;
  }
  for (const hint of h) {
    if (hint === 'js-number') {
      if (kind !== 'int64' && kind !== 'uint64') fail(`${full}: 'js-number' needs an int64 or uint64 field, not ${f.type}`);
      kind = `${kind}n`;
      ts = 'number';
      ref = `'${kind}'`;
    } else if (hint === 'bare-scalars') {
      if (label !== 'map' || !rt || strip(rt.fullName) !== 'mesos.v1.Value.Scalar') {
        fail(`${full}: 'bare-scalars' needs a map<string, mesos.v1.Value.Scalar> field`);
      }
    }
  }

  const options = f.options || {};
  let def;
  if (options.default !== undefined) {
    if (label === 'repeated' || label === 'map') fail(`${full}: a default on a ${label} field`);
    def = defaultLiteral(full, kind, rt, options.default);
  }
  return {
    name: f.name,
    number: f.id,
    label,
    kind,
    ts,
    ref,
    def,
    deprecated: options.deprecated === true,
    bareScalars: h.includes('bare-scalars'),
    comment: commentLines(f.comment),
  };
}

/** The TypeScript literal of a proto default, checked against the field's kind. */
function defaultLiteral(full, kind, rt, value) {
  if (kind === 'enum') {
    if (typeof value !== 'string' || !(value in rt.values)) fail(`${full}: default ${value} is not a value of ${strip(rt.fullName)}`);
    return { ts: `'${value}'`, text: value };
  }
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') fail(`${full}: string default ${value}`);
      return { ts: quoteTs(value), text: JSON.stringify(value) };
    case 'bool':
      if (typeof value !== 'boolean') fail(`${full}: bool default ${value}`);
      return { ts: String(value), text: String(value) };
    case 'double':
    case 'float':
    case 'int32':
    case 'uint32':
    case 'int64n':
    case 'uint64n':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${full}: numeric default ${value}`);
      if (kind !== 'double' && kind !== 'float' && !Number.isInteger(value)) fail(`${full}: integer default ${value}`);
      return { ts: String(value), text: String(value) };
    case 'int64':
    case 'uint64':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(`${full}: 64-bit default ${value}`);
      return { ts: `${value}n`, text: String(value) };
    default:
      return fail(`${full}: defaults are not supported for ${kind} fields`);
  }
}

/** A single-quoted TypeScript string literal. */
function quoteTs(s) {
  return `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

const HEADER_NOTE = 'Generated by scripts/gen-mesos.js from kernel/mesos/proto. Do not edit: edit the .proto files and run `npm run gen:mesos`.';

function sectionTitle(s) {
  if (s.file === undefined) return 'Imported from outside kernel/mesos/proto';
  const pkg = packageOf(s.types[0] || { parent: { fullName: '' } });
  return `${s.file} (package ${pkg})`;
}

/** Builds types.ts. */
function genTypes(sections, hints) {
  const out = [
    `// ${HEADER_NOTE}`,
    '/**',
    ' * TypeScript shapes of the Mesos v1 messages that Plateau\'s APIs carry (scheduler, operator,',
    ' * agent and executor calls), as they look after JSON decoding.',
    ' *',
    ' * Naming: a nested proto message or enum `A.B.C` is `A_B_C` here. The operator API\'s `Call`,',
    ' * `Response` and `Event` are `MasterCall`, `MasterResponse` and `MasterEvent`; the agent\'s and the',
    ' * executor\'s `Call` are `AgentCall` and `ExecutorCall`; `mesos.v1.maintenance` types start with',
    ' * `Maintenance`; `google.protobuf.Duration` is `ProtobufDuration`.',
    ' *',
    ' * Field names are the proto\'s snake_case names, exactly as on the wire. An enum is a union of its',
    ' * value names; the `const` of the same name maps each name to its proto number. 64-bit integers',
    ' * are `bigint` (`TimeInfo.nanoseconds` exceeds 2^53), except those the protos mark',
    ' * `plateau: js-number` (ports, byte offsets), which are numbers; `bytes` fields are `Uint8Array`.',
    ' * A field that is unset is absent (`undefined`); a repeated field that is absent means empty.',
    ' *',
    ' * `./schema` holds the table that decodes and encodes each of these; the compiler checks that',
    ' * every table matches its type here, field for field.',
    ' */',
  ];
  for (const s of sections) {
    if (s.types.length === 0) continue;
    out.push('', '// ' + '-'.repeat(93), `// ${sectionTitle(s)}`);
    for (const t of s.types) {
      out.push('');
      const name = tsName(t);
      const doc = commentLines(t.comment);
      const docLines = doc.length > 0 ? doc : [strip(t.fullName)];
      if (t instanceof protobuf.Enum) {
        const entries = Object.entries(t.values);
        out.push(...jsdoc(docLines, ''));
        const one = `export const ${name} = { ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} } as const;`;
        if (one.length <= 120) out.push(one);
        else out.push(`export const ${name} = {`, ...entries.map(([k, v]) => `  ${k}: ${v},`), '} as const;');
        out.push(...jsdoc(docLines, ''));
        const alias = `export type ${name} = keyof typeof ${name};`;
        if (alias.length <= 120) out.push(alias);
        else out.push(`export type ${name} =`, `  keyof typeof ${name};`);
        continue;
      }
      const fields = t.fieldsArray.map((f) => describeField(t, f, hints));
      out.push(...jsdoc(docLines, ''));
      if (fields.length === 0) {
        out.push(`export type ${name} = Record<never, never>;`);
        continue;
      }
      out.push(`export interface ${name} {`);
      for (const f of fields) {
        const extra = [];
        if (f.def) extra.push(`Proto default: ${f.def.text}.`);
        if (f.deprecated) extra.push('Deprecated.');
        const lines = f.comment.slice();
        if (extra.length > 0) {
          if (lines.length > 0 && lines.length <= 1 && (lines[0] + ' ' + extra.join(' ')).length <= 100) lines[0] += ' ' + extra.join(' ');
          else lines.push(extra.join(' '));
        }
        out.push(...jsdoc(lines, '  '));
        const type =
          f.label === 'repeated' ? `${f.ts}[]` : f.label === 'map' ? `Record<string, ${f.ts}>` : f.ts;
        out.push(`  ${f.name}${f.label === 'required' ? '' : '?'}: ${type};`);
      }
      out.push('}');
    }
  }
  out.push('');
  return out.join('\n');
}

/** Builds schema.ts: enums first (direct references), then messages (thunks, any order). */
function genSchema(sections, hints) {
  const all = sections.flatMap((s) => s.types.map((t) => ({ t, s })));
  const out = [
    `// ${HEADER_NOTE}`,
    '/**',
    ' * One table per Mesos v1 message and enum: field name → proto number, cardinality, type, proto',
    ' * default and deprecation, in proto declaration order. `../json` decodes and encodes with these;',
    ' * the compiler checks each table against its type in `./types` (a missing, extra or mistyped',
    ' * field does not build).',
    ' *',
    ' * A table is `<Type>Schema`; nested proto names use `_` (`Offer.Operation` → `Offer_OperationSchema`).',
    ' * Message references are thunks (`() => XSchema`), so that tables may refer to each other in any order.',
    ' */',
    "import { enumType, mapOf, message, opt, rep, req, type MessageType } from '../json';",
    "import * as T from './types';",
    '',
    '// ' + '-'.repeat(93),
    '// Enums',
  ];
  for (const { t } of all) {
    if (!(t instanceof protobuf.Enum)) continue;
    const name = tsName(t);
    out.push('', `/** ${strip(t.fullName)} */`);
    const one = `export const ${name}Schema = enumType('${strip(t.fullName)}', T.${name});`;
    if (one.length <= 120) out.push(one);
    else out.push(`export const ${name}Schema = enumType(`, `  '${strip(t.fullName)}',`, `  T.${name},`, ');');
  }
  let current;
  for (const { t, s } of all) {
    if (!(t instanceof protobuf.Type)) continue;
    if (current !== s) {
      current = s;
      out.push('', '// ' + '-'.repeat(93), `// ${sectionTitle(s)}`);
    }
    const name = tsName(t);
    const full = strip(t.fullName);
    const fields = t.fieldsArray.map((f) => describeField(t, f, hints));
    out.push('', `/** ${full} */`);
    const decl = `export const ${name}Schema: MessageType<T.${name}> = message<T.${name}>(`;
    const lines = fields.map((f) => {
      const fn = { optional: 'opt', required: 'req', repeated: 'rep', map: 'mapOf' }[f.label];
      const opts = [];
      if (f.def) opts.push(`default: ${f.def.ts}`);
      if (f.deprecated) opts.push('deprecated: true');
      if (f.bareScalars) opts.push('bareScalars: true');
      const o = opts.length > 0 ? `, { ${opts.join(', ')} }` : '';
      return `${f.name}: ${fn}(${f.number}, ${f.ref}${o}),`;
    });
    const oneLine = `${decl}'${full}', {`;
    if (fields.length === 0) {
      out.push(oneLine.length + 3 <= 120 ? `${oneLine}});` : `${decl}\n  '${full}',\n  {},\n);`);
    } else if (oneLine.length <= 120) {
      out.push(oneLine, ...lines.map((l) => `  ${l}`), '});');
    } else {
      // Long names: the proto name and the fields on lines of their own.
      out.push(decl, `  '${full}',`, '  {', ...lines.map((l) => `    ${l}`), '  },', ');');
    }
  }
  out.push('');
  return out.join('\n');
}

/** Generates both files: name → text. */
function generate() {
  const files = listProtos();
  if (files.length === 0) fail(`no .proto files under ${rel(PROTO_DIR)}`);
  const root = loadRoot(files);
  const sections = collect(root, files);
  const typesHints = readHints(files);
  const schemaHints = new Map(typesHints);
  const result = {
    'types.ts': genTypes(sections, typesHints),
    'schema.ts': genSchema(sections, schemaHints),
  };
  // Every hint must have landed on a field that was emitted.
  for (const k of typesHints.keys()) fail(`plateau hint for ${k}, which is not a field of an emitted message`);
  return result;
}

function main() {
  let files;
  try {
    files = generate();
  } catch (e) {
    if (e instanceof GenError) {
      process.stderr.write(`gen-mesos: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  syncGenerated({ tool: 'gen-mesos', command: 'npm run gen:mesos', outDir: OUT_DIR, files, check: process.argv.includes('--check') });
}

main();
