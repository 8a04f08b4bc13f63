import { InvalidError, type Isolator } from '@plateau/kernel';

/** Request and answer shapes of the isolator kind, taken from the generated interface. */
export type RecoverReq = Parameters<Isolator['recover']>[0];
export type PrepareReq = Parameters<Isolator['prepare']>[0];
export type PrepareRes = Awaited<ReturnType<Isolator['prepare']>>;
export type IsolateReq = Parameters<Isolator['isolate']>[0];
export type WatchReq = Parameters<Isolator['watch']>[0];
export type UpdateReq = Parameters<Isolator['update']>[0];
export type UsageReq = Parameters<Isolator['usage']>[0];
export type StatusReq = Parameters<Isolator['status']>[0];
export type CleanupReq = Parameters<Isolator['cleanup']>[0];
export type LaunchInfoOut = NonNullable<PrepareRes['launchInfo']>;
export type CgroupSettingsOut = NonNullable<LaunchInfoOut['cgroups']>;
export type Statistics = Awaited<ReturnType<Isolator['usage']>>;
export type ContainerStatusOut = Awaited<ReturnType<Isolator['status']>>;
export type Limitation = ReturnType<Isolator['watch']> extends AsyncIterable<infer T> ? T : never;
export type ContainerConfigIn = NonNullable<PrepareReq['config']>;
export type ResourceIn = NonNullable<ContainerConfigIn['resources']>[number];
export type ResourceOut = Limitation['resources'][number];
export type ContainerIdIn = NonNullable<PrepareReq['containerId']>;




/** A limit from a `limits` map: a number (Infinity = unlimited), or undefined when not set. */
export function limitOf(limits: Record<string, number | string> | undefined, name: string): number | undefined {
  const raw = limits?.[name];
  if (raw === undefined || raw === null) return undefined;
  const v = typeof raw === 'string' ? (/^\+?inf(inity)?$/i.test(raw) ? Infinity : Number(raw)) : raw;
  if (Number.isNaN(v) || v < 0) throw new InvalidError(`limit '${name}' has an invalid value ${String(raw)}`);
  return v;
}

/** A scalar Resource as the wire carries it. */
export function scalarResource(name: string, value: number): ResourceOut {
  return { name, type: 'SCALAR', scalar: value, ranges: [], set: [], role: '', resourceJson: '' };
}

/** A LaunchInfo with nothing in it, every field at its proto default. */
export function emptyLaunchInfo(): LaunchInfoOut {
  return {
    mounts: [],
    environment: [],
    namespaces: [],
    devices: [],
    cgroups: null,
    seccompProfileJson: '',
    capabilities: null,
    uidMappings: [],
    gidMappings: [],
    rlimits: [],
    workingDir: '',
    preExecCommands: [],
    maskedPaths: [],
    readonlyPaths: [],
    rootfs: '',
    hostname: '',
    user: null,
    sysctls: {},
  };
}

export { containerIdOf, scalarOf } from '@plateau/kernel';
