/**
 * The kinds as the generators (gen-proto.js, gen-kinds-doc.js) read them: the KINDS table, the
 * Module/Health constants and OPTIONAL_RPCS from kernel/host/src/contract/kinds.ts, and the
 * kernel's protos parsed with their comments. The
 * table's rows use the `v1(dir, Service, summary)` helper, whose proto and service formulas are
 * mirrored here; a row in any other shape is an error, so a change to kinds.ts cannot silently
 * skip a kind.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { ROOT, rel } = require('./generated-tree');

const KINDS_TS = path.join(ROOT, 'kernel', 'host', 'src', 'contract', 'kinds.ts');
const PROTO_DIR = path.join(ROOT, 'kernel', 'host', 'proto');

/** { kinds: [{kind, proto, service, summary}], extra: [{name, proto, service}], optionalRpcs: Set }; `fail` reports and exits. */
function readKinds(fail) {
  const src = fs.readFileSync(KINDS_TS, 'utf8');
  const block = /export const KINDS\s*=\s*\{([\s\S]*?)\n\}/.exec(src);
  if (!block) fail(`${rel(KINDS_TS)}: cannot find "export const KINDS = {...}"`);
  const kinds = [];
  for (const raw of block[1].split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) continue;
    const m = /^(\w+|'[\w-]+'):\s*v1\(\s*'(\w+)'\s*,\s*'(\w+)'\s*,\s*'([^']*)'\s*\)/.exec(line);
    if (!m) fail(`${rel(KINDS_TS)}: cannot read KINDS row: ${line}`);
    const [, key, dir, service, summary] = m;
    kinds.push({ kind: key.replace(/'/g, ''), proto: `kernel/${dir}/v1/${dir}.proto`, service: `kernel.${dir}.v1.${service}`, summary });
  }
  if (kinds.length === 0) fail(`${rel(KINDS_TS)}: KINDS is empty`);
  const constant = (name) => {
    const m = new RegExp(`export const ${name}\\s*=\\s*'([^']+)'`).exec(src);
    if (!m) fail(`${rel(KINDS_TS)}: cannot find ${name}`);
    return m[1];
  };
  const extra = [
    { name: 'ModuleService', proto: constant('MODULE_PROTO'), service: constant('MODULE_SERVICE') },
    { name: 'Health', proto: constant('HEALTH_PROTO'), service: constant('HEALTH_SERVICE') },
  ];
  const optional = /export const OPTIONAL_RPCS\s*=\s*\[([^\]]*)\]/.exec(src);
  if (!optional) fail(`${rel(KINDS_TS)}: cannot find OPTIONAL_RPCS`);
  const optionalRpcs = new Set([...optional[1].matchAll(/'([\w.]+)'/g)].map((m) => m[1]));
  return { kinds, extra, optionalRpcs };
}

/** Loads `protos` (relative to PROTO_DIR) with protobufjs (the parser proto-loader itself uses), keeping comments. */
function loadRoot(protos) {
  const loaderDir = path.dirname(require.resolve('@grpc/proto-loader/package.json', { paths: [ROOT] }));
  const protobuf = require(require.resolve('protobufjs', { paths: [loaderDir] }));
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_DIR, target));
  root.loadSync(protos, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();
  return { root, protobuf };
}

module.exports = { KINDS_TS, PROTO_DIR, readKinds, loadRoot };
