/**
 * Maintenance: the master's side of Mesos's maintenance primitives and agent draining, as the
 * rest of the master meets it: the persisted books (store.ts), inverse offers (inverse-offers.ts),
 * draining (drain.ts), and the few points where agents and offers are touched: an agent of a
 * DOWN machine may not register, a (re-)registering agent gets back its deactivation and drain,
 * and an offer of an agent on a scheduled machine carries the machine's unavailability.
 * The operator calls are in handlers.ts.
 */
import type { Logger, RegistryService } from '@plateau/kernel';
import type { Unavailability } from '@plateau/mesos';
import { UNFENCED, type WriteFence } from '../fencing';
import type { AgentRecord } from '../state/index';
import { InverseOffers } from './inverse-offers';
import { agentOnMachine, scheduledMachines } from './machines';
import { MaintenanceStore } from './store';

/** Maintenance: one master's maintenance and draining. */
export class Maintenance {
  readonly store: MaintenanceStore;
  readonly inverse: InverseOffers;
  /** Draining agents being watched until DRAINED, by id. */
  readonly drainWatches = new Map<string, NodeJS.Timeout>();

  constructor(module: RegistryService | undefined, log: Logger, fence: WriteFence = UNFENCED) {
    this.store = new MaintenanceStore(module, log, fence);
    this.inverse = new InverseOffers(this.store);
  }

  /** Reads the registry (after election); inverse offers start afresh. */
  async recover(): Promise<void> {
    this.stopWatches();
    this.inverse.clear();
    await this.store.recover();
  }

  /** Stops watching drains (leadership lost). */
  stopWatches(): void {
    for (const t of this.drainWatches.values()) clearInterval(t);
    this.drainWatches.clear();
  }

  /** The unavailability of an agent's machine when it is in the schedule. */
  unavailabilityOf(agent: AgentRecord): Unavailability | undefined {
    if ((this.store.schedule.windows ?? []).length === 0) return undefined;
    for (const { id, window } of scheduledMachines(this.store.schedule).values()) if (agentOnMachine(agent, id)) return window.unavailability;
    return undefined;
  }
}
