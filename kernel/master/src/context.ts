/**
 * MasterContext: what the master's handlers (agent link, scheduler and operator APIs, HTTP
 * routes) work with: the MasterCore and the collaborators the master builds and holds, each an
 * object of its own (registry, HTTP auth, operator events and persisted settings, metrics,
 * failover). The Master implements it; handlers depend on this interface, never on the class.
 */
import type { Turns } from './agent-link/turns';
import type { HttpAnswer, LeaderAddress, LoggingLevel } from '@plateau/mesos';
import type { NamedHook } from '@plateau/kernel';
import type { HttpAuth } from './auth';
import type { MasterCore } from './core';
import type { Failover } from './failover';
import type { MasterMetrics } from './metrics/index';
import type { OperatorEvents } from './operator/events';
import type { OperatorRegistry } from './operator/persisted';
import type { MasterRegistry } from './registry';
import type { Maintenance } from './maintenance/index';

/** MasterContext: one master and its collaborators. */
export interface MasterContext extends MasterCore {
  /** The admitted agents, persisted through the registry module. */
  readonly registry: MasterRegistry;
  /** Quotas, weights, gone agents and reservations, persisted through the registry module. */
  readonly operatorRegistry: OperatorRegistry;
  /** Maintenance schedule, DOWN machines, deactivated and draining agents, inverse offers. */
  readonly maintenance: Maintenance;
  readonly auth: HttpAuth;
  /** The operator SUBSCRIBE streams. */
  readonly events: OperatorEvents;
  readonly metrics: MasterMetrics;
  /** The agents that missed the re-registration window after this master was elected. */
  readonly failover: Failover;
  /** Registrations and re-registrations go through a bounded number per turn of the event loop. */
  readonly agentTurns: Turns;
  /** `master.hooks`, in order: MasterLaunchTask decorates each launched task's labels. */
  readonly hooks?: readonly NamedHook[];
  /** Deadline of one hook call, ms (default HOOK_TIMEOUT_MS). */
  readonly hookTimeoutMs?: number;
  /** The log level SET_LOGGING_LEVEL changes for a while. */
  readonly loggingLevel: LoggingLevel;
  /** The label of the module picked for each role (contender, authenticator, ...). */
  readonly moduleLabels: Readonly<Record<string, string>>;
  /** For leader-only endpoints: undefined when this master serves, else 307 / 503. */
  gateAnswer(requestUrl: string): HttpAnswer | undefined;
  /** gateAnswer, after waiting briefly for a proof on its way when the leader's has run out. */
  provenGateAnswer(requestUrl: string): Promise<HttpAnswer | undefined>;
  /** The leading master's address, when known. */
  leaderAddress(): LeaderAddress | undefined;
}
