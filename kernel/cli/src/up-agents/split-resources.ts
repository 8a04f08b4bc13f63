/**
 * The share of one machine's resources each of the N agents of `plateau up --agents N` offers:
 * scalars (cpus, mem, disk, gpus) divided by N, ranges (ports) cut into N consecutive pieces,
 * sets kept whole. Reserved resources are not split: `up --agents` takes the unreserved ones.
 */
import type { ResourceJSON } from '@plateau/mesos';

/** N resource texts in Mesos syntax ("cpus:0.66;mem:1024;ports:[31000-31332]"), the i-th for agent i+1. */
export function splitResources(total: readonly ResourceJSON[], n: number): string[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`cannot split resources ${n} ways`);
  const shares: string[][] = Array.from({ length: n }, () => []);
  for (const r of total) {
    if (r.reservations?.length || (r.role !== undefined && r.role !== '*')) continue;
    if (r.type === 'SCALAR' && r.scalar) {
      // Two decimals for cpus (Mesos keeps three), whole MB for the rest; never more than the whole.
      const each = r.name === 'cpus' ? Math.floor((r.scalar.value / n) * 100) / 100 : Math.floor(r.scalar.value / n);
      if (each > 0) for (const s of shares) s.push(`${r.name}:${each}`);
    } else if (r.type === 'RANGES' && r.ranges) {
      const values = r.ranges.range.map((x) => [x.begin, x.end] as const);
      const count = values.reduce((k, [b, e]) => k + (e - b + 1), 0);
      const each = Math.floor(count / n);
      if (each === 0) continue;
      // Walk the ranges and hand out `each` values to every agent in turn.
      const pieces = cut(values, each, n);
      pieces.forEach((p, i) => shares[i]!.push(`${r.name}:[${p.map(([b, e]) => `${b}-${e}`).join(',')}]`));
    } else if (r.type === 'SET' && r.set) {
      for (const s of shares) s.push(`${r.name}:{${r.set.item.join(',')}}`);
    }
  }
  return shares.map((s) => s.join(';'));
}

/** `n` pieces of `each` values taken in order from `ranges`. */
function cut(ranges: ReadonlyArray<readonly [number, number]>, each: number, n: number): Array<Array<[number, number]>> {
  const pieces: Array<Array<[number, number]>> = [];
  let piece: Array<[number, number]> = [];
  let need = each;
  for (const [begin, end] of ranges) {
    let b = begin;
    while (b <= end && pieces.length < n) {
      const e = Math.min(end, b + need - 1);
      piece.push([b, e]);
      need -= e - b + 1;
      b = e + 1;
      if (need === 0) {
        pieces.push(piece);
        piece = [];
        need = each;
      }
    }
  }
  return pieces;
}
