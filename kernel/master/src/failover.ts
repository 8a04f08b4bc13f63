/**
 * Master failover, the part after election: the agents of the registry that did not re-register
 * within master.agentReregisterTimeoutMs. Each is forgotten by the registry, every framework hears
 * FAILURE for it, and it is remembered (for this leadership) as unreachable since the timeout, so
 * that reconciling one of its tasks answers TASK_UNREACHABLE to partition-aware frameworks and
 * TASK_LOST to the others, as Mesos answers for agents its registry marks unreachable.
 */
import type { Master } from './master';

const unreachable = new WeakMap<Master, Map<string, number>>();

/** Agents that missed the re-registration window of the current leadership, id → when (ms). */
export function agentsMissingAfterFailover(m: Master): ReadonlyMap<string, number> {
  return unreachable.get(m) ?? new Map();
}

/** Forgets what an earlier leadership of `m` learned (at election). */
export function resetFailover(m: Master): void {
  unreachable.delete(m);
}

/** An agent of the registry that re-registers late is no longer missing. */
export function agentBack(m: Master, agentId: string): void {
  unreachable.get(m)?.delete(agentId);
}

/** The re-registration window closed: the agents still awaited are missing. Returns their ids. */
export function closeReregistrationWindow(m: Master): string[] {
  const missing = [...m.state.recoveredAgents.keys()];
  m.state.recoveredAgents.clear();
  if (missing.length === 0) return missing;
  const now = m.now();
  let map = unreachable.get(m);
  if (map === undefined) unreachable.set(m, (map = new Map()));
  for (const id of missing) {
    map.set(id, now);
    for (const fw of m.state.frameworks.values()) fw.stream?.send({ type: 'FAILURE', failure: { agent_id: { value: id } } });
    void m.registry.remove(id).catch(() => undefined);
  }
  m.log.warn({ agents: missing.length }, 'agents of the registry did not re-register in time: their tasks are unreachable (lost for frameworks that are not partition-aware)');
  return missing;
}
