/** An agent as the master tracks it: what it announced, its link, its tasks and offers. */
import type { Resources } from '@plateau/mesos';
import type { AgentID, AgentInfo, AgentInfo_Capability } from '@plateau/mesos';
import type { AgentSession } from '../agent-link/session';
import type { OfferRecord } from './offer';
import type { TaskRecord } from './task';

/** A Set that counts its changes into its owner's `changes` (what views cache against). */
class CountingSet<T> extends Set<T> {
  constructor(private readonly owner: { changes: number }) {
    super();
  }
  override add(value: T): this {
    this.owner.changes++;
    return super.add(value);
  }
  override delete(value: T): boolean {
    this.owner.changes++;
    return super.delete(value);
  }
}

/** AgentRecord: one registered agent (connected, disconnected, or unreachable). */
export class AgentRecord {
  readonly idObj: AgentID;
  /** AgentInfo as registered, id set; `resources` is its total as announced. */
  info: AgentInfo;
  /** Current total (static resources plus dynamic reservations and volumes made through the master). */
  total: Resources;
  version = '';
  capabilities: AgentInfo_Capability[] = [];
  /** `slave(1)@ip:port`, as Mesos tools expect it. */
  pid = '';

  /** The open agent link, or null while disconnected. */
  session: AgentSession | null = null;
  /** Pings sent without a Pong since the last Pong. */
  missedPings = 0;
  /** A Pong (or any message) came since the last ping round. */
  heardFrom = true;
  /** Known to the allocator (not while unreachable). */
  inAllocator = false;
  /** Not offered (operator DEACTIVATE_AGENT / draining). */
  deactivated = false;
  /** Marked unreachable at this time (ms); undefined while reachable. */
  unreachableTime: number | undefined;

  /** Cached JSON of what rarely changes, for the state endpoints; reset when it changes. */
  v1Cache: { info: string; total: string; capabilities: string } | undefined;
  legacyCache: string | undefined;

  registeredTime: number;
  reregisteredTime: number | undefined;

  /**
   * Counts changes to what it holds (tasks, offers, a task giving its resources back), so that
   * views can cache what derives from them.
   */
  changes = 0;
  /** Tasks on it. */
  readonly tasks: Set<TaskRecord> = new CountingSet<TaskRecord>(this);
  /** Outstanding offers of its resources. */
  readonly offers: Set<OfferRecord> = new CountingSet<OfferRecord>(this);

  constructor(
    readonly id: string,
    info: AgentInfo,
    total: Resources,
    now: number,
  ) {
    this.idObj = { value: id };
    this.info = { ...info, id: this.idObj };
    this.total = total;
    this.registeredTime = now;
  }

  /** Connected and reachable: tasks may be sent to it. */
  get connected(): boolean {
    return this.session !== null && this.unreachableTime === undefined;
  }

  /** Forgets the cached JSON (info, total or capabilities changed). */
  invalidateViews(): void {
    this.v1Cache = undefined;
    this.legacyCache = undefined;
  }
}
