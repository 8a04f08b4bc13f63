/**
 * Inverse offers (Mesos maintenance primitives): while a machine is DRAINING (in the schedule,
 * not yet DOWN), every framework that holds resources on one of its agents (tasks or offers) gets
 * an INVERSE_OFFERS event with the machine's unavailability, one outstanding per framework and
 * agent. The framework answers with ACCEPT_INVERSE_OFFERS or DECLINE_INVERSE_OFFERS; the answer
 * is recorded by machine and shown by GET_MAINTENANCE_STATUS. Sent after each allocation round.
 * As in Mesos's allocator, an answer (accept or decline) filters the pair for the answer's
 * `filters.refuse_seconds` (default 5 s, 0 for none); once it runs out, a machine still DRAINING
 * is offered again. REVIVE and a change of the machine's unavailability drop the filters.
 */
import type { InverseOffer, InverseOfferStatus, InverseOfferStatus_Status, OfferID } from '@plateau/mesos';
import { timeInfoFromMillis } from '@plateau/mesos';
import type { MasterCore } from '../core';
import type { AgentRecord, FrameworkRecord } from '../state/index';
import { agentOnMachine, scheduledMachines } from './machines';
import type { MaintenanceStore } from './store';

/** An inverse offer this master made and nobody answered yet. */
interface Outstanding {
  id: string;
  frameworkId: string;
  agentId: string;
  machine: string;
}

/** Mesos's Filters.refuse_seconds default, and its cap (365 days). */
const DEFAULT_REFUSE_SECONDS = 5;
const MAX_REFUSE_SECONDS = 365 * 24 * 3600;

/** A framework's answer keeps its agent's inverse offers away until `until` (ms). */
interface Filter {
  machine: string;
  until: number;
}

/** InverseOffers: outstanding inverse offers and the frameworks' answers, by machine. */
export class InverseOffers {
  private readonly outstanding = new Map<string, Outstanding>();
  private readonly byPair = new Map<string, Outstanding>();
  /** Refusal filters by `frameworkId|agentId`. */
  private readonly filters = new Map<string, Filter>();
  /** Answers (UNKNOWN while outstanding) by machine key, then framework id. */
  readonly statuses = new Map<string, Map<string, InverseOfferStatus>>();
  private next = 0;

  constructor(private readonly store: MaintenanceStore) {}

  /** Forgets everything (a new leader starts without inverse offers, as Mesos's allocator does). */
  clear(): void {
    this.outstanding.clear();
    this.byPair.clear();
    this.filters.clear();
    this.statuses.clear();
  }

  /** Makes the inverse offers due: frameworks on agents of DRAINING machines that have none. */
  send(m: MasterCore): void {
    if ((this.store.schedule.windows ?? []).length === 0) return;
    const machines = [...scheduledMachines(this.store.schedule)].filter(([key]) => !this.store.down.has(key));
    if (machines.length === 0) return;
    // An inverse offer ends with its framework or agent (removed, or its framework disconnected:
    // a framework that comes back is asked again).
    for (const o of [...this.outstanding.values()]) {
      const fw = m.state.frameworks.get(o.frameworkId);
      if (fw === undefined || !fw.connected || !m.state.agents.has(o.agentId)) this.drop(o);
    }
    const now = m.now();
    for (const [pair, f] of this.filters) if (f.until <= now) this.filters.delete(pair);
    const byFramework = new Map<FrameworkRecord, InverseOffer[]>();
    for (const agent of m.state.agents.values()) {
      if (!agent.connected) continue;
      const hit = machines.find(([, s]) => agentOnMachine(agent, s.id));
      if (hit === undefined) continue;
      const [key, { window }] = hit;
      for (const fw of frameworksOn(agent)) {
        if (!fw.connected || fw.stream === null) continue;
        const pair = `${fw.id}|${agent.id}`;
        if (this.byPair.has(pair) || this.filters.has(pair)) continue;
        const o: Outstanding = { id: `${m.info.id}-I${++this.next}`, frameworkId: fw.id, agentId: agent.id, machine: key };
        this.outstanding.set(o.id, o);
        this.byPair.set(pair, o);
        // A repeated inverse offer keeps the framework's last answer in the status, as Mesos does.
        if (this.statuses.get(key)?.get(fw.id) === undefined) this.record(key, fw.id, 'UNKNOWN', m.now());
        let list = byFramework.get(fw);
        if (list === undefined) byFramework.set(fw, (list = []));
        list.push({
          id: { value: o.id },
          url: { scheme: agent.scheme, address: { hostname: agent.info.hostname, port: agent.info.port ?? 5051 }, path: '/slave(1)' },
          framework_id: fw.idObj,
          agent_id: agent.idObj,
          unavailability: window.unavailability,
        });
      }
    }
    for (const [fw, inverse] of byFramework) fw.stream?.send({ type: 'INVERSE_OFFERS', inverse_offers: { inverse_offers: inverse } });
  }

  /**
   * ACCEPT_INVERSE_OFFERS / DECLINE_INVERSE_OFFERS: records the framework's answer and filters the
   * pair for `refuseSeconds` (Mesos's rules: absent or negative → 5 s, capped at 365 days, 0 → no
   * filter). Returns the ids that are not outstanding inverse offers of this framework (nothing is
   * recorded then).
   */
  answer(m: MasterCore, fw: FrameworkRecord, ids: readonly OfferID[], status: 'ACCEPT' | 'DECLINE', refuseSeconds?: number): string[] {
    const unknown = ids.filter((id) => this.outstanding.get(id.value)?.frameworkId !== fw.id).map((id) => id.value);
    if (unknown.length > 0) return unknown;
    for (const id of ids) {
      const o = this.outstanding.get(id.value)!;
      this.drop(o);
      this.record(o.machine, fw.id, status, m.now());
      const seconds = refuseSecondsOf(refuseSeconds);
      if (seconds > 0) this.filters.set(`${o.frameworkId}|${o.agentId}`, { machine: o.machine, until: m.now() + seconds * 1000 });
    }
    return [];
  }

  /** REVIVE: the framework's inverse offer filters go (Mesos's reviveOffers clears them too). */
  revive(frameworkId: string): void {
    for (const pair of [...this.filters.keys()]) if (pair.startsWith(`${frameworkId}|`)) this.filters.delete(pair);
  }

  /** A machine's unavailability changed: frameworks are asked again at once (Mesos's updateUnavailability). */
  dropFilters(keys: ReadonlySet<string>): void {
    for (const [pair, f] of [...this.filters]) if (keys.has(f.machine)) this.filters.delete(pair);
  }

  /** Takes back the inverse offers of machines no longer DRAINING (RESCIND_INVERSE_OFFER) and forgets their answers. */
  forgetMachines(m: MasterCore, keys: ReadonlySet<string>): void {
    for (const o of [...this.outstanding.values()]) {
      if (!keys.has(o.machine)) continue;
      this.drop(o);
      m.state.frameworks.get(o.frameworkId)?.stream?.send({ type: 'RESCIND_INVERSE_OFFER', rescind_inverse_offer: { inverse_offer_id: { value: o.id } } });
    }
    for (const k of keys) this.statuses.delete(k);
    this.dropFilters(keys);
  }

  /** The answers recorded for a machine. */
  statusesOf(key: string): InverseOfferStatus[] {
    return [...(this.statuses.get(key)?.values() ?? [])];
  }

  private record(machine: string, frameworkId: string, status: InverseOfferStatus_Status, now: number): void {
    let byFw = this.statuses.get(machine);
    if (byFw === undefined) this.statuses.set(machine, (byFw = new Map()));
    byFw.set(frameworkId, { status, framework_id: { value: frameworkId }, timestamp: timeInfoFromMillis(now) });
  }

  private drop(o: Outstanding): void {
    this.outstanding.delete(o.id);
    this.byPair.delete(`${o.frameworkId}|${o.agentId}`);
  }
}

function refuseSecondsOf(asked: number | undefined): number {
  if (asked === undefined || !(asked >= 0)) return DEFAULT_REFUSE_SECONDS;
  return Math.min(asked, MAX_REFUSE_SECONDS);
}

/** Frameworks holding resources on an agent: running tasks or outstanding offers. */
function frameworksOn(agent: AgentRecord): Set<FrameworkRecord> {
  const out = new Set<FrameworkRecord>();
  for (const t of agent.tasks) if (!t.terminal) out.add(t.framework);
  for (const o of agent.offers) out.add(o.framework);
  return out;
}

