// DRAIN_AGENT against a real agent (runc launcher, busybox image): the task running there gets
// SIGTERM (it traps it and writes so to its sandbox), ends TASK_KILLED, and the agent ends
// DRAINED and deactivated in GET_AGENTS.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { operatorCall, request, SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, type MasterProc, nextStatus, realContainersMissing, startMaster, TestAgent, testUnless, untilState, waitFor } from './agent-harness';

let skip: string | undefined;
let master: MasterProc | undefined;
let agent: TestAgent | undefined;
let fw: SchedulerClient | undefined;

test.before(async () => {
  skip = await realContainersMissing();
});

test.after(async () => {
  fw?.close();
  await agent?.destroy();
  await master?.stop();
});

const real = testUnless(() => skip);

real('DRAIN_AGENT kills the task of a real agent with SIGTERM and the agent ends DRAINED', async () => {
  master = await startMaster();
  agent = new TestAgent(master.address);
  await agent.start();
  fw = await SchedulerClient.subscribe(master.address, frameworkInfo('drain-runc'));
  const script = "trap 'echo got-sigterm; exit 0' TERM; echo started; while true; do sleep 0.2; done";
  await acceptNext(fw, (offer) => [launchOp(offer, [busyboxTask('drained-task', script)])]);
  const running = await nextStatus(fw, 'drained-task', { state: 'TASK_RUNNING' });
  const agentId = running.agent_id.value;
  const sandbox = agent.sandbox(agentId, fw.frameworkId, 'drained-task', running.container_status.container_id.value);
  const stdout = path.join(sandbox, 'stdout');
  await waitFor(() => fs.existsSync(stdout) && fs.readFileSync(stdout, 'utf8').includes('started'), { what: 'the task to start its loop' });

  const drain = await request(master.address, 'POST', '/api/v1', { type: 'DRAIN_AGENT', drain_agent: { agent_id: { value: agentId }, max_grace_period: { seconds: 10 } } });
  assert.is(drain.status, 200, drain.body);
  const ended = await untilState(fw, 'drained-task', 'TASK_KILLED', 30_000);
  assert.is(ended.state, 'TASK_KILLED');
  assert.match(fs.readFileSync(stdout, 'utf8'), 'got-sigterm', 'the task had its grace period after SIGTERM');
  const a = await waitFor(
    async () => {
      const found = ((await operatorCall(master!.address, { type: 'GET_AGENTS' })).get_agents.agents ?? []).find((x: any) => x.agent_info.id.value === agentId);
      return found?.drain_info?.state === 'DRAINED' ? found : undefined;
    },
    { what: 'the agent DRAINED', timeoutMs: 10_000 },
  );
  assert.is(a.deactivated, true);
  assert.is(a.active, false);
});

test.run();
