/**
 * Mesos's ACL JSON (the local authorizer's `--acls`), read into rules: `permissive` and one array
 * per action, each rule holding a `principals` entity and the list's object entity. An entity is
 * `{values: [...]}` (SOME), `{type: "ANY"}` or `{type: "NONE"}`. Anything that is not of that
 * shape is an error naming its key, never skipped.
 */
import { readFileSync } from 'node:fs';
import { InvalidError, messageOf } from '@plateau/kernel';
import { parse as parseYaml } from 'yaml';
import { LIST_ALIASES, LISTS } from './lists';

/** An ACL entity. */
export type Entity = { type: 'SOME'; values: string[] } | { type: 'ANY' } | { type: 'NONE' };

/** One rule of a list. */
export interface Rule {
  /** Its place in the list as written (0-based), for reasons. */
  index: number;
  principals: Entity;
  objects: Entity;
}

/** The ACLs, ready to decide. */
export interface Acls {
  permissive: boolean;
  /** Rules by list name (aliases resolved), in order. */
  lists: Map<string, Rule[]>;
}

/** Reads `source` (already parsed JSON or YAML); `where` prefixes every error (`acls`, `aclsFile /etc/acls.json`). */
export function readAcls(source: unknown, where: string): Acls {
  const fail = (key: string, detail: string): never => {
    throw new InvalidError(`${where}${key ? `: ${key}` : ''}: ${detail}`);
  };
  if (!isObject(source)) return fail('', 'must be an object of ACL lists');
  const acls: Acls = { permissive: true, lists: new Map() };
  for (const [key, value] of Object.entries(source)) {
    if (key === 'permissive') {
      if (typeof value !== 'boolean') fail(key, 'must be true or false');
      acls.permissive = value as boolean;
      continue;
    }
    const list = LIST_ALIASES[key] ?? key;
    const spec = LISTS[list];
    if (!spec) return fail(key, `unknown ACL list (known: permissive, ${Object.keys(LISTS).join(', ')})`);
    if (acls.lists.has(list)) fail(key, `the list ${list} is given twice`);
    if (!Array.isArray(value)) return fail(key, 'must be an array of rules');
    acls.lists.set(
      list,
      value.map((rule, index) => {
        const at = `${key}[${index}]`;
        if (!isObject(rule)) return fail(at, `must be an object with principals and ${spec.object}`);
        for (const field of Object.keys(rule)) {
          if (field !== 'principals' && field !== spec.object) fail(`${at}.${field}`, `unknown field (a rule of ${key} has principals and ${spec.object})`);
        }
        return {
          index,
          principals: readEntity(rule.principals, `${at}.principals`, fail),
          objects: readEntity(rule[spec.object], `${at}.${spec.object}`, fail),
        };
      }),
    );
  }
  return acls;
}

/** Reads an ACL file (JSON or YAML, which JSON is part of). */
export function readAclsFile(path: string): Acls {
  const where = `aclsFile ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidError(`${where}: cannot be read: ${messageOf(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new InvalidError(`${where}: is neither JSON nor YAML: ${messageOf(err).split('\n')[0]}`);
  }
  return readAcls(parsed, where);
}

function readEntity(raw: unknown, key: string, fail: (key: string, detail: string) => never): Entity {
  if (raw === undefined) return fail(key, 'is required (an entity: {values: [...]}, {type: ANY} or {type: NONE})');
  if (!isObject(raw)) return fail(key, 'must be an entity: {values: [...]}, {type: ANY} or {type: NONE}');
  for (const field of Object.keys(raw)) if (field !== 'type' && field !== 'values') fail(`${key}.${field}`, 'unknown field (an entity has type and values)');
  const type = raw.type ?? 'SOME';
  if (type !== 'SOME' && type !== 'ANY' && type !== 'NONE') return fail(`${key}.type`, `must be SOME, ANY or NONE, not ${JSON.stringify(type)}`);
  if (type !== 'SOME') {
    if (raw.values !== undefined) fail(`${key}.values`, `must be left out with type ${type}`);
    return { type };
  }
  const values = raw.values;
  if (!Array.isArray(values) || values.length === 0) return fail(`${key}.values`, 'must be a non-empty array of strings (or give type ANY or NONE)');
  values.forEach((v, i) => {
    if (typeof v !== 'string' || v === '') fail(`${key}.values[${i}]`, 'must be a non-empty string');
  });
  return { type: 'SOME', values: values as string[] };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
