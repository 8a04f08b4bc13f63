/**
 * Mesos resources: named scalars (`cpus`, `mem`, `disk`, `gpus`, any other name), ranges
 * (`ports`) and sets, each optionally reserved (a refinement stack of STATIC/DYNAMIC
 * reservations, the last one current) and optionally allocated to a role (`allocation_info`).
 *
 * Representation. The allocator adds, subtracts and compares resources millions of times per
 * cycle, so a `Resources` keeps the overwhelmingly common part in fixed slots: unreserved plain
 * `cpus`, `mem`, `disk`, `gpus` (integers in thousandths, Mesos's fixed point) and unreserved
 * plain `ports` (a flat sorted `[begin, end, begin, end, ...]` array), all allocated to one role
 * (`null`: unallocated). Everything else (reservations, other names, sets, revocable, shared,
 * disk info, providers, a second allocation role) lives in a rarer list of entries. Arithmetic
 * between slot-only objects is a handful of number operations and no allocation.
 *
 * Canonical form: a resource that fits the slots of its object is always in the slots, entries
 * of equal identity are merged, and nothing empty is kept. Range and set arrays are never
 * mutated once stored, so copies share them.
 *
 * Scalars are kept in thousandths and rounded like Mesos (`llround(value * 1000)`), so
 * `0.1 + 0.2` is exactly `0.3` here.
 */

/** Value kind of a resource. */
export type ResourceType = 'SCALAR' | 'RANGES' | 'SET';

/** Reservation kind: STATIC (agent flag) or DYNAMIC (RESERVE operation). */
export type ReservationType = 'STATIC' | 'DYNAMIC';

/** One reservation of a refinement stack. */
export interface ReservationInfo {
  readonly type: ReservationType;
  readonly role: string;
  readonly principal?: string;
  readonly labels?: { readonly labels?: readonly { readonly key: string; readonly value?: string }[] };
}

/** Mesos v1 `Resource` as JSON (snake_case, as on the wire). */
export interface ResourceJSON {
  name: string;
  type: ResourceType;
  scalar?: { value: number };
  ranges?: { range: { begin: number; end: number }[] };
  set?: { item: string[] };
  /** Legacy role, only with `toJSON({ legacy: true })`: `"*"` when unreserved. */
  role?: string;
  /** Legacy dynamic reservation, only with `toJSON({ legacy: true })`. */
  reservation?: { principal?: string; labels?: ReservationInfo['labels'] };
  reservations?: ReservationInfo[];
  allocation_info?: { role: string };
  revocable?: Record<never, never>;
  shared?: Record<never, never>;
  disk?: unknown;
  provider_id?: { value: string };
}

/**
 * What `Resources.fromJSON` accepts: a decoded v1 `Resource`, with the lenient forms of the wire
 * rules (numeric strings, legacy `role` + `reservation`, absent repeated fields).
 */
export interface ResourceInputJSON {
  readonly name: string;
  readonly type?: string;
  readonly scalar?: { readonly value: number | string };
  readonly ranges?: { readonly range?: readonly { readonly begin: number | string; readonly end: number | string }[] };
  readonly set?: { readonly item?: readonly string[] };
  readonly role?: string;
  readonly reservation?: { readonly principal?: string; readonly labels?: ReservationInfo['labels'] } | null;
  readonly reservations?: readonly { readonly type?: string; readonly role?: string; readonly principal?: string; readonly labels?: ReservationInfo['labels'] }[];
  readonly allocation_info?: { readonly role?: string } | null;
  readonly revocable?: object | null;
  readonly shared?: object | null;
  readonly disk?: unknown;
  readonly provider_id?: { readonly value: string } | null;
}

/** Thrown for malformed resource text or JSON. `code` is `PLT_ERR_RESOURCES_INVALID`. */
export class ResourcesError extends Error {
  readonly code = 'PLT_ERR_RESOURCES_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ResourcesError';
  }
}

// ---------------------------------------------------------------------------------------------
// Scalar names as dense indices (quantity vectors)

const NAME_INDEX = new Map<string, number>([
  ['cpus', 0],
  ['mem', 1],
  ['disk', 2],
  ['gpus', 3],
]);
const NAMES: string[] = ['cpus', 'mem', 'disk', 'gpus'];

/** Index of a scalar resource name in quantity vectors; cpus 0, mem 1, disk 2, gpus 3. */
export function scalarIndex(name: string): number {
  let i = NAME_INDEX.get(name);
  if (i === undefined) {
    i = NAMES.length;
    NAMES.push(name);
    NAME_INDEX.set(name, i);
  }
  return i;
}

/** Name of a quantity-vector index. */
export function scalarName(index: number): string {
  return NAMES[index];
}

/** How many scalar names have an index so far (the length quantity vectors may need). */
export function scalarNameCount(): number {
  return NAMES.length;
}

/** Converts a scalar value to Mesos fixed point (thousandths). */
export function toMilli(value: number): number {
  return Math.round(value * 1000);
}

/** Converts thousandths back to a value with at most 3 decimals. */
export function fromMilli(milli: number): number {
  return milli / 1000;
}

// ---------------------------------------------------------------------------------------------
// Ranges: flat sorted arrays [b0, e0, b1, e1, ...], disjoint and coalesced (e_i + 1 < b_i+1)

function rangesNormalize(flat: number[]): number[] {
  const n = flat.length / 2;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) idx.push(i);
  idx.sort((a, b) => flat[2 * a] - flat[2 * b]);
  const out: number[] = [];
  for (const i of idx) {
    const b = flat[2 * i];
    const e = flat[2 * i + 1];
    const last = out.length - 1;
    if (last > 0 && b <= out[last] + 1) {
      if (e > out[last]) out[last] = e;
    } else {
      out.push(b, e);
    }
  }
  return out;
}

function rangesAdd(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: number;
    let hi: number;
    if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      lo = a[i];
      hi = a[i + 1];
      i += 2;
    } else {
      lo = b[j];
      hi = b[j + 1];
      j += 2;
    }
    const last = out.length - 1;
    if (last > 0 && lo <= out[last] + 1) {
      if (hi > out[last]) out[last] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

function rangesSubtract(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    const hi = a[i + 1];
    let cur = a[i];
    while (j < b.length && b[j + 1] < cur) j += 2;
    for (let k = j; k < b.length && b[k] <= hi; k += 2) {
      if (b[k] > cur) out.push(cur, b[k] - 1);
      if (b[k + 1] + 1 > cur) cur = b[k + 1] + 1;
      if (cur > hi) break;
    }
    if (cur <= hi) out.push(cur, hi);
  }
  return out;
}

function rangesContain(a: readonly number[], b: readonly number[]): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    const lo = b[j];
    while (i < a.length && a[i + 1] < lo) i += 2;
    if (i >= a.length || a[i] > lo || a[i + 1] < b[j + 1]) return false;
  }
  return true;
}

function rangesEqual(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function rangesText(r: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < r.length; i += 2) parts.push(`${r[i]}-${r[i + 1]}`);
  return `[${parts.join(', ')}]`;
}

// Sets: sorted arrays of distinct strings.

function setUnion(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  return out;
}

function setSubtract(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j] < x) j++;
    if (j >= b.length || b[j] !== x) out.push(x);
  }
  return out;
}

function setContains(a: readonly string[], b: readonly string[]): boolean {
  let i = 0;
  for (const x of b) {
    while (i < a.length && a[i] < x) i++;
    if (i >= a.length || a[i] !== x) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Entries (the rare path)

const SCALAR = 0;
const RANGES = 1;
const SET = 2;
type Kind = typeof SCALAR | typeof RANGES | typeof SET;
const KIND_NAMES: readonly ResourceType[] = ['SCALAR', 'RANGES', 'SET'];

/** Attributes besides reservations that are part of a resource's identity. */
interface Extra {
  readonly revocable?: true;
  readonly shared?: true;
  readonly disk?: unknown;
  readonly providerId?: string;
}

/**
 * One resource outside the slots. `sig` is the identity without the allocation role; two entries
 * merge when `sig` and `alloc` are equal. Values are replaced, never mutated in place.
 * @internal
 */
export class Entry {
  constructor(
    readonly name: string,
    readonly kind: Kind,
    public scalar: number,
    public ranges: readonly number[] | null,
    public set: readonly string[] | null,
    readonly reservations: readonly ReservationInfo[] | null,
    public alloc: string | null,
    readonly extra: Extra | null,
    readonly sig: string,
  ) {}

  copy(): Entry {
    return new Entry(this.name, this.kind, this.scalar, this.ranges, this.set, this.reservations, this.alloc, this.extra, this.sig);
  }

  /** Role of the current (last) reservation, or null when unreserved. */
  reservationRole(): string | null {
    const r = this.reservations;
    return r === null ? null : r[r.length - 1].role;
  }

  isEmpty(): boolean {
    if (this.kind === SCALAR) return this.scalar <= 0;
    if (this.kind === RANGES) return this.ranges === null || this.ranges.length === 0;
    return this.set === null || this.set.length === 0;
  }

  addValue(o: Entry): void {
    if (this.kind === SCALAR) this.scalar += o.scalar;
    else if (this.kind === RANGES) this.ranges = rangesAdd(this.ranges ?? [], o.ranges ?? []);
    else this.set = setUnion(this.set ?? [], o.set ?? []);
  }

  subtractValue(o: Entry): void {
    if (this.kind === SCALAR) this.scalar = Math.max(0, this.scalar - o.scalar);
    else if (this.kind === RANGES) this.ranges = rangesSubtract(this.ranges ?? [], o.ranges ?? []);
    else this.set = setSubtract(this.set ?? [], o.set ?? []);
  }

  containsValue(o: Entry): boolean {
    if (this.kind === SCALAR) return this.scalar >= o.scalar;
    if (this.kind === RANGES) return rangesContain(this.ranges ?? [], o.ranges ?? []);
    return setContains(this.set ?? [], o.set ?? []);
  }
}

function signature(name: string, kind: Kind, reservations: readonly ReservationInfo[] | null, extra: Extra | null): string {
  if (reservations === null && extra === null) return `${name}\u0000${kind}`;
  return `${name}\u0000${kind}\u0000${reservations === null ? '' : JSON.stringify(reservations)}\u0000${extra === null ? '' : JSON.stringify(extra)}`;
}

const SIG_CPUS = signature('cpus', SCALAR, null, null);
const SIG_MEM = signature('mem', SCALAR, null, null);
const SIG_DISK = signature('disk', SCALAR, null, null);
const SIG_GPUS = signature('gpus', SCALAR, null, null);
const SIG_PORTS = signature('ports', RANGES, null, null);

/** Slot number of an entry that may live in slots (ignoring allocation role), or -1. */
function slotOf(e: Entry): number {
  if (e.reservations !== null || e.extra !== null) return -1;
  if (e.kind === SCALAR) {
    switch (e.name) {
      case 'cpus':
        return 0;
      case 'mem':
        return 1;
      case 'disk':
        return 2;
      case 'gpus':
        return 3;
      default:
        return -1;
    }
  }
  return e.kind === RANGES && e.name === 'ports' ? 4 : -1;
}

const KNOWN_TYPES: Readonly<Record<string, Kind>> = { cpus: SCALAR, mem: SCALAR, disk: SCALAR, gpus: SCALAR, ports: RANGES };

// ---------------------------------------------------------------------------------------------
// Resources

/** Which scalars `addScalarsTo` counts: every scalar, or unreserved non-revocable ones only. */
export const ScalarFilter = { All: 0, UnreservedNonRevocable: 1 } as const;
/** A `ScalarFilter` value. */
export type ScalarFilter = (typeof ScalarFilter)[keyof typeof ScalarFilter];

/** Options of `toJSON`. */
export interface ResourcesJSONOptions {
  /**
   * Also emit the pre-refinement `role` (`"*"` when unreserved) and `reservation` fields, the
   * "endpoint format" of the operator API and of frameworks without RESERVATION_REFINEMENT.
   */
  legacy?: boolean;
}

/** A multiset of resources with Mesos semantics. Methods named as verbs mutate `this`. */
export class Resources {
  /** @internal unreserved plain cpus, thousandths */
  _cpus = 0;
  /** @internal unreserved plain mem, thousandths */
  _mem = 0;
  /** @internal unreserved plain disk, thousandths */
  _disk = 0;
  /** @internal unreserved plain gpus, thousandths */
  _gpus = 0;
  /** @internal unreserved plain ports, flat ranges; null when none */
  _ports: readonly number[] | null = null;
  /** @internal allocation role of the slots; null: unallocated */
  _role: string | null = null;
  /** @internal everything else; null when none */
  _x: Entry[] | null = null;

  /**
   * Parses the agent text form: `cpus:24;mem:4096;disk:4096;ports:[31000-32000]`,
   * `cpus(role):4` (a static reservation), `zones:{a,b}` (a set). A text starting with `[` is
   * read as a JSON array of v1 `Resource` objects. Repeated names add up.
   */
  static parse(text: string, defaultRole = '*'): Resources {
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
      let json: unknown;
      try {
        json = JSON.parse(trimmed);
      } catch (e) {
        throw new ResourcesError(`resources JSON: ${(e as Error).message}`);
      }
      if (!Array.isArray(json)) throw new ResourcesError('resources JSON must be an array');
      return Resources.fromJSON(json as ResourceInputJSON[]);
    }
    const out = new Resources();
    for (const raw of trimmed.split(';')) {
      const token = raw.trim();
      if (token === '') continue;
      const colon = token.indexOf(':');
      if (colon < 0) throw new ResourcesError(`bad resource '${token}': missing ':'`);
      const head = token.slice(0, colon);
      const value = token.slice(colon + 1).trim();
      let name = head.trim();
      let role = defaultRole;
      const open = head.indexOf('(');
      if (open >= 0) {
        const close = head.indexOf(')', open);
        if (close < 0) throw new ResourcesError(`bad resource '${token}': missing ')'`);
        name = head.slice(0, open).trim();
        role = head.slice(open + 1, close).trim();
      }
      if (name === '') throw new ResourcesError(`bad resource '${token}': empty name`);
      if (role !== '*' && roleError(role) !== null) throw new ResourcesError(`bad role in '${token}': ${roleError(role)}`);
      const reservations = role === '*' ? null : [{ type: 'STATIC' as const, role }];
      out.addEntry(parseValue(name, value, reservations, token), false);
    }
    return out;
  }

  /** Builds resources from Mesos v1 JSON `Resource` objects (legacy role/reservation accepted). */
  static fromJSON(list: readonly ResourceInputJSON[]): Resources {
    const out = new Resources();
    for (const r of list) out.addEntry(entryFromJSON(r), false);
    return out;
  }

  /**
   * The sum of `list`: exactly what adding each to an empty Resources gives (the same entries in
   * the same order), made faster (see ResourcesSum). With `pick`, the sum of what it answers for
   * each item (undefined: skip).
   */
  static sum(list: Iterable<Resources>): Resources;
  static sum<T>(items: Iterable<T>, pick: (item: T) => Resources | undefined): Resources;
  static sum<T>(items: Iterable<T>, pick?: (item: T) => Resources | undefined): Resources {
    const sum = new ResourcesSum();
    for (const item of items) {
      const r = pick === undefined ? (item as unknown as Resources) : pick(item);
      if (r !== undefined) sum.add(r);
    }
    return sum.result();
  }

  /** @internal One slot of this (0 cpus, 1 mem, 2 disk, 3 gpus, 4 ports) with this allocation role. */
  slotPart(slot: number): Resources {
    const r = new Resources();
    r._role = this._role;
    if (slot === 0) r._cpus = this._cpus;
    else if (slot === 1) r._mem = this._mem;
    else if (slot === 2) r._disk = this._disk;
    else if (slot === 3) r._gpus = this._gpus;
    else r._ports = this._ports;
    return r;
  }

  /** Unreserved scalars from a map of values, e.g. `{ cpus: 2, mem: 512 }`. */
  static scalars(values: Readonly<Record<string, number>>): Resources {
    const out = new Resources();
    for (const [name, value] of Object.entries(values)) {
      out.addEntry(makeScalar(name, value, null, name), false);
    }
    return out;
  }

  /** An independent copy. */
  clone(): Resources {
    const r = new Resources();
    r._cpus = this._cpus;
    r._mem = this._mem;
    r._disk = this._disk;
    r._gpus = this._gpus;
    r._ports = this._ports;
    r._role = this._role;
    if (this._x !== null) r._x = this._x.map((e) => e.copy());
    return r;
  }

  /** True when there is nothing. */
  isEmpty(): boolean {
    return this._cpus === 0 && this._mem === 0 && this._disk === 0 && this._gpus === 0 && this._ports === null && this._x === null;
  }

  /** Adds `o` to this. */
  add(o: Resources): this {
    if (o._role === this._role) {
      this._cpus += o._cpus;
      this._mem += o._mem;
      this._disk += o._disk;
      this._gpus += o._gpus;
      if (o._ports !== null) this._ports = this._ports === null ? o._ports : rangesAdd(this._ports, o._ports);
    } else {
      for (const e of slotEntries(o)) this.addEntry(e, false);
    }
    if (o._x !== null) for (const e of o._x) this.addEntry(e, true);
    return this;
  }

  /** Subtracts `o` from this; what `o` has beyond this is ignored (nothing goes negative). */
  subtract(o: Resources): this {
    if (o._role === this._role) {
      this._cpus = this._cpus > o._cpus ? this._cpus - o._cpus : 0;
      this._mem = this._mem > o._mem ? this._mem - o._mem : 0;
      this._disk = this._disk > o._disk ? this._disk - o._disk : 0;
      this._gpus = this._gpus > o._gpus ? this._gpus - o._gpus : 0;
      if (o._ports !== null && this._ports !== null) {
        const p = rangesSubtract(this._ports, o._ports);
        this._ports = p.length === 0 ? null : p;
      }
    } else {
      for (const e of slotEntries(o)) this.subtractEntry(e);
    }
    if (o._x !== null) for (const e of o._x) this.subtractEntry(e);
    return this;
  }

  /** `this + o` as a new object. */
  plus(o: Resources): Resources {
    return this.clone().add(o);
  }

  /** `this - o` as a new object. */
  minus(o: Resources): Resources {
    return this.clone().subtract(o);
  }

  /** What both have (`this - (this - o)`), as a new object. */
  intersection(o: Resources): Resources {
    return this.minus(this.minus(o));
  }

  /** True when every resource of `o` is in this (same identity, at least as much). */
  contains(o: Resources): boolean {
    if (o._role === this._role) {
      if (this._cpus < o._cpus || this._mem < o._mem || this._disk < o._disk || this._gpus < o._gpus) return false;
      if (o._ports !== null && (this._ports === null || !rangesContain(this._ports, o._ports))) return false;
    } else {
      for (const e of slotEntries(o)) if (!this.containsEntry(e)) return false;
    }
    if (o._x !== null) for (const e of o._x) if (!this.containsEntry(e)) return false;
    return true;
  }

  /** True when both hold exactly the same resources. */
  equals(o: Resources): boolean {
    if (this._x === null && o._x === null && this._role === o._role) {
      return this._cpus === o._cpus && this._mem === o._mem && this._disk === o._disk && this._gpus === o._gpus && rangesEqual(this._ports, o._ports);
    }
    return this.contains(o) && o.contains(this);
  }

  /** Total value of a scalar across reservations and allocation roles (units, not thousandths). */
  scalar(name: string): number {
    let m = 0;
    switch (name) {
      case 'cpus':
        m = this._cpus;
        break;
      case 'mem':
        m = this._mem;
        break;
      case 'disk':
        m = this._disk;
        break;
      case 'gpus':
        m = this._gpus;
        break;
    }
    if (this._x !== null) for (const e of this._x) if (e.kind === SCALAR && e.name === name) m += e.scalar;
    return fromMilli(m);
  }

  /** Ranges of a name across reservations, merged, as `[begin, end]` pairs. */
  ranges(name: string): [number, number][] {
    let flat: readonly number[] = name === 'ports' && this._ports !== null ? this._ports : [];
    if (this._x !== null) for (const e of this._x) if (e.kind === RANGES && e.name === name && e.ranges) flat = rangesAdd(flat, e.ranges);
    const out: [number, number][] = [];
    for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
    return out;
  }

  /** Items of a set resource across reservations, sorted. */
  set(name: string): string[] {
    let items: readonly string[] = [];
    if (this._x !== null) for (const e of this._x) if (e.kind === SET && e.name === name && e.set) items = setUnion(items, e.set);
    return [...items];
  }

  /** Scalar totals by name (units), e.g. `{ cpus: 24, mem: 4096 }`; reservations included. */
  quantities(): Record<string, number> {
    const out: Record<string, number> = {};
    const put = (name: string, m: number) => {
      if (m > 0) out[name] = fromMilli(toMilli(out[name] ?? 0) + m);
    };
    put('cpus', this._cpus);
    put('mem', this._mem);
    put('disk', this._disk);
    put('gpus', this._gpus);
    if (this._x !== null) for (const e of this._x) if (e.kind === SCALAR) put(e.name, e.scalar);
    return out;
  }

  /** Names present, in a stable order. */
  names(): string[] {
    return [...new Set(this.toJSON().map((r) => r.name))];
  }

  /** Unreserved resources only. */
  unreserved(): Resources {
    const r = this.slotsCopy();
    if (this._x !== null) for (const e of this._x) if (e.reservations === null) r.pushEntry(e.copy());
    return r;
  }

  /** Reserved resources; only those whose current reservation is `role` when given. */
  reserved(role?: string): Resources {
    const r = new Resources();
    r._role = this._role;
    if (this._x !== null) {
      for (const e of this._x) {
        if (e.reservations !== null && (role === undefined || e.reservationRole() === role)) r.pushEntry(e.copy());
      }
    }
    return r;
  }

  /**
   * What may be allocated to `role`: unreserved resources and those reserved to `role` or to
   * one of its ancestors (`eng` reservations are allocatable to `eng/web`, not the reverse).
   */
  allocatableTo(role: string): Resources {
    const r = this.slotsCopy();
    if (this._x !== null) {
      for (const e of this._x) {
        const rr = e.reservationRole();
        if (rr === null || isRoleOrAncestor(rr, role)) r.pushEntry(e.copy());
      }
    }
    return r;
  }

  /** Keeps the resources for which `keep` (given the v1 JSON of each) is true, as a new object. */
  filter(keep: (resource: ResourceJSON) => boolean): Resources {
    return Resources.fromJSON(this.toJSON().filter(keep));
  }

  /** True when something is reserved. */
  hasReservations(): boolean {
    if (this._x !== null) for (const e of this._x) if (e.reservations !== null) return true;
    return false;
  }

  /** True when something is unreserved. */
  hasUnreserved(): boolean {
    if (this._cpus !== 0 || this._mem !== 0 || this._disk !== 0 || this._gpus !== 0 || this._ports !== null) return true;
    if (this._x !== null) for (const e of this._x) if (e.reservations === null) return true;
    return false;
  }

  /** Distinct current reservation roles. */
  reservationRoles(): string[] {
    const out = new Set<string>();
    if (this._x !== null) for (const e of this._x) if (e.reservations !== null) out.add(e.reservations[e.reservations.length - 1].role);
    return [...out];
  }

  /** Distinct allocation roles (`allocation_info.role`). */
  allocationRoles(): string[] {
    const out = new Set<string>();
    if (this._role !== null && this.slotsNonEmpty()) out.add(this._role);
    if (this._x !== null) for (const e of this._x) if (e.alloc !== null) out.add(e.alloc);
    return [...out];
  }

  /** True when something has no allocation role. */
  hasUnallocated(): boolean {
    if (this._role === null && this.slotsNonEmpty()) return true;
    if (this._x !== null) for (const e of this._x) if (e.alloc === null) return true;
    return false;
  }

  /** The resources allocated to `role` (`null`: the unallocated ones), as a new object. */
  allocatedTo(role: string | null): Resources {
    const r = new Resources();
    r._role = role;
    if (this._role === role) this.copySlotsInto(r);
    if (this._x !== null) for (const e of this._x) if (e.alloc === role) r.pushEntry(e.copy());
    return r;
  }

  /** Sets `allocation_info.role` on everything (`null` removes it). */
  allocate(role: string | null): this {
    const x = this._x;
    this._role = role;
    if (x !== null) {
      this._x = null;
      for (const e of x) {
        e.alloc = role;
        this.addEntry(e, false);
      }
    }
    return this;
  }

  /** Removes `allocation_info` from everything. */
  unallocate(): this {
    return this.allocate(null);
  }

  /** True when something is revocable. */
  hasRevocable(): boolean {
    if (this._x !== null) for (const e of this._x) if (e.extra !== null && e.extra.revocable) return true;
    return false;
  }

  /** True when something carries a reservation refinement (a stack deeper than one). */
  hasRefinedReservations(): boolean {
    if (this._x !== null) for (const e of this._x) if (e.reservations !== null && e.reservations.length > 1) return true;
    return false;
  }

  /** Without revocable resources, as a new object. */
  nonRevocable(): Resources {
    const r = this.slotsCopy();
    if (this._x !== null) for (const e of this._x) if (e.extra === null || !e.extra.revocable) r.pushEntry(e.copy());
    return r;
  }

  /** Without resources whose reservation stack is deeper than one, as a new object. */
  withoutRefinedReservations(): Resources {
    const r = this.slotsCopy();
    if (this._x !== null) for (const e of this._x) if (e.reservations === null || e.reservations.length <= 1) r.pushEntry(e.copy());
    return r;
  }

  /**
   * For a reservation request (resources whose last reservation is the one to add), the source
   * it consumes: the same resources with that reservation popped.
   */
  popReservations(): Resources {
    const r = new Resources();
    r._role = this._role;
    this.copySlotsInto(r);
    if (this._x !== null) {
      for (const e of this._x) {
        if (e.reservations === null) {
          r.addEntry(e, true);
          continue;
        }
        const rest = e.reservations.length > 1 ? e.reservations.slice(0, -1) : null;
        r.addEntry(new Entry(e.name, e.kind, e.scalar, e.ranges, e.set, rest, e.alloc, e.extra, signature(e.name, e.kind, rest, e.extra)), false);
      }
    }
    return r;
  }

  /** True when every resource's current reservation is DYNAMIC (nothing unreserved or static). */
  allDynamicallyReserved(): boolean {
    if (this.slotsNonEmpty()) return false;
    if (this._x !== null) {
      for (const e of this._x) {
        if (e.reservations === null || e.reservations[e.reservations.length - 1].type !== 'DYNAMIC') return false;
      }
    }
    return true;
  }

  /**
   * Adds each scalar, in thousandths and multiplied by `sign`, into `vec[scalarIndex(name)]`
   * (growing `vec` as needed).
   * @internal
   */
  addScalarsTo(vec: number[], sign: number, which: ScalarFilter = ScalarFilter.All): void {
    vec[0] += sign * this._cpus;
    vec[1] += sign * this._mem;
    vec[2] += sign * this._disk;
    vec[3] += sign * this._gpus;
    if (this._x === null) return;
    for (const e of this._x) {
      if (e.kind !== SCALAR) continue;
      if (which === ScalarFilter.UnreservedNonRevocable && (e.reservations !== null || (e.extra !== null && e.extra.revocable))) continue;
      const i = scalarIndex(e.name);
      while (vec.length <= i) vec.push(0);
      vec[i] += sign * e.scalar;
    }
  }

  /**
   * Calls `fn(role, scalarIndex, thousandths)` for every reserved scalar.
   * @internal
   */
  forEachReservedScalar(fn: (role: string, index: number, milli: number) => void): void {
    if (this._x === null) return;
    for (const e of this._x) {
      if (e.kind === SCALAR && e.reservations !== null) fn(e.reservations[e.reservations.length - 1].role, scalarIndex(e.name), e.scalar);
    }
  }

  /**
   * A copy with each scalar capped: `cap(index, reservationRole, revocable)` returns the most
   * thousandths to keep of that scalar (Infinity: all). Non-scalars are kept whole.
   * @internal
   */
  capScalars(cap: (index: number, reservationRole: string | null, revocable: boolean) => number): Resources {
    const r = new Resources();
    r._role = this._role;
    r._cpus = Math.max(0, Math.min(this._cpus, cap(0, null, false)));
    r._mem = Math.max(0, Math.min(this._mem, cap(1, null, false)));
    r._disk = Math.max(0, Math.min(this._disk, cap(2, null, false)));
    r._gpus = Math.max(0, Math.min(this._gpus, cap(3, null, false)));
    r._ports = this._ports;
    if (this._x !== null) {
      for (const e of this._x) {
        const c = e.copy();
        if (c.kind === SCALAR) {
          c.scalar = Math.min(c.scalar, cap(scalarIndex(c.name), c.reservationRole(), c.extra !== null && c.extra.revocable === true));
          if (c.scalar <= 0) continue;
        }
        r.pushEntry(c);
      }
    }
    return r;
  }

  /** Mesos v1 JSON `Resource` objects. */
  toJSON(options: ResourcesJSONOptions = {}): ResourceJSON[] {
    const out: ResourceJSON[] = [];
    for (const e of slotEntries(this)) out.push(entryToJSON(e, options));
    if (this._x !== null) for (const e of this._x) out.push(entryToJSON(e, options));
    return out;
  }

  /** Text like Mesos prints it: `cpus:24; mem:4096; ports:[31000-32000]; cpus(eng):2`. */
  toString(): string {
    const parts: string[] = [];
    const all = slotEntries(this);
    if (this._x !== null) all.push(...this._x);
    for (const e of all) {
      const rr = e.reservationRole();
      let head = e.name;
      if (rr !== null) head += `(${rr})`;
      if (e.alloc !== null) head += `{${e.alloc}}`;
      let value: string;
      if (e.kind === SCALAR) value = String(fromMilli(e.scalar));
      else if (e.kind === RANGES) value = rangesText(e.ranges ?? []);
      else value = `{${(e.set ?? []).join(',')}}`;
      parts.push(`${head}:${value}`);
    }
    return parts.join('; ');
  }

  // -------------------------------------------------------------------------------------------
  // internals

  private slotsNonEmpty(): boolean {
    return this._cpus !== 0 || this._mem !== 0 || this._disk !== 0 || this._gpus !== 0 || this._ports !== null;
  }

  private copySlotsInto(r: Resources): void {
    r._cpus = this._cpus;
    r._mem = this._mem;
    r._disk = this._disk;
    r._gpus = this._gpus;
    r._ports = this._ports;
  }

  private slotsCopy(): Resources {
    const r = new Resources();
    r._role = this._role;
    this.copySlotsInto(r);
    return r;
  }

  /** Appends an entry known to be canonical for `this` (filtered from a canonical object). */
  private pushEntry(e: Entry): void {
    if (this._x === null) this._x = [e];
    else this._x.push(e);
  }

  private find(e: Entry): number {
    const x = this._x;
    if (x === null) return -1;
    for (let i = 0; i < x.length; i++) if (x[i].sig === e.sig && x[i].alloc === e.alloc) return i;
    return -1;
  }

  /** @internal adds one entry (copied when `copy`, else adopted). */
  addEntry(e: Entry, copy: boolean): void {
    if (e.isEmpty()) return;
    if (e.alloc === this._role) {
      switch (slotOf(e)) {
        case 0:
          this._cpus += e.scalar;
          return;
        case 1:
          this._mem += e.scalar;
          return;
        case 2:
          this._disk += e.scalar;
          return;
        case 3:
          this._gpus += e.scalar;
          return;
        case 4:
          this._ports = this._ports === null ? e.ranges : rangesAdd(this._ports, e.ranges ?? []);
          return;
      }
    }
    const i = this.find(e);
    if (i >= 0) this._x![i].addValue(e);
    else this.pushEntry(copy ? e.copy() : e);
  }

  private subtractEntry(e: Entry): void {
    if (e.alloc === this._role) {
      switch (slotOf(e)) {
        case 0:
          this._cpus = Math.max(0, this._cpus - e.scalar);
          return;
        case 1:
          this._mem = Math.max(0, this._mem - e.scalar);
          return;
        case 2:
          this._disk = Math.max(0, this._disk - e.scalar);
          return;
        case 3:
          this._gpus = Math.max(0, this._gpus - e.scalar);
          return;
        case 4:
          if (this._ports !== null) {
            const p = rangesSubtract(this._ports, e.ranges ?? []);
            this._ports = p.length === 0 ? null : p;
          }
          return;
      }
    }
    const i = this.find(e);
    if (i < 0) return;
    const x = this._x!;
    x[i].subtractValue(e);
    if (x[i].isEmpty()) {
      x.splice(i, 1);
      if (x.length === 0) this._x = null;
    }
  }

  private containsEntry(e: Entry): boolean {
    if (e.isEmpty()) return true;
    if (e.alloc === this._role) {
      switch (slotOf(e)) {
        case 0:
          return this._cpus >= e.scalar;
        case 1:
          return this._mem >= e.scalar;
        case 2:
          return this._disk >= e.scalar;
        case 3:
          return this._gpus >= e.scalar;
        case 4:
          return this._ports !== null && rangesContain(this._ports, e.ranges ?? []);
      }
    }
    const i = this.find(e);
    return i >= 0 && this._x![i].containsValue(e);
  }
}

/** The slots of `r` as entries (for arithmetic between objects with different slot roles). */
function slotEntries(r: Resources): Entry[] {
  const out: Entry[] = [];
  const a = r._role;
  if (r._cpus > 0) out.push(new Entry('cpus', SCALAR, r._cpus, null, null, null, a, null, SIG_CPUS));
  if (r._mem > 0) out.push(new Entry('mem', SCALAR, r._mem, null, null, null, a, null, SIG_MEM));
  if (r._disk > 0) out.push(new Entry('disk', SCALAR, r._disk, null, null, null, a, null, SIG_DISK));
  if (r._gpus > 0) out.push(new Entry('gpus', SCALAR, r._gpus, null, null, null, a, null, SIG_GPUS));
  if (r._ports !== null) out.push(new Entry('ports', RANGES, 0, r._ports, null, null, a, null, SIG_PORTS));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Roles

/**
 * ResourcesSum: a sum of many Resources, one at a time (so that a long one can be spread over
 * turns of the event loop), equal to adding each to an empty Resources: the same entries in the
 * same order. Adding allocated resources to an empty (unallocated) Resources turns each item's
 * slots into entries and looks each up; here items holding only slots are first summed per
 * allocation role, and their entries made once, in the order in which they first appeared.
 */
export class ResourcesSum {
  private readonly out = new Resources();
  /** Per allocation role: its slots summed so far, and which slots are already in `order`. */
  private readonly byRole = new Map<string, { acc: Resources; seen: number }>();
  /** (role's sum, slot) in the order their entries would have been made. */
  private readonly order: { acc: Resources; slot: number }[] = [];

  /** Adds `r`. */
  add(r: Resources): void {
    if (r._role === null || r._x !== null) {
      // Unallocated slots go to the sum's own slots; entries must come after those made so far.
      if (r._x !== null) this.flush();
      this.out.add(r);
      return;
    }
    let g = this.byRole.get(r._role);
    if (g === undefined) {
      const acc = new Resources();
      acc._role = r._role;
      this.byRole.set(r._role, (g = { acc, seen: 0 }));
    }
    const present = (r._cpus > 0 ? 1 : 0) | (r._mem > 0 ? 2 : 0) | (r._disk > 0 ? 4 : 0) | (r._gpus > 0 ? 8 : 0) | (r._ports !== null && r._ports.length > 0 ? 16 : 0);
    const fresh = present & ~g.seen;
    if (fresh !== 0) {
      for (let slot = 0; slot < 5; slot++) if (fresh & (1 << slot)) this.order.push({ acc: g.acc, slot });
      g.seen |= fresh;
    }
    g.acc.add(r);
  }

  /** The sum (adding more afterwards goes on from it). */
  result(): Resources {
    this.flush();
    return this.out;
  }

  private flush(): void {
    for (const { acc, slot } of this.order) this.out.add(acc.slotPart(slot));
    this.byRole.clear();
    this.order.length = 0;
  }
}

/** True when `ancestor` is `role` itself or one of its ancestors in the role tree. */
export function isRoleOrAncestor(ancestor: string, role: string): boolean {
  return ancestor === role || (role.length > ancestor.length && role.charCodeAt(ancestor.length) === 47 /* / */ && role.startsWith(ancestor));
}

/**
 * Checks a role name like Mesos: `*`, or `/`-separated components, each non-empty, not `.` or
 * `..`, not starting with `-`, without whitespace, control characters or `*`. Returns an error
 * message, or null when valid.
 */
export function roleError(role: string): string | null {
  if (role === '*') return null;
  if (role === '') return 'role must not be empty';
  for (const part of role.split('/')) {
    if (part === '') return `role '${role}' has an empty component`;
    if (part === '.' || part === '..') return `role '${role}' has a '${part}' component`;
    if (part.startsWith('-')) return `role '${role}' has a component starting with '-'`;
    if (/[\s\x00-\x1f\x7f*]/.test(part)) return `role '${role}' has an invalid character`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Parsing and JSON

function makeScalar(name: string, value: number, reservations: readonly ReservationInfo[] | null, what: string, extra: Extra | null = null, alloc: string | null = null): Entry {
  if (!Number.isFinite(value) || value < 0) throw new ResourcesError(`bad scalar value in '${what}'`);
  const known = KNOWN_TYPES[name];
  if (known !== undefined && known !== SCALAR) throw new ResourcesError(`'${name}' must be ${KIND_NAMES[known]}, not SCALAR`);
  return new Entry(name, SCALAR, toMilli(value), null, null, reservations, alloc, extra, signature(name, SCALAR, reservations, extra));
}

function makeRanges(name: string, flat: number[], reservations: readonly ReservationInfo[] | null, what: string, extra: Extra | null = null, alloc: string | null = null): Entry {
  for (let i = 0; i < flat.length; i += 2) {
    if (!Number.isSafeInteger(flat[i]) || !Number.isSafeInteger(flat[i + 1]) || flat[i] < 0 || flat[i] > flat[i + 1]) {
      throw new ResourcesError(`bad range in '${what}'`);
    }
  }
  const known = KNOWN_TYPES[name];
  if (known !== undefined && known !== RANGES) throw new ResourcesError(`'${name}' must be ${KIND_NAMES[known]}, not RANGES`);
  return new Entry(name, RANGES, 0, rangesNormalize(flat), null, reservations, alloc, extra, signature(name, RANGES, reservations, extra));
}

function makeSet(name: string, items: readonly string[], reservations: readonly ReservationInfo[] | null, extra: Extra | null = null, alloc: string | null = null): Entry {
  const known = KNOWN_TYPES[name];
  if (known !== undefined && known !== SET) throw new ResourcesError(`'${name}' must be ${KIND_NAMES[known]}, not SET`);
  return new Entry(name, SET, 0, null, [...new Set(items)].sort(), reservations, alloc, extra, signature(name, SET, reservations, extra));
}

function parseValue(name: string, value: string, reservations: readonly ReservationInfo[] | null, token: string): Entry {
  if (value.startsWith('[')) {
    if (!value.endsWith(']')) throw new ResourcesError(`bad ranges in '${token}'`);
    const flat: number[] = [];
    for (const part of value.slice(1, -1).split(',')) {
      const p = part.trim();
      if (p === '') continue;
      const m = /^(\d+)\s*-\s*(\d+)$/.exec(p);
      if (m === null) throw new ResourcesError(`bad range '${p}' in '${token}'`);
      flat.push(Number(m[1]), Number(m[2]));
    }
    return makeRanges(name, flat, reservations, token);
  }
  if (value.startsWith('{')) {
    if (!value.endsWith('}')) throw new ResourcesError(`bad set in '${token}'`);
    const items = value
      .slice(1, -1)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return makeSet(name, items, reservations);
  }
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) throw new ResourcesError(`bad value in '${token}'`);
  return makeScalar(name, Number(value), reservations, token);
}

function num(v: number | string, what: string): number {
  const n = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
  if (Number.isNaN(n)) throw new ResourcesError(`bad number in resource '${what}'`);
  return n;
}

/** A copy of a JSON value with every object's keys in sorted order. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortedKeys((v as Record<string, unknown>)[k]);
  return out;
}

function entryFromJSON(r: ResourceInputJSON): Entry {
  if (r === null || typeof r !== 'object' || typeof r.name !== 'string' || r.name === '') {
    throw new ResourcesError('resource without a name');
  }
  const name = r.name;
  let reservations: ReservationInfo[] | null = null;
  if (r.reservations !== undefined && r.reservations.length > 0) {
    reservations = r.reservations.map((x) => {
      if (typeof x.role !== 'string' || roleError(x.role) !== null || x.role === '*') throw new ResourcesError(`bad reservation role in resource '${name}'`);
      const type = x.type ?? 'DYNAMIC';
      if (type !== 'STATIC' && type !== 'DYNAMIC') throw new ResourcesError(`bad reservation type '${type}' in resource '${name}'`);
      return cleanReservation({ type, role: x.role, principal: x.principal, labels: x.labels });
    });
  } else if (r.role !== undefined && r.role !== '*') {
    if (roleError(r.role) !== null) throw new ResourcesError(`bad role '${r.role}' in resource '${name}'`);
    reservations =
      r.reservation !== undefined && r.reservation !== null
        ? [cleanReservation({ type: 'DYNAMIC', role: r.role, principal: r.reservation.principal, labels: r.reservation.labels })]
        : [{ type: 'STATIC', role: r.role }];
  }
  let extra: Extra | null = null;
  if (r.revocable || r.shared || r.disk !== undefined || r.provider_id) {
    const ex: { revocable?: true; shared?: true; disk?: unknown; providerId?: string } = {};
    if (r.revocable) ex.revocable = true;
    if (r.shared) ex.shared = true;
    // Keys sorted: the signature compares the JSON text, and codecs order fields differently.
    if (r.disk !== undefined && r.disk !== null) ex.disk = sortedKeys(r.disk);
    if (r.provider_id) ex.providerId = r.provider_id.value;
    if (Object.keys(ex).length > 0) extra = ex;
  }
  const alloc = r.allocation_info?.role ?? null;
  const type = r.type ?? (r.scalar ? 'SCALAR' : r.ranges ? 'RANGES' : r.set ? 'SET' : '');
  switch (type) {
    case 'SCALAR':
      return makeScalar(name, num(r.scalar?.value ?? 0, name), reservations, name, extra, alloc);
    case 'RANGES': {
      const flat: number[] = [];
      for (const x of r.ranges?.range ?? []) flat.push(num(x.begin, name), num(x.end, name));
      return makeRanges(name, flat, reservations, name, extra, alloc);
    }
    case 'SET':
      return makeSet(name, r.set?.item ?? [], reservations, extra, alloc);
    default:
      throw new ResourcesError(`resource '${name}' has unsupported type '${type}'`);
  }
}

function cleanReservation(x: { type: ReservationType; role: string; principal?: string; labels?: ReservationInfo['labels'] }): ReservationInfo {
  const out: { type: ReservationType; role: string; principal?: string; labels?: ReservationInfo['labels'] } = { type: x.type, role: x.role };
  if (x.principal !== undefined) out.principal = x.principal;
  if (x.labels !== undefined) out.labels = x.labels;
  return out;
}

function entryToJSON(e: Entry, options: ResourcesJSONOptions): ResourceJSON {
  const out: ResourceJSON = { name: e.name, type: KIND_NAMES[e.kind] };
  if (e.kind === SCALAR) out.scalar = { value: fromMilli(e.scalar) };
  else if (e.kind === RANGES) {
    const range: { begin: number; end: number }[] = [];
    const r = e.ranges ?? [];
    for (let i = 0; i < r.length; i += 2) range.push({ begin: r[i], end: r[i + 1] });
    out.ranges = { range };
  } else out.set = { item: [...(e.set ?? [])] };
  if (options.legacy) {
    const top = e.reservations === null ? null : e.reservations[e.reservations.length - 1];
    out.role = top === null ? '*' : top.role;
    if (top !== null && top.type === 'DYNAMIC') {
      const res: { principal?: string; labels?: ReservationInfo['labels'] } = {};
      if (top.principal !== undefined) res.principal = top.principal;
      if (top.labels !== undefined) res.labels = top.labels;
      out.reservation = res;
    }
  }
  if (e.reservations !== null) out.reservations = e.reservations.map((x) => ({ ...x }));
  if (e.alloc !== null) out.allocation_info = { role: e.alloc };
  if (e.extra !== null) {
    if (e.extra.revocable) out.revocable = {};
    if (e.extra.shared) out.shared = {};
    if (e.extra.disk !== undefined) out.disk = e.extra.disk;
    if (e.extra.providerId !== undefined) out.provider_id = { value: e.extra.providerId };
  }
  return out;
}
