/**
 * DRF ordering helpers. Sorted lists hold items ordered by (share, allocation count, name),
 * like Mesos's DRF sorter. Each item remembers the key it is currently sorted under
 * (`kShare`, `kCount`), so an item whose share changed is found by binary search and moved to its
 * new place without re-sorting the list.
 */

/** Something a DRF sorter orders. */
export interface SortItem {
  /** Unique among its siblings; breaks ties. */
  readonly name: string;
  /** Current weighted dominant share. */
  share: number;
  /** Allocations received so far; breaks share ties (fewer first). */
  count: number;
  /** Share the item is sorted under in its array. */
  kShare: number;
  /** Count the item is sorted under in its array. */
  kCount: number;
}

/** True when `a` sorts before `b` by their sorted-under keys. */
export function sortsBefore(a: SortItem, b: SortItem): boolean {
  return a.kShare < b.kShare || (a.kShare === b.kShare && (a.kCount < b.kCount || (a.kCount === b.kCount && a.name < b.name)));
}

/** Sorts by current keys and records them as sorted-under. */
export function sortItems<T extends SortItem>(items: T[]): void {
  for (const it of items) {
    it.kShare = it.share;
    it.kCount = it.count;
  }
  items.sort((a, b) => (sortsBefore(a, b) ? -1 : sortsBefore(b, a) ? 1 : 0));
}

/** Items per block of a `SortedList` before it splits in two. */
const MAX_BLOCK = 128;

/**
 * Items in DRF order, kept in blocks of at most `MAX_BLOCK` so that moving an item (after its
 * share grew) shifts at most two blocks, not the whole list. Iterate with
 * `for (const block of list.blocks) for (const item of block)`.
 */
export class SortedList<T extends SortItem> {
  /** The items, in order, block by block; no block is empty. */
  readonly blocks: T[][] = [];
  private count = 0;

  /** Number of items. */
  get length(): number {
    return this.count;
  }

  /** Inserts `item` at its place by its current share and count. */
  insert(item: T): void {
    item.kShare = item.share;
    item.kCount = item.count;
    this.count++;
    const blocks = this.blocks;
    if (blocks.length === 0) {
      blocks.push([item]);
      return;
    }
    let b = this.blockFor(item);
    if (b === blocks.length) b--;
    const blk = blocks[b];
    blk.splice(lowerBound(blk, item), 0, item);
    if (blk.length > MAX_BLOCK) blocks.splice(b + 1, 0, blk.splice(blk.length >>> 1));
  }

  /** Removes `item`; false when it is not here. */
  remove(item: T): boolean {
    const [b, i] = this.find(item);
    if (b < 0) return false;
    const blk = this.blocks[b];
    blk.splice(i, 1);
    if (blk.length === 0) this.blocks.splice(b, 1);
    this.count--;
    return true;
  }

  /** Moves `item`, whose `share`/`count` changed, to its new place and records its new key. */
  reposition(item: T): void {
    if (item.kShare === item.share && item.kCount === item.count) return;
    if (this.remove(item)) this.insert(item);
  }

  /** Re-sorts everything by current shares (after shares changed wholesale). */
  sortAll(): void {
    const all = this.toArray();
    sortItems(all);
    this.blocks.length = 0;
    const half = MAX_BLOCK >>> 1;
    for (let i = 0; i < all.length; i += half) this.blocks.push(all.slice(i, i + half));
  }

  /** The items in order. */
  toArray(): T[] {
    const out: T[] = [];
    for (const blk of this.blocks) for (const x of blk) out.push(x);
    return out;
  }

  /** Index of the first block whose last item does not sort before `item` (may be `blocks.length`). */
  private blockFor(item: T): number {
    const blocks = this.blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const blk = blocks[mid];
      if (sortsBefore(blk[blk.length - 1], item)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** [block, index] of `item` by its sorted-under key, or [-1, -1]. */
  private find(item: T): [number, number] {
    const b = this.blockFor(item);
    if (b < this.blocks.length) {
      const blk = this.blocks[b];
      const i = lowerBound(blk, item);
      if (blk[i] === item) return [b, i];
    }
    // Not where its key says (should not happen): look everywhere.
    for (let k = 0; k < this.blocks.length; k++) {
      const i = this.blocks[k].indexOf(item);
      if (i >= 0) return [k, i];
    }
    return [-1, -1];
  }
}

/** First index in `blk` whose item does not sort before `item`. */
function lowerBound<T extends SortItem>(blk: readonly T[], item: T): number {
  let lo = 0;
  let hi = blk.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortsBefore(blk[mid], item)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Dominant share of `alloc` against `total` (both thousandths by scalar index): the largest
 * `alloc[i] / total[i]` over the names the cluster has.
 */
export function dominantShare(alloc: readonly number[], total: readonly number[]): number {
  let s = 0;
  const n = Math.min(alloc.length, total.length);
  for (let i = 0; i < n; i++) {
    const t = total[i];
    if (t > 0) {
      const x = alloc[i] / t;
      if (x > s) s = x;
    }
  }
  return s;
}
