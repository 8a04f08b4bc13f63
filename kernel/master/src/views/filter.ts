/**
 * ViewFilter: which frameworks, tasks, executors, agents and roles a caller may see in a state
 * view, decided beforehand (authz-views.ts) so that the views stay synchronous. A view given no
 * filter shows everything and does no per-object work (no authorizer configured).
 */
import type { AgentRecord, ExecutorEntry, FrameworkRecord, TaskRecord } from '../state/index';

export interface ViewFilter {
  /** VIEW_FRAMEWORK. */
  framework(fw: FrameworkRecord): boolean;
  /** VIEW_TASK, and VIEW_FRAMEWORK of its framework. */
  task(t: TaskRecord): boolean;
  /** VIEW_EXECUTOR, and VIEW_FRAMEWORK of its framework. */
  executor(e: ExecutorEntry): boolean;
  /** VIEW_AGENT. */
  agent(a: AgentRecord): boolean;
  /** VIEW_AGENT of an agent by id (recovered agents, which have no record yet). */
  agentId(id: string): boolean;
  /** VIEW_ROLE. */
  role(role: string): boolean;
}

/**
 * Decisions already made, per record (weakly held, so a long-lived stream keeps none alive). A
 * record not decided is not shown: one that appeared after the decisions were asked for waits
 * for its own question (operator SUBSCRIBE asks as its events come).
 */
export class ViewDecisions implements ViewFilter {
  readonly frameworks = new WeakMap<FrameworkRecord, boolean>();
  readonly tasks = new WeakMap<TaskRecord, boolean>();
  readonly executors = new WeakMap<ExecutorEntry, boolean>();
  /** By agent id (AGENT_REMOVED names only the id). */
  readonly agents = new Map<string, boolean>();
  readonly roles = new Map<string, boolean>();

  framework(fw: FrameworkRecord): boolean {
    return this.frameworks.get(fw) === true;
  }
  task(t: TaskRecord): boolean {
    return this.tasks.get(t) === true;
  }
  executor(e: ExecutorEntry): boolean {
    return this.executors.get(e) === true;
  }
  agent(a: AgentRecord): boolean {
    return this.agents.get(a.id) === true;
  }
  agentId(id: string): boolean {
    return this.agents.get(id) === true;
  }
  role(role: string): boolean {
    return this.roles.get(role) === true;
  }
}

/** Items of `items` that `keep` keeps; `items` itself without a filter. */
export function visible<T>(items: Iterable<T>, keep: ((x: T) => boolean) | undefined): Iterable<T> {
  if (keep === undefined) return items;
  const out: T[] = [];
  for (const x of items) if (keep(x)) out.push(x);
  return out;
}
