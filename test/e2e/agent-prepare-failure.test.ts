// Isolators prepare a container all at once. One of them fails while another's Prepare is still
// running: the task fails naming the one that failed, and every isolator whose Prepare started is
// cleaned up, the slow one only once its Prepare has ended. The two probes are a fixture module
// loaded by path, configured twice, after the agent's cgroups, linux and disk isolators.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';
import { acceptNext, busyboxTask, launchOp, nextStatus, realCluster } from '../integration/agent-harness';

const fixture = JSON.stringify(path.join(__dirname, 'fixtures', 'prepare-probe-isolator.js'));
const log = path.join(makeTempDir('plateau-prepare-probe-'), 'events');
const cluster = realCluster(test, {
  framework: 'agent-prepare-failure',
  agentSetup: {
    extraIsolators: {
      slow: `{ use: ${fixture}, config: { role: slow, log: ${JSON.stringify(log)} } }`,
      refuse: `{ use: ${fixture}, config: { role: refuse, log: ${JSON.stringify(log)} } }`,
    },
  },
});

cluster.real('a Prepare fails while another runs: TASK_FAILED naming it, every started isolator cleaned up', async () => {
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('refused', 'echo should-not-run')])]);
  const s = await nextStatus(cluster.fw, 'refused');
  assert.is(s.state, 'TASK_FAILED', JSON.stringify(s));
  assert.is(s.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(s.message, /isolator refuse \(isolator\.prepare-probe\) failed to prepare the container/, s.message);
  assert.match(s.message, /refused by the prepare probe/, s.message);
  assert.not.match(s.message, /isolator slow/, 'only the failed isolator is named');

  const events = fs.readFileSync(log, 'utf8').trim().split('\n');
  const at = (e: string) => {
    const i = events.indexOf(e);
    assert.ok(i >= 0, `${e} in ${JSON.stringify(events)}`);
    return i;
  };
  assert.ok(at('slow prepare started') < at('refuse prepare failed'), `the refusal came while the slow Prepare ran: ${JSON.stringify(events)}`);
  assert.ok(at('refuse prepare failed') < at('slow prepare done'), `the slow Prepare ended after the refusal: ${JSON.stringify(events)}`);
  assert.ok(at('slow prepare done') < at('slow cleanup'), `the slow isolator is cleaned up after its Prepare ended: ${JSON.stringify(events)}`);
  at('refuse cleanup');

  const cid = s.container_status?.container_id?.value;
  assert.ok(cid, 'the failed container is named');
  assert.not.ok(cluster.agent.hasCgroup(cid), 'the cgroups isolator cleaned up what it prepared');
  assert.is(cluster.agent.runcContainers().size, 0, 'no container was created');
});

test.run();
