/** Resources as the legacy endpoints show them: a summary map of scalars, ranges and sets. */
import type { Resources } from '@plateau/mesos';
import { formatDouble, quote } from './json';

const BASE_SCALARS = new Set(['cpus', 'mem', 'disk', 'gpus']);

/** Ranges as Mesos prints them: `[31000-32000, 33000-34000]`. */
export function rangesText(ranges: readonly (readonly [number, number])[] | readonly { begin: number; end: number }[]): string {
  return `[${ranges.map((r) => (Array.isArray(r) ? `${r[0]}-${r[1]}` : `${(r as { begin: number }).begin}-${(r as { end: number }).end}`)).join(', ')}]`;
}

/** Resources as a legacy summary map. */
export function legacyResourcesJson(res: Resources): string {
  let s = `{"disk":${formatDouble(res.scalar('disk'))},"mem":${formatDouble(res.scalar('mem'))},"gpus":${formatDouble(res.scalar('gpus'))},"cpus":${formatDouble(res.scalar('cpus'))}`;
  const ports = res.ranges('ports');
  if (ports.length > 0) s += `,"ports":"${rangesText(ports)}"`;
  if (res._x !== null) {
    const extra = new Map<string, string>();
    const scalars = new Map<string, number>();
    for (const r of res.toJSON()) {
      const name = r.revocable ? `${r.name}_revocable` : r.name;
      if (!r.revocable && (BASE_SCALARS.has(r.name) || r.name === 'ports')) continue;
      if (r.type === 'SCALAR') scalars.set(name, (scalars.get(name) ?? 0) + (r.scalar?.value ?? 0));
      else if (r.type === 'RANGES') extra.set(name, `"${rangesText(r.ranges?.range ?? [])}"`);
      else extra.set(name, quote(`{${(r.set?.item ?? []).join(', ')}}`));
    }
    for (const [name, v] of scalars) s += `,${quote(name)}:${formatDouble(v)}`;
    for (const [name, v] of extra) s += `,${quote(name)}:${v}`;
  }
  return `${s}}`;
}

