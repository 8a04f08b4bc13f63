import { InvalidError, type Isolator } from '@plateau/kernel';

/** Request and answer types of the isolator kind, derived from the generated interface. */
export type RecoverRequest = Parameters<Isolator['recover']>[0];
export type PrepareRequest = Parameters<Isolator['prepare']>[0];
export type PrepareResponse = Awaited<ReturnType<Isolator['prepare']>>;
export type IsolateRequest = Parameters<Isolator['isolate']>[0];
export type WatchRequest = Parameters<Isolator['watch']>[0];
export type UpdateRequest = Parameters<Isolator['update']>[0];
export type UsageRequest = Parameters<Isolator['usage']>[0];
export type StatusRequest = Parameters<Isolator['status']>[0];
export type CleanupRequest = Parameters<Isolator['cleanup']>[0];
export type Limitation = Isolator['watch'] extends (req: WatchRequest) => AsyncIterable<infer L> ? L : never;
export type ResourceStatistics = Awaited<ReturnType<Isolator['usage']>>;
export type ContainerStatus = Awaited<ReturnType<Isolator['status']>>;
export type LaunchInfo = NonNullable<PrepareResponse['launchInfo']>;
export type ContainerConfig = NonNullable<PrepareRequest['config']>;
export type ContainerId = NonNullable<PrepareRequest['containerId']>;

/** A LaunchInfo with every field at its proto default (what the wire would decode for an empty part). */
export function emptyLaunchInfo(): LaunchInfo {
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

const ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

/**
 * The key of a container: its value, prefixed by its parents' values for nested containers
 * ("parent/child"). Every value must match ^[A-Za-z0-9_.-]+$ (InvalidError otherwise).
 */
export function containerKey(id: { value?: string; parent?: { value?: string; parent?: unknown } | null } | null | undefined): string {
  if (!id) throw new InvalidError('container_id is required');
  const value = id.value ?? '';
  if (!ID_PATTERN.test(value)) throw new InvalidError(`container id '${value}' must match ${ID_PATTERN}`);
  return id.parent ? `${containerKey(id.parent as typeof id)}/${value}` : value;
}
