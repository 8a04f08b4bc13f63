import type { Decoration__Output } from '@plateau/kernel';

/** A hook's answer (kernel.hook.v1.Decoration): each field set replaces that field; null keeps it. */
export type Decoration = Decoration__Output;

/** A Decoration with the fields of `set`, the rest null (the shape answers have on the wire). */
export function decoration(set: Partial<Decoration> = {}): Decoration {
  return { labels: null, environment: null, resources: null, attributes: null, ...set };
}

/**
 * `existing` pairs with every `wanted` pair set: a wanted key keeps the position of its first
 * occurrence (later duplicates of it are dropped); wanted keys not present are appended in order.
 * Applying the same stamp twice changes nothing.
 */
export function stamp(existing: ReadonlyArray<readonly [string, string]>, wanted: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const want = new Map(wanted);
  const seen = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const [k, v] of existing) {
    if (!want.has(k)) {
      out.push([k, v]);
    } else if (!seen.has(k)) {
      seen.add(k);
      out.push([k, want.get(k)!]);
    }
  }
  for (const [k, v] of want) if (!seen.has(k)) out.push([k, v]);
  return out;
}
