/** Mesos v1 resources in the container kinds' typed form (kernel.container.v1.Resource). */
import { encodeMessage, type Resource, ResourceSchema, type Value_Scalar } from '@plateau/mesos';
import type { ContainerResource } from '@plateau/kernel';

/** One Mesos v1 Resource as the container kinds carry it, its full JSON alongside. */
export function containerResource(r: Resource): ContainerResource {
  const role = r.allocation_info?.role ?? r.reservations?.[r.reservations.length - 1]?.role ?? r.role ?? '';
  const out: ContainerResource = { name: r.name, type: r.type as ContainerResource['type'], role, resourceJson: encodeMessage(ResourceSchema, r) };
  if (r.type === 'SCALAR') out.scalar = r.scalar?.value ?? 0;
  if (r.type === 'RANGES') out.ranges = (r.ranges?.range ?? []).map((x) => ({ begin: x.begin, end: x.end }));
  if (r.type === 'SET') out.set = [...(r.set?.item ?? [])];
  return out;
}

/** Mesos TaskInfo.limits as ContainerConfig.limits (Infinity stays Infinity: unlimited). */
export function containerLimits(limits: Record<string, Value_Scalar> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(limits ?? {})) out[name] = Number(v.value);
  return out;
}

/** The sum of the SCALAR resources named `name`. */
export function scalarSum(resources: readonly Resource[] | undefined, name: string): number {
  let n = 0;
  for (const r of resources ?? []) if (r.name === name && r.type === 'SCALAR') n += r.scalar?.value ?? 0;
  return n;
}
