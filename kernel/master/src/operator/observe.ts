/**
 * What the master's books tell the operator side: each call below is made once, at the point
 * where the master's state changes, and fans out to the operator event stream's subscribers
 * (SUBSCRIBE) and to the master's metrics. With no subscriber, each costs a counter bump.
 */
import type { TaskStatus } from '@plateau/mesos';
import type { MasterMetrics } from '../metrics/index';
import type { AgentRecord, FrameworkRecord, TaskRecord } from '../state/index';
import type { OperatorEvents } from './events';

/** Who hears of the books' changes: the operator event streams and the metrics. */
export interface Observers {
  readonly events: OperatorEvents;
  readonly metrics: MasterMetrics;
}

/** A task was launched, or learned from a re-registering agent. */
export function taskAdded(o: Observers, task: TaskRecord): void {
  o.events.taskAdded(task);
}

/** A task's state changed (a status the master recorded). */
export function taskUpdated(o: Observers, task: TaskRecord, status: TaskStatus): void {
  o.metrics.statusUpdate(status.state);
  o.events.taskUpdated(task);
}

/** An agent registered or re-registered (its stored reservations are already restored). */
export function agentAdded(o: Observers, agent: AgentRecord): void {
  o.events.agentAdded(agent);
}

/** An agent left the books' reachable set (unreachable, or marked gone). */
export function agentRemoved(o: Observers, agent: AgentRecord): void {
  o.events.agentRemoved(agent.id);
}

/** A framework subscribed (`again`: a re-subscription of a framework this master knew). */
export function frameworkSubscribed(o: Observers, fw: FrameworkRecord, again: boolean): void {
  o.events.frameworkChanged(fw, again ? 'FRAMEWORK_UPDATED' : 'FRAMEWORK_ADDED');
}

/** A framework was removed (teardown, failover timeout). */
export function frameworkRemoved(o: Observers, fw: FrameworkRecord): void {
  o.events.frameworkRemoved(fw);
}

/** One allocation round ran for `ms` and produced `offers` grants. */
export function allocationRound(o: Observers, ms: number, offers: number): void {
  o.metrics.allocationRound(ms, offers);
}

/** Offers a framework declined. */
export function offersDeclined(o: Observers, count: number): void {
  o.metrics.offersDeclined(count);
}

/** An offer was rescinded. */
export function offerRescinded(o: Observers): void {
  o.metrics.offerRescinded();
}
