/**
 * Mesos's local authorizer decision: the rules of the action's list in order, the first whose
 * subject and object entities both match decides (allowed unless either is NONE); no match, or
 * no list for the action, leaves it to `permissive`.
 *
 * A request's subject is its principal (SOME), or ANY when anonymous; its object is the values
 * the list compares (a role, a user, a principal), or ANY when there are none. A rule's SOME
 * entity matches a request entity holding one of its values; its ANY and NONE entities match
 * everything, so a NONE rule denies whatever reaches it.
 */
import { InvalidError } from '@plateau/kernel';
import type { AuthorizationObject } from '@plateau/kernel';
import type { Acls, Entity, Rule } from './acls';
import { LIST_OF_ACTION, LISTS, type ObjectSource } from './lists';

/** What a request offers to compare: the values it may be known by, or ANY. */
type RequestEntity = { type: 'ANY' } | { type: 'SOME'; values: string[] };

const ANY: RequestEntity = { type: 'ANY' };

/** A decision with the rule that made it. */
export interface Decision {
  allowed: boolean;
  reason: string;
}

/** Decides one action by `principal` on `object` (null for actions without one). */
export function decide(acls: Acls, principal: string, action: string, object: AuthorizationObject | null | undefined): Decision {
  const list = LIST_OF_ACTION.get(action);
  const permissive = `permissive: ${acls.permissive}`;
  if (list === undefined) return { allowed: acls.permissive, reason: `${permissive}, no ACL list decides ${action}` };
  const rules = acls.lists.get(list) ?? [];
  if (rules.length === 0) return { allowed: acls.permissive, reason: `${permissive}, no rule matched (acls.${list} is empty)` };
  const spec = LISTS[list]!;
  const subject: RequestEntity = principal === '' ? ANY : { type: 'SOME', values: [principal] };
  const target = objectEntity(spec.source, object);
  for (const rule of rules) {
    if (matches(subject, rule.principals) && matches(target, rule.objects)) {
      const allowed = rule.principals.type !== 'NONE' && rule.objects.type !== 'NONE';
      return { allowed, reason: describeRule(list, spec.object, rule) };
    }
  }
  return { allowed: acls.permissive, reason: `${permissive}, no rule matched in acls.${list}` };
}

/** `acls.run_tasks[1] (principals: [ops], users: NONE)`. */
export function describeRule(list: string, objectKey: string, rule: Rule): string {
  return `acls.${list}[${rule.index}] (principals: ${describeEntity(rule.principals)}, ${objectKey}: ${describeEntity(rule.objects)})`;
}

function describeEntity(e: Entity): string {
  return e.type === 'SOME' ? `[${e.values.join(', ')}]` : e.type;
}

function matches(request: RequestEntity, rule: Entity): boolean {
  if (rule.type !== 'SOME') return true;
  return request.type === 'SOME' && request.values.some((v) => rule.values.includes(v));
}

/** The values of `object` that a list of `source` compares. */
function objectEntity(source: ObjectSource, object: AuthorizationObject | null | undefined): RequestEntity {
  if (!object || source === 'implicit') return ANY;
  const value = object.value ?? '';
  const json = parseObjectJson(object.json);
  const some = (...vs: unknown[]): RequestEntity => {
    const values = vs.filter((v): v is string => typeof v === 'string' && v !== '');
    return values.length === 0 ? ANY : { type: 'SOME', values: [values[0]!] };
  };
  switch (source) {
    case 'value':
      return some(value);
    case 'user':
      return object.type === 'user' ? some(value) : some(...usersOf(json));
    case 'framework-principal':
      return object.type === 'principal' ? some(value) : some(dig(json, 'framework_info', 'principal'));
    case 'resource-principal':
      return object.type === 'principal' ? some(value) : some(...resourcePrincipalsOf(dig(json, 'resource')));
    case 'agent': {
      const values = [value, dig(json, 'agent_info', 'hostname'), dig(json, 'agent_info', 'id', 'value')].filter((v): v is string => typeof v === 'string' && v !== '');
      return values.length === 0 ? ANY : { type: 'SOME', values: [...new Set(values)] };
    }
  }
}

/** The user an object runs as, most specific first (Mesos: the task's, its executor's, then the framework's). */
function usersOf(json: Record<string, unknown> | undefined): unknown[] {
  return [
    dig(json, 'user'),
    dig(json, 'task', 'user'),
    dig(json, 'task_info', 'command', 'user'),
    dig(json, 'task_info', 'executor', 'command', 'user'),
    dig(json, 'executor_info', 'command', 'user'),
    dig(json, 'command_info', 'user'),
    dig(json, 'framework_info', 'user'),
  ];
}

function resourcePrincipalsOf(resource: unknown): unknown[] {
  const reservations = dig(resource, 'reservations');
  const last = Array.isArray(reservations) ? reservations[reservations.length - 1] : undefined;
  return [dig(resource, 'disk', 'persistence', 'principal'), dig(last, 'principal'), dig(resource, 'reservation', 'principal')];
}

function parseObjectJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidError(`object.json is not JSON: ${text.slice(0, 80)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidError('object.json must be a JSON object (a Mesos authorization Object)');
  return parsed as Record<string, unknown>;
}

function dig(x: unknown, ...path: string[]): unknown {
  let cur = x;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
