/**
 * The modules an agent uses, picked from a started ModuleHost by the instance names of the
 * config's `agent:` section (launcher, provisioner, isolation, hooks, detector). Only kinds are
 * checked, never which module serves them.
 */
import type { AgentConfig } from '@plateau/kernel';
import type { NamedModule } from './containerizer/index';
import type { Detector, Hook, Isolator, Launcher, Provisioner } from '@plateau/kernel';
import { ErrorCodes, PlateauError } from '@plateau/kernel';
import type { ModuleHost } from '@plateau/kernel';
import type { KindName } from '@plateau/kernel';
import type { Logger } from '@plateau/kernel';
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

function label(host: ModuleHost, instance: string): string {
  const h = host.handles.get(instance);
  return h ? `${instance} (${h.kind}.${h.name})` : instance;
}

function running(host: ModuleHost, instance: string): boolean {
  const h = host.handles.get(instance);
  return h !== undefined && (h.state === 'running' || h.state === 'down');
}

function serves(host: ModuleHost, instance: string, kind: KindName): boolean {
  return host.get(kind).includes(host.instance(instance) as Record<string, unknown>);
}

function pick<T>(host: ModuleHost, instance: string, kind: KindName, key: string): NamedModule<T> {
  const h = host.handles.get(instance);
  if (h === undefined) throw new PlateauError(ErrorCodes.moduleDependency, `${key}: no module instance '${instance}' under modules:`);
  if (!running(host, instance)) {
    throw new PlateauError(ErrorCodes.moduleDependency, `${key}: module '${instance}' is not running (${h.state}${h.detail ? `: ${h.detail}` : ''})`);
  }
  if (!serves(host, instance, kind)) throw new PlateauError(ErrorCodes.moduleDependency, `${key}: module '${instance}' is a ${h.kind} module, not a ${kind}`);
  return { label: label(host, instance), module: host.instance(instance) as T };
}

/** Instances serving `kind`, in start order, that run. */
function runningOf(host: ModuleHost, kind: KindName): string[] {
  return [...host.handles.values()].filter((h) => running(host, h.instance) && serves(host, h.instance, kind)).map((h) => h.instance);
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
  const launcher = pick<Launcher>(host, launcherName, 'launcher', 'agent.launcher');

  let provisioner: NamedModule<Provisioner> | undefined;
  if (c.provisioner !== undefined) {
    if (running(host, c.provisioner)) provisioner = pick<Provisioner>(host, c.provisioner, 'provisioner', 'agent.provisioner');
    else log.warn({ module: c.provisioner, detail: host.handles.get(c.provisioner)?.detail }, 'agent.provisioner does not run here: tasks with images will fail');
  } else {
    const all = runningOf(host, 'provisioner');
    if (all.length === 1) provisioner = pick<Provisioner>(host, all[0]!, 'provisioner', 'agent.provisioner');
  }

  const isolators: NamedModule<Isolator>[] = [];
  for (const name of c.isolation ?? []) {
    const h = host.handles.get(name);
    if (h !== undefined && h.state === 'skipped') {
      log.warn({ module: name, reason: h.detail }, `isolator ${name} skipped on this machine: containers run without it`);
      continue;
    }
    isolators.push(pick<Isolator>(host, name, 'isolator', `agent.isolation[${name}]`));
  }
  const hooks: NamedModule<Hook>[] = [];
  for (const name of c.hooks ?? []) {
    const h = host.handles.get(name);
    if (h !== undefined && h.state === 'skipped') continue;
    hooks.push(pick<Hook>(host, name, 'hook', `agent.hooks[${name}]`));
  }
  let detector: Detector | undefined;
  if (c.detector !== undefined) detector = pick<Detector>(host, c.detector, 'detector', 'agent.detector').module;

  return { modules: { containerizer: { launcher, provisioner, isolators, hooks }, detector }, fallback };
}
