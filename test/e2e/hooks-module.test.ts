// The built-in hooks module on a real master and a real agent (child processes, runc containers
// from a busybox image), one hook point at a time:
//   master: `stamps` (static labels at MasterLaunchTask);
//   agent:  `stamps` (static labels at AgentRunTask and AgentTaskStatus, a variable at
//           AgentPreLaunch, attributes at AgentResources), then `script`, an exec hook (a node
//           script written here) that adds a variable at AgentRunTask, refuses one task at
//           AgentPreLaunch, hangs at AgentRunTask for another, and appends each
//           AgentRemoveExecutor call to a file.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';
import { request } from '../helpers/scheduler-client';
import {
  acceptNext,
  busyboxTask,
  launchOp,
  realCluster,
  untilState,
  waitFor,
} from '../integration/agent-harness';

/** The exec hook: one process per call, {point, request} on stdin, a Decoration (or nothing) on stdout. */
const SCRIPT = `
const fs = require('node:fs');
const removedLog = process.argv[2];
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const { point, request } = JSON.parse(input);
  const task = request.taskInfoJson ? JSON.parse(request.taskInfoJson) : {};
  const id = task.task_id ? task.task_id.value : '';
  if (point === 'agentRunTask') {
    if (id === 'slow') { setInterval(() => {}, 1000); return; } // never answers
    const variables = [...(request.environment || []), { name: 'FROM_RUN_TASK', value: 'yes' }];
    process.stdout.write(JSON.stringify({ environment: { variables } }));
    return;
  }
  if (point === 'agentPreLaunch' && id === 'refused') {
    process.stderr.write('quota exceeded for ' + id + '\\nsecond line\\n');
    process.exit(3);
  }
  if (point === 'agentRemoveExecutor') {
    const executor = JSON.parse(request.executorInfoJson);
    fs.appendFileSync(removedLog, [request.frameworkId, executor.executor_id.value, request.containerId.value].join(' ') + '\\n');
  }
});
`;

let removedLog: string;

const cluster = realCluster(test, {
  framework: 'hooks-module',
  masterConfig: {
    masterLines: ['  hooks: [stamps]'],
    moduleLines: ['  stamps: { use: hooks, config: { labels: { team: e2e }, pointLabels: { masterLaunchTask: { stamped-by: master } } } }'],
  },
  agentSetup: () => {
    const dir = makeTempDir('plateau-hooks-e2e-');
    const script = path.join(dir, 'hook.js');
    fs.writeFileSync(script, SCRIPT);
    removedLog = path.join(dir, 'removed.log');
    const exec = { command: [process.execPath, script, removedLog], timeoutMs: 1500, points: ['agentRunTask', 'agentPreLaunch', 'agentRemoveExecutor'] };
    return {
      hooks: {
        stamps: `{ use: hooks, config: { pointLabels: { agentRunTask: { run-task: agent }, agentTaskStatus: { status: seen } }, environment: { HOOKS_TEAM: e2e }, attributes: { rack: r7, level: 2 } } }`,
        script: `{ use: hooks, config: { exec: ${JSON.stringify(exec)} } }`,
      },
    };
  },
});
const { real } = cluster;
const labelsOf = (x: any) => Object.fromEntries((Array.isArray(x?.labels) ? x.labels : (x?.labels?.labels ?? [])).map((l: any) => [l.key, l.value]));

real("AgentResources: the attributes the hook adds are the agent's in the master's state", async () => {
  const slaves = JSON.parse((await request(cluster.master.address, 'GET', '/master/state')).body).slaves;
  assert.is(slaves.length, 1, JSON.stringify(slaves));
  assert.equal({ rack: slaves[0].attributes.rack, level: slaves[0].attributes.level }, { rack: 'r7', level: 2 }, JSON.stringify(slaves[0].attributes));
});

real('MasterLaunchTask, AgentRunTask, AgentTaskStatus and AgentPreLaunch each leave their mark; AgentRemoveExecutor is told', async () => {
  // Runs a while, so that the agent still knows the task (it forgets it once its end is acknowledged).
  const cmd = 'test "$HOOKS_TEAM" = e2e && test "$FROM_RUN_TASK" = yes && echo "hooked: $HOOKS_TEAM $FROM_RUN_TASK" && sleep 2';
  const t = busyboxTask('stamped', cmd, { extra: { labels: { labels: [{ key: 'app', value: 'web' }] } } });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  const running = await untilState(cluster.fw, 'stamped', 'TASK_RUNNING');
  assert.is(labelsOf(running).status, 'seen', `TASK_RUNNING carries the AgentTaskStatus label: ${JSON.stringify(running.labels)}`);
  // The agent's copy: the master's labels, then its own AgentRunTask's.
  const agentState = await cluster.agent.get('/state');
  const onAgent = (agentState.frameworks ?? []).flatMap((f: any) => f.executors.flatMap((e: any) => [...e.tasks, ...e.completed_tasks])).find((x: any) => x.task_id?.value === 'stamped');
  assert.ok(onAgent, JSON.stringify(agentState.frameworks));
  assert.equal(labelsOf(onAgent), { app: 'web', team: 'e2e', 'stamped-by': 'master', 'run-task': 'agent' });

  const done = await untilState(cluster.fw, 'stamped', 'TASK_FINISHED');
  assert.is(labelsOf(done).status, 'seen', JSON.stringify(done.labels));

  // The master's copy: its own hook's labels (AgentRunTask changes only the agent's copy, as in Mesos).
  const state = JSON.parse((await request(cluster.master.address, 'GET', '/master/state')).body);
  const tasks = (state.frameworks ?? []).flatMap((f: any) => [...(f.tasks ?? []), ...(f.completed_tasks ?? [])]);
  const inMaster = tasks.find((x: any) => x.id === 'stamped');
  assert.ok(inMaster, `the master knows the task: ${JSON.stringify(tasks.map((x: any) => x.id))}`);
  assert.equal(labelsOf(inMaster), { app: 'web', team: 'e2e', 'stamped-by': 'master' });

  // AgentPreLaunch's variable and AgentRunTask's variable were both in the container (else it exited 1).
  const cid = running.container_status.container_id.value;
  const out = fs.readFileSync(path.join(cluster.agent.sandbox(running.agent_id.value, cluster.fw.frameworkId, 'stamped', cid), 'stdout'), 'utf8');
  assert.match(out, /hooked: e2e yes/);

  const line = `${cluster.fw.frameworkId} stamped ${cid}`;
  await waitFor(() => fs.existsSync(removedLog) && fs.readFileSync(removedLog, 'utf8').split('\n').includes(line), { timeoutMs: 10_000, what: `AgentRemoveExecutor of ${line} in ${removedLog}` });
});

real('AgentPreLaunch failing fails the task with a reason naming the hook, its exit code and its stderr', async () => {
  const t = busyboxTask('refused', 'true');
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  const failed = await untilState(cluster.fw, 'refused', 'TASK_FAILED');
  assert.is(failed.reason, 'REASON_CONTAINER_LAUNCH_FAILED', JSON.stringify(failed));
  assert.match(failed.message, /hook script \(hook\.hooks\) failed before launch: .*\(agentPreLaunch\) exited with code 3: quota exceeded for refused/);
  assert.not.match(failed.message, /second line/);
});

real('a hook that hangs in AgentRunTask is timed out and reported; the task still runs, undecorated by it', async () => {
  const t = busyboxTask('slow', 'echo "FROM_RUN_TASK=[$FROM_RUN_TASK] HOOKS_TEAM=[$HOOKS_TEAM]"');
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  const done = await untilState(cluster.fw, 'slow', 'TASK_FINISHED');
  const out = fs.readFileSync(path.join(cluster.agent.sandbox(done.agent_id.value, cluster.fw.frameworkId, 'slow', done.container_status.container_id.value), 'stdout'), 'utf8');
  assert.match(out, /FROM_RUN_TASK=\[\] HOOKS_TEAM=\[e2e\]/, 'the hung hook added nothing; the others still did');
  assert.match(cluster.agent.proc!.output(), /hook script \(hook\.hooks\) failed in agentRunTask: skipped/);
  assert.match(cluster.agent.proc!.output(), /did not finish within 1500 ms \(process group killed\)/);
});

test.run();
