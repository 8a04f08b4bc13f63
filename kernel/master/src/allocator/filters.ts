/**
 * Offer filter storage: a min-heap of filters by expiry, and bitsets indexed by client number
 * that let the allocation loop test "is this (framework, role) filtered on this agent" with one
 * array read.
 */

/** Anything with an expiry time that the heap orders; `dead` entries are dropped lazily. */
export interface Expiring {
  readonly expiresAt: number;
  dead: boolean;
}

/** Binary min-heap by `expiresAt`. */
export class ExpiryHeap<T extends Expiring> {
  private readonly items: T[] = [];

  /** Entries held, dead ones included. */
  get size(): number {
    return this.items.length;
  }

  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >>> 1;
      if (a[p].expiresAt <= x.expiresAt) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = x;
  }

  /** The earliest entry, or undefined. */
  peek(): T | undefined {
    return this.items[0];
  }

  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && a[r].expiresAt < a[l].expiresAt ? r : l;
        if (a[c].expiresAt >= last.expiresAt) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }

  /** Drops dead entries (after many removals that were not expiries). */
  compact(): void {
    const live = this.items.filter((x) => !x.dead);
    this.items.length = 0;
    for (const x of live) this.push(x);
  }
}

/** True when bit `i` is set. */
export function bitTest(bits: Uint32Array | null, i: number): boolean {
  if (bits === null) return false;
  const w = i >>> 5;
  return w < bits.length && (bits[w] & (1 << (i & 31))) !== 0;
}

/**
 * Sets bit `i`, growing (or creating) the array to at least `words` words; returns the array to
 * keep.
 */
export function bitSet(bits: Uint32Array | null, i: number, words = 4): Uint32Array {
  const w = i >>> 5;
  if (bits === null || w >= bits.length) {
    const grown = new Uint32Array(Math.max(w + 1, words, bits === null ? 0 : bits.length * 2));
    if (bits !== null) grown.set(bits);
    bits = grown;
  }
  bits[w] |= 1 << (i & 31);
  return bits;
}

/** Clears bit `i`. */
export function bitClear(bits: Uint32Array | null, i: number): void {
  if (bits === null) return;
  const w = i >>> 5;
  if (w < bits.length) bits[w] &= ~(1 << (i & 31));
}
