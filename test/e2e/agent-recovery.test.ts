// kill -9 of a real agent while its runc containers run, then a restart on the same work dir:
// running containers are tracked again (usage reported, killable), a container that exited while
// the agent was away reports its real exit status, updates the framework never acknowledged are
// resent, and the agent re-registers under the same id with its tasks, so the master keeps them.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../helpers/scheduler-client';
import { sleep } from '@plateau/testkit/wait';
import {
  acceptNext,
  busyboxTask,
  launchOp,
  nextStatus,
  realCluster,
  untilState,
  waitFor,
} from '../integration/agent-harness';
import { printSkip } from '@plateau/testkit/skip';

const cluster = realCluster(test, { framework: 'agent-recovery' });

async function masterTask(taskId: string): Promise<any> {
  const r = await request(cluster.master.address, 'GET', '/master/state');
  const state = JSON.parse(r.body);
  for (const f of state.frameworks ?? []) for (const t of f.tasks ?? []) if (t.id === taskId) return t;
  return undefined;
}

test('kill -9 of the agent: containers live on, the restarted agent recovers them, reports what ended meanwhile and resends unacknowledged updates', async () => {
  if (cluster.skip) {
    printSkip('agent recovery', cluster.skip);
    return;
  }
  // Three tasks: one that runs on, one that exits with 3 while the agent is away, and one whose
  // TASK_RUNNING the framework does not acknowledge before the crash.
  await acceptNext(cluster.fw, (offer) => [
    launchOp(offer, [busyboxTask('sleeper', 'sleep 1000'), busyboxTask('exiter', 'sleep 4; exit 3'), busyboxTask('unacked', 'sleep 1000')]),
  ]);
  const sleeper = await nextStatus(cluster.fw, 'sleeper', { state: 'TASK_RUNNING' });
  await nextStatus(cluster.fw, 'exiter', { state: 'TASK_RUNNING' });
  const unacked = await nextStatus(cluster.fw, 'unacked', { state: 'TASK_RUNNING', ack: false });
  const agentId = sleeper.agent_id.value;
  const sleeperCid = sleeper.container_status.container_id.value;
  // The acknowledgements reached the agent (they travel framework → master → agent).
  await waitFor(
    async () => {
      const st = await cluster.agent.get('/state');
      const tasks = new Map<string, any>(st.frameworks.flatMap((f: any) => f.executors.flatMap((e: any) => e.tasks)).map((t: any) => [t.task_id.value, t]));
      return tasks.get('sleeper')?.unacknowledged_updates === 0 && tasks.get('exiter')?.unacknowledged_updates === 0 && tasks.get('unacked')?.unacknowledged_updates === 1;
    },
    { what: 'the acknowledgements to reach the agent' },
  );

  await cluster.agent.crash();
  // The containers do not depend on the agent process.
  assert.is(cluster.agent.runcContainers().get(`plateau-${sleeperCid}`), 'running', 'the sleeper container survives the agent');
  await sleep(5000); // the exiter exits meanwhile, with nobody to see it but its monitor

  cluster.fw.clearQueue();
  await cluster.agent.start();
  const log = cluster.agent.proc!.output();
  assert.match(log, /"agent re-registered"/, 're-registered, not registered anew');

  // The exit that happened while the agent was away, with its real status (after the resend of
  // its TASK_RUNNING, if the acknowledgement of that was not yet on disk at the crash).
  let exited = await nextStatus(cluster.fw, 'exiter', { timeoutMs: 30_000 });
  if (exited.state === 'TASK_RUNNING') exited = await nextStatus(cluster.fw, 'exiter', { timeoutMs: 30_000 });
  assert.is(exited.state, 'TASK_FAILED', JSON.stringify(exited));
  assert.match(exited.message, /exited with status 3/);
  assert.ok(exited.uuid, 'a real (acknowledgeable) update, not the master reconciling');
  assert.is(exited.agent_id.value, agentId, 'same agent id');

  // The update the framework never acknowledged comes again, same uuid.
  const again = await nextStatus(cluster.fw, 'unacked', { timeoutMs: 30_000 });
  assert.is(again.state, 'TASK_RUNNING');
  assert.is(again.uuid, unacked.uuid, 'the unacknowledged update is resent as it was');

  // The sleeper is still running and tracked: the master kept it, the agent reports its usage.
  assert.is((await masterTask('sleeper'))?.state, 'TASK_RUNNING');
  const stats = await waitFor(
    async () => ((await cluster.agent.get('/monitor/statistics')) as any[]).find((s) => s.container_id === sleeperCid && s.statistics.mem_total_bytes > 0),
    { what: 'usage of the recovered sleeper' },
  );
  assert.ok(stats.statistics.processes >= 1);
  const state = await cluster.agent.get('/state');
  assert.is(state.id, agentId);
  assert.ok(state.containers.some((c: any) => c.container_id === sleeperCid && c.phase === 'running'));

  // And it can still be killed through the master.
  for (const id of ['sleeper', 'unacked']) await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: id }, agent_id: { value: agentId } } });
  assert.is((await untilState(cluster.fw, 'sleeper', 'TASK_KILLED')).state, 'TASK_KILLED');
  assert.is((await untilState(cluster.fw, 'unacked', 'TASK_KILLED')).state, 'TASK_KILLED');
  await waitFor(() => cluster.agent.runcContainers().size === 0, { what: 'every container to be destroyed' });
});

test('SIGTERM of the agent leaves its containers running; the next start picks them up', async () => {
  if (cluster.skip) {
    printSkip('agent restart', cluster.skip);
    return;
  }
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('survivor', 'sleep 1000')])]);
  const s = await nextStatus(cluster.fw, 'survivor', { state: 'TASK_RUNNING' });
  const cid = s.container_status.container_id.value;
  await cluster.agent.stop();
  assert.is(cluster.agent.runcContainers().get(`plateau-${cid}`), 'running');
  await cluster.agent.start();
  await waitFor(async () => (await cluster.agent.get('/state')).containers.some((c: any) => c.container_id === cid), { what: 'the container to be recovered' });
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'survivor' }, agent_id: s.agent_id } });
  assert.is((await untilState(cluster.fw, 'survivor', 'TASK_KILLED')).state, 'TASK_KILLED');
});

test.run();
