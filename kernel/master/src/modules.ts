/**
 * The modules a master uses, picked from a started ModuleHost by the instance names of the
 * config's `master:` section, and typed by their kinds' generated interfaces (in-process and
 * out-of-process modules both look like this). A module is picked for a kind only if it serves
 * that kind: `master.contender` names one module that must serve `contender` and is also used as
 * the detector and the registry when it provides those kinds.
 */
import { type Authenticator, type Authorizer, type Contender, type Detector, type Logger, type NamedHook, type MasterConfig, type ModuleHost, moduleLabel as label, moduleServes as serves, pickModule as pick, type RegistryService } from '@plateau/kernel';

/** The modules a master uses; each is optional (no contender: the master leads alone). */
export interface MasterModules {
  contender?: Contender;
  detector?: Detector;
  registry?: RegistryService;
  authenticator?: Authenticator;
  authorizer?: Authorizer;
  /** `master.hooks`, in order (skipped modules left out). */
  hooks?: NamedHook[];
  /** The label of the module picked for each role (contender, authenticator, ...), for GET_FLAGS. */
  labels?: Record<string, string>;
}

/** The master's modules as master.contender, master.authenticator, master.authorizer and master.hooks name them. */
export type MasterModuleConfig = Partial<Pick<MasterConfig, 'contender' | 'authenticator' | 'authorizer' | 'hooks'>>;

/**
 * Picks the master's modules from a started host. `master.contender` must serve the contender
 * kind; the same module is the master's detector and registry for each of those kinds it serves
 * (a contender module provides all three). `master.authenticator` and `master.authorizer`, when
 * set, must serve their kinds; so must each of `master.hooks`, except that a hook module that was
 * skipped on this machine (SkipModule) is left out with a warning. Errors are PlateauErrors (moduleDependency) naming the config key
 * and the module.
 */
export function masterModules(host: ModuleHost, config: MasterModuleConfig | undefined, log: Logger): MasterModules {
  const out: MasterModules = {};
  const picked: Record<string, string> = {};
  const c: MasterModuleConfig = config ?? {};
  if (c.contender) {
    out.contender = pick(host, c.contender, 'contender', 'master.contender');
    picked.contender = label(host, c.contender);
    if (serves(host, c.contender, 'detector')) {
      out.detector = pick(host, c.contender, 'detector', 'master.contender');
      picked.detector = picked.contender;
    }
    if (serves(host, c.contender, 'registry')) {
      out.registry = pick(host, c.contender, 'registry', 'master.contender');
      picked.registry = picked.contender;
    }
  }
  if (c.authenticator) {
    out.authenticator = pick(host, c.authenticator, 'authenticator', 'master.authenticator');
    picked.authenticator = label(host, c.authenticator);
  }
  if (c.authorizer) {
    out.authorizer = pick(host, c.authorizer, 'authorizer', 'master.authorizer');
    picked.authorizer = label(host, c.authorizer);
  }
  const hooks: NamedHook[] = [];
  for (const name of c.hooks ?? []) {
    const h = host.handles.get(name);
    if (h !== undefined && h.state === 'skipped') {
      log.warn({ module: name, reason: h.detail }, `hook ${name} skipped on this machine: the master runs without it`);
      continue;
    }
    hooks.push({ label: label(host, name), module: pick(host, name, 'hook', `master.hooks[${name}]`) });
  }
  if (hooks.length > 0) {
    out.hooks = hooks;
    picked.hooks = hooks.map((h) => h.label).join(', ');
  }
  log.debug({ modules: picked }, 'master modules picked');
  out.labels = picked;
  return out;
}
