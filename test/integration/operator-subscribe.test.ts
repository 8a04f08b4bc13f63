// The operator event stream (SUBSCRIBE on /api/v1) of a real master with simulated agents, read
// from a raw socket so that the HTTP chunks themselves are checked: SUBSCRIBED with the whole
// state first, then FRAMEWORK_ADDED, TASK_ADDED and TASK_UPDATED as a framework launches a task,
// AGENT_ADDED and AGENT_REMOVED, FRAMEWORK_REMOVED on teardown; each RecordIO record is one chunk.

import * as net from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimFleet } from '@plateau/cli';
import { operatorCall, request, SchedulerClient } from '../helpers/scheduler-client';
import { frameworkInfo, launchCall, startAgents, startMaster, taskFor, type MasterProcess } from './master-harness';

/** An operator SUBSCRIBE read from a raw socket: each HTTP chunk must hold exactly one record. */
class EventStream {
  readonly events: any[] = [];
  status = 0;
  headers = '';
  problems: string[] = [];
  private buf = Buffer.alloc(0);
  private headerDone = false;
  private waiters: { match: (e: any) => boolean; resolve: (e: any) => void }[] = [];
  private seen = 0;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => this.onData(d));
  }

  static open(address: string): Promise<EventStream> {
    const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => {
        const body = JSON.stringify({ type: 'SUBSCRIBE' });
        socket.write(`POST /api/v1 HTTP/1.1\r\nHost: ${address}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        resolve(new EventStream(socket));
      });
      socket.once('error', reject);
    });
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    if (!this.headerDone) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      this.headers = this.buf.subarray(0, end).toString('latin1');
      this.status = Number(/^HTTP\/1\.1 (\d+)/.exec(this.headers)?.[1] ?? 0);
      this.buf = this.buf.subarray(end + 4);
      this.headerDone = true;
    }
    for (;;) {
      const lineEnd = this.buf.indexOf('\r\n');
      if (lineEnd < 0) return;
      const size = parseInt(this.buf.subarray(0, lineEnd).toString('latin1'), 16);
      if (this.buf.length < lineEnd + 2 + size + 2) return;
      const chunk = this.buf.subarray(lineEnd + 2, lineEnd + 2 + size);
      this.buf = this.buf.subarray(lineEnd + 2 + size + 2);
      if (size === 0) return;
      const nl = chunk.indexOf('\n');
      const len = Number(chunk.subarray(0, nl).toString('latin1'));
      if (nl < 0 || chunk.length !== nl + 1 + len) {
        this.problems.push(`a chunk of ${chunk.length} bytes is not exactly one record: ${chunk.subarray(0, 80).toString()}`);
        continue;
      }
      const e = JSON.parse(chunk.subarray(nl + 1).toString('utf8'));
      this.events.push(e);
      for (const w of [...this.waiters]) {
        if (w.match(e)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    }
  }

  /** The next event (after those already taken) matching `match`. */
  next(match: (e: any) => boolean, what: string, timeoutMs = 10_000): Promise<any> {
    for (let i = this.seen; i < this.events.length; i++) {
      if (match(this.events[i])) {
        this.seen = i + 1;
        return Promise.resolve(this.events[i]);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; events: ${this.events.map((e) => e.type).join(', ')}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          this.seen = this.events.indexOf(e) + 1;
          resolve(e);
        },
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

let master: MasterProcess;
let fleet: SimFleet | undefined;
let more: SimFleet | undefined;
let client: SchedulerClient | undefined;
let stream: EventStream | undefined;

test.before(async () => {
  master = await startMaster({ args: ['--heartbeat-interval', '300ms'] });
  fleet = await startAgents(master.address, 2);
});

test.after(async () => {
  stream?.close();
  client?.close();
  more?.stop();
  fleet?.stop();
  await master?.stop();
});

test('SUBSCRIBED first with the whole state, then the events of a task launch, agents and teardown', async () => {
  stream = await EventStream.open(master.address);
  const subscribed = await stream.next((e) => e.type === 'SUBSCRIBED', 'SUBSCRIBED');
  assert.is(stream.status, 200);
  assert.match(stream.headers, /content-type: application\/json/i);
  assert.match(stream.headers, /transfer-encoding: chunked/i);
  assert.is(stream.events[0].type, 'SUBSCRIBED', 'the first event');
  assert.is(subscribed.subscribed.heartbeat_interval_seconds, 0.3);
  const state = subscribed.subscribed.get_state;
  assert.is(state.get_agents.agents.length, 2);
  assert.ok('get_tasks' in state && 'get_frameworks' in state && 'get_executors' in state);

  client = await SchedulerClient.subscribe(master.address, frameworkInfo('watched'));
  const added = await stream.next((e) => e.type === 'FRAMEWORK_ADDED', 'FRAMEWORK_ADDED');
  assert.is(added.framework_added.framework.framework_info.id.value, client.frameworkId);
  assert.is(added.framework_added.framework.framework_info.name, 'watched');
  assert.not.ok('offers' in added.framework_added.framework, 'no offers in events');

  const offer = (await client.next('OFFERS')).offers.offers[0];
  await client.mustCall(launchCall([offer], [taskFor(offer, 'seen', 1, 128)]));
  const taskAdded = await stream.next((e) => e.type === 'TASK_ADDED', 'TASK_ADDED');
  assert.is(taskAdded.task_added.task.task_id.value, 'seen');
  assert.is(taskAdded.task_added.task.state, 'TASK_STAGING');
  assert.is(taskAdded.task_added.task.agent_id.value, offer.agent_id.value);
  const running = await stream.next((e) => e.type === 'TASK_UPDATED' && e.task_updated.state === 'TASK_RUNNING', 'TASK_UPDATED to TASK_RUNNING');
  assert.is(running.task_updated.framework_id.value, client.frameworkId);
  assert.is(running.task_updated.status.task_id.value, 'seen');
  assert.is(running.task_updated.status.state, 'TASK_RUNNING');
  await client.ack(await client.nextUpdate('seen', 'TASK_RUNNING'));

  more = await startAgents(master.address, 1, { hostnamePrefix: 'late-agent-' });
  const agentAdded = await stream.next((e) => e.type === 'AGENT_ADDED', 'AGENT_ADDED');
  assert.match(agentAdded.agent_added.agent.agent_info.hostname, /agent-/);
  assert.ok(agentAdded.agent_added.agent.total_resources.some((r: any) => r.name === 'cpus'));
  const id = agentAdded.agent_added.agent.agent_info.id.value;
  const gone = await request(master.address, 'POST', '/api/v1', { type: 'MARK_AGENT_GONE', mark_agent_gone: { agent_id: { value: id } } });
  assert.is(gone.status, 200, gone.body);
  const removed = await stream.next((e) => e.type === 'AGENT_REMOVED', 'AGENT_REMOVED');
  assert.is(removed.agent_removed.agent_id.value, id);

  const teardown = await request(master.address, 'POST', '/api/v1/scheduler', { type: 'TEARDOWN', framework_id: { value: client.frameworkId } }, { 'Mesos-Stream-Id': client.streamId });
  assert.ok(teardown.status === 202 || teardown.status === 200, teardown.body);
  const killed = await stream.next((e) => e.type === 'TASK_UPDATED' && e.task_updated.state === 'TASK_KILLED', 'TASK_UPDATED to TASK_KILLED');
  assert.is(killed.task_updated.status.task_id.value, 'seen');
  const fwRemoved = await stream.next((e) => e.type === 'FRAMEWORK_REMOVED', 'FRAMEWORK_REMOVED');
  assert.is(fwRemoved.framework_removed.framework_info.id.value, client.frameworkId);

  await stream.next((e) => e.type === 'HEARTBEAT', 'HEARTBEAT');
  assert.equal(stream.problems, [], 'every chunk is one record');
});

test('a second subscriber gets its own SUBSCRIBED with the state as it is now', async () => {
  const second = await EventStream.open(master.address);
  try {
    const s = await second.next((e) => e.type === 'SUBSCRIBED', 'SUBSCRIBED');
    const tasks = s.subscribed.get_state.get_tasks;
    assert.ok((tasks.completed_tasks ?? []).some((t: any) => t.task_id.value === 'seen' && t.state === 'TASK_KILLED'), JSON.stringify(tasks));
    const metrics = (await operatorCall(master.address, { type: 'GET_METRICS' })).get_metrics.metrics;
    assert.is(metrics.find((x: any) => x.name === 'master/operator_event_stream_subscriptions').value, 2);
  } finally {
    second.close();
  }
});

test.run();
