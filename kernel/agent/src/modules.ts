/**
 * The modules an agent uses, picked from a started ModuleHost by the instance names of the
 * config's `agent:` section (launcher, provisioner, isolation, hooks, secretResolver, detector, authenticator,
 * authorizer). Only kinds are
 * checked, never which module serves them.
 */
import {
  ErrorCodes,
  moduleLabel as label,
  moduleRuns as running,
  pickModule,
  PlateauError,
  runningModulesOf as runningOf,
  type AgentConfig,
  type Authenticator,
  type Authorizer,
  type Detector,
  type Hook,
  type Isolator,
  type KindInterfaces,
  type KindName,
  type Logger,
  type ModuleHost,
  type Provisioner,
  type SecretResolver,
} from '@plateau/kernel';
import type { NamedModule } from './containerizer/index';
import type { AgentModules } from './agent';

/** What `agentModules` chose. */
export interface AgentModuleChoice {
  modules: AgentModules;
  /**
   * Set when the configured launcher cannot run here and `fallback` allowed another one: why,
   * and which launcher runs instead. The caller decides what else to drop.
   */
  fallback?: { wanted: string; using: string; reason: string };
}

/** The running instance as a `kind`, with its label, or a moduleDependency error naming `key`. */
function pick<K extends KindName>(host: ModuleHost, instance: string, kind: K, key: string): NamedModule<KindInterfaces[K]> {
  return { label: label(host, instance), module: pickModule(host, instance, kind, key) };
}

/**
 * Picks the agent's modules. Without `agent.launcher` the only running launcher is used; an
 * isolator or hook that was skipped (SkipModule: not needed or not possible on this machine) is
 * left out with a warning. With `fallback`, a configured launcher that was skipped is replaced by
 * another running launcher (reported in `fallback`).
 */
export function agentModules(host: ModuleHost, config: AgentConfig | undefined, log: Logger, opts: { fallback?: boolean } = {}): AgentModuleChoice {
  const c = config ?? ({} as AgentConfig);
  let fallback: AgentModuleChoice['fallback'];
  let launcherName = c.launcher;
  if (launcherName === undefined) {
    const all = runningOf(host, 'launcher');
    if (all.length === 0) throw new PlateauError(ErrorCodes.moduleDependency, 'agent.launcher: no launcher module is configured (add one under modules: and name it in agent.launcher)');
    if (all.length > 1) throw new PlateauError(ErrorCodes.moduleDependency, `agent.launcher: several launchers run (${all.join(', ')}); name one in agent.launcher`);
    launcherName = all[0]!;
  } else if (opts.fallback && host.handles.has(launcherName) && !running(host, launcherName)) {
    const others = runningOf(host, 'launcher').filter((n) => n !== launcherName);
    if (others.length > 0) {
      const h = host.handles.get(launcherName)!;
      fallback = { wanted: label(host, launcherName), using: label(host, others[0]!), reason: h.detail ?? h.state };
      launcherName = others[0]!;
    }
  }
  const launcher = pick(host, launcherName, 'launcher', 'agent.launcher');

  let provisioner: NamedModule<Provisioner> | undefined;
  if (c.provisioner !== undefined) {
    if (running(host, c.provisioner)) provisioner = pick(host, c.provisioner, 'provisioner', 'agent.provisioner');
    else log.warn({ module: c.provisioner, detail: host.handles.get(c.provisioner)?.detail }, 'agent.provisioner does not run here: tasks with images will fail');
  } else {
    const all = runningOf(host, 'provisioner');
    if (all.length === 1) provisioner = pick(host, all[0]!, 'provisioner', 'agent.provisioner');
  }

  const isolators: NamedModule<Isolator>[] = [];
  for (const name of c.isolation ?? []) {
    const h = host.handles.get(name);
    if (h !== undefined && h.state === 'skipped') {
      log.warn({ module: name, reason: h.detail }, `isolator ${name} skipped on this machine: containers run without it`);
      continue;
    }
    isolators.push(pick(host, name, 'isolator', `agent.isolation[${name}]`));
  }
  const hooks: NamedModule<Hook>[] = [];
  for (const name of c.hooks ?? []) {
    const h = host.handles.get(name);
    if (h !== undefined && h.state === 'skipped') {
      log.warn({ module: name, reason: h.detail }, `hook ${name} skipped on this machine: the agent runs without it`);
      continue;
    }
    hooks.push(pick(host, name, 'hook', `agent.hooks[${name}]`));
  }
  let secretResolver: NamedModule<SecretResolver> | undefined;
  if (c.secretResolver !== undefined) secretResolver = pick(host, c.secretResolver, 'secret-resolver', 'agent.secretResolver');
  let detector: Detector | undefined;
  if (c.detector !== undefined) detector = pick(host, c.detector, 'detector', 'agent.detector').module;
  // No fallback for these: an agent that was told to authenticate never serves without it.
  let authenticator: Authenticator | undefined;
  if (c.authenticator !== undefined) authenticator = pick(host, c.authenticator, 'authenticator', 'agent.authenticator').module;
  let authorizer: Authorizer | undefined;
  if (c.authorizer !== undefined) authorizer = pick(host, c.authorizer, 'authorizer', 'agent.authorizer').module;

  const docker = { allowPrivileged: c.docker?.allowPrivileged === true };
  return { modules: { containerizer: { launcher, provisioner, isolators, hooks, secretResolver, docker }, detector, authenticator, authorizer }, fallback };
}
