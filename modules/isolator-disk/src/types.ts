import type { Isolator } from '@plateau/kernel';

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
export type Statistics = Awaited<ReturnType<Isolator['usage']>>;
export type ContainerStatusOut = Awaited<ReturnType<Isolator['status']>>;
export type Limitation = ReturnType<Isolator['watch']> extends AsyncIterable<infer T> ? T : never;
export type ContainerConfigIn = NonNullable<PrepareReq['config']>;
export type ResourceIn = NonNullable<ContainerConfigIn['resources']>[number];
export type ResourceOut = Limitation['resources'][number];
export type ContainerIdIn = NonNullable<PrepareReq['containerId']>;




/** A scalar Resource as the wire carries it. */
export function scalarResource(name: string, value: number): ResourceOut {
  return { name, type: 'SCALAR', scalar: value, ranges: [], set: [], role: '', resourceJson: '' };
}

export { containerIdOf, scalarOf } from '@plateau/kernel';
