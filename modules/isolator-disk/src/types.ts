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
export type Statistics = Awaited<ReturnType<Isolator['usage']>>;
export type ContainerStatusOut = Awaited<ReturnType<Isolator['status']>>;
export type Limitation = ReturnType<Isolator['watch']> extends AsyncIterable<infer T> ? T : never;
export type ContainerConfigIn = NonNullable<PrepareReq['config']>;
export type ResourceIn = NonNullable<ContainerConfigIn['resources']>[number];
export type ResourceOut = Limitation['resources'][number];
export type ContainerIdIn = NonNullable<PrepareReq['containerId']>;

const ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

/**
 * The value of a container id, checked against the convention every container module keeps:
 * `^[A-Za-z0-9_.-]+$`, not `.` or `..`, at most 255 characters (it becomes a directory name).
 */
export function containerIdOf(id: { value?: string } | null | undefined, what = 'containerId'): string {
  const value = id?.value ?? '';
  if (!value) throw new InvalidError(`${what}.value is required`);
  if (!ID_PATTERN.test(value) || value === '.' || value === '..' || value.length > 255) {
    throw new InvalidError(`${what}.value '${value}' must match ${ID_PATTERN} (and not be '.' or '..')`);
  }
  return value;
}

/** Sum of the scalar resources named `name`; undefined when there is none. */
export function scalarOf(resources: readonly ResourceIn[] | undefined, name: string): number | undefined {
  let total: number | undefined;
  for (const r of resources ?? []) {
    if (r.name !== name) continue;
    const v = Number(r.scalar ?? 0);
    if (!Number.isFinite(v) || v < 0) throw new InvalidError(`resource '${name}' has an invalid value ${String(r.scalar)}`);
    total = (total ?? 0) + v;
  }
  return total;
}

/** A scalar Resource as the wire carries it. */
export function scalarResource(name: string, value: number): ResourceOut {
  return { name, type: 'SCALAR', scalar: value, ranges: [], set: [], role: '', resourceJson: '' };
}
