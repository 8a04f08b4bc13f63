/**
 * MasterState: the master's books, in memory, indexed for the lookups the APIs make. The master
 * persists none of it (frameworks re-subscribe and agents re-register after a failover); only the
 * registry module's keys outlive the process.
 */
import type { AgentInfo } from '@plateau/mesos';
import { AgentRecord, FrameworkRecord, type OfferRecord } from './records';

export { AgentRecord, type AgentScheme, agentUrl, FrameworkRecord, OfferRecord, TaskRecord, stateName } from './records';
export type { AgentLink, ExecutorEntry, TaskSummary } from './records';

/** MasterState: frameworks, agents and offers by id. */
export class MasterState {
  /** Subscribed, disconnected (failover pending) and recovered frameworks. */
  readonly frameworks = new Map<string, FrameworkRecord>();
  /** Removed frameworks, oldest first, bounded. */
  readonly completedFrameworks: FrameworkRecord[] = [];
  /** Ids of every framework removed since this master leads (a removed id may not come back). */
  readonly removedFrameworkIds = new Set<string>();
  /** Registered agents, reachable or not. */
  readonly agents = new Map<string, AgentRecord>();
  /** Agents in the registry that have not re-registered since this master was elected. */
  readonly recoveredAgents = new Map<string, AgentInfo>();
  /** Outstanding offers. */
  readonly offers = new Map<string, OfferRecord>();

  constructor(private readonly maxCompletedFrameworks: number) {}

  /** Moves a framework to the completed list. */
  completeFramework(fw: FrameworkRecord): void {
    this.frameworks.delete(fw.id);
    this.removedFrameworkIds.add(fw.id);
    if (this.maxCompletedFrameworks <= 0) return;
    if (this.completedFrameworks.length >= this.maxCompletedFrameworks) this.completedFrameworks.shift();
    this.completedFrameworks.push(fw);
  }

  /** Counts for metrics and the state endpoints. */
  counts(): { activeAgents: number; unreachableAgents: number; deactivatedAgents: number; tasks: number } {
    let activeAgents = 0;
    let unreachableAgents = 0;
    let deactivatedAgents = 0;
    for (const a of this.agents.values()) {
      if (a.unreachableTime !== undefined) unreachableAgents++;
      else if (a.deactivated) deactivatedAgents++;
      else activeAgents++;
    }
    let tasks = 0;
    for (const f of this.frameworks.values()) tasks += f.tasks.size;
    return { activeAgents, unreachableAgents, deactivatedAgents, tasks };
  }

  /** Forgets everything (leadership lost). */
  clear(): void {
    for (const f of this.frameworks.values()) clearTimeout(f.failoverTimer);
    for (const o of this.offers.values()) clearTimeout(o.timer);
    this.frameworks.clear();
    this.completedFrameworks.length = 0;
    this.removedFrameworkIds.clear();
    this.agents.clear();
    this.recoveredAgents.clear();
    this.offers.clear();
  }

  /** Creates the framework record for `id`. */
  addFramework(id: string): FrameworkRecord {
    const fw = new FrameworkRecord(id);
    this.frameworks.set(id, fw);
    return fw;
  }

  /** Registers an agent record. */
  addAgent(agent: AgentRecord): void {
    this.agents.set(agent.id, agent);
    this.recoveredAgents.delete(agent.id);
  }
}
