/**
 * Turns Ajv's errors into short, located messages: `must be an array`, `unknown key 'foo'`,
 * `must be one of: a, b`, `is required: 'listen'`; and collapses oneOf/anyOf noise into the
 * errors of the one alternative the value was most likely meant to be.
 */
import type { ErrorObject } from 'ajv';
import { PATTERN_DESCRIPTIONS } from './schema.js';

/** A problem at a path; `at: 'key'` points at the key holding the value rather than the value. */
export interface Located {
  path: (string | number)[];
  at: 'value' | 'key';
  message: string;
}

/** What a combinator handler decides: errors to keep humanising, and finished problems. */
export interface CombinatorResult {
  keep: ErrorObject[];
  problems: Located[];
}

/**
 * Handles one failed oneOf/anyOf: `branches` holds each alternative's errors by index, `value` is
 * the data at the combinator and `path` its location.
 */
export type CombinatorHandler = (
  error: ErrorObject,
  branches: Map<number, ErrorObject[]>,
  value: unknown,
  path: (string | number)[],
) => CombinatorResult;

/** Ajv's JSON pointer → path segments (array indices as numbers, following `data`). */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** The value at `path` in `data`. */
export function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (true or false)',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function typeList(types: unknown): string {
  const list = (Array.isArray(types) ? types : String(types).split(',')).map((t) => TYPE_NAMES[t] ?? String(t));
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : (list[0] ?? '');
}

function quote(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/** A known key close to `key`, for "did you mean". */
export function suggest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = distance(key.toLowerCase(), k.toLowerCase());
    if (dist < bestD) [best, bestD] = [k, dist];
  }
  return best !== undefined && bestD <= (key.length <= 4 ? 1 : 2) ? best : undefined;
}

function describeOne(e: ErrorObject, data: unknown): Located | null {
  const path = pointerToPath(e.instancePath, data);
  const p = e.params as Record<string, unknown>;
  // Errors from `propertyNames` carry the offending key.
  if (e.keyword === 'propertyNames') return null; // its inner error names the key
  if (e.propertyName !== undefined) {
    const inner = describeOne({ ...e, propertyName: undefined }, data);
    return { path: [...path, e.propertyName], at: 'key', message: `name '${e.propertyName}' ${inner?.message ?? 'is not allowed'}` };
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = suggest(key, known);
      return { path: [...path, key], at: 'key', message: `unknown key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}` };
    }
    case 'required':
      return { path, at: 'key', message: `is required: '${String(p.missingProperty)}'` };
    case 'type':
      return { path, at: 'value', message: `must be ${typeList(p.type)}` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const value = valueAt(data, path);
      const hint = typeof value === 'string' ? suggest(value, allowed) : undefined;
      return { path, at: 'value', message: `must be one of: ${allowed.join(', ')}${hint ? ` (did you mean '${hint}'?)` : ''}` };
    }
    case 'const':
      return { path, at: 'value', message: `must be ${quote(p.allowedValue)}` };
    case 'pattern': {
      const pattern = String(p.pattern);
      return { path, at: 'value', message: PATTERN_DESCRIPTIONS[pattern] ?? `must match ${pattern}` };
    }
    case 'format':
      return { path, at: 'value', message: `must be a valid ${String(p.format)}` };
    case 'minLength':
      return { path, at: 'value', message: p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters` };
    case 'maxLength':
      return { path, at: 'value', message: `must be at most ${String(p.limit)} characters` };
    case 'minItems':
      return { path, at: 'value', message: `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` };
    case 'maxItems':
      return { path, at: 'value', message: `must have at most ${String(p.limit)} item${p.limit === 1 ? '' : 's'}` };
    case 'minProperties':
      return { path, at: 'value', message: `must have at least ${String(p.limit)} key${p.limit === 1 ? '' : 's'}` };
    case 'maxProperties':
      return { path, at: 'value', message: `must have at most ${String(p.limit)} key${p.limit === 1 ? '' : 's'}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, at: 'value', message: `must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'uniqueItems': {
      const later = Math.max(Number(p.i), Number(p.j));
      const item = valueAt(data, [...path, later]);
      return { path: [...path, later], at: 'value', message: `${quote(item)} is listed more than once` };
    }
    case 'if':
      return null; // the failed `then`/`else` errors say what is wrong
    default:
      return { path, at: 'value', message: e.message ?? `fails ${e.keyword}` };
  }
}

function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`);
}

/** Depth of progress a branch made: its deepest error, minus a lot when it failed on type at the root. */
function branchScore(errors: ErrorObject[], root: string): number {
  let deepest = 0;
  for (const e of errors) deepest = Math.max(deepest, e.instancePath.split('/').length);
  const typeAtRoot = errors.some((e) => e.keyword === 'type' && e.instancePath === root);
  return typeAtRoot ? -1 : deepest;
}

/** The default oneOf/anyOf handling: report the alternative that got furthest. */
export const defaultCombinator: CombinatorHandler = (error, branches, _value, path) => {
  const p = error.params as { passingSchemas?: number[] | null };
  if (error.keyword === 'oneOf' && Array.isArray(p.passingSchemas)) {
    return { keep: [], problems: [{ path, at: 'value', message: 'matches more than one allowed form' }] };
  }
  const all = [...branches.entries()];
  if (all.length === 0) return { keep: [], problems: [{ path, at: 'value', message: error.message ?? 'is not allowed' }] };
  if (all.every(([, errs]) => branchScore(errs, error.instancePath) < 0)) {
    const types = all.flatMap(([, errs]) => errs.filter((e) => e.keyword === 'type').map((e) => (e.params as { type: string }).type));
    return { keep: [], problems: [{ path, at: 'value', message: `must be ${typeList([...new Set(types.flatMap((t) => String(t).split(',')))])}` }] };
  }
  let best = all[0]!;
  for (const entry of all) {
    const [sa, sb] = [branchScore(entry[1], error.instancePath), branchScore(best[1], error.instancePath)];
    if (sa > sb || (sa === sb && entry[1].length < best[1].length)) best = entry;
  }
  return { keep: best[1], problems: [] };
};

/**
 * humanise: Ajv errors (from a validator compiled with allErrors and verbose) → located
 * problems. `handlers` overrides how particular oneOf/anyOf schemas (by schemaPath) are reported.
 */
export function humanise(
  errors: readonly ErrorObject[],
  data: unknown,
  handlers: Readonly<Record<string, CombinatorHandler>> = {},
): Located[] {
  let work = [...errors];
  const problems: Located[] = [];
  for (;;) {
    const combos = work.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    if (combos.length === 0) break;
    // Outermost first: its chosen branch may hold further combinators.
    const c = combos.reduce((a, b) =>
      a.instancePath.length < b.instancePath.length ||
      (a.instancePath.length === b.instancePath.length && a.schemaPath.length <= b.schemaPath.length)
        ? a
        : b,
    );
    const prefix = `${c.schemaPath}/`;
    const inside = (e: ErrorObject) => e !== c && e.schemaPath.startsWith(prefix) && within(e.instancePath, c.instancePath);
    const branches = new Map<number, ErrorObject[]>();
    for (const e of work) {
      if (!inside(e)) continue;
      const i = Number(e.schemaPath.slice(prefix.length).split('/')[0]);
      branches.set(i, [...(branches.get(i) ?? []), e]);
    }
    work = work.filter((e) => e !== c && !inside(e));
    const path = pointerToPath(c.instancePath, data);
    const result = (handlers[c.schemaPath] ?? defaultCombinator)(c, branches, valueAt(data, path), path);
    work.push(...result.keep);
    problems.push(...result.problems);
  }
  for (const e of work) {
    const located = describeOne(e, data);
    if (located) problems.push(located);
  }
  return problems;
}
