/**
 * `HierarchicalDRFAllocator`: Mesos's hierarchical allocator behind the `Allocator` contract.
 * See `allocator.ts` for the algorithm; this file holds the data structures that make it fast:
 *  - a role tree whose levels are DRF-sorted lists (`SortedList`), sorted once per cycle and
 *    then kept in order by moving just the entries whose share grew after each agent;
 *  - refuse filters indexed per agent by client number, with two bitsets per agent ("has a
 *    filter", "a filter covers everything this client could get here") valid for a snapshot of
 *    the agent's free resources, so the common check is one array read;
 *  - an expiry heap for filters, and an agent-level skip: an agent that no framework could take
 *    is not walked again until it, its filters, or something global (epoch) changes.
 */

import type {
  AgentAttribute,
  AgentOptions,
  AllocationOperation,
  Allocator,
  AllocatorStats,
  FrameworkOptions,
  Offer,
  OfferFilters,
  QuantitiesInput,
  Quota,
  QuotaInput,
  ResourcesInput,
  RoleSummary,
} from './allocator.js';
import { AllocatorError } from './errors.js';
import { bitClear, bitSet, bitTest, ExpiryHeap } from './filters.js';
import { isRoleOrAncestor, Resources, ResourcesError, roleError, ScalarFilter, scalarIndex, scalarName, toMilli, fromMilli } from '@plateau/mesos';
import { dominantShare, SortedList, type SortItem } from './sorting.js';

/** Options of `HierarchicalDRFAllocator`. */
export interface HierarchicalDRFOptions {
  /** Milliseconds clock for filter expiry. Default `Date.now`. */
  readonly clock?: () => number;
  /**
   * Allocation interval (ms). A filter lasts at least this long, so that it outlives the next
   * cycle (MESOS-4302). Default 1000.
   */
  readonly allocationIntervalMs?: number;
  /**
   * Offers smaller than all of these are not made (`--min_allocatable_resources`): an offer is
   * made when it holds at least one alternative in full. Default `cpus:0.01` or `mem:32`.
   * Empty: any non-empty offer.
   */
  readonly minAllocatable?: readonly QuantitiesInput[];
  /** Agents with GPUs are offered only to GPU_RESOURCES frameworks. Default true. */
  readonly filterGpuResources?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Implementation state

const DEFAULT_REFUSE_SECONDS = 5;
const MAX_REFUSE_SECONDS = 365 * 24 * 3600;

/** [scalar index, thousandths] pairs. */
type Quantities = readonly (readonly [number, number])[];

function zeros(): number[] {
  return [0, 0, 0, 0];
}

/** `v` long enough for index `i`. */
function fit(v: number[], i: number): void {
  while (v.length <= i) v.push(0);
}

function addVec(into: number[], v: readonly number[], sign: number): void {
  if (into.length < v.length) fit(into, v.length - 1);
  for (let i = 0; i < v.length; i++) into[i] += sign * v[i];
}

function vecToRecord(v: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) out[scalarName(i)] = fromMilli(v[i]);
  return out;
}

function quantitiesToRecord(q: Quantities): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [i, m] of q) out[scalarName(i)] = fromMilli(m);
  return out;
}

class Alloc {
  /** Allocated here to this client, without allocation info. */
  res = new Resources();
  /** The part launched tasks use. */
  used: Resources | null = null;
  /** The offer made from this allocation in cycle `offerCycle` (later grants merge into it). */
  offer: Offer | null = null;
  offerCycle = -1;
  constructor(
    readonly client: Client,
    readonly agent: AgentState,
  ) {}
}

class Filter {
  dead = false;
  /** Another filter of the same client on the same agent. */
  next: Filter | null = null;
  constructor(
    readonly client: Client,
    readonly agent: AgentState,
    readonly res: Resources,
    readonly expiresAt: number,
  ) {}
}

class AgentState {
  slot = -1;
  active = true;
  hasGpus = false;
  attributes: readonly AgentAttribute[] = [];
  avail: Resources;
  /** Bumped on every change of `avail`. */
  availVersion = 0;
  readonly allocs = new Map<Client, Alloc>();
  /** Refuse filters on this agent by client number (a chain when several). */
  filters: Map<number, Filter> | null = null;
  /** Client numbers with a filter here. */
  fexist: Uint32Array | null = null;
  /** Client numbers whose filter covers all they could be offered from `snap`. */
  fcover: Uint32Array | null = null;
  /** The free resources `fcover` was computed for, and the `availVersion` known to match it. */
  snap: Resources | null = null;
  snapVersion = -1;
  /** Last filter's resources, shared by the next filter when equal (declines repeat). */
  lastFilterRes: Resources | null = null;
  /** Bumped when something about this agent may let a framework take it (filter gone, activated). */
  wake = 0;
  /**
   * Set when a full pass found no framework to take this agent: the allocator's `epoch`, this
   * agent's `availVersion` and `wake` at that time. While all three are unchanged, nobody can.
   */
  deadEpoch = -1;
  deadAvail = -1;
  deadWake = -1;
  constructor(
    readonly id: string,
    public total: Resources,
  ) {
    this.avail = total.clone();
  }
}

class FrameworkState {
  active = true;
  /** False for a framework known only from `used` resources, until `addFramework`. */
  known = false;
  gpu = false;
  revocable = false;
  refinement = false;
  readonly clients = new Map<string, Client>();
  constructor(readonly id: string) {}
}

/** The sort keys every DRF-sorted entry carries (see `SortItem`). */
abstract class Ranked {
  share = 0;
  count = 0;
  kShare = 0;
  kCount = 0;
}

/** A framework in one of its roles: what a role's DRF sorter orders. */
class Client extends Ranked implements SortItem {
  subscribed = false;
  suppressed = false;
  /** active framework, subscribed, not suppressed */
  offerable = false;
  readonly alloc: number[] = zeros();
  readonly allocs = new Map<AgentState, Alloc>();
  readonly filters = new Set<Filter>();
  readonly name: string;
  constructor(
    readonly idx: number,
    readonly fw: FrameworkState,
    readonly node: RoleNode,
  ) {
    super();
    this.name = fw.id;
  }
}

/** The virtual leaf standing for a role's own frameworks among its child roles. */
class SelfEntry extends Ranked implements SortItem {
  readonly isSelf = true as const;
  readonly name: string;
  constructor(readonly owner: RoleNode) {
    super();
    this.name = owner.name;
  }
}

class RoleNode extends Ranked implements SortItem {
  readonly isSelf = false as const;
  weight = 1;
  /** Child roles and, when there are any, `self`; DRF-sorted. */
  readonly children = new SortedList<RoleNode | SelfEntry>();
  readonly childRoles = new Map<string, RoleNode>();
  self: SelfEntry | null = null;
  /** This role's own frameworks, DRF-sorted. */
  readonly clients = new SortedList<Client>();
  /** Allocated to this role and its sub-roles (thousandths by scalar index). */
  readonly alloc: number[] = zeros();
  /** Allocated to this role's own frameworks. */
  readonly own: number[] = zeros();
  /** Unallocated reservations of this role and its sub-roles. */
  readonly resv: number[] = zeros();
  guarantee: Quantities | null = null;
  limit: Quantities | null = null;
  /** Unmet guarantee per scalar index (guarantee roles; kept current during a cycle). */
  deficit: number[] = zeros();
  /** Some entry of `deficit` is positive. */
  unmetAny = false;
  /** This node and its ancestors up to its top-level role (the root excluded). */
  readonly path: RoleNode[];
  /** Nodes of `path` with a guarantee, nearest first. */
  gPath: RoleNode[] = [];
  /** Top-most node of `path` with a guarantee (its unmet guarantee is held as headroom). */
  topG: RoleNode | null = null;
  /** Some node of `path` has a limit. */
  limPath = false;
  /** This subtree matters to the guarantee stage. */
  s1 = false;
  constructor(
    readonly name: string,
    readonly parent: RoleNode | null,
  ) {
    super();
    this.path = parent === null ? [] : [this, ...parent.path];
  }
}

function parseQuantities(input: QuantitiesInput | undefined, what: string): Quantities {
  if (input === undefined) return [];
  let rec: Readonly<Record<string, number>>;
  if (typeof input === 'string') {
    let r: Resources;
    try {
      r = Resources.parse(input);
    } catch (e) {
      throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', `${what}: ${(e as Error).message}`);
    }
    if (r.hasReservations() || r.toJSON().some((x) => x.type !== 'SCALAR')) {
      throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', `${what}: only unreserved scalar quantities are allowed`);
    }
    rec = r.quantities();
  } else rec = input;
  const out: [number, number][] = [];
  for (const [name, value] of Object.entries(rec)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', `${what}: bad quantity for '${name}'`);
    }
    out.push([scalarIndex(name), toMilli(value)]);
  }
  return out;
}

function toResources(input: ResourcesInput): Resources {
  try {
    if (input instanceof Resources) return input.clone();
    if (typeof input === 'string') return Resources.parse(input);
    return Resources.fromJSON(input);
  } catch (e) {
    if (e instanceof ResourcesError) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', e.message);
    throw e;
  }
}

function checkRole(role: string): void {
  const err = roleError(role);
  if (err !== null) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', err);
}

// ---------------------------------------------------------------------------------------------
// HierarchicalDRFAllocator

/** Mesos's hierarchical DRF allocator; `allocator.ts` describes the algorithm. */
export class HierarchicalDRFAllocator implements Allocator {
  private readonly clock: () => number;
  private readonly intervalMs: number;
  private readonly minAllocatable: Quantities[];
  private readonly filterGpu: boolean;

  private readonly agents = new Map<string, AgentState>();
  private readonly agentList: AgentState[] = [];
  private readonly frameworks = new Map<string, FrameworkState>();
  private readonly root = new RoleNode('', null);
  private readonly nodes = new Map<string, RoleNode>();
  private readonly weightOf = new Map<string, number>();
  private readonly quotaOf = new Map<string, { guarantee: Quantities; limit: Quantities }>();

  private readonly freeIdx: number[] = [];
  private nextIdx = 0;

  private readonly heap = new ExpiryHeap<Filter>();
  private liveFilters = 0;

  /** Cluster total, thousandths by scalar index. */
  private readonly total: number[] = zeros();
  /** Shares or membership changed outside a cycle: re-sort everything at the next one. */
  private sortDirty = true;
  private rotation = 0;
  private cycles = 0;
  private lastCycleMs = 0;
  private lastCycleOffers = 0;

  /** Top-most guarantee roles; non-empty means the headroom rule is active. */
  private topGuarantees: RoleNode[] = [];
  private guaranteeNodes: RoleNode[] = [];
  /** Quota flags of nodes need recomputing (`refreshQuotaFlags`) before the next cycle. */
  private quotaDirty = false;
  /** Guarantee roles with an unmet guarantee (cycle-local). */
  private unmetCount = 0;
  /**
   * Bumped by every event that may let some framework take an agent nobody could take before
   * (a framework added, activated or revived, a quota changed, and, while quotas exist, any
   * allocation or release, since those move limits and headroom).
   */
  private epoch = 0;
  /** Cycle-local: free unreserved non-revocable scalars, and what unmet guarantees need. */
  private readonly hrAvail: number[] = zeros();
  private readonly hrReq: number[] = zeros();

  // per-agent walk state
  private cur: AgentState | null = null;
  private curUnreserved = true;
  private curResvRoles: string[] = [];
  private curSpecial = false;
  private readonly touched: Client[] = [];
  private offersOut: Offer[] = [];
  private readonly scratch: number[] = zeros();
  /** Quantities of the resources being granted or released. */
  private readonly qv: number[] = zeros();
  private readonly need: number[] = zeros();

  constructor(options: HierarchicalDRFOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.intervalMs = options.allocationIntervalMs ?? 1000;
    this.filterGpu = options.filterGpuResources ?? true;
    const mins: readonly QuantitiesInput[] = options.minAllocatable ?? ['cpus:0.01', 'mem:32'];
    this.minAllocatable = mins.map((m, i) => parseQuantities(m, `minAllocatable[${i}]`));
  }

  // -------------------------------------------------------------------------------------------
  // Agents

  addAgent(agentId: string, total: ResourcesInput, options: AgentOptions = {}): void {
    if (this.agents.has(agentId)) throw new AllocatorError('PLT_ERR_ALLOCATOR_DUPLICATE', `agent ${agentId} already added`);
    const t = toResources(total).unallocate();
    const a = new AgentState(agentId, t);
    a.attributes = options.attributes ?? [];
    a.active = options.active ?? true;
    a.hasGpus = t.scalar('gpus') > 0;
    a.slot = this.agentList.length;
    this.agentList.push(a);
    this.agents.set(agentId, a);
    t.addScalarsTo(this.total, 1);
    this.accountReservations(a.avail, 1);
    this.sortDirty = true;
    this.capacityChanged();
    for (const u of options.used ?? []) {
      const fw = this.frameworks.get(u.frameworkId) ?? this.placeholderFramework(u.frameworkId);
      this.trackUsed(fw, a, toResources(u.resources));
    }
  }

  removeAgent(agentId: string): void {
    const a = this.agent(agentId);
    for (const al of [...a.allocs.values()]) this.dropAllocation(al);
    this.dropAgentFilters(a);
    this.accountReservations(a.avail, -1);
    a.total.addScalarsTo(this.total, -1);
    const last = this.agentList.pop()!;
    if (last !== a) {
      this.agentList[a.slot] = last;
      last.slot = a.slot;
    }
    this.agents.delete(agentId);
    this.sortDirty = true;
  }

  updateAgent(agentId: string, total: ResourcesInput, options: { readonly attributes?: readonly AgentAttribute[] } = {}): void {
    const a = this.agent(agentId);
    const t = toResources(total).unallocate();
    const allocated = new Resources();
    for (const al of a.allocs.values()) allocated.add(al.res);
    this.accountReservations(a.avail, -1);
    a.total.addScalarsTo(this.total, -1);
    a.total = t;
    a.avail = t.minus(allocated);
    a.availVersion++;
    a.hasGpus = t.scalar('gpus') > 0;
    if (options.attributes !== undefined) a.attributes = options.attributes;
    t.addScalarsTo(this.total, 1);
    this.accountReservations(a.avail, 1);
    this.sortDirty = true;
    this.capacityChanged();
  }

  activateAgent(agentId: string): void {
    const a = this.agent(agentId);
    a.active = true;
    a.wake++;
    this.capacityChanged();
  }

  deactivateAgent(agentId: string): void {
    this.agent(agentId).active = false;
  }

  // -------------------------------------------------------------------------------------------
  // Frameworks

  addFramework(frameworkId: string, options: FrameworkOptions): void {
    let fw = this.frameworks.get(frameworkId);
    if (fw !== undefined && fw.known) throw new AllocatorError('PLT_ERR_ALLOCATOR_DUPLICATE', `framework ${frameworkId} already added`);
    if (fw === undefined) {
      fw = new FrameworkState(frameworkId);
      this.frameworks.set(frameworkId, fw);
    }
    fw.known = true;
    fw.active = options.active ?? true;
    this.applyFrameworkOptions(fw, options);
    for (const u of options.used ?? []) this.trackUsed(fw, this.agent(u.agentId), toResources(u.resources));
  }

  updateFramework(frameworkId: string, options: Omit<FrameworkOptions, 'used'>): void {
    const fw = this.framework(frameworkId);
    if (options.active !== undefined) fw.active = options.active;
    this.applyFrameworkOptions(fw, options);
  }

  removeFramework(frameworkId: string): void {
    const fw = this.framework(frameworkId);
    for (const c of [...fw.clients.values()]) {
      for (const al of [...c.allocs.values()]) this.releaseAll(al);
      c.subscribed = false;
      this.maybeDropClient(c);
    }
    this.frameworks.delete(frameworkId);
  }

  activateFramework(frameworkId: string): void {
    const fw = this.framework(frameworkId);
    fw.active = true;
    this.refreshOfferable(fw);
    this.epoch++;
  }

  deactivateFramework(frameworkId: string): void {
    const fw = this.framework(frameworkId);
    fw.active = false;
    for (const c of fw.clients.values()) this.dropClientFilters(c);
    this.refreshOfferable(fw);
  }

  suppress(frameworkId: string, roles?: readonly string[]): void {
    const fw = this.framework(frameworkId);
    for (const c of this.clientsFor(fw, roles)) c.suppressed = true;
    this.refreshOfferable(fw);
  }

  revive(frameworkId: string, roles?: readonly string[]): void {
    const fw = this.framework(frameworkId);
    for (const c of this.clientsFor(fw, roles)) {
      c.suppressed = false;
      this.dropClientFilters(c);
    }
    this.refreshOfferable(fw);
    this.epoch++;
  }

  // -------------------------------------------------------------------------------------------
  // Resources coming back, operations

  recoverResources(frameworkId: string, agentId: string, resources: ResourcesInput, filters?: OfferFilters): void {
    const fw = this.frameworks.get(frameworkId);
    const a = this.agents.get(agentId);
    if (fw === undefined || a === undefined) return;
    for (const [client, part] of this.splitByClient(fw, a, toResources(resources))) {
      const al = client.allocs.get(a);
      if (al !== undefined) this.release(al, al.res.contains(part) ? part : al.res.intersection(part));
      if (filters !== undefined) this.installFilter(client, a, part, filters);
    }
  }

  updateAllocation(frameworkId: string, agentId: string, operations: readonly AllocationOperation[]): void {
    const fw = this.framework(frameworkId);
    const a = this.agent(agentId);
    for (const op of operations) {
      if (op.type === 'LAUNCH') {
        for (const [client, part] of this.splitByClient(fw, a, toResources(op.resources))) {
          const al = this.allocOf(client, a);
          const launched = al.res.contains(part) ? part : al.res.intersection(part);
          al.used = al.used === null ? launched : al.used.add(launched);
        }
        continue;
      }
      let consumed: Resources;
      let converted: Resources;
      if (op.type === 'RESERVE') {
        converted = toResources(op.resources);
        if (!converted.allDynamicallyReserved()) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', 'RESERVE needs dynamically reserved resources');
        consumed = converted.popReservations();
      } else if (op.type === 'UNRESERVE') {
        consumed = toResources(op.resources);
        if (!consumed.allDynamicallyReserved()) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', 'UNRESERVE needs dynamically reserved resources');
        converted = consumed.popReservations();
      } else {
        consumed = toResources(op.consumed);
        converted = toResources(op.converted);
      }
      const parts = this.splitByClient(fw, a, consumed);
      if (parts.size !== 1) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', `${op.type} must act on resources of one role`);
      const [[client, from]] = parts;
      this.convert(this.allocOf(client, a), from, converted.unallocate());
    }
  }

  reserve(agentId: string, resources: ResourcesInput): void {
    const a = this.agent(agentId);
    const res = toResources(resources).unallocate();
    if (res.isEmpty() || !res.allDynamicallyReserved()) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', 'reserve needs dynamically reserved resources');
    this.exchangeFree(a, res.popReservations(), res);
  }

  unreserve(agentId: string, resources: ResourcesInput): void {
    const a = this.agent(agentId);
    const res = toResources(resources).unallocate();
    if (res.isEmpty() || !res.allDynamicallyReserved()) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', 'unreserve needs dynamically reserved resources');
    this.exchangeFree(a, res, res.popReservations());
  }

  // -------------------------------------------------------------------------------------------
  // Quota and weights

  setQuota(role: string, quota: QuotaInput | null): void {
    checkRole(role);
    if (quota === null) this.quotaOf.delete(role);
    else {
      const guarantee = parseQuantities(quota.guarantee, `quota guarantee of ${role}`);
      const limit = parseQuantities(quota.limit, `quota limit of ${role}`);
      for (const [i, g] of guarantee) {
        const l = limit.find(([j]) => j === i);
        if (l !== undefined && l[1] < g) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', `quota of ${role}: ${scalarName(i)} guarantee exceeds its limit`);
      }
      this.quotaOf.set(role, { guarantee, limit });
    }
    const node = this.ensureNode(role);
    const q = this.quotaOf.get(role);
    node.guarantee = q !== undefined && q.guarantee.some(([, g]) => g > 0) ? q.guarantee : null;
    node.limit = q !== undefined && q.limit.length > 0 ? q.limit : null;
    this.quotaDirty = true;
    this.epoch++;
    this.maybePrune(node);
  }

  setWeight(role: string, weight: number): void {
    checkRole(role);
    if (!(weight > 0) || !Number.isFinite(weight)) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', `weight of ${role} must be a positive number`);
    if (weight === 1) this.weightOf.delete(role);
    else this.weightOf.set(role, weight);
    const node = this.nodes.get(role);
    if (node !== undefined) {
      node.weight = weight;
      this.maybePrune(node);
    }
    this.sortDirty = true;
  }

  // -------------------------------------------------------------------------------------------
  // Queries

  allocated(frameworkId: string, agentId?: string): Resources {
    return this.sumAllocs(frameworkId, agentId, (al) => al.res);
  }

  used(frameworkId: string, agentId?: string): Resources {
    return this.sumAllocs(frameworkId, agentId, (al) => al.used);
  }

  available(agentId: string): Resources {
    return this.agent(agentId).avail.clone();
  }

  agentTotal(agentId: string): Resources {
    return this.agent(agentId).total.clone();
  }

  roles(): RoleSummary[] {
    if (this.sortDirty) this.resort();
    const out: RoleSummary[] = [];
    for (const node of this.nodes.values()) {
      const consumed = node.alloc.slice();
      addVec(consumed, node.resv, 1);
      const q = this.quotaOf.get(node.name);
      out.push({
        role: node.name,
        weight: node.weight,
        frameworks: node.clients
          .toArray()
          .filter((c) => c.subscribed)
          .map((c) => c.fw.id),
        allocated: vecToRecord(node.alloc),
        reserved: vecToRecord(node.resv),
        consumedQuota: vecToRecord(consumed),
        ...(q !== undefined ? { quota: { guarantee: quantitiesToRecord(q.guarantee), limit: quantitiesToRecord(q.limit) } } : {}),
        share: node.share,
      });
    }
    return out.sort((x, y) => (x.role < y.role ? -1 : x.role > y.role ? 1 : 0));
  }

  quota(role: string): Quota | undefined {
    const q = this.quotaOf.get(role);
    return q === undefined ? undefined : { guarantee: quantitiesToRecord(q.guarantee), limit: quantitiesToRecord(q.limit) };
  }

  weights(): Record<string, number> {
    return Object.fromEntries(this.weightOf);
  }

  stats(): AllocatorStats {
    return {
      agents: this.agents.size,
      frameworks: this.frameworks.size,
      roles: this.nodes.size,
      filters: this.liveFilters,
      cycles: this.cycles,
      lastCycleMs: this.lastCycleMs,
      lastCycleOffers: this.lastCycleOffers,
    };
  }

  // -------------------------------------------------------------------------------------------
  // The cycle

  allocate(): Offer[] {
    const started = performance.now();
    this.expireFilters(this.clock());
    this.cycles++;
    if (this.sortDirty) this.resort();
    const offers: Offer[] = [];
    this.offersOut = offers;
    const list = this.agentList;
    const n = list.length;
    const start = n === 0 ? 0 : this.rotation % n;
    this.rotation = start + 1;

    if (this.quotaDirty) this.refreshQuotaFlags();
    if (this.guaranteeNodes.length > 0) this.startHeadroom();
    else this.unmetCount = 0;
    if (this.stage1Needed()) {
      for (let k = 0; k < n && this.unmetCount > 0; k++) {
        this.allocateAgent(list[(start + k) % n], 1);
      }
    }
    for (let k = 0; k < n; k++) {
      this.allocateAgent(list[(start + k) % n], 2);
    }
    this.cur = null;
    this.lastCycleMs = performance.now() - started;
    this.lastCycleOffers = offers.length;
    return offers;
  }

  private allocateAgent(a: AgentState, stage: 1 | 2): void {
    if (!a.active) return;
    if (a.deadEpoch === this.epoch && a.deadAvail === a.availVersion && a.deadWake === a.wake) return;
    if (a.avail.isEmpty() || !this.allocatable(a.avail)) return;
    if (a.filters !== null && a.snapVersion !== a.availVersion) this.validateCover(a);
    this.cur = a;
    this.setCurrentAvail(a);
    this.walk(this.root, stage);
    const touched = this.touched;
    if (touched.length > 0) {
      for (let i = 0; i < touched.length; i++) this.repositionClient(touched[i]);
      touched.length = 0;
    } else if (stage === 2) {
      // Nobody took anything here: skip this agent until something relevant changes.
      a.deadEpoch = this.epoch;
      a.deadAvail = a.availVersion;
      a.deadWake = a.wake;
    }
  }

  private setCurrentAvail(a: AgentState): void {
    const av = a.avail;
    if (av._x === null) {
      this.curUnreserved = true;
      this.curSpecial = false;
      return;
    }
    this.curUnreserved = av.hasUnreserved();
    this.curResvRoles = this.curUnreserved ? [] : av.reservationRoles();
    this.curSpecial = av.hasRevocable() || av.hasRefinedReservations();
  }

  /** Visits `node`'s children in DRF order; true once the agent has nothing left to offer. */
  private walk(node: RoleNode, stage: 1 | 2): boolean {
    const blocks = node.children.blocks;
    for (let b = 0; b < blocks.length; b++) {
      const blk = blocks[b];
      for (let i = 0; i < blk.length; i++) {
        const it = blk[i];
        let target: RoleNode;
        if (it.isSelf) target = it.owner;
        else {
          if (stage === 1 && !it.s1) continue;
          if (!this.curUnreserved && !this.subtreeMayTake(it)) continue;
          if (it.childRoles.size !== 0) {
            if (this.walk(it, stage)) return true;
            continue;
          }
          target = it;
        }
        if (target.clients.length !== 0 && this.visit(target, stage)) return true;
      }
    }
    return false;
  }

  /** With only reservations left on the agent: may some role of `node`'s subtree take one? */
  private subtreeMayTake(node: RoleNode): boolean {
    for (const q of this.curResvRoles) if (isRoleOrAncestor(q, node.name) || isRoleOrAncestor(node.name, q)) return true;
    return false;
  }

  /** Offers to the first eligible framework of `node`'s own; true once the agent is done. */
  private visit(node: RoleNode, stage: 1 | 2): boolean {
    if (stage === 1 && !this.needy(node)) return false;
    const a = this.cur!;
    const blocks = node.clients.blocks;
    const fc = a.fcover;
    const fe = a.fexist;
    const gpuBlock = a.hasGpus && this.filterGpu;
    let base: Resources | null | undefined;
    for (let b = 0; b < blocks.length; b++) {
      const blk = blocks[b];
      for (let i = 0; i < blk.length; i++) {
        const c = blk[i];
        if (!c.offerable || (gpuBlock && !c.fw.gpu)) continue;
        const idx = c.idx;
        if (fc !== null) {
          const w = idx >>> 5;
          if (w < fc.length && (fc[w] & (1 << (idx & 31))) !== 0) continue;
        }
        if (base === undefined) base = stage === 1 ? this.stage1Offer(node) : this.stage2Offer(node);
        if (base === null) return false;
        let res = base;
        if (this.curSpecial) {
          res = this.forFramework(c.fw, base);
          if (!this.allocatable(res)) continue;
        }
        if (fe !== null && bitTest(fe, idx) && this.isFiltered(a, c, res)) continue;
        this.grant(c, a, res);
        if (a.avail.isEmpty() || !this.allocatable(a.avail)) return true;
        this.setCurrentAvail(a);
        return false;
      }
    }
    return false;
  }

  /** Stage 2 offer for a role: all it may take here, within limits and headroom; null if none. */
  private stage2Offer(node: RoleNode): Resources | null {
    const a = this.cur!;
    let res = a.avail._x === null ? a.avail : a.avail.allocatableTo(node.name);
    const hr = this.topGuarantees.length > 0;
    if (node.limPath || hr) {
      const top = node.topG;
      res = res.capScalars((i, rr, revocable) => {
        let cap = node.limPath ? this.limitRoom(node, i, rr) : Infinity;
        if (hr && rr === null && !revocable && i < this.hrReq.length && this.hrReq[i] > 0) {
          const surplus = this.hrAvail[i] - this.hrReq[i];
          const mine = top !== null && i < top.deficit.length ? top.deficit[i] : 0;
          cap = Math.min(cap, mine + (surplus > 0 ? surplus : 0));
        }
        return cap;
      });
    }
    return this.allocatable(res) ? res : null;
  }

  /** Stage 1 offer: reservations plus unreserved scalars the unmet guarantees need; null if none. */
  private stage1Offer(node: RoleNode): Resources | null {
    const need = this.need;
    need.fill(0);
    for (const g of node.gPath) {
      if (!g.unmetAny) continue;
      for (const [i] of g.guarantee!) {
        const d = g.deficit[i];
        fit(need, i);
        if (d > need[i]) need[i] = d;
      }
    }
    const a = this.cur!;
    const res = a.avail.allocatableTo(node.name).capScalars((i, rr, revocable) => {
      if (revocable) return 0;
      let cap = node.limPath ? this.limitRoom(node, i, rr) : Infinity;
      if (rr !== null) return cap;
      const n = i < need.length ? need[i] : 0;
      if (n > 0) return Math.min(cap, n);
      if (i < this.hrReq.length && this.hrReq[i] > 0) {
        const surplus = this.hrAvail[i] - this.hrReq[i];
        cap = Math.min(cap, surplus > 0 ? surplus : 0);
      }
      return cap;
    });
    // Only worth it when it moves some guarantee forward.
    let progress = res.hasReservations();
    if (!progress) {
      const q = zeros();
      res.addScalarsTo(q, 1, ScalarFilter.UnreservedNonRevocable);
      for (let i = 0; i < need.length && !progress; i++) progress = need[i] > 0 && i < q.length && q[i] > 0;
    }
    return progress && this.allocatable(res) ? res : null;
  }

  /**
   * Thousandths of scalar `i` that `node` may still be allocated under its own and its
   * ancestors' limits. Resources reserved to an ancestor (`rr`) already count for that ancestor
   * and above, so only nodes below it are checked.
   */
  private limitRoom(node: RoleNode, i: number, rr: string | null): number {
    let room = Infinity;
    for (const p of node.path) {
      if (rr !== null && p.name === rr) break;
      if (p.limit === null) continue;
      for (const [j, l] of p.limit) {
        if (j === i) {
          const r = l - (i < p.alloc.length ? p.alloc[i] : 0) - (i < p.resv.length ? p.resv[i] : 0);
          if (r < room) room = r;
        }
      }
    }
    return room > 0 ? room : 0;
  }

  /** `base` without what a framework lacking a capability may not get. */
  private forFramework(fw: FrameworkState, base: Resources): Resources {
    let r = base;
    if (!fw.revocable && r.hasRevocable()) r = r.nonRevocable();
    if (!fw.refinement && r.hasRefinedReservations()) r = r.withoutRefinedReservations();
    return r;
  }

  /** Big enough to offer (`minAllocatable`)? */
  private allocatable(res: Resources): boolean {
    if (res.isEmpty()) return false;
    const mins = this.minAllocatable;
    if (mins.length === 0) return true;
    let q: number[] | null = null;
    if (res._x !== null) {
      q = this.scratch;
      q.fill(0);
      res.addScalarsTo(q, 1);
    }
    for (const alt of mins) {
      let ok = true;
      for (const [i, m] of alt) {
        let have: number;
        if (q !== null) have = i < q.length ? q[i] : 0;
        else have = i === 0 ? res._cpus : i === 1 ? res._mem : i === 2 ? res._disk : i === 3 ? res._gpus : 0;
        if (have < m) {
          ok = false;
          break;
        }
      }
      if (ok) return true;
    }
    return false;
  }

  /** Allocates `res` (taken from `a`'s free resources, possibly `a.avail` itself) to `c`. */
  private grant(c: Client, a: AgentState, res: Resources): void {
    if (res === a.avail) a.avail = new Resources();
    else a.avail.subtract(res);
    a.availVersion++;
    if (res._x !== null) this.accountReservations(res, -1);
    if (this.topGuarantees.length > 0) res.addScalarsTo(this.hrAvail, -1, ScalarFilter.UnreservedNonRevocable);
    let al = c.allocs.get(a);
    if (al === undefined) {
      al = new Alloc(c, a);
      al.res = res; // `res` is fresh or the detached free resources: adopt it
      c.allocs.set(a, al);
      a.allocs.set(c, al);
    } else al.res.add(res);
    this.addAllocated(c, this.quantitiesOf(res), 1);
    c.count++;
    const node = c.node;
    if (node.self !== null) node.self.count++;
    for (const p of node.path) p.count++;
    if (node.gPath.length > 0) for (const g of node.gPath) this.updateDeficit(g);
    if (this.guaranteeNodes.length > 0) this.epoch++;
    this.touched.push(c);

    const offered = res.clone().allocate(node.name);
    if (al.offerCycle === this.cycles && al.offer !== null) al.offer.resources.add(offered);
    else {
      al.offer = { frameworkId: c.fw.id, agentId: a.id, role: node.name, resources: offered };
      al.offerCycle = this.cycles;
      this.offersOut.push(al.offer);
    }
  }

  /** After an agent: moves the client and its roles to their new DRF places. */
  private repositionClient(c: Client): void {
    const total = this.total;
    c.share = dominantShare(c.alloc, total);
    const node = c.node;
    node.clients.reposition(c);
    if (node.self !== null) {
      node.self.share = dominantShare(node.own, total) / node.weight;
      node.children.reposition(node.self);
    }
    for (const p of node.path) {
      p.share = dominantShare(p.alloc, total) / p.weight;
      p.parent!.children.reposition(p);
    }
  }

  /** Recomputes every share and sorts every level. */
  private resort(): void {
    const total = this.total;
    const visit = (node: RoleNode): void => {
      for (const blk of node.clients.blocks) for (const c of blk) c.share = dominantShare(c.alloc, total);
      node.clients.sortAll();
      if (node.self !== null) node.self.share = dominantShare(node.own, total) / node.weight;
      for (const child of node.childRoles.values()) {
        child.share = dominantShare(child.alloc, total) / child.weight;
        visit(child);
      }
      node.children.sortAll();
    };
    visit(this.root);
    this.sortDirty = false;
  }

  // -------------------------------------------------------------------------------------------
  // Quota bookkeeping

  private refreshQuotaFlags(): void {
    const guaranteeNodes: RoleNode[] = [];
    const tops: RoleNode[] = [];
    const down = (node: RoleNode): boolean => {
      if (node.parent !== null) {
        const parent = node.parent;
        node.gPath = node.guarantee !== null ? [node, ...parent.gPath] : parent.gPath;
        node.topG = parent.topG ?? (node.guarantee !== null ? node : null);
        node.limPath = node.limit !== null || parent.limPath;
        if (node.guarantee !== null) {
          guaranteeNodes.push(node);
          if (parent.topG === null) tops.push(node);
        }
      }
      let below = node.guarantee !== null;
      for (const child of node.childRoles.values()) if (down(child)) below = true;
      node.s1 = below || node.gPath.length > 0;
      return below;
    };
    down(this.root);
    this.guaranteeNodes = guaranteeNodes;
    this.topGuarantees = tops;
    this.quotaDirty = false;
  }

  private unmet(g: RoleNode, i: number, m: number): number {
    const d = m - (i < g.alloc.length ? g.alloc[i] : 0) - (i < g.resv.length ? g.resv[i] : 0);
    return d > 0 ? d : 0;
  }

  /** Cycle start: free headroom, every guarantee's deficit, and what top guarantees hold back. */
  private startHeadroom(): void {
    const av = this.hrAvail;
    av.fill(0);
    for (const a of this.agentList) if (a.active) a.avail.addScalarsTo(av, 1, ScalarFilter.UnreservedNonRevocable);
    this.hrReq.fill(0);
    this.unmetCount = 0;
    for (const g of this.guaranteeNodes) {
      g.deficit = zeros();
      g.unmetAny = false;
      for (const [i, m] of g.guarantee!) {
        fit(g.deficit, i);
        g.deficit[i] = this.unmet(g, i, m);
        if (g.deficit[i] > 0) g.unmetAny = true;
      }
      if (g.unmetAny) this.unmetCount++;
    }
    for (const t of this.topGuarantees) {
      for (const [i] of t.guarantee!) {
        fit(this.hrReq, i);
        this.hrReq[i] += t.deficit[i];
      }
    }
  }

  /** After an allocation under guarantee role `g`: its new deficit (and headroom, if top). */
  private updateDeficit(g: RoleNode): void {
    const top = g.topG === g;
    let any = false;
    for (const [i, m] of g.guarantee!) {
      const d = this.unmet(g, i, m);
      if (top) {
        fit(this.hrReq, i);
        this.hrReq[i] += d - g.deficit[i];
      }
      g.deficit[i] = d;
      if (d > 0) any = true;
    }
    if (g.unmetAny && !any) this.unmetCount--;
    g.unmetAny = any;
  }

  /** Does `node` (or an ancestor) have a guarantee not met yet? */
  private needy(node: RoleNode): boolean {
    const gp = node.gPath;
    for (let i = 0; i < gp.length; i++) if (gp[i].unmetAny) return true;
    return false;
  }

  /** Some role with an unmet guarantee (its own or an ancestor's) has a framework to offer to. */
  private stage1Needed(): boolean {
    if (this.unmetCount === 0) return false;
    for (const g of this.guaranteeNodes) {
      if (!g.unmetAny) continue;
      const stack = [g];
      while (stack.length > 0) {
        const n = stack.pop()!;
        for (const blk of n.clients.blocks) for (const c of blk) if (c.offerable) return true;
        for (const child of n.childRoles.values()) stack.push(child);
      }
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Allocation bookkeeping

  /** Scalar quantities of `res` in the shared `qv` vector (valid until the next call). */
  private quantitiesOf(res: Resources): number[] {
    const q = this.qv;
    q.fill(0);
    res.addScalarsTo(q, 1);
    return q;
  }

  private addAllocated(c: Client, q: readonly number[], sign: number): void {
    addVec(c.alloc, q, sign);
    addVec(c.node.own, q, sign);
    for (const p of c.node.path) addVec(p.alloc, q, sign);
  }

  /** Adds (sign 1) or removes (-1) the reserved scalars of free resources to their roles. */
  private accountReservations(free: Resources, sign: number): void {
    if (free._x === null) return;
    free.forEachReservedScalar((role, i, m) => {
      const node = this.ensureNode(role);
      for (const p of node.path) {
        fit(p.resv, i);
        p.resv[i] += sign * m;
      }
      if (sign < 0) this.maybePrune(node);
    });
  }

  private allocOf(c: Client, a: AgentState): Alloc {
    const al = c.allocs.get(a);
    if (al === undefined) throw new AllocatorError('PLT_ERR_ALLOCATOR_UNAVAILABLE', `framework ${c.fw.id} holds nothing for role ${c.node.name} on agent ${a.id}`);
    return al;
  }

  /** Returns `res` (part of `al`) to the agent's free resources. */
  private release(al: Alloc, res: Resources): void {
    if (res.isEmpty()) return;
    const a = al.agent;
    const c = al.client;
    if (al.used !== null) {
      // Offered (unused) resources come back first, then used ones.
      const over = res.minus(al.res.minus(al.used));
      if (!over.isEmpty()) al.used.subtract(over);
    }
    al.res.subtract(res);
    a.avail.add(res);
    a.availVersion++;
    this.accountReservations(res, 1);
    this.addAllocated(c, this.quantitiesOf(res), -1);
    this.sortDirty = true;
    this.capacityChanged();
    if (al.res.isEmpty()) {
      c.allocs.delete(a);
      a.allocs.delete(c);
      this.maybeDropClient(c);
    }
  }

  private releaseAll(al: Alloc): void {
    this.release(al, al.res.clone());
  }

  /** Forgets an allocation whose agent is going away (nothing returns to free resources). */
  private dropAllocation(al: Alloc): void {
    this.addAllocated(al.client, this.quantitiesOf(al.res), -1);
    al.client.allocs.delete(al.agent);
    al.agent.allocs.delete(al.client);
    this.sortDirty = true;
    this.capacityChanged();
    this.maybeDropClient(al.client);
  }

  private convert(al: Alloc, consumed: Resources, converted: Resources): void {
    if (!al.res.contains(consumed)) throw new AllocatorError('PLT_ERR_ALLOCATOR_UNAVAILABLE', `framework ${al.client.fw.id} does not hold ${consumed.toString()} on agent ${al.agent.id}`);
    const q = zeros();
    converted.addScalarsTo(q, 1);
    consumed.addScalarsTo(q, -1);
    al.res.subtract(consumed).add(converted);
    if (al.used !== null && al.used.contains(consumed)) al.used.subtract(consumed).add(converted);
    const a = al.agent;
    a.total.subtract(consumed).add(converted);
    addVec(this.total, q, 1);
    this.addAllocated(al.client, q, 1);
    this.sortDirty = true;
    this.capacityChanged();
  }

  /** Replaces free `from` with `to` on an agent (operator reserve/unreserve). */
  private exchangeFree(a: AgentState, from: Resources, to: Resources): void {
    if (!a.avail.contains(from)) throw new AllocatorError('PLT_ERR_ALLOCATOR_UNAVAILABLE', `agent ${a.id} does not have ${from.toString()} free`);
    this.accountReservations(a.avail, -1);
    a.avail.subtract(from).add(to);
    a.total.subtract(from).add(to);
    a.availVersion++;
    this.accountReservations(a.avail, 1);
    this.capacityChanged();
  }

  /** Takes `res` (allocation roles say for which role) off `a`'s free resources for `fw`. */
  private trackUsed(fw: FrameworkState, a: AgentState, res: Resources): void {
    for (const [client, part] of this.splitByClient(fw, a, res, true)) {
      const take = a.avail.contains(part) ? part : a.avail.intersection(part);
      if (take.isEmpty()) continue;
      a.avail.subtract(take);
      a.availVersion++;
      this.accountReservations(take, -1);
      let al = client.allocs.get(a);
      if (al === undefined) {
        al = new Alloc(client, a);
        client.allocs.set(a, al);
        a.allocs.set(client, al);
      }
      al.res.add(take);
      al.used = al.used === null ? take.clone() : al.used.add(take);
      this.addAllocated(client, this.quantitiesOf(take), 1);
      this.sortDirty = true;
    }
  }

  /**
   * Splits `res` by allocation role into (client, unallocated part). Resources without
   * allocation info belong to the framework's only role on that agent (or only role at all).
   */
  private splitByClient(fw: FrameworkState, a: AgentState, res: Resources, create = false): Map<Client, Resources> {
    const out = new Map<Client, Resources>();
    if (res._x === null && res._role !== null) {
      // The usual case: one offer's worth, allocated to one role.
      let client = fw.clients.get(res._role);
      if (client === undefined && create) {
        checkRole(res._role);
        client = this.ensureClient(fw, res._role);
      }
      if (client !== undefined) out.set(client, res.unallocate());
      return out;
    }
    const roles: (string | null)[] = res.allocationRoles();
    if (res.hasUnallocated()) roles.push(null);
    for (const role of roles) {
      let client: Client | undefined;
      if (role === null) {
        const holding = [...fw.clients.values()].filter((c) => c.allocs.has(a));
        if (holding.length === 1) client = holding[0];
        else if (fw.clients.size === 1) client = [...fw.clients.values()][0];
        else throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', `resources for framework ${fw.id} need allocation_info.role`);
      } else {
        client = fw.clients.get(role);
        if (client === undefined && create) {
          checkRole(role);
          client = this.ensureClient(fw, role);
        }
      }
      if (client === undefined) continue;
      const part = res.allocatedTo(role).unallocate();
      const prior = out.get(client);
      out.set(client, prior === undefined ? part : prior.add(part));
    }
    return out;
  }

  private sumAllocs(frameworkId: string, agentId: string | undefined, pick: (al: Alloc) => Resources | null): Resources {
    const fw = this.framework(frameworkId);
    const a = agentId === undefined ? undefined : this.agent(agentId);
    const out = new Resources();
    for (const c of fw.clients.values()) {
      for (const al of c.allocs.values()) {
        if (a !== undefined && al.agent !== a) continue;
        const r = pick(al);
        if (r !== null) out.add(r.clone().allocate(c.node.name));
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Filters

  private installFilter(c: Client, a: AgentState, res: Resources, filters: OfferFilters): void {
    let seconds = filters.refuseSeconds ?? DEFAULT_REFUSE_SECONDS;
    if (!(seconds >= 0)) seconds = DEFAULT_REFUSE_SECONDS;
    if (seconds > MAX_REFUSE_SECONDS) seconds = MAX_REFUSE_SECONDS;
    if (seconds === 0 || res.isEmpty()) return;
    let shared = a.lastFilterRes;
    if (shared === null || !shared.equals(res)) {
      shared = res;
      a.lastFilterRes = res;
    }
    const f = new Filter(c, a, shared, this.clock() + Math.max(seconds * 1000, this.intervalMs));
    if (a.filters === null) a.filters = new Map();
    f.next = a.filters.get(c.idx) ?? null;
    a.filters.set(c.idx, f);
    a.fexist = bitSet(a.fexist, c.idx, this.bitWords());
    if (a.snap !== null && this.covers(f, a.snap, null)) a.fcover = bitSet(a.fcover, c.idx, this.bitWords());
    c.filters.add(f);
    this.heap.push(f);
    this.liveFilters++;
  }

  /** Does `f` cover everything its client could be offered from `free`? */
  private covers(f: Filter, free: Resources, perRole: Map<string, Resources> | null): boolean {
    if (free._x === null) return f.res.contains(free);
    const role = f.client.node.name;
    let offerable = perRole?.get(role);
    if (offerable === undefined) {
      offerable = free.allocatableTo(role);
      perRole?.set(role, offerable);
    }
    return f.res.contains(offerable);
  }

  /** Recomputes `fcover` for the agent's current free resources (unless they are unchanged). */
  private validateCover(a: AgentState): void {
    if (a.snap !== null && a.avail.equals(a.snap)) {
      a.snapVersion = a.availVersion;
      return;
    }
    a.snap = a.avail.clone();
    a.snapVersion = a.availVersion;
    if (a.fcover !== null) a.fcover.fill(0);
    const perRole = a.snap._x === null ? null : new Map<string, Resources>();
    for (const [idx, head] of a.filters!) {
      for (let f: Filter | null = head; f !== null; f = f.next) {
        if (this.covers(f, a.snap, perRole)) {
          a.fcover = bitSet(a.fcover, idx, this.bitWords());
          break;
        }
      }
    }
  }

  /** Words a client bitset needs for every client number handed out so far. */
  private bitWords(): number {
    return (this.nextIdx + 31) >>> 5;
  }

  private isFiltered(a: AgentState, c: Client, res: Resources): boolean {
    for (let f = a.filters!.get(c.idx) ?? null; f !== null; f = f.next) if (f.res.contains(res)) return true;
    return false;
  }

  private expireFilters(now: number): void {
    const heap = this.heap;
    for (let f = heap.peek(); f !== undefined && f.expiresAt <= now; f = heap.peek()) {
      heap.pop();
      if (!f.dead) this.removeFilter(f);
    }
    if (heap.size > 1024 && heap.size > 2 * this.liveFilters) heap.compact();
  }

  private removeFilter(f: Filter): void {
    f.dead = true;
    this.liveFilters--;
    const c = f.client;
    const a = f.agent;
    a.wake++;
    c.filters.delete(f);
    const filters = a.filters!;
    const head = filters.get(c.idx)!;
    let rest: Filter | null;
    if (head === f) rest = f.next;
    else {
      rest = head;
      for (let p = head; p.next !== null; p = p.next) {
        if (p.next === f) {
          p.next = f.next;
          break;
        }
      }
    }
    bitClear(a.fcover, c.idx);
    if (rest === null) {
      filters.delete(c.idx);
      bitClear(a.fexist, c.idx);
      if (filters.size === 0) {
        a.filters = null;
        a.fexist = null;
        a.fcover = null;
        a.snap = null;
        a.snapVersion = -1;
      }
      return;
    }
    filters.set(c.idx, rest);
    if (a.snap !== null) {
      for (let g: Filter | null = rest; g !== null; g = g.next) {
        if (this.covers(g, a.snap, null)) {
          a.fcover = bitSet(a.fcover, c.idx);
          break;
        }
      }
    }
  }

  private dropClientFilters(c: Client): void {
    for (const f of [...c.filters]) this.removeFilter(f);
  }

  private dropAgentFilters(a: AgentState): void {
    if (a.filters === null) return;
    const all: Filter[] = [];
    for (const head of a.filters.values()) for (let f: Filter | null = head; f !== null; f = f.next) all.push(f);
    for (const f of all) this.removeFilter(f);
  }

  // -------------------------------------------------------------------------------------------
  // Roles, clients, frameworks

  private ensureNode(role: string): RoleNode {
    let node = this.nodes.get(role);
    if (node !== undefined) return node;
    const slash = role.lastIndexOf('/');
    const parent = slash < 0 ? this.root : this.ensureNode(role.slice(0, slash));
    node = new RoleNode(role, parent);
    node.weight = this.weightOf.get(role) ?? 1;
    const q = this.quotaOf.get(role);
    if (q !== undefined) {
      node.guarantee = q.guarantee.some(([, g]) => g > 0) ? q.guarantee : null;
      node.limit = q.limit.length > 0 ? q.limit : null;
    }
    this.nodes.set(role, node);
    parent.childRoles.set(role, node);
    parent.children.insert(node);
    if (parent !== this.root && parent.self === null) {
      const self = new SelfEntry(parent);
      for (const blk of parent.clients.blocks) for (const c of blk) self.count += c.count;
      parent.self = self;
      parent.children.insert(self);
    }
    if (q !== undefined || this.quotaDirty) this.quotaDirty = true;
    else {
      // A new leaf without quota inherits its flags and changes nobody else's.
      node.gPath = parent.gPath;
      node.topG = parent.topG;
      node.limPath = parent.limPath;
      node.s1 = node.gPath.length > 0;
    }
    this.sortDirty = true;
    return node;
  }

  /** Removes nodes that no longer hold anything, walking up. */
  private maybePrune(node: RoleNode): void {
    let n: RoleNode | null = node;
    while (n !== null && n !== this.root) {
      if (n.clients.length > 0 || n.childRoles.size > 0 || this.quotaOf.has(n.name) || this.weightOf.has(n.name)) return;
      if (n.alloc.some((x) => x !== 0) || n.resv.some((x) => x !== 0)) return;
      const parent: RoleNode = n.parent!;
      parent.childRoles.delete(n.name);
      parent.children.remove(n);
      if (parent.childRoles.size === 0 && parent.self !== null) {
        parent.children.remove(parent.self);
        parent.self = null;
      }
      this.nodes.delete(n.name);
      n = parent;
    }
  }

  private ensureClient(fw: FrameworkState, role: string): Client {
    let c = fw.clients.get(role);
    if (c !== undefined) return c;
    const node = this.ensureNode(role);
    const idx = this.freeIdx.length > 0 ? this.freeIdx.pop()! : this.nextIdx++;
    c = new Client(idx, fw, node);
    fw.clients.set(role, c);
    node.clients.insert(c);
    this.sortDirty = true;
    return c;
  }

  /** Forgets a client that is neither subscribed nor holding anything. */
  private maybeDropClient(c: Client): void {
    if (c.subscribed || c.allocs.size > 0) return;
    this.dropClientFilters(c);
    const node = c.node;
    node.clients.remove(c);
    c.fw.clients.delete(node.name);
    this.freeIdx.push(c.idx);
    this.maybePrune(node);
  }

  private applyFrameworkOptions(fw: FrameworkState, options: Omit<FrameworkOptions, 'used'>): void {
    if (options.roles.length === 0) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', `framework ${fw.id} has no role`);
    for (const r of options.roles) checkRole(r);
    const caps = new Set(options.capabilities ?? []);
    fw.gpu = caps.has('GPU_RESOURCES');
    fw.revocable = caps.has('REVOCABLE_RESOURCES');
    fw.refinement = caps.has('RESERVATION_REFINEMENT');
    const roles = new Set(options.roles);
    const suppressed = new Set(options.suppressedRoles ?? []);
    for (const r of suppressed) {
      if (!roles.has(r)) throw new AllocatorError('PLT_ERR_ALLOCATOR_INVALID', `suppressed role ${r} is not a role of framework ${fw.id}`);
    }
    for (const role of roles) {
      const c = this.ensureClient(fw, role);
      c.subscribed = true;
      c.suppressed = suppressed.has(role);
    }
    for (const c of [...fw.clients.values()]) {
      if (!roles.has(c.node.name)) {
        c.subscribed = false;
        this.maybeDropClient(c);
      }
    }
    this.refreshOfferable(fw);
    this.epoch++;
  }

  private refreshOfferable(fw: FrameworkState): void {
    for (const c of fw.clients.values()) c.offerable = fw.active && fw.known && c.subscribed && !c.suppressed;
  }

  /**
   * Free capacity or quota consumption moved (a release, a new or resized agent): with quotas,
   * limits and headroom may now let some framework take any agent.
   */
  private capacityChanged(): void {
    if (this.quotaOf.size > 0) this.epoch++;
  }

  private clientsFor(fw: FrameworkState, roles: readonly string[] | undefined): Client[] {
    if (roles === undefined || roles.length === 0) return [...fw.clients.values()];
    const out: Client[] = [];
    for (const r of roles) {
      const c = fw.clients.get(r);
      if (c !== undefined) out.push(c);
    }
    return out;
  }

  private placeholderFramework(id: string): FrameworkState {
    const fw = new FrameworkState(id);
    fw.active = false;
    this.frameworks.set(id, fw);
    return fw;
  }

  private agent(id: string): AgentState {
    const a = this.agents.get(id);
    if (a === undefined) throw new AllocatorError('PLT_ERR_ALLOCATOR_UNKNOWN_AGENT', `unknown agent ${id}`);
    return a;
  }

  private framework(id: string): FrameworkState {
    const fw = this.frameworks.get(id);
    if (fw === undefined) throw new AllocatorError('PLT_ERR_ALLOCATOR_UNKNOWN_FRAMEWORK', `unknown framework ${id}`);
    return fw;
  }
}
