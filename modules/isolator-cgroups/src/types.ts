import { InvalidError, type IsolatorLaunchInfo, type IsolatorRequest } from '@plateau/kernel';

/** The cgroup part of a LaunchInfo, as Prepare answers it. */
export type CgroupSettingsOut = NonNullable<IsolatorLaunchInfo['cgroups']>;
/** A resource as a container's config carries it. */
export type ResourceIn = NonNullable<NonNullable<IsolatorRequest<'prepare'>['config']>['resources']>[number];

/** A limit from a `limits` map: a number (Infinity = unlimited), or undefined when not set. */
export function limitOf(limits: Record<string, number | string> | undefined, name: string): number | undefined {
  const raw = limits?.[name];
  if (raw === undefined || raw === null) return undefined;
  const v = typeof raw === 'string' ? (/^\+?inf(inity)?$/i.test(raw) ? Infinity : Number(raw)) : raw;
  if (Number.isNaN(v) || v < 0) throw new InvalidError(`limit '${name}' has an invalid value ${String(raw)}`);
  return v;
}

export { scalarOf } from '@plateau/kernel';
