/**
 * The master's allocator: which framework is offered which agent's free resources.
 *
 * This file is the contract: `Allocator`, which the master calls (another policy may implement
 * it), and its types. `HierarchicalDRFAllocator` (hierarchical-drf.ts; allocator/index exports
 * both) is Mesos's hierarchical allocator: weighted DRF over a role tree,
 * quota guarantees first and quota limits always, reservations, refuse filters, suppress/revive.
 * It is pure in-memory logic with an injectable clock: no I/O, no timers. The master runs
 * `allocate()` every allocation interval (and after events if it likes), turns the returned
 * offers into OFFERS events, and reports back declines, launches and finished tasks.
 *
 * Allocation cycle (Mesos `__allocate`):
 *  1. Quota guarantee stage: for each agent, roles whose guarantee (or an ancestor's) is not met,
 *     in DRF order, get their reservations plus the unreserved scalars the guarantee still needs.
 *  2. Fair share stage: for each agent, roles in DRF order, frameworks in DRF order within their
 *     role; the first framework that is active, not suppressed, capable and not filtered gets
 *     everything its role may take on that agent (so an agent's free resources go to one
 *     framework, except reservations of other roles), cut to the role's quota limits and to the
 *     unreserved headroom still needed for other roles' unmet guarantees.
 * Roles are sorted once per cycle; after each agent the frameworks and roles that received
 * something move to their new place (binary search + block move), so the order each agent sees
 * reflects every allocation before it, as in Mesos where the sorter re-sorts per agent.
 */

import type { ResourceInputJSON, Resources } from '@plateau/mesos';

// ---------------------------------------------------------------------------------------------
// Contract

/** Resources as the allocator accepts them: an object (copied), agent text, or v1 JSON. */
export type ResourcesInput = Resources | string | readonly ResourceInputJSON[];

/** Scalar quantities by name (`{ cpus: 4, mem: 1024 }`) or as text (`cpus:4;mem:1024`). */
export type QuantitiesInput = Readonly<Record<string, number>> | string;

/** An agent attribute as in Mesos v1 JSON (opaque to the allocator, kept for the master). */
export type AgentAttribute = Readonly<Record<string, unknown>>;

/** Resources a framework already uses (after a master failover, say), by agent or by framework. */
export interface UsedResources {
  /** Resources with `allocation_info.role` set (or, for a single-role framework, without). */
  readonly resources: ResourcesInput;
}

/** Options of `addAgent`. */
export interface AgentOptions {
  readonly attributes?: readonly AgentAttribute[];
  /** Resources of this agent already allocated to frameworks (re-registration after failover). */
  readonly used?: readonly (UsedResources & { readonly frameworkId: string })[];
  /** Starts deactivated (never offered) when false. Default true. */
  readonly active?: boolean;
}

/** A framework's subscription as the allocator needs it. */
export interface FrameworkOptions {
  /** Roles the framework subscribes to (MULTI_ROLE); at least one. */
  readonly roles: readonly string[];
  /** FrameworkInfo capability types: GPU_RESOURCES, REVOCABLE_RESOURCES, RESERVATION_REFINEMENT... */
  readonly capabilities?: readonly string[];
  /** Roles suppressed from the start (SUBSCRIBE `suppressed_roles`). */
  readonly suppressedRoles?: readonly string[];
  /** Starts deactivated when false. Default true. */
  readonly active?: boolean;
  /** Resources it already uses on agents (framework re-subscribing after failover). */
  readonly used?: readonly (UsedResources & { readonly agentId: string })[];
}

/** DECLINE/ACCEPT `filters`: how long not to offer these resources again. */
export interface OfferFilters {
  /** Seconds; default 5, negative means default, capped at 365 days, 0 installs no filter. */
  readonly refuseSeconds?: number;
}

/** One offer: everything `frameworkId` gets on `agentId` for `role` in this cycle. */
export interface Offer {
  readonly frameworkId: string;
  readonly agentId: string;
  readonly role: string;
  /** The offered resources, `allocation_info.role` set to `role`; owned by the caller. */
  readonly resources: Resources;
}

/** A role's quota: what it is guaranteed, and what it may never exceed (subtree included). */
export interface QuotaInput {
  readonly guarantee?: QuantitiesInput;
  readonly limit?: QuantitiesInput;
}

/** Quota as stored: quantities by name. */
export interface Quota {
  readonly guarantee: Readonly<Record<string, number>>;
  readonly limit: Readonly<Record<string, number>>;
}

/** A change to resources a framework holds (`updateAllocation`). */
export type AllocationOperation =
  /** Tasks launched on these (offered) resources: they count as used from now on. */
  | { readonly type: 'LAUNCH'; readonly resources: ResourcesInput }
  /** RESERVE offer operation: `resources` carry the new (last) reservation. */
  | { readonly type: 'RESERVE'; readonly resources: ResourcesInput }
  /** UNRESERVE offer operation: `resources` lose their last reservation. */
  | { readonly type: 'UNRESERVE'; readonly resources: ResourcesInput }
  /** Any conversion (CREATE/DESTROY volume, ...): `consumed` becomes `converted`. */
  | { readonly type: 'CONVERT'; readonly consumed: ResourcesInput; readonly converted: ResourcesInput };

/** A role as GET_ROLES and the web UI show it. */
export interface RoleSummary {
  readonly role: string;
  readonly weight: number;
  /** Frameworks subscribed to exactly this role. */
  readonly frameworks: string[];
  /** Scalars allocated to this role and its sub-roles. */
  readonly allocated: Record<string, number>;
  /** Unallocated reservations of this role and its sub-roles. */
  readonly reserved: Record<string, number>;
  /** allocated + reserved: what counts against quota. */
  readonly consumedQuota: Record<string, number>;
  readonly quota?: Quota;
  /** Weighted dominant share. */
  readonly share: number;
}

/** Counters for metrics. */
export interface AllocatorStats {
  readonly agents: number;
  readonly frameworks: number;
  readonly roles: number;
  /** Refuse filters in force. */
  readonly filters: number;
  readonly cycles: number;
  readonly lastCycleMs: number;
  readonly lastCycleOffers: number;
}

/** What the master needs from an allocation policy. */
export interface Allocator {
  /** Adds an agent with its total resources (static reservations included). */
  addAgent(agentId: string, total: ResourcesInput, options?: AgentOptions): void;
  /** Removes an agent and everything allocated or filtered on it. */
  removeAgent(agentId: string): void;
  /** Replaces an agent's total (resize, oversubscription); allocations stay. */
  updateAgent(agentId: string, total: ResourcesInput, options?: { readonly attributes?: readonly AgentAttribute[] }): void;
  /** Makes an agent offerable again (maintenance over). */
  activateAgent(agentId: string): void;
  /** Stops offering an agent (draining, maintenance); allocations stay. */
  deactivateAgent(agentId: string): void;

  /** Adds a framework (SUBSCRIBE). */
  addFramework(frameworkId: string, options: FrameworkOptions): void;
  /** Changes roles, capabilities or suppressed roles (UPDATE_FRAMEWORK, re-SUBSCRIBE). */
  updateFramework(frameworkId: string, options: Omit<FrameworkOptions, 'used'>): void;
  /** Removes a framework; all it holds returns to the agents. */
  removeFramework(frameworkId: string): void;
  /** Offers to the framework again (reconnected). */
  activateFramework(frameworkId: string): void;
  /** No offers while disconnected; its filters are dropped. */
  deactivateFramework(frameworkId: string): void;
  /** SUPPRESS: no offers for these roles (all when absent or empty). */
  suppress(frameworkId: string, roles?: readonly string[]): void;
  /** REVIVE: un-suppress these roles (all when absent or empty) and drop their filters. */
  revive(frameworkId: string, roles?: readonly string[]): void;

  /**
   * Resources a framework gives back: declined or unused offer parts (with `filters`), or
   * resources of finished tasks. Unknown framework or agent: ignored (already recovered).
   */
  recoverResources(frameworkId: string, agentId: string, resources: ResourcesInput, filters?: OfferFilters): void;
  /** Applies operations to what a framework holds on an agent (launch, reserve, ...). */
  updateAllocation(frameworkId: string, agentId: string, operations: readonly AllocationOperation[]): void;
  /** Operator RESERVE_RESOURCES: `resources` (dynamically reserved) from free resources. */
  reserve(agentId: string, resources: ResourcesInput): void;
  /** Operator UNRESERVE_RESOURCES: free dynamically reserved resources lose their reservation. */
  unreserve(agentId: string, resources: ResourcesInput): void;

  /** Runs one allocation cycle and returns the offers it made. */
  allocate(): Offer[];

  /** Sets (or with null removes) a role's quota. */
  setQuota(role: string, quota: QuotaInput | null): void;
  /** Sets a role's weight (default 1). */
  setWeight(role: string, weight: number): void;

  /** What a framework holds (offered + used), on one agent or all, with allocation roles. */
  allocated(frameworkId: string, agentId?: string): Resources;
  /** What a framework's launched tasks use, on one agent or all. */
  used(frameworkId: string, agentId?: string): Resources;
  /** An agent's free resources. */
  available(agentId: string): Resources;
  /** An agent's total resources. */
  agentTotal(agentId: string): Resources;
  /** Roles the allocator knows, sorted by name. */
  roles(): RoleSummary[];
  /** A role's quota, if set. */
  quota(role: string): Quota | undefined;
  /** Weights set explicitly, by role. */
  weights(): Record<string, number>;
  /** Counters. */
  stats(): AllocatorStats;
}
