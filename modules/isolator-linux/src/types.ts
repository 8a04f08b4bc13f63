import type { Isolator } from '@plateau/kernel';

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

export { containerKey } from '@plateau/kernel';
