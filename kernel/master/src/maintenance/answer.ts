/** ACCEPT_INVERSE_OFFERS / DECLINE_INVERSE_OFFERS from a framework: its answer is recorded for GET_MAINTENANCE_STATUS. */
import { accepted, badRequest, type Call, type HttpAnswer } from '@plateau/mesos';
import type { MasterContext } from '../context';
import type { FrameworkRecord } from '../state/index';

/** Records the answer; 400 naming the ids that are not this framework's outstanding inverse offers (nothing recorded then). */
export function answerInverseOffers(m: MasterContext, fw: FrameworkRecord, call: Call): HttpAnswer {
  const accept = call.type === 'ACCEPT_INVERSE_OFFERS';
  const field = accept ? 'accept_inverse_offers' : 'decline_inverse_offers';
  const body = accept ? call.accept_inverse_offers : call.decline_inverse_offers;
  const ids = body?.inverse_offer_ids ?? [];
  if (ids.length === 0) return badRequest(`${field}.inverse_offer_ids: no inverse offer given`);
  const unknown = m.maintenance.inverse.answer(m, fw, ids, accept ? 'ACCEPT' : 'DECLINE', body?.filters?.refuse_seconds);
  if (unknown.length > 0) return badRequest(`${field}.inverse_offer_ids: not outstanding inverse offers of framework ${fw.id}: ${unknown.join(', ')}`);
  m.log.info({ frameworkId: fw.id, inverseOffers: ids.map((i) => i.value), answer: accept ? 'ACCEPT' : 'DECLINE' }, 'inverse offers answered');
  return accepted();
}
