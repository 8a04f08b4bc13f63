// The fetcher end to end: a real master and agent (runc); a task whose CommandInfo.uris names a
// script on a local HTTP server runs that script from its sandbox; a 404 fails the task with
// REASON_CONTAINER_LAUNCH_FAILED and the fetcher's message; an unsupported scheme is a TASK_ERROR
// at ACCEPT; fetched files belong to the task's user (CommandInfo.user), who can overwrite them.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, type MasterProc, nextStatus, realContainersMissing, startMaster, taskResources, TestAgent, testUnless, untilState } from './agent-harness';

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
let fw: SchedulerClient;
let server: Server;
let base = '';

test.before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/data.txt') res.writeHead(200).end('fetched data\n');
    else if (req.url === '/hello.sh') res.writeHead(200).end('#!/bin/sh\necho fetched-ok\n');
    else res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  skip = await realContainersMissing();
  if (skip) return;
  master = await startMaster([]);
  agent = new TestAgent(master.address);
  // Searchable by a user namespace's root, so that image tasks get one (isolator-linux's auto).
  fs.chmodSync(agent.dir, 0o711);
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

real('fetched files belong to the task user (nobody): with and without an image, it overwrites them', async () => {
  // Overwrites each fetched file in place (the file itself, not a new one in its directory), then
  // shows who owns it.
  const script = [
    'cd "$MESOS_SANDBOX"',
    'for f in data.txt sub/data.txt cached.txt; do echo overwritten > "$f" && echo "$f=$(cat "$f")"; done',
    'echo "uid=$(id -u)"',
  ].join('; ');
  const uris = [
    { value: `${base}/data.txt` },
    { value: `${base}/data.txt`, output_file: 'sub/data.txt' },
    { value: `${base}/data.txt`, output_file: 'cached.txt', cache: true },
  ];
  const hostTask = { name: 'fetch-nobody-host', task_id: { value: 'fetch-nobody-host' }, resources: taskResources(0.1, 32), command: { shell: true, user: 'nobody', value: script, uris } };
  const imageTask = busyboxTask('fetch-nobody-image', script);
  imageTask.command = { ...imageTask.command, user: 'nobody', uris };
  await acceptNext(fw, (offer) => [launchOp(offer, [hostTask, imageTask])], { cpus: 0.2, mem: 96 });
  for (const id of ['fetch-nobody-host', 'fetch-nobody-image']) {
    const done = await untilState(fw, id, 'TASK_FINISHED', 60_000).catch((err) => {
      throw new Error(`${id}: no TASK_FINISHED: ${(err as Error).message}`);
    });
    const sandbox = agent.sandbox(done.agent_id.value, fw.frameworkId, id, done.container_status.container_id.value);
    const out = fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8');
    assert.match(out, /^uid=65534$/m, `${id} runs as nobody: ${out}`);
    // nobody in host ids: 65534, or its id in the user namespace's range (as the sandbox is chowned).
    const top = fs.statSync(sandbox);
    if (id === 'fetch-nobody-host') assert.equal([top.uid, top.gid], [65534, 65534], 'a task without an image has no user namespace');
    for (const f of ['data.txt', 'sub/data.txt', 'cached.txt']) {
      assert.match(out, new RegExp(`^${f}=overwritten$`, 'm'), `${id} overwrote ${f}: ${out}`);
      const st = fs.statSync(path.join(sandbox, f));
      assert.equal([st.uid, st.gid], [top.uid, top.gid], `${id}: ${f} belongs to nobody (host ${top.uid}:${top.gid})`);
    }
    assert.is(fs.statSync(path.join(sandbox, 'sub')).uid, top.uid, `${id}: the output_file's directory belongs to nobody`);
  }
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
