/**
 * GET_ROLES, GET_WEIGHTS, UPDATE_WEIGHTS, GET_QUOTA and UPDATE_QUOTA: roles as the allocator
 * sees them, and the weights and quotas an operator sets. Updates are validated as a whole
 * (nothing changes when any part is invalid), persisted through the registry module, then
 * applied to the allocator.
 *
 * UPDATE_QUOTA rules (Mesos's quota_handler): a valid role, not `*`, at most once per call;
 * quantities finite and non-negative; each guarantee at most its limit; in the role tree, the
 * guarantees of a role's nearest quota'd descendants sum to at most its guarantee and a
 * descendant's limit never exceeds its ancestor's (400 otherwise); unless `force`, the top-level
 * guarantees must fit in the cluster's total resources (409 otherwise). A config with neither
 * guarantees nor limits removes the role's quota.
 */
import { badRequest, conflict, encodeMessage, type HttpAnswer, ok, type QuotaConfig, QuotaConfigSchema, QuotaInfoSchema, type Resource, type Role, roleError, RoleSchema, serviceUnavailable, WeightInfoSchema } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';
import type { MasterContext } from '../context';
import type { Caller } from '../auth';
import { viewFilter } from '../authz-views';
import { refusal } from './authorize';
import { type OperatorHandlers, respond } from './handler';
import { isEmptyQuota, quotaInput } from './persisted';

function scalarResources(values: Record<string, number>): Resource[] {
  return Object.entries(values)
    .filter(([, v]) => v > 0)
    .map(([name, value]) => ({ name, type: 'SCALAR', scalar: { value } }));
}

/** GET_ROLES: every role the allocator knows, and every role with a weight or quota (those the caller may view, VIEW_ROLE). */
async function getRoles(m: MasterContext, caller: Caller): Promise<HttpAnswer> {
  const reg = m.operatorRegistry;
  const roles = new Map<string, Role>();
  for (const r of m.allocator.roles()) {
    const role: Role = { name: r.role, weight: r.weight };
    if (r.frameworks.length > 0) role.frameworks = r.frameworks.map((value) => ({ value }));
    const res = scalarResources(r.allocated);
    if (res.length > 0) role.resources = res;
    roles.set(r.role, role);
  }
  for (const role of [...reg.weights.keys(), ...reg.quotas.keys()]) if (!roles.has(role)) roles.set(role, { name: role, weight: reg.weights.get(role) ?? 1 });
  let list = [...roles.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const filter = await viewFilter(m, caller, ['roles'], list.map((r) => r.name));
  if (filter !== undefined) list = list.filter((r) => filter.role(r.name));
  return respond('GET_ROLES', list.length === 0 ? '{}' : `{"roles":[${list.map((r) => encodeMessage(RoleSchema, r)).join(',')}]}`);
}

/** GET_WEIGHTS: the weights of the roles the caller may view (VIEW_ROLE). */
async function getWeights(m: MasterContext, caller: Caller): Promise<HttpAnswer> {
  let weights = [...m.operatorRegistry.weights];
  const filter = await viewFilter(m, caller, ['roles'], weights.map(([role]) => role));
  if (filter !== undefined) weights = weights.filter(([role]) => filter.role(role));
  const list = weights.map(([role, weight]) => encodeMessage(WeightInfoSchema, { role, weight }));
  return respond('GET_WEIGHTS', list.length === 0 ? '{}' : `{"weight_infos":[${list.join(',')}]}`);
}

async function updateWeights(m: MasterContext, caller: Caller, infos: { role?: string; weight: number }[]): Promise<HttpAnswer> {
  const seen = new Set<string>();
  for (const [i, w] of infos.entries()) {
    const at = `update_weights.weight_infos[${i}]`;
    if (w.role === undefined) return badRequest(`${at}.role: required`);
    const bad = w.role === '*' ? `${at}.role: the weight of role '*' cannot be updated` : roleError(w.role);
    if (bad !== null) return badRequest(`${at}.role: ${bad}`);
    if (!(w.weight > 0) || !Number.isFinite(w.weight)) return badRequest(`${at}.weight: must be a positive number, got ${w.weight}`);
    if (seen.has(w.role)) return badRequest(`${at}.role: role '${w.role}' appears more than once`);
    seen.add(w.role);
  }
  const denied = await refusal(m, caller, 'UPDATE_WEIGHT', infos.map((w) => ({ type: 'role', value: w.role })));
  if (denied) return denied;
  const reg = m.operatorRegistry;
  const before = new Map(reg.weights);
  // Every weight set is kept, 1.0 too: Mesos stores it in the registry and GET_WEIGHTS lists it.
  for (const w of infos) reg.weights.set(w.role!, w.weight);
  try {
    await reg.saveWeights();
  } catch (err) {
    reg.weights = before;
    return serviceUnavailable(`Could not persist the weights: ${messageOf(err)}`);
  }
  if (!m.leading) return serviceUnavailable('Master lost leadership while updating weights');
  for (const w of infos) m.allocator.setWeight(w.role!, w.weight);
  m.requestAllocation();
  m.log.info({ weights: infos.map((w) => `${w.role}=${w.weight}`) }, 'weights updated');
  return ok();
}

function getQuota(m: MasterContext): HttpAnswer {
  const configs = [...m.operatorRegistry.quotas.values()].sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
  if (configs.length === 0) return respond('GET_QUOTA', '{"status":{}}');
  const infos = configs.map((c) => encodeMessage(QuotaInfoSchema, { role: c.role, guarantee: scalarResources(quotaInput(c).guarantee as Record<string, number>) }));
  return respond('GET_QUOTA', `{"status":{"infos":[${infos.join(',')}],"configs":[${configs.map((c) => encodeMessage(QuotaConfigSchema, c)).join(',')}]}}`);
}

type Quantities = Record<string, number>;

/** Resource names that are never scalars. */
const NON_SCALAR = new Set(['ports']);

/** The problem with one config on its own, or undefined. */
function configProblem(c: QuotaConfig, at: string): string | undefined {
  if (c.role === '*') return `${at}.role: quota cannot be set on the default role '*'`;
  const bad = roleError(c.role);
  if (bad !== null) return `${at}.role: ${bad}`;
  for (const field of ['guarantees', 'limits'] as const) {
    for (const [name, v] of Object.entries(c[field] ?? {})) {
      if (!Number.isFinite(v.value) || v.value < 0) return `${at}.${field}.${name}: must be a finite non-negative number, got ${v.value}`;
      if (name === '' || NON_SCALAR.has(name)) return `${at}.${field}: '${name}' is not a scalar resource name`;
    }
  }
  for (const [name, g] of Object.entries(c.guarantees ?? {})) {
    const l = c.limits?.[name];
    if (l !== undefined && g.value > l.value) return `${at}: the guarantee of '${name}' (${g.value}) exceeds its limit (${l.value})`;
  }
  return undefined;
}

/** The nearest ancestor of `role` that has a config, if any. */
function configuredAncestor(role: string, configs: Map<string, QuotaConfig>): string | undefined {
  const parts = role.split('/');
  for (let n = parts.length - 1; n > 0; n--) {
    const p = parts.slice(0, n).join('/');
    if (configs.has(p)) return p;
  }
  return undefined;
}

const values = (m: QuotaConfig['guarantees']): Quantities => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, v.value]));

/** The problem with the quota tree `configs` as a whole, or undefined. */
function treeProblem(configs: Map<string, QuotaConfig>): string | undefined {
  const childSums = new Map<string, Quantities>();
  for (const c of configs.values()) {
    const parent = configuredAncestor(c.role, configs);
    if (parent === undefined) continue;
    const pc = configs.get(parent)!;
    const pl = values(pc.limits);
    for (const [name, l] of Object.entries(values(c.limits))) {
      if (pl[name] !== undefined && l > pl[name]!) return `the limit of '${name}' of role '${c.role}' (${l}) exceeds the limit of its ancestor '${parent}' (${pl[name]})`;
    }
    const sum = childSums.get(parent) ?? {};
    for (const [name, g] of Object.entries(values(c.guarantees))) sum[name] = (sum[name] ?? 0) + g;
    childSums.set(parent, sum);
  }
  for (const [parent, sum] of childSums) {
    const pg = values(configs.get(parent)!.guarantees);
    for (const [name, s] of Object.entries(sum)) {
      if (s > 0 && s > (pg[name] ?? 0) + 1e-9) return `the guarantees of '${name}' of the sub-roles of '${parent}' (${s}) exceed its guarantee (${pg[name] ?? 0})`;
    }
  }
  return undefined;
}

/** The cluster's total scalars (reachable agents). */
function clusterCapacity(m: MasterContext): Quantities {
  const out: Quantities = {};
  for (const a of m.state.agents.values()) {
    if (a.unreachableTime !== undefined) continue;
    for (const [name, v] of Object.entries(a.total.quantities())) out[name] = (out[name] ?? 0) + v;
  }
  return out;
}

async function updateQuota(m: MasterContext, caller: Caller, force: boolean, update: QuotaConfig[]): Promise<HttpAnswer> {
  const roles = new Set<string>();
  for (const [i, c] of update.entries()) {
    const at = `update_quota.quota_configs[${i}]`;
    const problem = configProblem(c, at);
    if (problem !== undefined) return badRequest(`Invalid QuotaConfig: ${problem}`);
    if (roles.has(c.role)) return badRequest(`Invalid QuotaConfig: ${at}.role: role '${c.role}' appears more than once`);
    roles.add(c.role);
  }
  const denied = await refusal(m, caller, 'UPDATE_QUOTA_WITH_CONFIG', update.map((c) => ({ type: 'role', value: c.role })));
  if (denied) return denied;
  const reg = m.operatorRegistry;
  const next = new Map(reg.quotas);
  for (const c of update) {
    if (isEmptyQuota(c)) next.delete(c.role);
    else next.set(c.role, c);
  }
  const tree = treeProblem(next);
  if (tree !== undefined) return badRequest(`Invalid QuotaConfig: ${tree}`);
  if (!force) {
    const total: Quantities = {};
    for (const c of next.values()) {
      if (configuredAncestor(c.role, next) !== undefined) continue;
      for (const [name, g] of Object.entries(values(c.guarantees))) total[name] = (total[name] ?? 0) + g;
    }
    const capacity = clusterCapacity(m);
    for (const [name, g] of Object.entries(total)) {
      if (g > (capacity[name] ?? 0) + 1e-9) {
        return conflict(`Total quota guarantees of '${name}' (${g}) exceed cluster capacity (${capacity[name] ?? 0}) (use 'force' flag to bypass this check)`);
      }
    }
  }
  const before = reg.quotas;
  reg.quotas = next;
  try {
    await reg.saveQuotas();
  } catch (err) {
    reg.quotas = before;
    return serviceUnavailable(`Could not persist the quota: ${messageOf(err)}`);
  }
  if (!m.leading) return serviceUnavailable('Master lost leadership while updating quota');
  for (const c of update) m.allocator.setQuota(c.role, isEmptyQuota(c) ? null : quotaInput(c));
  m.requestAllocation();
  m.log.info({ roles: [...roles], force }, 'quota updated');
  return ok();
}

/** Handlers of this group. */
export const roleHandlers: OperatorHandlers = {
  GET_ROLES: (m, _call, caller) => getRoles(m, caller),
  GET_WEIGHTS: (m, _call, caller) => getWeights(m, caller),
  UPDATE_WEIGHTS: (m, call, caller) => updateWeights(m, caller, call.update_weights?.weight_infos ?? []),
  GET_QUOTA: (m) => getQuota(m),
  UPDATE_QUOTA: (m, call, caller) => updateQuota(m, caller, call.update_quota?.force ?? false, call.update_quota?.quota_configs ?? []),
};
