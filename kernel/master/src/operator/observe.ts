/**
 * What the master's books tell the operator side: each call below is made once, at the point
 * where the master's state changes, and fans out to the operator event stream's subscribers
 * (SUBSCRIBE) and to the master's metrics. With no subscriber, each costs a counter bump.
 */
import type { TaskStatus } from '@plateau/mesos';
import type { Master } from '../master';
import { masterMetrics } from '../metrics/index';
import type { AgentRecord, FrameworkRecord, TaskRecord } from '../state/index';
import { operatorEvents } from './events';
import { restoreReservations } from './reservations';

/** A task was launched, or learned from a re-registering agent. */
export function taskAdded(m: Master, task: TaskRecord): void {
  operatorEvents(m)?.taskAdded(task);
}

/** A task's state changed (a status the master recorded). */
export function taskUpdated(m: Master, task: TaskRecord, status: TaskStatus): void {
  masterMetrics(m).statusUpdate(status.state);
  operatorEvents(m)?.taskUpdated(task);
}

/** An agent registered or re-registered. */
export function agentAdded(m: Master, agent: AgentRecord): void {
  restoreReservations(m, agent);
  operatorEvents(m)?.agentAdded(agent);
}

/** An agent left the books' reachable set (unreachable, or marked gone). */
export function agentRemoved(m: Master, agent: AgentRecord): void {
  operatorEvents(m)?.agentRemoved(agent.id);
}

/** A framework subscribed (`again`: a re-subscription of a framework this master knew). */
export function frameworkSubscribed(m: Master, fw: FrameworkRecord, again: boolean): void {
  operatorEvents(m)?.frameworkChanged(fw, again ? 'FRAMEWORK_UPDATED' : 'FRAMEWORK_ADDED');
}

/** A framework was removed (teardown, failover timeout). */
export function frameworkRemoved(m: Master, fw: FrameworkRecord): void {
  operatorEvents(m)?.frameworkRemoved(fw);
}

/** One allocation round ran for `ms` and produced `offers` grants. */
export function allocationRound(m: Master, ms: number, offers: number): void {
  masterMetrics(m).allocationRound(ms, offers);
}

/** Offers a framework declined. */
export function offersDeclined(m: Master, count: number): void {
  masterMetrics(m).offersDeclined(count);
}

/** An offer was rescinded. */
export function offerRescinded(m: Master): void {
  masterMetrics(m).offerRescinded();
}
