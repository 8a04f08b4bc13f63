/**
 * Pods in the containers benchmark: a 2-task pod (LAUNCH_GROUP under the default executor: the
 * executor container, then both tasks nested in it) against a single container (LAUNCH of one
 * command task), both /bin/true in the busybox image, alternated in the same run on the same
 * agent. Measured from sending the ACCEPT to every task's TASK_RUNNING arriving; each launch waits
 * for its tasks' TASK_FINISHED before the next.
 */
import { performance } from 'node:perf_hooks';
import { busyboxTask } from '../integration/agent-harness.js';

/** What the benchmark's framework offers this part. */
export interface BenchFramework {
  client: { mustCall(call: unknown): Promise<unknown> };
  offer(cpus: number, mem: number): Promise<{ offer: any }>;
  /** Declines the offers kept so far, so that the next one has everything free (kept offers are fragments). */
  declineKept(): Promise<void>;
  when(taskId: string, state: string): Promise<number>;
}

const CPUS = 0.1;
const MEM = 32;

function trueTask(id: string): Record<string, any> {
  const t = busyboxTask(id, '', { cpus: CPUS, mem: MEM });
  t.command = { shell: false, value: '/bin/true', arguments: ['true'] };
  return t;
}

const scalar = (name: string, value: number) => ({ name, type: 'SCALAR', scalar: { value } });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function launch(fw: BenchFramework, operation: (offer: any) => unknown, ids: string[]): Promise<number> {
  await fw.declineKept();
  const { offer } = await fw.offer(CPUS * (ids.length + 1), MEM * (ids.length + 1));
  const running = ids.map((id) => fw.when(id, 'TASK_RUNNING'));
  const finished = ids.map((id) => fw.when(id, 'TASK_FINISHED'));
  const t0 = performance.now();
  await fw.client.mustCall({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: [operation(offer)], filters: { refuse_seconds: 0 } } });
  // A task that ends before TASK_RUNNING arrives still counts from its end.
  const at = await Promise.all(ids.map((_, i) => Promise.race([running[i]!, finished[i]!])));
  await Promise.all(finished);
  return Math.max(...at) - t0;
}

/** `n` pods of two tasks and `n` single containers, alternated; p50 and p99 of ACCEPT -> all TASK_RUNNING, ms. */
export async function podVsSingle(fw: BenchFramework, n: number): Promise<{ pod: { p50: number; p99: number }; single: { p50: number; p99: number } }> {
  const pod: number[] = [];
  const single: number[] = [];
  for (let i = 0; i < n; i++) {
    const sid = `single-${i}`;
    single.push(await launch(fw, (offer) => ({ type: 'LAUNCH', launch: { task_infos: [{ ...trueTask(sid), agent_id: offer.agent_id }] } }), [sid]));
    const ids = [`pod-${i}.a`, `pod-${i}.b`];
    const executor = { type: 'DEFAULT', executor_id: { value: `pod-${i}` }, resources: [scalar('cpus', CPUS), scalar('mem', MEM)] };
    pod.push(
      await launch(fw, (offer) => ({ type: 'LAUNCH_GROUP', launch_group: { executor, task_group: { tasks: ids.map((id) => ({ ...trueTask(id), agent_id: offer.agent_id })) } } }), ids),
    );
  }
  pod.sort((a, b) => a - b);
  single.sort((a, b) => a - b);
  return { pod: { p50: percentile(pod, 50), p99: percentile(pod, 99) }, single: { p50: percentile(single, 50), p99: percentile(single, 99) } };
}
