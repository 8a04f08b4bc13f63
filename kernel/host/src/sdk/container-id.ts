import { InvalidError } from '../contract/errors';

/**
 * The container id convention every container module keeps: a value becomes a directory name,
 * a cgroup name and part of a runc id, so it must match this pattern, must not be `.` or `..`,
 * and is at most 255 characters.
 */
export const CONTAINER_ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** A ContainerID as requests carry it (nested containers name their parent). */
export interface ContainerIdLike {
  value?: string | null;
  parent?: ContainerIdLike | null;
}

/** The checked value of a container id; InvalidError naming `what` otherwise. */
export function containerIdOf(id: ContainerIdLike | null | undefined, what = 'containerId'): string {
  const value = id?.value ?? '';
  if (!value) throw new InvalidError(`${what}.value is required`);
  if (!CONTAINER_ID_PATTERN.test(value) || value === '.' || value === '..' || value.length > 255) {
    throw new InvalidError(`${what}.value '${value}' must match ${CONTAINER_ID_PATTERN} (and not be '.' or '..')`);
  }
  return value;
}

/** The key of a (possibly nested) container: `parent/child`, each value checked. */
export function containerKey(id: ContainerIdLike | null | undefined, what = 'containerId'): string {
  if (!id) throw new InvalidError(`${what} is required`);
  const value = containerIdOf(id, what);
  return id.parent ? `${containerKey(id.parent, `${what}.parent`)}/${value}` : value;
}

/** A resource as container requests carry it. */
export interface ScalarResourceLike {
  name?: string | null;
  scalar?: number | string | null;
}

/** Sum of the scalar resources named `name`; undefined when there is none. */
export function scalarOf(resources: readonly ScalarResourceLike[] | null | undefined, name: string): number | undefined {
  let total: number | undefined;
  for (const r of resources ?? []) {
    if (r.name !== name) continue;
    const v = Number(r.scalar ?? 0);
    if (!Number.isFinite(v) || v < 0) throw new InvalidError(`resource '${name}' has an invalid value ${String(r.scalar)}`);
    total = (total ?? 0) + v;
  }
  return total;
}
