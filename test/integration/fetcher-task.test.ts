// The fetcher end to end: a real master and agent (runc); a task whose CommandInfo.uris names a
// script on a local HTTP server runs that script from its sandbox; a 404 fails the task with
// REASON_CONTAINER_LAUNCH_FAILED and the fetcher's message; an unsupported scheme is a TASK_ERROR
// at ACCEPT.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, type MasterProc, nextStatus, realContainersMissing, startMaster, TestAgent, testUnless, untilState } from './agent-harness';

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
let fw: SchedulerClient;
let server: Server;
let base = '';

test.before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hello.sh') res.writeHead(200).end('#!/bin/sh\necho fetched-ok\n');
    else res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  skip = await realContainersMissing();
  if (skip) return;
  master = await startMaster([]);
  agent = new TestAgent(master.address);
  await agent.start();
  fw = await SchedulerClient.subscribe(master.address, frameworkInfo('fetcher'));
});

test.after(async () => {
  fw?.close();
  await agent?.destroy();
  await master?.stop();
  server.close();
});

const real = testUnless(() => skip);

real('a task runs a script the fetcher put in its sandbox', async () => {
  const task = busyboxTask('fetched', 'test "$($MESOS_SANDBOX/hello.sh)" = fetched-ok');
  task.command.uris = [{ value: `${base}/hello.sh`, executable: true }];
  await acceptNext(fw, (offer) => [launchOp(offer, [task])], { cpus: 0.1, mem: 64 });
  const done = await untilState(fw, 'fetched', 'TASK_FINISHED', 60_000).catch(async (err) => {
    throw new Error(`no TASK_FINISHED: ${(err as Error).message}`);
  });
  assert.is(done.state, 'TASK_FINISHED', JSON.stringify(done));
});

real('a 404 fails the task with REASON_CONTAINER_LAUNCH_FAILED and the fetcher message', async () => {
  const task = busyboxTask('missing', 'true');
  task.command.uris = [{ value: `${base}/missing.sh` }];
  await acceptNext(fw, (offer) => [launchOp(offer, [task])], { cpus: 0.1, mem: 64 });
  const s = await nextStatus(fw, 'missing', { timeoutMs: 60_000 });
  assert.is(s.state, 'TASK_FAILED', JSON.stringify(s));
  assert.is(s.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(s.message, `Failed to fetch '${base}/missing.sh'`);
  assert.match(s.message, 'HTTP 404');
});

real('a URI with an unsupported scheme is a TASK_ERROR at ACCEPT', async () => {
  const task = busyboxTask('hdfs', 'true');
  task.command.uris = [{ value: 'hdfs://namenode/app.tar.gz' }];
  await acceptNext(fw, (offer) => [launchOp(offer, [task])], { cpus: 0.1, mem: 64 });
  const s = await nextStatus(fw, 'hdfs', { timeoutMs: 30_000 });
  assert.is(s.state, 'TASK_ERROR', JSON.stringify(s));
  assert.match(s.message, "unsupported scheme 'hdfs'");
});

test.run();
