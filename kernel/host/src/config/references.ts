/**
 * Where the roles name module instances, and which kinds those places accept. The loader checks
 * that every name exists under `modules:` (and, for `exec`/`endpoint` entries, whose kind is
 * written down, that the kind fits); the host can recheck kinds of `use` entries once resolved.
 */
import type { KindName } from '../contract/kinds.js';
import type { PlateauConfig } from './schema.js';

/** One place in the config that names module instances. */
export interface ModuleRole {
  /** Where the name (or list of names) sits. */
  path: readonly [string, string];
  /** Whether the place holds a list of names. */
  many: boolean;
  /** The kinds a module named there may be. */
  kinds: readonly KindName[];
}

/** Every place that names modules. */
export const MODULE_ROLES: readonly ModuleRole[] = [
  { path: ['master', 'contender'], many: false, kinds: ['contender'] },
  { path: ['master', 'authenticator'], many: false, kinds: ['authenticator'] },
  { path: ['master', 'authorizer'], many: false, kinds: ['authorizer'] },
  { path: ['master', 'hooks'], many: true, kinds: ['hook'] },
  { path: ['agent', 'detector'], many: false, kinds: ['detector'] },
  { path: ['agent', 'isolation'], many: true, kinds: ['isolator'] },
  { path: ['agent', 'launcher'], many: false, kinds: ['launcher'] },
  { path: ['agent', 'provisioner'], many: false, kinds: ['provisioner'] },
  { path: ['agent', 'hooks'], many: true, kinds: ['hook'] },
  { path: ['agent', 'secretResolver'], many: false, kinds: ['secret-resolver'] },
  { path: ['agent', 'authenticator'], many: false, kinds: ['authenticator'] },
  { path: ['agent', 'authorizer'], many: false, kinds: ['authorizer'] },
];

/** A module name as written in the config. */
export interface ModuleReference {
  /** Where it is written, e.g. `['agent', 'isolation', 2]`. */
  path: (string | number)[];
  /** The instance name. */
  name: string;
  /** The kinds a module there may be. */
  kinds: readonly KindName[];
}

/** moduleReferences: every module name the roles use, in config order (non-strings skipped). */
export function moduleReferences(config: Partial<PlateauConfig> | Record<string, unknown>): ModuleReference[] {
  const out: ModuleReference[] = [];
  for (const role of MODULE_ROLES) {
    const section = (config as Record<string, unknown>)[role.path[0]];
    if (section === null || typeof section !== 'object') continue;
    const value = (section as Record<string, unknown>)[role.path[1]];
    if (role.many && Array.isArray(value)) {
      value.forEach((name, i) => {
        if (typeof name === 'string') out.push({ path: [...role.path, i], name, kinds: role.kinds });
      });
    } else if (!role.many && typeof value === 'string') {
      out.push({ path: [...role.path], name: value, kinds: role.kinds });
    }
  }
  return out;
}
