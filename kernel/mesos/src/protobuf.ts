/**
 * Mesos's binary encoding (`application/x-protobuf`) of the v1 API messages, with protobufjs
 * reading the .proto files of kernel/mesos/proto at run time, bridged to the
 * JSON schema tables:
 *
 * - decoding: bytes → protobufjs message → a plain value in the forms the table decoder takes
 *   (64-bit integers as decimal strings, enums by name, bytes as base64) → `tryDecode`, so a
 *   protobuf body goes through the same checks and gives the same typed value as its JSON form;
 * - encoding: a typed value → a plain object (bigint as decimal string, enums by name, bytes as
 *   Uint8Array), led by its table → protobufjs `fromObject` → bytes. Mesos JSON text (what the
 *   views write) is encoded the same way from its parsed form.
 *
 * Required fields are not enforced by protobufjs here: a missing one is reported by the table
 * decoder with its path, as for JSON; unset fields are never written (no defaults on the wire).
 * An enum number the proto does not know decodes to its decimal text, which the table decoder
 * drops (optional) or refuses (required), naming it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import * as protobuf from 'protobufjs';
import { MesosError } from './mesos-error';
import {
  JsonNumber,
  exactInteger,
  parseJson,
  tryDecode,
  type DecodeOptions,
  type DecodeResult,
  type EnumType,
  type Field,
  type JsonValue,
  type MessageType,
  type ScalarKind,
  type TypeRef,
} from './json';

/** kernel/mesos/proto, found from this file's compiled location (kernel/mesos/lib/protobuf.js). */
export const MESOS_PROTO_DIR = resolve(__dirname, '..', 'proto');

/** Code of a ProtobufError. */
export const PROTOBUF_ERROR_CODE = 'PLT_ERR_API_PROTOBUF';

/** ProtobufError: bytes that are not a valid encoding of the message, or a message the protos lack. */
export class ProtobufError extends MesosError {
  constructor(message: string) {
    super(PROTOBUF_ERROR_CODE, message);
  }
}

/** Full names of the v1 API messages, as the protos have them. */
export const SCHEDULER_CALL = 'mesos.v1.scheduler.Call';
export const SCHEDULER_EVENT = 'mesos.v1.scheduler.Event';
export const SCHEDULER_RESPONSE = 'mesos.v1.scheduler.Response';
export const EXECUTOR_CALL = 'mesos.v1.executor.Call';
export const EXECUTOR_EVENT = 'mesos.v1.executor.Event';
export const MASTER_CALL = 'mesos.v1.master.Call';
export const MASTER_RESPONSE = 'mesos.v1.master.Response';
export const MASTER_EVENT = 'mesos.v1.master.Event';
export const AGENT_CALL = 'mesos.v1.agent.Call';
export const AGENT_RESPONSE = 'mesos.v1.agent.Response';
export const AGENT_PROCESS_IO = 'mesos.v1.agent.ProcessIO';

// ---------------------------------------------------------------------------------------------
// Loading

let loaded: protobuf.Root | undefined;
let loadedFrom: string | undefined;
let loadedFiles: string[] = [];
const types = new Map<string, protobuf.Type>();

/** Every .proto file under `dir`, relative to it, sorted ([] when `dir` does not exist). */
export function protoFiles(dir: string = MESOS_PROTO_DIR): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.proto')) out.push(relative(dir, p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** The include dirs of the Mesos protos, in lookup order (what `protoc -I` needs too). */
export function mesosProtoDirs(): string[] {
  return [MESOS_PROTO_DIR];
}

/**
 * The protobufjs root of the Mesos protos, loaded once: every .proto under the dirs
 * (kernel/mesos/proto). Imports resolve along the dirs, as with `protoc -I <dir>...`; field names
 * stay as written.
 */
export function mesosProtoRoot(dirs: readonly string[] = mesosProtoDirs()): protobuf.Root {
  const key = dirs.join('\0');
  if (loaded !== undefined && loadedFrom === key) return loaded;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    if (isAbsolute(target)) return target;
    for (const d of dirs) {
      const p = join(d, target);
      if (existsSync(p)) return p;
    }
    return null;
  };
  try {
    const files = dirs.flatMap((d) => protoFiles(d).map((f) => join(d, f)));
    root.loadSync(files, { keepCase: true });
    root.resolveAll();
    loadedFiles = files.map((f) => relative(dirs.find((d) => f.startsWith(d + '/'))!, f));
  } catch (e) {
    throw new ProtobufError(`cannot load the Mesos protos from ${dirs.join(', ')}: ${(e as Error).message}`);
  }
  // Presence is checked by the tables (with paths), not by protobufjs.
  const relax = (ns: protobuf.NamespaceBase) => {
    for (const o of ns.nestedArray) {
      if (o instanceof protobuf.Type) for (const f of o.fieldsArray) if (f.required) Object.defineProperty(f, 'required', { value: false });
      if (o instanceof protobuf.Namespace || o instanceof protobuf.Type) relax(o as protobuf.NamespaceBase);
    }
  };
  relax(root);
  loaded = root;
  loadedFrom = key;
  types.clear();
  return root;
}

/**
 * The .proto files the loaded root was made of, relative to their include dir (mesosProtoDirs):
 * what `protoc -I <dir>...` must be given to see the same messages.
 */
export function mesosProtoFiles(): string[] {
  mesosProtoRoot();
  return [...loadedFiles];
}

/** The protobufjs type of a message by full name (`mesos.v1.scheduler.Call`). Throws ProtobufError. */
export function protoType(name: string): protobuf.Type {
  let t = types.get(name);
  if (t === undefined) {
    let found: protobuf.ReflectionObject | null = null;
    try {
      found = mesosProtoRoot().lookup(name);
    } catch {
      found = null;
    }
    if (!(found instanceof protobuf.Type)) throw new ProtobufError(`message ${name} is not in the Mesos protos`);
    t = found;
    types.set(name, t);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Decoding

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/**
 * Decodes protobuf bytes of message `name` into a plain value for the table decoder: fields set
 * on the wire only, 64-bit integers as decimal strings, enums by name, bytes as base64, maps as
 * objects. Throws ProtobufError when the bytes are not a valid encoding.
 */
export function decodeProtobuf(name: string, bytes: Uint8Array): Record<string, unknown> {
  const type = protoType(name);
  let msg: protobuf.Message;
  try {
    msg = type.decode(bytes);
  } catch (e) {
    throw new ProtobufError((e as Error).message);
  }
  return plainOf(type, msg as unknown as Record<string, unknown>);
}

function plainOf(type: protobuf.Type, msg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of type.fieldsArray) {
    const v = msg[f.name];
    if (v === undefined || v === null) continue;
    if (f.map) {
      const keys = Object.keys(v as object);
      if (keys.length === 0) continue;
      const m: Record<string, unknown> = {};
      for (const k of keys) m[k] = plainValue(f, (v as Record<string, unknown>)[k]);
      out[f.name] = m;
    } else if (f.repeated) {
      const list = v as unknown[];
      if (list.length === 0) continue;
      out[f.name] = list.map((x) => plainValue(f, x));
    } else {
      if (!Object.prototype.hasOwnProperty.call(msg, f.name)) continue;
      out[f.name] = plainValue(f, v);
    }
  }
  return out;
}

function plainValue(f: protobuf.Field, v: unknown): unknown {
  const rt = f.resolvedType;
  if (rt instanceof protobuf.Type) return plainOf(rt, v as Record<string, unknown>);
  if (rt instanceof protobuf.Enum) return rt.valuesById[v as number] ?? String(v);
  if (f.type === 'bytes') {
    const b = v as Uint8Array;
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
  }
  // A Long (or a number, for values protobufjs keeps as such) as its exact decimal text.
  if (LONG_TYPES.has(f.type)) return String(v);
  return v;
}

/**
 * Decodes protobuf bytes into table `type`'s value (through the same decoder as JSON), without
 * throwing on issues; throws ProtobufError for bytes that are not a valid encoding.
 */
export function tryDecodeProtobuf<T>(type: MessageType<T>, bytes: Uint8Array, opts: DecodeOptions = {}): DecodeResult<T> {
  return tryDecode(type, decodeProtobuf(type.name, bytes), opts);
}

// ---------------------------------------------------------------------------------------------
// Encoding

/**
 * Encodes a typed value of table `type` as protobuf bytes (of the proto message named like the
 * table, or `name`). Fields the value leaves unset are not written.
 */
export function encodeProtobuf<T>(type: MessageType<T>, value: T, name: string = type.name): Uint8Array {
  const pt = protoType(name);
  return pt.encode(pt.fromObject(tablePlain(type, value))).finish();
}

function resolveRef(t: TypeRef): ScalarKind | EnumType | MessageType<any> {
  return typeof t === 'function' ? t() : t;
}

/** A typed value as a plain object for protobufjs `fromObject`, led by its table. */
function tablePlain(type: MessageType<any>, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof value !== 'object' || value === null) return out;
  const obj = value as Record<string, unknown>;
  for (const f of type.fields) {
    const v = obj[f.name];
    if (v === undefined || v === null) continue;
    if (f.label === 'repeated') out[f.name] = (v as unknown[]).map((x) => tableValue(f, x));
    else if (f.label === 'map') {
      const m: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) m[k] = tableValue(f, x);
      out[f.name] = m;
    } else out[f.name] = tableValue(f, v);
  }
  return out;
}

function tableValue(f: Field, v: unknown): unknown {
  const t = resolveRef(f.type);
  if (typeof t !== 'string') return t.kind === 'enum' ? v : tablePlain(t, v);
  switch (t) {
    case 'double':
    case 'float':
      return typeof v === 'bigint' ? Number(v) : v;
    case 'int64':
    case 'uint64':
    case 'int64n':
    case 'uint64n':
      return typeof v === 'bigint' ? v.toString() : v;
    default:
      return v;
  }
}

/**
 * Encodes Mesos JSON (text, bytes or a parsed value) of message `name` as protobuf bytes: the
 * field names and values of Mesos's JSON mapping, 64-bit integers kept exact. Keys the message
 * does not have are ignored (as the JSON decoder does). Throws JsonSyntaxError or ProtobufError.
 */
export function jsonToProtobuf(name: string, json: string | Uint8Array | JsonValue): Uint8Array {
  const value = typeof json === 'string' || json instanceof Uint8Array ? parseJson(json) : json;
  const pt = protoType(name);
  let msg: protobuf.Message;
  try {
    msg = pt.fromObject(jsonPlain(pt, value));
  } catch (e) {
    throw new ProtobufError(`cannot encode ${name}: ${(e as Error).message}`);
  }
  return pt.encode(msg).finish();
}

function jsonPlain(type: protobuf.Type, json: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return out;
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    const f = type.fields[k];
    if (f === undefined || v === null || v === undefined) continue;
    if (f.map) {
      const m: Record<string, unknown> = {};
      for (const [mk, mv] of Object.entries(v as Record<string, unknown>)) m[mk] = jsonValue(f, mv);
      out[k] = m;
    } else if (f.repeated) out[k] = Array.isArray(v) ? v.map((x) => jsonValue(f, x)) : v;
    else out[k] = jsonValue(f, v);
  }
  return out;
}

function jsonValue(f: protobuf.Field, v: unknown): unknown {
  const rt = f.resolvedType;
  if (rt instanceof protobuf.Type) return jsonPlain(rt, v);
  if (v instanceof JsonNumber) {
    if (LONG_TYPES.has(f.type)) return exactInteger(v.text)?.toString() ?? v.text;
    return Number(v.text);
  }
  if (typeof v === 'bigint') return LONG_TYPES.has(f.type) ? v.toString() : Number(v);
  if (f.type === 'bool' && (v === 'true' || v === 'false')) return v === 'true';
  return v;
}
