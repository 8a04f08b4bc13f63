// master.hooks on a real master (child process) with simulated agents: MasterLaunchTask of each
// hook, in order, decorates the labels of every launched task; a hook that throws or never answers
// is logged with its name and skipped, and the launch goes on with the labels so far.

import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { operatorCall, SchedulerClient } from '../helpers/scheduler-client';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

const REPO = path.resolve(__dirname, '../../..');
const FAULTY = path.join(__dirname, 'hook-faulty-fixture.js');

let master: MasterProcess;
let fleet: SimFleet;
let client: SchedulerClient | undefined;

test.before(async () => {
  master = await startMaster({
    masterLines: ['  hooks: [broken, slow, owners]'],
    moduleLines: [
      `  broken: { use: ${JSON.stringify(FAULTY)}, config: { mode: throw } }`,
      `  slow: { use: ${JSON.stringify(FAULTY)}, config: { mode: hang } }`,
      `  owners: { use: ${JSON.stringify(path.join(REPO, 'examples/hook-owner-labels'))}, config: { owner: team-master, labels: { cost-center: "42" } } }`,
    ],
  });
  fleet = await startAgents(master.address, 1, { taskMs: 60_000, retryMs: 300 });
});

test.after(async () => {
  client?.close();
  fleet?.stop();
  await master?.stop();
});

test('a throwing hook and a hanging hook are skipped with a warning; the task launches with the next hook\'s labels', async () => {
  client = await SchedulerClient.subscribe(master.address, frameworkInfo('hooks'));
  const offer = (await client.next('OFFERS')).offers.offers[0];
  const task = taskFor(offer, 'decorated-1', 0.5, 64, { labels: { labels: [{ key: 'app', value: 'web' }, { key: 'owner', value: 'nobody' }] } });
  const t0 = Date.now();
  await client.mustCall(launchCall([offer], [task]));
  const running = await client.nextUpdate('decorated-1', 'TASK_RUNNING', 20_000);
  await client.ack(running);
  const waited = Date.now() - t0;
  assert.ok(waited >= 4000, `the hanging hook was waited for up to its deadline (${waited} ms)`);

  const tasks = (await operatorCall(master.address, { type: 'GET_TASKS' })).get_tasks.tasks ?? [];
  const t = tasks.find((x: any) => x.task_id.value === 'decorated-1');
  assert.ok(t, `decorated-1 among the master's tasks: ${JSON.stringify(tasks)}`);
  assert.equal(t.labels?.labels, [
    { key: 'app', value: 'web' },
    { key: 'owner', value: 'team-master' },
    { key: 'cost-center', value: '42' },
  ]);

  const out = master.proc.output();
  assert.match(out, /hook broken \(hook\.faulty\) failed in masterLaunchTask: skipped/);
  assert.match(out, /faulty hook: deliberate failure/);
  assert.match(out, /hook slow \(hook\.faulty\) timed out in masterLaunchTask: skipped/);
  assert.match(out, /"taskId":"decorated-1"/);
});

test.run();
