// Without an authenticator (config/dev.yaml) tasks share the host network and reach the agent API
// on 127.0.0.1 like the operator's CLI does. The agent tells them apart by who holds the
// connection (kernel/agent/src/http/peer-container.ts): on a real agent with real runc containers,
// a busybox task's wget sees only its own container in GET_CONTAINERS, is refused KILL_CONTAINER
// on another framework's container, /state and another executor's SUBSCRIBE; the host (this test)
// still sees and may do everything. Also: the /proc/net/tcp address parsing, against this
// process's own live sockets.

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { peerOf, procAddress, socketAddress } from '@plateau/agent';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, type MasterProc, nextStatus, realContainersMissing, startMaster, TestAgent, testUnless } from './agent-harness';

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
let fwA: SchedulerClient;
let fwB: SchedulerClient;

test('procAddress and socketAddress agree on IPv4, IPv6 and IPv4-mapped addresses', () => {
  assert.is(procAddress('0100007F:1F90'), '127.0.0.1:8080');
  assert.is(procAddress('0000000000000000FFFF00000100007F:0050'), '127.0.0.1:80');
  assert.is(procAddress('00000000000000000000000001000000:0016'), '::1:22');
  assert.is(socketAddress('::ffff:127.0.0.1', 80), '127.0.0.1:80');
  assert.is(socketAddress('::1', 22), '::1:22');
  assert.is(socketAddress('127.0.0.1', 5051), '127.0.0.1:5051');
  assert.is(procAddress('nonsense'), undefined);
});

test("a connection of this process is the host's; one closed before the lookup is unknown, never the host", async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const client = net.connect(port, '127.0.0.1');
  const socket = await accepted;
  // A candidate container: this very process, whose pid namespace is the host's.
  assert.equal(await peerOf(socket, [{ containerId: 'self', pid: process.pid }]), { kind: 'host' });
  client.destroy();
  await new Promise((r) => setTimeout(r, 100));
  const gone = await peerOf(socket, [{ containerId: 'self', pid: process.pid }]);
  assert.is(gone.kind, 'unknown', JSON.stringify(gone));
  socket.destroy();
  server.close();
});

test.before(async () => {
  skip = await realContainersMissing();
  if (skip) return;
  master = await startMaster([]);
  agent = new TestAgent(master.address);
  await agent.start();
  fwA = await SchedulerClient.subscribe(master.address, frameworkInfo('peer-a'));
  fwB = await SchedulerClient.subscribe(master.address, frameworkInfo('peer-b'));
});

test.after(async () => {
  fwA?.close();
  fwB?.close();
  await agent?.destroy();
  await master?.stop();
});

const real = testUnless(() => skip);

real("a task reaches only its own container through the agent API; the host reaches all", async () => {
  await acceptNext(fwA, (offer) => [launchOp(offer, [busyboxTask('victim', 'sleep 600', { cpus: 0.5, mem: 64 })])], { cpus: 0.5, mem: 64 });
  const victim = await nextStatus(fwA, 'victim');
  assert.is(victim.state, 'TASK_RUNNING', JSON.stringify(victim));
  const victimId = victim.container_status.container_id.value;

  const api = `http://${agent.address}/api/v1`;
  const post = (body: unknown) => `wget -q -O - --header 'Content-Type: application/json' --post-data '${JSON.stringify(body)}' ${api} 2>&1`;
  const script = [
    'echo CONTAINERS:',
    post({ type: 'GET_CONTAINERS' }),
    'echo; echo KILL:',
    post({ type: 'KILL_CONTAINER', kill_container: { container_id: { value: victimId } } }),
    'echo; echo STATE:',
    `wget -q -O - http://${agent.address}/state 2>&1`,
    'echo; echo SUBSCRIBE:',
    `wget -q -O - --header 'Content-Type: application/json' --post-data '${JSON.stringify({ type: 'SUBSCRIBE', framework_id: { value: fwA.frameworkId }, executor_id: { value: 'victim' }, subscribe: {} })}' ${api}/executor 2>&1`,
    'echo; echo END',
  ].join('; ');
  await acceptNext(fwB, (offer) => [launchOp(offer, [busyboxTask('attacker', script, { cpus: 0.5, mem: 64 })])], { cpus: 0.5, mem: 64 });
  let done = await nextStatus(fwB, 'attacker');
  if (done.state === 'TASK_RUNNING') done = await nextStatus(fwB, 'attacker');
  assert.is(done.state, 'TASK_FINISHED', JSON.stringify(done));
  const attackerId = done.container_status?.container_id?.value;
  const sandbox = agent.sandbox(done.agent_id.value, fwB.frameworkId, 'attacker', attackerId);
  const out = fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8');
  const section = (name: string) => out.slice(out.indexOf(`${name}:`), out.indexOf('\n', out.indexOf(`${name}:`) + name.length + 2) + 1 || undefined);

  assert.ok(out.includes('END'), `the script ran to its end:\n${out}`);
  const containers = section('CONTAINERS');
  assert.ok(containers.includes(attackerId), `the task sees its own container:\n${out}`);
  assert.not.ok(containers.includes(victimId), `the task does not see the other framework's container:\n${out}`);
  assert.match(section('KILL'), /403/, `KILL_CONTAINER of another framework's container is refused:\n${out}`);
  assert.match(section('STATE'), /403/, `the agent's /state is refused to a task:\n${out}`);
  assert.match(section('SUBSCRIBE'), /403/, `SUBSCRIBE as another framework's executor is refused:\n${out}`);

  // The host still sees everything, and the victim still runs.
  const all = await request(agent.address, 'POST', '/api/v1', { type: 'GET_CONTAINERS' }, { Accept: 'application/json' });
  assert.is(all.status, 200, all.body);
  assert.ok(all.body.includes(victimId), 'the host sees the victim');
  const state = JSON.parse((await request(agent.address, 'GET', '/state')).body);
  const victimTask = state.frameworks.flatMap((f: any) => f.executors.flatMap((e: any) => e.tasks)).find((t: any) => t.task_id?.value === 'victim');
  assert.is(victimTask?.state, 'TASK_RUNNING', 'the victim was not killed');
});

test.run();
