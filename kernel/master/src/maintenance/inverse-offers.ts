/**
 * Inverse offers (Mesos maintenance primitives): while a machine is DRAINING (in the schedule,
 * not yet DOWN), every framework that holds resources on one of its agents (tasks or offers) gets
 * an INVERSE_OFFERS event with the machine's unavailability, one outstanding per framework and
 * agent. The framework answers with ACCEPT_INVERSE_OFFERS or DECLINE_INVERSE_OFFERS; the answer
 * is recorded by machine and shown by GET_MAINTENANCE_STATUS. Sent after each allocation round.
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

/** InverseOffers: outstanding inverse offers and the frameworks' answers, by machine. */
export class InverseOffers {
  private readonly outstanding = new Map<string, Outstanding>();
  private readonly byPair = new Map<string, Outstanding>();
  /** Answers (UNKNOWN while outstanding) by machine key, then framework id. */
  readonly statuses = new Map<string, Map<string, InverseOfferStatus>>();
  private next = 0;

  constructor(private readonly store: MaintenanceStore) {}

  /** Forgets everything (a new leader starts without inverse offers, as Mesos's allocator does). */
  clear(): void {
    this.outstanding.clear();
    this.byPair.clear();
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
    const byFramework = new Map<FrameworkRecord, InverseOffer[]>();
    for (const agent of m.state.agents.values()) {
      if (!agent.connected) continue;
      const hit = machines.find(([, s]) => agentOnMachine(agent, s.id));
      if (hit === undefined) continue;
      const [key, { window }] = hit;
      for (const fw of frameworksOn(agent)) {
        if (!fw.connected || fw.stream === null) continue;
        const pair = `${fw.id}|${agent.id}`;
        if (this.byPair.has(pair) || this.answered(key, fw.id)) continue;
        const o: Outstanding = { id: `${m.info.id}-I${++this.next}`, frameworkId: fw.id, agentId: agent.id, machine: key };
        this.outstanding.set(o.id, o);
        this.byPair.set(pair, o);
        this.record(key, fw.id, 'UNKNOWN', m.now());
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
   * ACCEPT_INVERSE_OFFERS / DECLINE_INVERSE_OFFERS: records the framework's answer. Returns the
   * ids that are not outstanding inverse offers of this framework (nothing is recorded then).
   */
  answer(m: MasterCore, fw: FrameworkRecord, ids: readonly OfferID[], status: 'ACCEPT' | 'DECLINE'): string[] {
    const unknown = ids.filter((id) => this.outstanding.get(id.value)?.frameworkId !== fw.id).map((id) => id.value);
    if (unknown.length > 0) return unknown;
    for (const id of ids) {
      const o = this.outstanding.get(id.value)!;
      this.drop(o);
      this.record(o.machine, fw.id, status, m.now());
    }
    return [];
  }

  /** Takes back the inverse offers of machines no longer DRAINING (RESCIND_INVERSE_OFFER) and forgets their answers. */
  forgetMachines(m: MasterCore, keys: ReadonlySet<string>): void {
    for (const o of [...this.outstanding.values()]) {
      if (!keys.has(o.machine)) continue;
      this.drop(o);
      m.state.frameworks.get(o.frameworkId)?.stream?.send({ type: 'RESCIND_INVERSE_OFFER', rescind_inverse_offer: { inverse_offer_id: { value: o.id } } });
    }
    for (const k of keys) this.statuses.delete(k);
  }

  /** The answers recorded for a machine. */
  statusesOf(key: string): InverseOfferStatus[] {
    return [...(this.statuses.get(key)?.values() ?? [])];
  }

  private answered(machine: string, frameworkId: string): boolean {
    const s = this.statuses.get(machine)?.get(frameworkId)?.status;
    return s === 'ACCEPT' || s === 'DECLINE';
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

/** Frameworks holding resources on an agent: running tasks or outstanding offers. */
function frameworksOn(agent: AgentRecord): Set<FrameworkRecord> {
  const out = new Set<FrameworkRecord>();
  for (const t of agent.tasks) if (!t.terminal) out.add(t.framework);
  for (const o of agent.offers) out.add(o.framework);
  return out;
}

