/**
 * The goals the benchmark table is judged against (issue 14's table, plus issue 12's figures,
 * which have none). A goal applies to the record whose id is `id`, or starts with `id.` (one
 * record per contender or size, e.g. "failover.serving_ms.etcd.1000").
 */

/** One goal. `on: 'ratio'` judges value / baseline (same run), `on: 'value'` the value itself. */
export interface Goal {
  id: string;
  measure: string;
  on: 'value' | 'ratio';
  op: '<' | '<=' | '>=';
  limit: number;
  /** The size the goal is stated for, shown beside a figure taken at another size. */
  at?: string;
}

export const GOALS: readonly Goal[] = [
  { id: 'containers.running_p50_ms', measure: 'container ACCEPT→RUNNING p50 vs bare runc run -d', on: 'ratio', op: '<=', limit: 1.5 },
  { id: 'containers.launches_per_s', measure: 'container launches/s (8 in flight)', on: 'value', op: '>=', limit: 25 },
  { id: 'launch.master_cpu_us_per_task', measure: 'master CPU per launched task, µs', on: 'value', op: '<=', limit: 100 },
  { id: 'launch.launches_per_s', measure: 'v1 API launches/s, simulated agents', on: 'value', op: '>=', limit: 5000, at: '1,000 agents / 50,000 tasks' },
  { id: 'state.master_state_slowest_ms', measure: '/master/state slowest of 5, ms', on: 'value', op: '<', limit: 500, at: '20,000 agents / 200,000 tasks' },
  { id: 'state.master_state_median_ms', measure: '/master/state median, ms', on: 'value', op: '<', limit: 250, at: '20,000 agents / 200,000 tasks' },
  { id: 'state.get_state_slowest_ms', measure: 'GET_STATE slowest of 5, ms', on: 'value', op: '<', limit: 500, at: '20,000 agents / 200,000 tasks' },
  { id: 'state.get_state_median_ms', measure: 'GET_STATE median, ms', on: 'value', op: '<', limit: 250, at: '20,000 agents / 200,000 tasks' },
  { id: 'state.event_loop_max_ms', measure: 'master event loop blocked (max) while serving state, ms', on: 'value', op: '<', limit: 100, at: '20,000 agents / 200,000 tasks' },
  { id: 'state.master_rss_mib', measure: 'master RSS after serving state, MiB', on: 'value', op: '<', limit: 768, at: '20,000 agents / 200,000 tasks' },
  { id: 'failover.reregistered_ms', measure: 'all agents re-registered after kill -9 of the leader, ms', on: 'value', op: '<', limit: 3000, at: '10,000 agents / 100,000 tasks' },
  { id: 'failover.serving_ms', measure: 'leader failover, kill -9 to another leader serving, ms', on: 'value', op: '<', limit: 2000 },
  { id: 'module_calls.grpc_p50_us', measure: 'module call over gRPC on a unix socket p50, µs', on: 'value', op: '<=', limit: 150 },
];

/** Whether `id` is a record the goal applies to. */
export function goalMatches(goal: Goal, id: string): boolean {
  return id === goal.id || id.startsWith(`${goal.id}.`);
}

/** The goal in words, e.g. "≤ 1.5×" or "≥ 25". */
export function goalText(goal: Goal): string {
  const op = goal.op === '<=' ? '≤' : goal.op === '>=' ? '≥' : '<';
  return `${op} ${goal.limit.toLocaleString('en-US')}${goal.on === 'ratio' ? '×' : ''}`;
}

/** Whether `x` meets the goal. */
export function meets(goal: Goal, x: number): boolean {
  if (goal.op === '<') return x < goal.limit;
  if (goal.op === '<=') return x <= goal.limit;
  return x >= goal.limit;
}
