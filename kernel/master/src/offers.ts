/**
 * Offers: the allocator's grants turned into OFFERS events, and their end (accepted, declined,
 * rescinded, timed out, or dropped with their framework or agent).
 */
import type { Offer as Grant } from './allocator/allocator';
import type { Offer } from '@plateau/mesos';
import type { MasterContext } from './context';
import { offerRescinded } from './operator/observe';
import { OfferRecord, type AgentRecord, type FrameworkRecord } from './state/index';
import { offerMessage } from './views/offer';

/** Turns one allocation round's grants into offers, one OFFERS event per framework. */
export function makeOffers(m: MasterContext, grants: readonly Grant[]): void {
  if (grants.length === 0) return;
  const now = m.now();
  const byFramework = new Map<FrameworkRecord, Offer[]>();
  for (const g of grants) {
    const fw = m.state.frameworks.get(g.frameworkId);
    const agent = m.state.agents.get(g.agentId);
    if (fw === undefined || !fw.connected || agent === undefined || !agent.connected) {
      m.allocator.recoverResources(g.frameworkId, g.agentId, g.resources);
      continue;
    }
    const o = new OfferRecord(m.ids.offer(), fw, agent, g.role, g.resources, now);
    m.state.offers.set(o.id, o);
    fw.offers.set(o.id, o);
    agent.offers.add(o);
    if (m.opts.offerTimeoutMs !== undefined) {
      o.timer = setTimeout(m.guard('offer timeout', () => rescindOffer(m, o, 'offer timeout')), m.opts.offerTimeoutMs);
      o.timer.unref();
    }
    let list = byFramework.get(fw);
    if (list === undefined) byFramework.set(fw, (list = []));
    const offer = offerMessage(o);
    const unavailability = m.maintenance.unavailabilityOf(agent);
    if (unavailability !== undefined) offer.unavailability = unavailability;
    list.push(offer);
  }
  for (const [fw, offers] of byFramework) fw.stream?.send({ type: 'OFFERS', offers: { offers } });
}

/** Forgets an offer (its resources are the caller's to give back or use). */
export function removeOffer(m: MasterContext, o: OfferRecord): void {
  clearTimeout(o.timer);
  m.state.offers.delete(o.id);
  o.framework.offers.delete(o.id);
  o.agent.offers.delete(o);
}

/** Takes an offer back: RESCIND to its framework, resources to the allocator. */
export function rescindOffer(m: MasterContext, o: OfferRecord, why: string): void {
  if (!m.state.offers.has(o.id)) return;
  removeOffer(m, o);
  m.allocator.recoverResources(o.framework.id, o.agent.id, o.resources);
  o.framework.stream?.send({ type: 'RESCIND', rescind: { offer_id: { value: o.id } } });
  offerRescinded(m);
  m.log.debug({ offerId: o.id, frameworkId: o.framework.id, agentId: o.agent.id, why }, 'offer rescinded');
  m.requestAllocation();
}

/** Rescinds every offer of an agent (it disconnected or became unreachable). */
export function rescindAgentOffers(m: MasterContext, agent: AgentRecord, why: string): void {
  for (const o of [...agent.offers]) rescindOffer(m, o, why);
}

/** Drops every offer of a framework without events (it disconnected or is being removed). */
export function dropFrameworkOffers(m: MasterContext, fw: FrameworkRecord): void {
  for (const o of [...fw.offers.values()]) {
    removeOffer(m, o);
    m.allocator.recoverResources(fw.id, o.agent.id, o.resources);
  }
}
