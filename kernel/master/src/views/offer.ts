/** An offer as frameworks see it: the Offer message of an offer record (OFFERS events, GET_FRAMEWORKS). */
import type { Offer, Resource, Resources } from '@plateau/mesos';
import type { FrameworkRecord, OfferRecord } from '../state/index';

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
      scheme: agent.scheme,
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
