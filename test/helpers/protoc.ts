// protoc as the outside reference for Mesos's binary encoding: `protoc --encode` / `--decode` of
// the Mesos protos (the include dirs and files @plateau/mesos loads), and a text-format printer
// that writes a message given in Mesos's JSON mapping the way `protoc --decode` prints it (fields
// by number, strings and bytes C-escaped, maps sorted by key), so that both directions can be
// compared as text.

import { execFileSync, spawnSync } from 'node:child_process';
import { JsonNumber, mesosProtoDirs, mesosProtoFiles, parseJson, protoType, type JsonValue } from '@plateau/mesos';

/** Why protoc cannot be used here, or undefined when it can. */
export function protocMissing(): string | undefined {
  const r = spawnSync('protoc', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return 'protoc is not installed (apt-get install protobuf-compiler)';
  return undefined;
}

function protocArgs(mode: '--encode' | '--decode', type: string): string[] {
  return [`${mode}=${type}`, ...mesosProtoDirs().map((d) => `-I${d}`), ...mesosProtoFiles()];
}

/** `protoc --encode=<type>`: the binary encoding of a text-format message. Throws with protoc's stderr. */
export function protocEncode(type: string, text: string): Buffer {
  const r = spawnSync('protoc', protocArgs('--encode', type), { input: text, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`protoc --encode=${type} failed: ${r.stderr.toString()}\n--- input:\n${text}`);
  return r.stdout;
}

/** `protoc --decode=<type>`: the text format of binary bytes. Throws with protoc's stderr. */
export function protocDecode(type: string, bytes: Uint8Array): string {
  try {
    return execFileSync('protoc', protocArgs('--decode', type), { input: bytes, maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
  } catch (e) {
    throw new Error(`protoc --decode=${type} failed: ${(e as { stderr?: Buffer }).stderr?.toString() ?? e}`);
  }
}

/** C-escapes bytes as protobuf's text format does (CEscape): \n \r \t \" \' \\, other non-printables as \ooo. */
export function cEscape(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x27) out += "\\'";
    else if (b === 0x5c) out += '\\\\';
    else if (b < 0x20 || b >= 0x7f) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

/** A message type and a field of the loaded protos (protobufjs reflection, through @plateau/mesos). */
type ProtoType = ReturnType<typeof protoType>;
type ProtoField = ProtoType['fieldsArray'][number];
type ProtoEnum = { valuesById: Record<number, string> };

function messageTypeOf(f: ProtoField): ProtoType | undefined {
  const rt = f.resolvedType as unknown;
  return rt !== null && typeof rt === 'object' && 'fieldsArray' in rt ? (rt as ProtoType) : undefined;
}

function enumTypeOf(f: ProtoField): ProtoEnum | undefined {
  const rt = f.resolvedType as unknown;
  return rt !== null && typeof rt === 'object' && 'valuesById' in rt ? (rt as ProtoEnum) : undefined;
}

const LONGS = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INTS = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', ...LONGS]);

function numberText(v: unknown): string {
  return v instanceof JsonNumber ? v.text : String(v);
}

/** A double as protoc prints it (SimpleDtoa: shortest round-trip form, `2` for 2.0). */
function doubleText(v: unknown): string {
  const n = typeof v === 'string' ? Number(v) : Number(numberText(v));
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  const s = String(n);
  // Exponents: protoc writes 1e+21 as 1e+21 and 1e-7 as 1e-07.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function scalarText(field: ProtoField, v: unknown): string {
  const rt = enumTypeOf(field);
  if (rt !== undefined) return typeof v === 'string' ? v : (rt.valuesById[Number(numberText(v))] ?? numberText(v));
  switch (field.type) {
    case 'string':
      return `"${cEscape(Buffer.from(String(v), 'utf8'))}"`;
    case 'bytes':
      return `"${cEscape(typeof v === 'string' ? Buffer.from(v, 'base64') : (v as Uint8Array))}"`;
    case 'bool':
      return v === true || v === 'true' ? 'true' : 'false';
    case 'double':
    case 'float':
      return doubleText(v);
    default:
      if (INTS.has(field.type)) return numberText(v);
      throw new Error(`no text form for field type ${field.type}`);
  }
}

function printFields(type: ProtoType, value: Record<string, unknown>, indent: string, out: string[]): void {
  const fields = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  for (const f of fields) {
    const v = value[f.name];
    if (v === undefined || v === null) continue;
    if (f.map) {
      const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [k, mv] of entries) {
        out.push(`${indent}${f.name} {\n${indent}  key: "${cEscape(Buffer.from(k, 'utf8'))}"\n`);
        printOne('value', f, mv, `${indent}  `, out);
        out.push(`${indent}}\n`);
      }
    } else if (f.repeated) {
      for (const x of v as unknown[]) printOne(f.name, f, x, indent, out);
    } else {
      printOne(f.name, f, v, indent, out);
    }
  }
}

function printOne(name: string, field: ProtoField, v: unknown, indent: string, out: string[]): void {
  const rt = messageTypeOf(field);
  if (rt !== undefined) {
    out.push(`${indent}${name} {\n`);
    printFields(rt, v as Record<string, unknown>, `${indent}  `, out);
    out.push(`${indent}}\n`);
  } else {
    out.push(`${indent}${name}: ${scalarText(field, v)}\n`);
  }
}

/**
 * The text format of message `typeName` given in Mesos's JSON mapping (text, or a value from
 * parseJson: enums by name, bytes as base64, 64-bit integers exact), as `protoc --decode` prints it.
 */
export function textFormat(typeName: string, json: string | JsonValue): string {
  const value = typeof json === 'string' ? parseJson(json) : json;
  const out: string[] = [];
  printFields(protoType(typeName), value as Record<string, unknown>, '', out);
  return out.join('');
}
