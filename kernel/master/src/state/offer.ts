/** An outstanding offer: resources of one agent offered to one framework for one role. */
import type { Resources } from '@plateau/mesos';
import type { AgentRecord } from './agent';
import type { FrameworkRecord } from './framework';

/** OfferRecord: lives from the OFFERS event until accepted, declined, rescinded or timed out. */
export class OfferRecord {
  /** Offer timeout timer, when offers time out. */
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly framework: FrameworkRecord,
    readonly agent: AgentRecord,
    readonly role: string,
    /** The offered resources, allocation role set. */
    readonly resources: Resources,
    readonly createdAt: number,
  ) {}
}
