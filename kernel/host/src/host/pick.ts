/**
 * Picking a role's modules from a started ModuleHost by the instance names its config gives
 * (`agent.launcher`, `master.contender`, ...): only kinds are checked, never which module serves
 * them, and a wrong pick is a moduleDependency error that names the config key and the module.
 */
import { ErrorCodes, PlateauError } from '../contract/errors';
import type { KindName } from '../contract/kinds';
import type { KindInterfaces } from '../generated/kinds';
import type { ModuleHost } from './host';

/** `instance (kind.name)`, or the bare instance name when there is no such instance. */
export function moduleLabel(host: ModuleHost, instance: string): string {
  const h = host.handles.get(instance);
  return h ? `${instance} (${h.kind}.${h.name})` : instance;
}

/** Whether the instance runs (or is down and being restarted: calls fail fast until it is back). */
export function moduleRuns(host: ModuleHost, instance: string): boolean {
  const h = host.handles.get(instance);
  return h !== undefined && (h.state === 'running' || h.state === 'down');
}

/** Whether the instance serves `kind` (a module may provide several kinds). */
export function moduleServes(host: ModuleHost, instance: string, kind: KindName): boolean {
  const value = host.instance(instance);
  return value !== undefined && host.get(kind).includes(value);
}

/** Instances that run and serve `kind`, in start order. */
export function runningModulesOf(host: ModuleHost, kind: KindName): string[] {
  return [...host.handles.values()].filter((h) => moduleRuns(host, h.instance) && moduleServes(host, h.instance, kind)).map((h) => h.instance);
}

/** The running instance `instance` as a `kind`, or a moduleDependency error naming `key`. */
export function pickModule<K extends KindName>(host: ModuleHost, instance: string, kind: K, key: string): KindInterfaces[K] {
  const h = host.handles.get(instance);
  if (h === undefined) throw new PlateauError(ErrorCodes.moduleDependency, `${key}: no module instance '${instance}' under modules:`);
  if (!moduleRuns(host, instance)) {
    throw new PlateauError(ErrorCodes.moduleDependency, `${key}: module '${instance}' is not running (${h.state}${h.detail ? `: ${h.detail}` : ''})`);
  }
  if (!moduleServes(host, instance, kind)) throw new PlateauError(ErrorCodes.moduleDependency, `${key}: module ${moduleLabel(host, instance)} does not serve the ${kind} kind`);
  return host.instance<KindInterfaces[K]>(instance)!;
}
