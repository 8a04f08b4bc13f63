/**
 * Mesos v1 JSON on the wire (scheduler API reference §1), driven by one schema table per message
 * (`./schema`): the same table decodes, checks and encodes.
 *
 * Input rules: snake_case field names; unknown keys ignored; `null` means unset; enums by name (an
 * unknown name on an optional or repeated enum is dropped and reported in `dropped`, on a required
 * enum it is an error); integers as JSON numbers or numeric strings; doubles also as "Infinity",
 * "-Infinity", "NaN"; booleans also as "true"/"false"; bytes as standard base64; a wrong JSON type
 * or a missing required field is an error naming the field path
 * (`call.accept.operations[0].launch.task_infos[1].resources[0].scalar.value: expected number`).
 *
 * 64-bit integers stay exact: `parseJson` keeps every number's source text (`JsonNumber`), and
 * int64/uint64 fields decode to `bigint`, so `TimeInfo.nanoseconds` past 2^53 survives a round
 * trip digit for digit.
 *
 * Output rules: fields in proto order; unset optional fields omitted, except those with an explicit
 * non-deprecated proto default, which are written with it (`Filters.refuse_seconds: 5.0`); empty
 * repeated fields and maps omitted; enums by name; doubles with a decimal point (`5.0`); 64-bit
 * integers as plain numbers with all digits; bytes as base64; every non-ASCII character escaped as
 * `\uXXXX`, so output is ASCII and never holds a raw newline (one RecordIO record, one line).
 */
import { MesosError } from './mesos-error';

// ---------------------------------------------------------------------------------------------
// Errors

/** Code of a WireError: a body that does not decode into the expected message. */
export const WIRE_ERROR_CODE = 'PLT_ERR_API_INVALID';

/** Code of a JsonSyntaxError: a body that is not JSON at all. */
export const JSON_SYNTAX_ERROR_CODE = 'PLT_ERR_API_JSON';

/** One problem with a message: where (`call.kill.task_id`) and what (`missing required field`). */
export interface Issue {
  /** Dotted field path from the root name, with `[i]` for array elements. */
  path: string;
  /** What is wrong, in words. */
  message: string;
}

/** `path: message`, or just the message when the path is empty. */
export function formatIssue(issue: Issue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** WireError: a JSON value does not decode into the expected message. Carries every issue found. */
export class WireError extends MesosError {
  /** Every problem found, in document order. */
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super(WIRE_ERROR_CODE, issues.map(formatIssue).join('; '));
    this.issues = issues;
  }
}

/** JsonSyntaxError: the text is not well-formed JSON. `position` is the UTF-16 offset of the fault. */
export class JsonSyntaxError extends MesosError {
  constructor(message: string, readonly position: number) {
    super(JSON_SYNTAX_ERROR_CODE, message);
  }
}

// ---------------------------------------------------------------------------------------------
// Exact JSON parsing

/** A JSON number kept as its source text, so that no digit is lost before the schema decides its type. */
export class JsonNumber {
  constructor(readonly text: string) {}
  /** The nearest double. */
  valueOf(): number {
    return Number(this.text);
  }
  toString(): string {
    return this.text;
  }
}

/** A parsed JSON value. Objects have a null prototype; numbers are JsonNumber. */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

/** A parsed JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Deepest nesting parseJson accepts (protects the stack; Mesos messages nest far less). */
export const MAX_JSON_DEPTH = 512;

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses JSON text (RFC 8259, strict: no comments, no trailing commas) keeping numbers exact as
 * JsonNumber. Bytes are decoded as UTF-8 (a leading BOM is skipped; invalid UTF-8 is an error).
 * Throws JsonSyntaxError.
 */
export function parseJson(input: string | Uint8Array): JsonValue {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = utf8.decode(input);
    } catch {
      throw new JsonSyntaxError('body is not valid UTF-8', 0);
    }
  }
  return new JsonParser(text).parseDocument();
}

class JsonParser {
  private pos = 0;
  constructor(private readonly s: string) {
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  parseDocument(): JsonValue {
    this.ws();
    if (this.pos >= this.s.length) this.fail('empty JSON input');
    const v = this.value(0);
    this.ws();
    if (this.pos < this.s.length) this.fail('unexpected data after the JSON value');
    return v;
  }

  private fail(what: string): never {
    const at = this.pos < this.s.length ? ` at position ${this.pos}` : ' at end of input';
    throw new JsonSyntaxError(`${what}${at}`, this.pos);
  }

  private unexpected(): never {
    if (this.pos >= this.s.length) this.fail('unexpected end of JSON input');
    this.fail(`unexpected character ${JSON.stringify(this.s[this.pos])}`);
  }

  private ws(): void {
    const s = this.s;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  private value(depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) this.fail(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    const c = this.s.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.object(depth);
      case 0x5b: // [
        return this.array(depth);
      case 0x22: // "
        return this.string();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.unexpected();
    }
  }

  private literal<T>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.pos)) this.unexpected();
    this.pos += word.length;
    return v;
  }

  private number(): JsonNumber {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.s);
    if (!m) return this.unexpected();
    this.pos += m[0].length;
    const next = this.s.charCodeAt(this.pos);
    // "01", "1.", "1e" and the like: the regex stopped early on something a number cannot hold.
    if ((next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x65 || next === 0x45) this.unexpected();
    return new JsonNumber(m[0]);
  }

  private string(): string {
    const s = this.s;
    let p = this.pos + 1;
    let start = p;
    let out = '';
    for (;;) {
      if (p >= s.length) {
        this.pos = p;
        this.fail('unterminated string');
      }
      const c = s.charCodeAt(p);
      if (c === 0x22) {
        out += s.slice(start, p);
        this.pos = p + 1;
        return out;
      }
      if (c === 0x5c) {
        out += s.slice(start, p);
        const e = s.charCodeAt(p + 1);
        switch (e) {
          case 0x22: out += '"'; break;
          case 0x5c: out += '\\'; break;
          case 0x2f: out += '/'; break;
          case 0x62: out += '\b'; break;
          case 0x66: out += '\f'; break;
          case 0x6e: out += '\n'; break;
          case 0x72: out += '\r'; break;
          case 0x74: out += '\t'; break;
          case 0x75: {
            const hex = s.slice(p + 2, p + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
              this.pos = p;
              this.fail('invalid \\u escape in string');
            }
            out += String.fromCharCode(parseInt(hex, 16));
            p += 4;
            break;
          }
          default:
            this.pos = p;
            this.fail('invalid escape in string');
        }
        p += 2;
        start = p;
        continue;
      }
      if (c < 0x20) {
        this.pos = p;
        this.fail('control character in string');
      }
      p++;
    }
  }

  private array(depth: number): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.ws();
    if (this.s.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return out;
      }
      this.unexpected();
    }
  }

  private object(depth: number): JsonObject {
    this.pos++;
    const out = Object.create(null) as JsonObject;
    this.ws();
    if (this.s.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.pos) !== 0x22) this.unexpected();
      const key = this.string();
      this.ws();
      if (this.s.charCodeAt(this.pos) !== 0x3a) this.unexpected();
      this.pos++;
      this.ws();
      out[key] = this.value(depth + 1);
      this.ws();
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return out;
      }
      this.unexpected();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Schema DSL

/**
 * Wire scalar types. `int64`/`uint64` decode to bigint (exact). `int64n`/`uint64n` are 64-bit on
 * the wire but kept as a JS number (ports, byte offsets): a value past 2^53 is rejected rather than
 * rounded.
 */
export type ScalarKind =
  | 'string'
  | 'bool'
  | 'double'
  | 'float'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'int64n'
  | 'uint64n'
  | 'bytes';

/** The TypeScript type a scalar kind decodes to. */
export type ScalarValue<K extends ScalarKind> = K extends 'string'
  ? string
  : K extends 'bool'
    ? boolean
    : K extends 'int64' | 'uint64'
      ? bigint
      : K extends 'bytes'
        ? Uint8Array
        : number;

/** A proto enum: its full name and its value names with their numbers. */
export interface EnumType<N extends string = string> {
  readonly kind: 'enum';
  /** Full proto name, e.g. `mesos.v1.TaskState`. */
  readonly name: string;
  /** Value name → proto number. */
  readonly values: Readonly<Record<N, number>>;
  /** Whether `name` is one of this enum's value names. */
  has(name: string): name is N;
  /** The value name for a proto number. */
  nameOf(num: number): N | undefined;
}

/** A proto message: its full name and its fields in declaration order. */
export interface MessageType<T = unknown> {
  readonly kind: 'message';
  /** Full proto name, e.g. `mesos.v1.scheduler.Call`. */
  readonly name: string;
  /** Fields in declaration order (the order they are written in). */
  readonly fields: readonly Field[];
  /** The field with this wire name. */
  field(name: string): Field | undefined;
  /** Phantom: ties the table to its TypeScript type. Never set. */
  readonly __type?: (t: T) => T;
}

/** What a field holds: a scalar kind, an enum, a message, or a thunk of a message (forward reference). */
export type TypeRef = ScalarKind | EnumType<any> | MessageType<any> | (() => MessageType<any>);

/** The TypeScript type of one value of a TypeRef. */
export type ValueOf<R> = R extends ScalarKind
  ? ScalarValue<R>
  : R extends EnumType<infer N>
    ? N
    : R extends MessageType<infer T>
      ? T
      : R extends () => MessageType<infer T>
        ? T
        : never;

/** Field cardinality: proto2 label, or a `map<string, V>`. */
export type FieldLabel = 'optional' | 'required' | 'repeated' | 'map';

/** One field of a message table. */
export interface Field {
  /** Wire (proto) name. */
  readonly name: string;
  /** Proto field number: the tag of the field in Mesos's binary encoding. */
  readonly number: number;
  readonly label: FieldLabel;
  readonly type: TypeRef;
  /** Explicit proto default: written when the field is unset, unless deprecated. */
  readonly default?: unknown;
  /** Deprecated fields are never written with their default. */
  readonly deprecated?: boolean;
  /** For `map<string, Value.Scalar>`: also accept a bare number (`"cpus": 2` as `{"value": 2}`). */
  readonly bareScalars?: boolean;
}

/** A field spec as written in a table; `V` and `L` let the compiler check it against the type. */
export interface FieldSpec<V, L extends FieldLabel> {
  /** Proto field number. */
  readonly number: number;
  readonly label: L;
  readonly type: TypeRef;
  readonly default?: unknown;
  readonly deprecated?: boolean;
  readonly bareScalars?: boolean;
  /** Phantom. Never set. */
  readonly __value?: (v: V) => V;
}

/** Options of an optional or required field. */
export interface FieldOptions<V> {
  /** The proto's explicit `[default = ...]`. */
  default?: V;
  deprecated?: boolean;
}

/** An optional field with proto number `number`. */
export function opt<R extends TypeRef>(number: number, type: R, o: FieldOptions<ValueOf<R>> = {}): FieldSpec<ValueOf<R>, 'optional'> {
  return { number, label: 'optional', type, ...o };
}

/** A required field with proto number `number`: missing on input is an error. */
export function req<R extends TypeRef>(number: number, type: R, o: FieldOptions<ValueOf<R>> = {}): FieldSpec<ValueOf<R>, 'required'> {
  return { number, label: 'required', type, ...o };
}

/** A repeated field with proto number `number` (an array; omitted from output when empty). */
export function rep<R extends TypeRef>(number: number, type: R, o: { deprecated?: boolean } = {}): FieldSpec<ValueOf<R>, 'repeated'> {
  return { number, label: 'repeated', type, ...o };
}

/** A `map<string, V>` field with proto number `number` (a JSON object; omitted from output when empty). */
export function mapOf<R extends TypeRef>(number: number, type: R, o: { bareScalars?: boolean } = {}): FieldSpec<ValueOf<R>, 'map'> {
  return { number, label: 'map', type, ...o };
}

type IsRequired<T, K extends keyof T> = {} extends Pick<T, K> ? false : true;
type SpecFor<V, R extends boolean> = [NonNullable<V>] extends [readonly (infer E)[]]
  ? FieldSpec<E, 'repeated'>
  : [NonNullable<V>] extends [Uint8Array]
    ? FieldSpec<Uint8Array, R extends true ? 'required' : 'optional'>
    : string extends keyof NonNullable<V>
      ? FieldSpec<NonNullable<V>[string & keyof NonNullable<V>], 'map'>
      : FieldSpec<NonNullable<V>, R extends true ? 'required' : 'optional'>;

/**
 * The field table a message type `T` needs: one spec per property, with the right value type and
 * cardinality (a required property needs `req`, an array `rep`, a string-keyed record `mapOf`).
 */
export type FieldsFor<T> = { [K in keyof T]-?: SpecFor<T[K], IsRequired<T, K>> };

/**
 * Defines a message table. The compiler checks `fields` against `T`, property for property;
 * a field number used twice throws.
 */
export function message<T>(name: string, fields: FieldsFor<T>): MessageType<T> {
  const list: Field[] = Object.entries(fields as Record<string, FieldSpec<unknown, FieldLabel>>).map(([n, spec]) => ({
    name: n,
    number: spec.number,
    label: spec.label,
    type: spec.type,
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    ...(spec.deprecated ? { deprecated: true } : {}),
    ...(spec.bareScalars ? { bareScalars: true } : {}),
  }));
  const numbers = new Set<number>();
  for (const f of list) {
    if (numbers.has(f.number)) throw new Error(`${name}: field number ${f.number} is used twice`);
    numbers.add(f.number);
  }
  const byName = new Map(list.map((f) => [f.name, f]));
  return { kind: 'message', name, fields: list, field: (n) => byName.get(n) };
}

/** Defines an enum table from a `{NAME: number}` object. */
export function enumType<V extends Record<string, number>>(name: string, values: V): EnumType<keyof V & string> {
  const names = new Set(Object.keys(values));
  const byNumber = new Map<number, keyof V & string>();
  for (const [k, v] of Object.entries(values)) if (!byNumber.has(v)) byNumber.set(v, k as keyof V & string);
  return {
    kind: 'enum',
    name,
    values,
    has: (n: string): n is keyof V & string => names.has(n),
    nameOf: (num: number) => byNumber.get(num),
  };
}

/** A message table of any type (the engine works on tables generically). */
type AnyMessage = MessageType<any>;

function resolve(type: TypeRef): ScalarKind | EnumType | AnyMessage {
  return typeof type === 'function' ? type() : type;
}

/** Default root name for paths: the message's last name segment in snake_case (`Call` → `call`). */
export function rootNameOf(type: AnyMessage): string {
  let name = rootNames.get(type);
  if (name === undefined) {
    const last = type.name.slice(type.name.lastIndexOf('.') + 1);
    name = last.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    rootNames.set(type, name);
  }
  return name;
}

/** rootNameOf's answers, made once per table (decoding asks on every call). */
const rootNames = new WeakMap<AnyMessage, string>();

// ---------------------------------------------------------------------------------------------
// Decoding

/** Options of decodeMessage and friends. */
export interface DecodeOptions {
  /** Name the paths start with (default: the message name in snake_case, e.g. `call`). */
  root?: string;
  /** Treat an unknown name on an optional enum as an error instead of dropping it. */
  strictEnums?: boolean;
}

/** Result of tryDecode. `dropped` lists unknown enum names that were dropped (not errors). */
export type DecodeResult<T> =
  | { ok: true; value: T; dropped: Issue[] }
  | { ok: false; issues: Issue[]; dropped: Issue[] };

interface Ctx {
  issues: Issue[];
  dropped: Issue[];
  strictEnums: boolean;
}

const NUMERIC_STRING = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

const LIMITS: Partial<Record<ScalarKind, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  int64n: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64n: [0n, 2n ** 64n - 1n],
};
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber) && !(v instanceof Uint8Array);
}

/**
 * Decodes a JSON value (from parseJson, from JSON.parse, or built by hand) into message `type`,
 * without throwing: every issue is collected.
 */
export function tryDecode<T>(type: MessageType<T>, json: unknown, opts: DecodeOptions = {}): DecodeResult<T> {
  const ctx: Ctx = { issues: [], dropped: [], strictEnums: opts.strictEnums ?? false };
  const value = decodeObject(type, json, opts.root ?? rootNameOf(type), ctx);
  if (ctx.issues.length > 0 || value === undefined) return { ok: false, issues: ctx.issues, dropped: ctx.dropped };
  return { ok: true, value: value as T, dropped: ctx.dropped };
}

/** Decodes a JSON value into message `type`. Throws WireError listing every issue. */
export function decodeMessage<T>(type: MessageType<T>, json: unknown, opts: DecodeOptions = {}): T {
  const r = tryDecode(type, json, opts);
  if (!r.ok) throw new WireError(r.issues);
  return r.value;
}

/** Parses JSON text or bytes and decodes it into message `type`. Throws JsonSyntaxError or WireError. */
export function parseMessage<T>(type: MessageType<T>, body: string | Uint8Array, opts: DecodeOptions = {}): T {
  return decodeMessage(type, parseJson(body), opts);
}

function decodeObject(type: AnyMessage, json: unknown, path: string, ctx: Ctx): object | undefined {
  if (!isObject(json)) {
    ctx.issues.push({ path, message: 'expected object' });
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(json)) {
    const field = type.field(key);
    if (!field) continue; // unknown keys are ignored
    const raw = json[key];
    if (raw === null || raw === undefined) continue; // null means unset
    const fpath = `${path}.${key}`;
    if (field.label === 'repeated') {
      if (!Array.isArray(raw)) {
        ctx.issues.push({ path: fpath, message: 'expected array' });
        continue;
      }
      const list: unknown[] = [];
      for (let i = 0; i < raw.length; i++) {
        const v = decodeValue(field, raw[i], `${fpath}[${i}]`, ctx);
        if (v !== undefined) list.push(v);
      }
      out[key] = list;
    } else if (field.label === 'map') {
      if (!isObject(raw)) {
        ctx.issues.push({ path: fpath, message: 'expected object' });
        continue;
      }
      const m: Record<string, unknown> = {};
      for (const k of Object.keys(raw)) {
        const v = decodeValue(field, raw[k], `${fpath}${keyPath(k)}`, ctx);
        if (v !== undefined) setOwn(m, k, v);
      }
      out[key] = m;
    } else {
      const v = decodeValue(field, raw, fpath, ctx);
      if (v !== undefined) out[key] = v;
    }
  }
  for (const f of type.fields) {
    if (f.label === 'required' && (json[f.name] === null || json[f.name] === undefined)) {
      ctx.issues.push({ path: `${path}.${f.name}`, message: 'missing required field' });
    }
  }
  return out;
}

function keyPath(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
}

function setOwn(obj: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

function decodeValue(field: Field, raw: unknown, path: string, ctx: Ctx): unknown {
  const type = resolve(field.type);
  if (typeof type === 'string') return decodeScalar(type, raw, path, ctx);
  if (type.kind === 'enum') {
    if (typeof raw !== 'string') {
      ctx.issues.push({ path, message: 'expected string' });
      return undefined;
    }
    if (type.has(raw)) return raw;
    const issue = { path, message: `unknown value ${JSON.stringify(raw)} for enum ${type.name}` };
    if (field.label === 'required' || ctx.strictEnums) ctx.issues.push(issue);
    else ctx.dropped.push(issue);
    return undefined;
  }
  if (field.bareScalars && (typeof raw === 'number' || typeof raw === 'string' || raw instanceof JsonNumber)) {
    const value = decodeScalar('double', raw, path, ctx);
    return value === undefined ? undefined : { value };
  }
  return decodeObject(type, raw, path, ctx);
}

function decodeScalar(kind: ScalarKind, raw: unknown, path: string, ctx: Ctx): unknown {
  const bad = (message: string): undefined => {
    ctx.issues.push({ path, message });
    return undefined;
  };
  switch (kind) {
    case 'string':
      return typeof raw === 'string' ? raw : bad('expected string');
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      return bad('expected boolean');
    case 'bytes': {
      if (typeof raw !== 'string') return bad('expected base64 string');
      if (!BASE64.test(raw)) return bad('invalid base64');
      return Buffer.from(raw, 'base64');
    }
    case 'double':
    case 'float': {
      if (typeof raw === 'number') return raw;
      if (raw instanceof JsonNumber) return Number(raw.text);
      if (typeof raw === 'bigint') return Number(raw);
      if (typeof raw === 'string') {
        if (raw === 'Infinity' || raw === '+Infinity') return Infinity;
        if (raw === '-Infinity') return -Infinity;
        if (raw === 'NaN') return NaN;
        if (NUMERIC_STRING.test(raw)) return Number(raw);
      }
      return bad('expected number');
    }
    default: {
      let n: bigint | undefined;
      if (raw instanceof JsonNumber) n = exactInteger(raw.text);
      else if (typeof raw === 'bigint') n = raw;
      else if (typeof raw === 'number') n = Number.isInteger(raw) ? BigInt(raw) : undefined;
      else if (typeof raw === 'string' && NUMERIC_STRING.test(raw)) n = exactInteger(raw);
      else return bad('expected number');
      if (n === undefined) return bad('expected integer');
      const [lo, hi] = LIMITS[kind]!;
      if (n < lo || n > hi) return bad(`out of range for ${kind.replace(/n$/, '')}`);
      if (kind === 'int64' || kind === 'uint64') return n;
      if (n > MAX_SAFE || n < -MAX_SAFE) return bad('integer beyond 2^53 cannot be kept exactly here');
      return Number(n);
    }
  }
}

/**
 * The exact integer a decimal number text denotes (`"1501191957829317120"`, `"1.5e3"`, `"-0"`),
 * or undefined when it is not an integer.
 */
export function exactInteger(text: string): bigint | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const digits = (m[2] + (m[3] ?? '')).replace(/^0+/, '');
  if (digits === '') return 0n;
  const exp = Number(m[4] ?? '0') - (m[3] ?? '').length;
  let n: bigint;
  if (exp >= 0) {
    if (exp > 400) return m[1] === '-' ? -(10n ** 400n) : 10n ** 400n; // far out of any range
    n = BigInt(digits) * 10n ** BigInt(exp);
  } else {
    const cut = -exp;
    if (cut > digits.length) return undefined;
    const tail = digits.slice(digits.length - cut);
    if (!/^0*$/.test(tail)) return undefined;
    n = BigInt(digits.slice(0, digits.length - cut) || '0');
  }
  return m[1] === '-' ? -n : n;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** EncodeError: a value does not fit its schema (a programming error in the caller). */
export class EncodeError extends MesosError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super('PLT_ERR_API_ENCODE', `${path}: ${reason}`);
  }
}

/**
 * Encodes a message as Mesos-style JSON text: ASCII only, one line, defaults written out.
 * Throws EncodeError when a value does not fit the schema.
 */
export function encodeMessage<T>(type: MessageType<T>, value: T, root?: string): string {
  const out: string[] = [];
  try {
    writeMessage(type, value, out);
  } catch (e) {
    if (e instanceof PathedError) throw new EncodeError(`${root ?? rootNameOf(type)}${e.suffix}`, e.reason);
    throw e;
  }
  return out.join('');
}

/** Internal: an encode failure collecting its path on the way out. */
class PathedError extends Error {
  constructor(
    public suffix: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function writeMessage(type: AnyMessage, value: unknown, out: string[]): void {
  if (!isObject(value)) throw new PathedError('', 'expected object');
  out.push('{');
  let first = true;
  for (const f of type.fields) {
    const v = value[f.name];
    try {
      if (f.label === 'repeated') {
        if (v === undefined || v === null) continue;
        if (!Array.isArray(v)) throw new PathedError('', 'expected array');
        if (v.length === 0) continue;
        out.push(first ? '"' : ',"', f.name, '":[');
        first = false;
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out.push(',');
          try {
            writeValue(f, v[i], out);
          } catch (e) {
            if (e instanceof PathedError) e.suffix = `[${i}]${e.suffix}`;
            throw e;
          }
        }
        out.push(']');
      } else if (f.label === 'map') {
        if (v === undefined || v === null) continue;
        if (!isObject(v)) throw new PathedError('', 'expected object');
        const keys = Object.keys(v);
        if (keys.length === 0) continue;
        out.push(first ? '"' : ',"', f.name, '":{');
        first = false;
        keys.forEach((k, i) => {
          out.push(i > 0 ? ',' : '', quote(k), ':');
          try {
            writeValue(f, v[k], out);
          } catch (e) {
            if (e instanceof PathedError) e.suffix = `${keyPath(k)}${e.suffix}`;
            throw e;
          }
        });
        out.push('}');
      } else {
        let w = v;
        if (w === undefined || w === null) {
          if (f.default === undefined || f.deprecated) continue;
          w = f.default;
        }
        out.push(first ? '"' : ',"', f.name, '":');
        first = false;
        writeValue(f, w, out);
      }
    } catch (e) {
      if (e instanceof PathedError) e.suffix = `.${f.name}${e.suffix}`;
      throw e;
    }
  }
  out.push('}');
}

function writeValue(field: Field, v: unknown, out: string[]): void {
  const type = resolve(field.type);
  if (typeof type === 'string') {
    out.push(scalarText(type, v));
    return;
  }
  if (type.kind === 'enum') {
    const name = typeof v === 'number' ? type.nameOf(v) : typeof v === 'string' && type.has(v) ? v : undefined;
    if (name === undefined) throw new PathedError('', `${JSON.stringify(v)} is not a value of enum ${type.name}`);
    out.push('"', name, '"');
    return;
  }
  writeMessage(type, v, out);
}

function scalarText(kind: ScalarKind, v: unknown): string {
  switch (kind) {
    case 'string':
      if (typeof v !== 'string') throw new PathedError('', 'expected string');
      return quote(v);
    case 'bool':
      if (typeof v !== 'boolean') throw new PathedError('', 'expected boolean');
      return v ? 'true' : 'false';
    case 'bytes':
      if (!(v instanceof Uint8Array)) throw new PathedError('', 'expected Uint8Array');
      return `"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}"`;
    case 'double':
    case 'float':
      if (typeof v === 'bigint') return formatDouble(Number(v));
      if (typeof v !== 'number') throw new PathedError('', 'expected number');
      return formatDouble(v);
    default:
      if (typeof v === 'bigint') return v.toString();
      // Up to 2^53 String() writes the same digits as BigInt (beyond, it would write 1e+21).
      if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v).toString();
      throw new PathedError('', 'expected integer');
  }
}

/**
 * A double the way Mesos writes it: integral values keep a decimal point (`5.0`, `15.0`), others
 * use the shortest exact form; non-finite values are the strings Mesos reads back ("Infinity").
 */
export function formatDouble(v: number): string {
  if (Number.isNaN(v)) return '"NaN"';
  if (v === Infinity) return '"Infinity"';
  if (v === -Infinity) return '"-Infinity"';
  const s = String(v);
  return Number.isInteger(v) && !s.includes('e') ? `${s}.0` : s;
}

const NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII_ALL = /[\u007f-\uffff]/g;

/** A JSON string literal with every non-ASCII (and DEL) character escaped as `\uXXXX`. */
export function quote(s: string): string {
  const j = JSON.stringify(s);
  return NON_ASCII.test(j) ? j.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : j;
}

/**
 * Writes any plain value as ASCII-only one-line JSON, for answers that have no schema (legacy
 * endpoints): bigint and JsonNumber as exact numbers, Uint8Array as base64, undefined members
 * skipped, `toJSON` honoured. Throws TypeError on cycles.
 */
export function stringifyJson(value: unknown): string {
  const out: string[] = [];
  const seen = new Set<object>();
  const write = (v: unknown): boolean => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function' && !(v instanceof JsonNumber)) {
      v = (v as { toJSON(): unknown }).toJSON();
    }
    switch (typeof v) {
      case 'string':
        out.push(quote(v));
        return true;
      case 'number':
        out.push(Number.isFinite(v) ? String(v) : 'null');
        return true;
      case 'bigint':
        out.push(v.toString());
        return true;
      case 'boolean':
        out.push(v ? 'true' : 'false');
        return true;
      case 'undefined':
      case 'function':
      case 'symbol':
        return false;
    }
    if (v === null) {
      out.push('null');
      return true;
    }
    if (v instanceof JsonNumber) {
      out.push(v.text);
      return true;
    }
    if (v instanceof Uint8Array) {
      out.push(`"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}"`);
      return true;
    }
    const obj = v as object;
    if (seen.has(obj)) throw new TypeError('stringifyJson: cyclic value');
    seen.add(obj);
    if (Array.isArray(obj)) {
      out.push('[');
      obj.forEach((el, i) => {
        if (i > 0) out.push(',');
        if (!write(el)) out.push('null');
      });
      out.push(']');
    } else {
      out.push('{');
      let first = true;
      for (const [k, el] of Object.entries(obj)) {
        const mark = out.length;
        out.push(first ? '' : ',', quote(k), ':');
        if (write(el)) first = false;
        else out.length = mark;
      }
      out.push('}');
    }
    seen.delete(obj);
    return true;
  };
  if (!write(value)) return 'null';
  return out.join('');
}
