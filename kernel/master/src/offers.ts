/**
 * Offers: the allocator's grants turned into OFFERS events, and their end (accepted, declined,
 * rescinded, timed out, or dropped with their framework or agent).
 */
import type { Offer as Grant } from './allocator/allocator';
import type { Resources } from '@plateau/mesos';
import type { Offer, Resource } from '@plateau/mesos';
import type { Master } from './master';
import { offerRescinded } from './operator/observe';
import { OfferRecord, type AgentRecord, type FrameworkRecord } from './state/index';

/** Resources as a framework sees them: with `reservations[]` if RESERVATION_REFINEMENT capable, else the legacy `role`/`reservation`. */
export function resourcesFor(fw: FrameworkRecord, res: Resources): Resource[] {
  if (fw.has('RESERVATION_REFINEMENT')) return res.toJSON() as unknown as Resource[];
  const list = res.toJSON({ legacy: true }) as unknown as Resource[];
  for (const r of list) delete r.reservations;
  return list;
}

/** The Offer message of an offer record. */
export function offerMessage(o: OfferRecord): Offer {
  const fw = o.framework;
  const agent = o.agent;
  const offer: Offer = {
    id: { value: o.id },
    framework_id: fw.idObj,
    agent_id: agent.idObj,
    hostname: agent.info.hostname,
    url: {
      scheme: 'http',
      address: { hostname: agent.info.hostname, port: agent.info.port ?? 5051 },
      path: '/slave(1)',
    },
    resources: resourcesFor(fw, o.resources),
  };
  if (agent.info.domain !== undefined) offer.domain = agent.info.domain;
  if (agent.info.attributes !== undefined && agent.info.attributes.length > 0) offer.attributes = agent.info.attributes;
  const executors = fw.executors.get(agent.id);
  if (executors !== undefined && executors.size > 0) offer.executor_ids = [...executors.values()].map((e) => e.info.executor_id);
  if (fw.has('MULTI_ROLE')) offer.allocation_info = { role: o.role };
  return offer;
}

/** Turns one allocation round's grants into offers, one OFFERS event per framework. */
export function makeOffers(m: Master, grants: readonly Grant[]): void {
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
    list.push(offerMessage(o));
  }
  for (const [fw, offers] of byFramework) fw.stream?.send({ type: 'OFFERS', offers: { offers } });
}

/** Forgets an offer (its resources are the caller's to give back or use). */
export function removeOffer(m: Master, o: OfferRecord): void {
  clearTimeout(o.timer);
  m.state.offers.delete(o.id);
  o.framework.offers.delete(o.id);
  o.agent.offers.delete(o);
}

/** Takes an offer back: RESCIND to its framework, resources to the allocator. */
export function rescindOffer(m: Master, o: OfferRecord, why: string): void {
  if (!m.state.offers.has(o.id)) return;
  removeOffer(m, o);
  m.allocator.recoverResources(o.framework.id, o.agent.id, o.resources);
  o.framework.stream?.send({ type: 'RESCIND', rescind: { offer_id: { value: o.id } } });
  offerRescinded(m);
  m.log.debug({ offerId: o.id, frameworkId: o.framework.id, agentId: o.agent.id, why }, 'offer rescinded');
  m.requestAllocation();
}

/** Rescinds every offer of an agent (it disconnected or became unreachable). */
export function rescindAgentOffers(m: Master, agent: AgentRecord, why: string): void {
  for (const o of [...agent.offers]) rescindOffer(m, o, why);
}

/** Drops every offer of a framework without events (it disconnected or is being removed). */
export function dropFrameworkOffers(m: Master, fw: FrameworkRecord): void {
  for (const o of [...fw.offers.values()]) {
    removeOffer(m, o);
    m.allocator.recoverResources(fw.id, o.agent.id, o.resources);
  }
}
