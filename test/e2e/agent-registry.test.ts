// A task whose image lives in a real Docker Registry v2 server (Debian's docker-registry on
// loopback, the busybox image pushed to it with skopeo): the agent's OCI provisioner pulls it
// without a Docker daemon, and the task runs in an isolated runc container from that image.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pushImage } from '@plateau/testkit/images';
import { startRegistry, type RunningRegistry } from '@plateau/testkit/registry';
import { SchedulerClient } from '../helpers/scheduler-client';
import {
  acceptNext,
  busyboxLayout,
  busyboxTask,
  frameworkInfo,
  launchOp,
  nextStatus,
  realContainersMissing,
  startMaster,
  TestAgent,
  untilState,
  type MasterProc,
} from '../integration/agent-harness';
import { printSkip } from '@plateau/testkit/skip';

let skip: string | undefined;
let registry: RunningRegistry | undefined;
let master: MasterProc | undefined;
let agent: TestAgent | undefined;
let fw: SchedulerClient | undefined;
let image = '';

test.before(async () => {
  skip = await realContainersMissing();
  if (skip) return;
  registry = await startRegistry();
  image = await pushImage(`oci:${await busyboxLayout()}:latest`, registry.host, 'team/busybox:1.0');
  master = await startMaster();
  agent = new TestAgent(master.address, { insecureRegistries: [registry.host] });
  await agent.start();
  fw = await SchedulerClient.subscribe(master.address, frameworkInfo('agent-registry'));
});

test.after(async () => {
  fw?.close();
  await agent?.destroy();
  await master?.stop();
  await registry?.stop();
});

test('a task from a registry image: pulled over the Registry v2 API, run isolated, its output in the sandbox', async () => {
  if (skip) {
    printSkip('registry image task', skip);
    return;
  }
  const t = busyboxTask('from-registry', 'echo pulled-and-ran; cat /proc/self/status | grep -E "^(NoNewPrivs|Seccomp):"');
  t.container.mesos.image.docker.name = image;
  await acceptNext(fw!, (offer) => [launchOp(offer, [t])]);
  const running = await nextStatus(fw!, 'from-registry');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const done = await untilState(fw!, 'from-registry', 'TASK_FINISHED');
  assert.is(done.state, 'TASK_FINISHED', JSON.stringify(done));
  const pulls = registry!.requests().filter((r) => /\/v2\/team\/busybox\/(manifests|blobs)\//.test(r.uri));
  assert.ok(pulls.some((r) => r.uri.includes('/manifests/')), `the agent asked the registry for the manifest: ${JSON.stringify(registry!.requests())}`);
  assert.ok(pulls.some((r) => r.uri.includes('/blobs/')), 'the agent fetched blobs from the registry');
  const cid = running.container_status?.container_id?.value;
  assert.ok(cid, `TASK_RUNNING names its container: ${JSON.stringify(running)}`);
  const out = fs.readFileSync(path.join(agent!.sandbox(running.agent_id.value, fw!.frameworkId, 'from-registry', cid), 'stdout'), 'utf8');
  assert.match(out, /pulled-and-ran/);
  assert.match(out, /NoNewPrivs:\s+1/);
  assert.match(out, /Seccomp:\s+2/);
});

test.run();
