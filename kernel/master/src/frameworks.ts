/**
 * Framework lifecycle in the master's books: subscription and re-subscription (failover),
 * disconnection with its failover timer, and removal (teardown, failover timeout).
 */
import type { Call_Subscribe, FrameworkInfo } from '@plateau/mesos';
import type { MasterContext } from './context';
import { frameworkRemoved, frameworkSubscribed } from './operator/observe';
import { dropFrameworkOffers } from './offers';
import type { SchedulerStream } from './scheduler/stream';
import type { FrameworkRecord } from './state/index';
import { applyStatus, masterStatus, releaseTask } from './tasks';

/** Longest failover timeout honoured: Node timers cap at 2^31-1 ms (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Attaches a validated subscription to the books: a new framework, a failover of a known one,
 * or one this master learned only from its agents. Sends SUBSCRIBED on `stream`.
 */
export function subscribeFramework(m: MasterContext, sub: Call_Subscribe, stream: SchedulerStream, principal: string | undefined): FrameworkRecord {
  const info: FrameworkInfo = sub.framework_info;
  const now = m.now();
  const requested = info.id?.value;
  let fw = requested !== undefined ? m.state.frameworks.get(requested) : undefined;
  const known = fw !== undefined;
  if (fw === undefined) fw = m.state.addFramework(requested ?? m.ids.framework());

  const wasRecovered = fw.recovered;
  if (fw.stream !== null) {
    // The old subscription is replaced: it hears why and its close must not start a failover.
    const old = fw.stream;
    fw.stream = null;
    old.error('Framework failed over');
  }
  clearTimeout(fw.failoverTimer);
  fw.failoverTimer = undefined;
  fw.setInfo(info);
  fw.suppressedRoles = [...(sub.suppressed_roles ?? [])];
  fw.offerConstraints = sub.offer_constraints;
  fw.principal = principal ?? info.principal;
  fw.recovered = false;
  fw.stream = stream;
  fw.active = true;
  fw.unregisteredTime = undefined;
  if (known && !wasRecovered) fw.reregisteredTime = now;
  else fw.registeredTime ??= now;

  const options = { roles: fw.roles, capabilities: [...fw.capabilities], suppressedRoles: fw.suppressedRoles, active: true };
  if (fw.inAllocator) m.allocator.updateFramework(fw.id, options);
  else m.allocator.addFramework(fw.id, options);
  fw.inAllocator = true;

  stream.onClose(() => frameworkDisconnected(m, fw!, stream));
  stream.send({
    type: 'SUBSCRIBED',
    subscribed: { framework_id: fw.idObj, heartbeat_interval_seconds: m.opts.heartbeatIntervalMs / 1000, master_info: m.info },
  });
  m.log.info(
    { frameworkId: fw.id, name: info.name, roles: fw.roles, streamId: stream.id, failover: known && !wasRecovered },
    known && !wasRecovered ? 'framework re-subscribed' : 'framework subscribed',
  );
  frameworkSubscribed(m, fw, known && !wasRecovered);
  m.requestAllocation();
  return fw;
}

/**
 * The SUBSCRIBE stream of `fw` closed: no more offers, outstanding offers go back, and the
 * failover timer starts (failover_timeout seconds; 0 removes the framework at once).
 */
export function frameworkDisconnected(m: MasterContext, fw: FrameworkRecord, stream: SchedulerStream): void {
  if (fw.stream !== stream) return;
  fw.stream = null;
  fw.active = false;
  fw.unregisteredTime = m.now();
  if (!m.state.frameworks.has(fw.id)) return;
  dropFrameworkOffers(m, fw);
  m.allocator.deactivateFramework(fw.id);
  const timeoutMs = Math.min(MAX_TIMER_MS, Math.max(0, (fw.info.failover_timeout ?? 0) * 1000));
  m.log.info({ frameworkId: fw.id, failoverTimeoutMs: timeoutMs }, 'framework disconnected; failover timer started');
  if (timeoutMs === 0) {
    removeFramework(m, fw, 'failover timeout 0 expired');
    return;
  }
  fw.failoverTimer = setTimeout(
    m.guard('failover timeout', () => {
      fw.failoverTimer = undefined;
      if (!fw.connected && m.state.frameworks.get(fw.id) === fw) removeFramework(m, fw, 'failover timeout expired');
    }),
    timeoutMs,
  );
  fw.failoverTimer.unref();
}

/**
 * Removes a framework (TEARDOWN, failover timeout): its agents shut its executors and tasks
 * down, its tasks end as TASK_KILLED in the books, its resources return, and it moves to the
 * completed frameworks. Its id may not subscribe again.
 */
export function removeFramework(m: MasterContext, fw: FrameworkRecord, why: string): void {
  clearTimeout(fw.failoverTimer);
  fw.failoverTimer = undefined;
  if (fw.stream !== null) {
    const s = fw.stream;
    fw.stream = null;
    s.close();
  }
  fw.active = false;
  fw.unregisteredTime ??= m.now();
  dropFrameworkOffers(m, fw);
  const agents = new Set<string>();
  for (const task of [...fw.tasks.values()]) {
    agents.add(task.agent.id);
    if (!task.terminal) applyStatus(m, task, masterStatus(m, task.info.task_id, 'TASK_KILLED', 'REASON_FRAMEWORK_REMOVED', `Framework removed: ${why}`, task.agent.idObj));
    releaseTask(m, task);
    task.agent.tasks.delete(task);
    fw.complete(task, m.opts.maxCompletedTasksPerFramework);
  }
  for (const agentId of fw.executors.keys()) agents.add(agentId);
  for (const agentId of agents) m.state.agents.get(agentId)?.session?.send({ shutdownFramework: { frameworkId: fw.id } });
  fw.executors.clear();
  try {
    m.allocator.removeFramework(fw.id);
  } catch {
    // never known to the allocator: nothing to give back
  }
  fw.inAllocator = false;
  m.state.completeFramework(fw);
  frameworkRemoved(m, fw);
  m.log.info({ frameworkId: fw.id, name: fw.info?.name, why }, 'framework removed');
  m.requestAllocation();
}
