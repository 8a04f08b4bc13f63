// An image pull's progress through a real master and a real runc agent: the agent pulls from a
// real Docker registry (Debian's docker-registry) behind a proxy that sends 1 MiB a second, so
// that the pull of busybox and three filler layers takes seconds. The framework hears
// TASK_STARTING updates carrying the pull (a message with layers and bytes, the per-layer view as
// JSON in data), two a second at most, before TASK_RUNNING; the agent's GET /pulls shows it.

import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pushImage } from '@plateau/testkit/images';
import { buildLayeredImage } from '@plateau/testkit/layered-image';
import { startRegistry, type RunningRegistry } from '@plateau/testkit/registry';
import { startSlowProxy, type SlowProxy } from '@plateau/testkit/slow-proxy';
import { makeTempDir } from '@plateau/testkit/tmp';
import { SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, nextStatus, realContainersMissing, startMaster, TestAgent, testUnless, type MasterProc } from './agent-harness';

let skip: string | undefined;
let registry: RunningRegistry | undefined;
let proxy: SlowProxy | undefined;
let master: MasterProc | undefined;
let agent: TestAgent | undefined;
let fw: SchedulerClient | undefined;
let image = '';

test.before(async () => {
  skip = await realContainersMissing();
  if (skip) return;
  const built = await buildLayeredImage(join(makeTempDir('plateau-pull-progress-'), 'layout'), 'big', 3, 3_000_000);
  registry = await startRegistry();
  await pushImage(built, registry.host, 'team/big:1');
  proxy = await startSlowProxy(registry.host, 1024 * 1024);
  image = `${proxy.host}/team/big:1`;
  master = await startMaster();
  agent = new TestAgent(master.address, { insecureRegistries: [proxy.host] });
  await agent.start();
  fw = await SchedulerClient.subscribe(master.address, frameworkInfo('pull-progress'));
});

test.after(async () => {
  fw?.close();
  await agent?.destroy();
  await master?.stop();
  await proxy?.stop();
  await registry?.stop();
});

const realTest = testUnless(() => skip);
const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_ERROR', 'TASK_KILLED', 'TASK_LOST']);

realTest('a slow pull shows as throttled TASK_STARTING updates with per-layer progress, and at GET /pulls', async () => {
  const t = busyboxTask('pull-progress', 'echo ran');
  t.container.mesos.image.docker.name = image;
  await acceptNext(fw!, (offer) => [launchOp(offer, [t])]);
  // The agent's view while it pulls, polled.
  const seenAtAgent: any[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const r = await fetch(`http://${agent!.address}/pulls`).catch(() => undefined);
      if (r?.ok) seenAtAgent.push(...((await r.json()) as { pulls: unknown[] }).pulls);
      await new Promise((res) => setTimeout(res, 200));
    }
  })();
  const statuses: any[] = [];
  try {
    for (;;) {
      const s = await nextStatus(fw!, 'pull-progress', { timeoutMs: 60_000 });
      statuses.push(s);
      if (TERMINAL.has(s.state)) break;
    }
  } finally {
    polling = false;
    await poller;
  }
  const states = statuses.map((s) => s.state);
  assert.is(states.at(-1), 'TASK_FINISHED', JSON.stringify(statuses.at(-1)));
  const starting = statuses.filter((s) => s.state === 'TASK_STARTING');
  assert.ok(starting.length >= 2, `several TASK_STARTING updates during the pull: ${states.join(', ')}`);
  assert.ok(states.indexOf('TASK_RUNNING') > states.lastIndexOf('TASK_STARTING'), `TASK_STARTING before TASK_RUNNING: ${states.join(', ')}`);
  for (const s of starting) {
    assert.match(s.message, /^pulling image .*team\/big:1: \d+\/4 layers, /, s.message);
    const pull = JSON.parse(Buffer.from(s.data, 'base64').toString('utf8')).plateau_pull;
    assert.is(pull.image, image);
    assert.is(pull.layer_count, 4);
    assert.ok(pull.layers.length > 0 && pull.layers.every((l: any) => typeof l.layer === 'string' && l.bytes_done <= Math.max(l.bytes_total, l.bytes_done)), JSON.stringify(pull));
  }
  const first = JSON.parse(Buffer.from(starting[0].data, 'base64').toString('utf8')).plateau_pull;
  assert.ok(first.layers.some((l: any) => l.phase === 'downloading'), `the first update shows a layer downloading: ${JSON.stringify(first)}`);
  // Two a second at most (the agent's timestamps, in seconds).
  for (let i = 1; i < starting.length; i++) {
    const gap = starting[i].timestamp - starting[i - 1].timestamp;
    assert.ok(gap >= 0.45, `updates ${Math.round(gap * 1000)} ms apart`);
  }
  // Bytes grow from one update to the next.
  const total = (s: any) => JSON.parse(Buffer.from(s.data, 'base64').toString('utf8')).plateau_pull.layers.reduce((n: number, l: any) => n + l.bytes_done, 0);
  assert.ok(total(starting.at(-1)) > total(starting[0]), 'the bytes done grow');
  // The agent's API showed the pull with its layers while it ran.
  const mine = seenAtAgent.filter((p) => p.image === image && p.task_ids.includes('pull-progress'));
  assert.ok(mine.length > 0, `GET /pulls listed the pull: ${JSON.stringify(seenAtAgent.slice(0, 2))}`);
  assert.ok(mine.some((p) => !p.done && p.layers.some((l: any) => l.phase === 'downloading' && l.bytes_total > 0)), 'GET /pulls showed a layer downloading');
  const one = await fetch(`http://${agent!.address}/pulls?container_id=${mine[0].container_id}`);
  assert.is(one.status, 200);
  const finished = (await one.json()) as any;
  assert.is(finished.done, true, 'the finished pull stays listed, done');
  assert.is(finished.layers.length, 4, JSON.stringify(finished));
  assert.ok(finished.layers.every((l: any) => l.phase === 'done' || l.phase === 'cached'), `every layer of a pulled image is done: ${JSON.stringify(finished)}`);
  const unknown = await fetch(`http://${agent!.address}/pulls?container_id=nope`);
  assert.is(unknown.status, 404);
});

test.run();
