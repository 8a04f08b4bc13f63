#!/usr/bin/env node
'use strict';
/**
 * Generates kernel/host/src/generated/ from every .proto under kernel/host/proto:
 *  - message and service types with proto-loader-gen-types, using the options the runtime
 *    loader (kernel/host/src/contract/proto.ts) uses, so the types match what arrives on the wire;
 *  - kinds.ts: one TypeScript interface per module kind in KINDS (kernel/host/src/contract/kinds.ts),
 *    plus ModuleService and Health, and the KindInterfaces map.
 *
 * Usage: node scripts/gen-proto.js           write kernel/host/src/generated
 *        node scripts/gen-proto.js --check   exit 1 if kernel/host/src/generated is stale
 *
 * Output is deterministic (sorted inputs, no timestamps), so --check is a plain comparison.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const { ROOT, rel, cmp, jsdoc, listFiles, syncGenerated } = require('./generated-tree');
const { PROTO_DIR, readKinds, loadRoot } = require('./kinds-table');

const OUT_DIR = path.join(ROOT, 'kernel', 'host', 'src', 'generated');

/** Options shared with the runtime loader (keepCase false, longs String, enums String, defaults, oneofs). */
const GEN_TYPES_ARGS = [
  '--longs=String',
  '--enums=String',
  '--defaults',
  '--oneofs',
  '--grpcLib=@grpc/grpc-js',
  '--includeComments',
];

function fail(message) {
  process.stderr.write(`gen-proto: ${message}\n`);
  process.exit(1);
}

/** Runs proto-loader-gen-types over every proto into outDir. */
function genTypes(protos, outDir) {
  const pkgDir = path.dirname(require.resolve('@grpc/proto-loader/package.json', { paths: [ROOT] }));
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const bin = path.join(pkgDir, pkg.bin['proto-loader-gen-types']);
  try {
    execFileSync(process.execPath, [bin, ...GEN_TYPES_ARGS, '-I', '.', '-O', outDir, ...protos], {
      cwd: PROTO_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (e) {
    fail(`proto-loader-gen-types failed (${e.status ?? e.message}); see its output above`);
  }
  for (const f of listFiles(outDir)) trimUnused(path.join(outDir, f));
}

/**
 * The per-proto ProtoGrpcType file of a proto without services still imports grpc-js and declares
 * SubtypeConstructor; the kernel compiles with noUnusedLocals, so drop them where nothing uses them.
 */
function trimUnused(file) {
  let text = fs.readFileSync(file, 'utf8');
  const before = text;
  const grpcImport = "import type * as grpc from '@grpc/grpc-js';\n";
  if (text.includes(grpcImport) && !text.replace(grpcImport, '').includes('grpc.')) text = text.replace(grpcImport, '');
  const subtype = /type SubtypeConstructor<[^\n]*\n[^\n]*\n\};\n\n/;
  if (subtype.test(text) && text.split('SubtypeConstructor<').length === 2) text = text.replace(subtype, '');
  if (text !== before) fs.writeFileSync(file, text);
}

const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const strip = (fullName) => fullName.replace(/^\./, '');
/** The lines of a proto comment; empty when there is none. */
const commentLines = (comment) => (comment ? comment.trim().split('\n') : []);

/** Builds kinds.ts: one interface per service, method names lowerCamelCase of the RPC. */
function genKinds(protos, spec) {
  const { root, protobuf } = loadRoot(protos);
  const services = [
    ...spec.kinds.map((k) => ({ ...k, name: upperFirst(k.service.split('.').pop()) })),
    ...spec.extra,
  ];

  // Every request/response type used, by full name, with where gen-types put it.
  const used = new Map();
  const useType = (type) => {
    const fullName = strip(type.fullName);
    if (!used.has(fullName)) {
      let file = type;
      while (file.parent instanceof protobuf.Type) file = file.parent;
      const nested = type.parent instanceof protobuf.Type;
      const exported = nested ? '_' + fullName.replace(/\./g, '_') : type.name;
      used.set(fullName, { fullName, exported, file: './' + strip(file.fullName).replace(/\./g, '/'), input: false, output: false });
    }
    return used.get(fullName);
  };

  const bodies = [];
  for (const s of services) {
    let service;
    try {
      service = root.lookupService(s.service);
    } catch {
      fail(`service ${s.service} not found (expected in kernel/host/proto/${s.proto})`);
    }
    const file = path.relative(PROTO_DIR, service.filename || '').split(path.sep).join('/');
    if (file !== s.proto) fail(`service ${s.service} is defined in ${file}, but kinds.ts says ${s.proto}`);
    const methods = service.methodsArray.map((m) => ({
      name: lowerFirst(m.name),
      optional: (spec.optionalRpcs ?? new Set()).has(`${s.service}.${m.name}`),
      comment: commentLines(m.comment),
      req: Object.assign(useType(m.resolvedRequestType), { input: true }),
      res: Object.assign(useType(m.resolvedResponseType), { output: true }),
      requestStream: Boolean(m.requestStream),
      responseStream: Boolean(m.responseStream),
    }));
    if (methods.length === 0) fail(`service ${s.service} has no methods`);
    const comment = commentLines(service.comment);
    bodies.push({ s, comment: [...(comment.length ? comment : [`The ${s.service} service.`]), `@see kernel/host/proto/${s.proto}`], methods });
  }

  const rpcs = new Set(bodies.flatMap((b) => root.lookupService(b.s.service).methodsArray.map((m) => `${b.s.service}.${m.name}`)));
  for (const name of spec.optionalRpcs ?? []) if (!rpcs.has(name)) fail(`OPTIONAL_RPCS names ${name}, which no kind's service has`);

  // Alias imported names that would clash with each other or with the interfaces.
  const taken = new Set(services.map((s) => s.name));
  const bySimple = new Map();
  for (const t of used.values()) bySimple.set(t.exported, (bySimple.get(t.exported) || 0) + 1);
  const aliases = new Set();
  for (const t of [...used.values()].sort((a, b) => cmp(a.fullName, b.fullName))) {
    let alias = t.exported;
    if (bySimple.get(t.exported) > 1 || taken.has(t.exported)) {
      const parts = t.fullName.split('.');
      const pkg = parts.filter((p) => !/^v\d+/.test(p) && p !== 'kernel' && p !== t.fullName.split('.').pop());
      alias = pkg.map(upperFirst).join('') + t.exported.replace(/^_/, '');
      if (aliases.has(alias) || taken.has(alias)) alias = '_' + t.fullName.replace(/\./g, '_');
    }
    aliases.add(alias);
    t.alias = alias;
  }

  const out = [
    '// Generated by scripts/gen-proto.js from kernel/host/proto and kernel/host/src/contract/kinds.ts. Do not edit.',
    '',
  ];
  const imports = [...used.values()].sort((a, b) => (a.file === b.file ? cmp(a.exported, b.exported) : cmp(a.file, b.file)));
  for (const t of imports) {
    // Import only what the interfaces use: noUnusedLocals flags unused type imports too.
    const names = [];
    if (t.input) names.push(t.alias === t.exported ? t.exported : `${t.exported} as ${t.alias}`);
    if (t.output) {
      names.push(t.alias === t.exported ? `${t.exported}__Output` : `${t.exported}__Output as ${t.alias}__Output`);
    }
    out.push(`import type { ${names.join(', ')} } from '${t.file}';`);
  }
  out.push('');
  for (const { s, comment, methods } of bodies) {
    out.push(...jsdoc(comment, ''));
    out.push(`export interface ${s.name} {`);
    for (const m of methods) {
      const param = m.requestStream ? `AsyncIterable<${m.req.alias}>` : m.req.alias;
      const ret = m.responseStream ? `AsyncIterable<${m.res.alias}__Output>` : `Promise<${m.res.alias}__Output>`;
      out.push(...jsdoc(m.comment, '  '));
      out.push(`  ${m.name}${m.optional ? '?' : ''}(req: ${param}): ${ret};`);
    }
    out.push('}');
    out.push('');
  }
  out.push('/** Every module kind\'s interface, keyed by kind name (the keys of KINDS). */');
  out.push('export interface KindInterfaces {');
  for (const k of spec.kinds) out.push(`  ${/^\w+$/.test(k.kind) ? k.kind : `'${k.kind}'`}: ${upperFirst(k.service.split('.').pop())};`);
  out.push('}');
  out.push('');
  return out.join('\n');
}

/** Generates everything into dir. */
function generate(dir) {
  const protos = listFiles(PROTO_DIR).filter((f) => f.endsWith('.proto'));
  if (protos.length === 0) fail(`no .proto files under ${rel(PROTO_DIR)}`);
  const spec = readKinds(fail);
  genTypes(protos, dir);
  fs.writeFileSync(path.join(dir, 'kinds.ts'), genKinds(protos, spec));
}

function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-gen-proto-'));
  try {
    generate(tmp);
    const files = Object.fromEntries(listFiles(tmp).map((f) => [f, fs.readFileSync(path.join(tmp, f), 'utf8')]));
    syncGenerated({ tool: 'gen-proto', command: 'npm run gen:proto', outDir: OUT_DIR, files, check: process.argv.includes('--check') });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
