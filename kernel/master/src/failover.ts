/**
 * Master failover, the part after election: the agents of the registry that did not re-register
 * within master.agentReregisterTimeoutMs. Each is forgotten by the registry, every framework hears
 * FAILURE for it, and it is remembered (for this leadership) as unreachable since the timeout, so
 * that reconciling one of its tasks answers TASK_UNREACHABLE to partition-aware frameworks and
 * TASK_LOST to the others, as Mesos answers for agents its registry marks unreachable.
 */
import type { MasterCore } from './core';
import type { MasterRegistry } from './registry';

/** Failover: one master's agents missing after its election. */
export class Failover {
  private unreachable = new Map<string, number>();

  constructor(
    private readonly m: Pick<MasterCore, 'state' | 'log' | 'now'>,
    private readonly registry: MasterRegistry,
  ) {}

  /** Agents that missed the re-registration window of the current leadership, id → when (ms). */
  get missing(): ReadonlyMap<string, number> {
    return this.unreachable;
  }

  /** Forgets what an earlier leadership learned (at election). */
  reset(): void {
    this.unreachable = new Map();
  }

  /** An agent of the registry that re-registers late is no longer missing. */
  agentBack(agentId: string): void {
    this.unreachable.delete(agentId);
  }

  /** The re-registration window closed: the agents still awaited are missing. Returns their ids. */
  closeReregistrationWindow(): string[] {
    const m = this.m;
    const missing = [...m.state.recoveredAgents.keys()];
    m.state.recoveredAgents.clear();
    if (missing.length === 0) return missing;
    const now = m.now();
    for (const id of missing) {
      this.unreachable.set(id, now);
      for (const fw of m.state.frameworks.values()) fw.stream?.send({ type: 'FAILURE', failure: { agent_id: { value: id } } });
      void this.registry.remove(id).catch(() => undefined);
    }
    m.log.warn({ agents: missing.length }, 'agents of the registry did not re-register in time: their tasks are unreachable (lost for frameworks that are not partition-aware)');
    return missing;
  }
}
