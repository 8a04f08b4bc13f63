// The agent's pieces that need no master: id escaping in paths, resource discovery and
// overrides, sandbox log rotation on real files, the checkpoint store round trip, the status
// update manager's ordering and retries (against a recording transport), and how commands,
// environments and terminations map to Mesos's rules.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { agentResources, AgentStore, type AgentTask, commandArgs, discover, diskToOffer, memoryToOffer, mergeEnvironment, rotateIfLarge, segment, StatusUpdates, terminalStatus, unsegment } from '@plateau/agent';
import pino from 'pino';
import { makeTempDir } from '@plateau/testkit/tmp';
import { sleep } from '@plateau/testkit/wait';

const log = pino({ level: 'silent' });

test('ids become reversible, file-name-safe path segments', () => {
  for (const id of ['plain-id_1.2:3', 'a/b', '..', '.', 'x y', 'é@%', '@', '']) {
    const s = segment(id);
    assert.ok(/^[A-Za-z0-9_.@:-]+$/.test(s) && s !== '.' && s !== '..', `${JSON.stringify(id)} → ${s}`);
    assert.is(unsegment(s), id);
  }
  assert.is(segment('a/b'), 'a@2Fb');
  assert.is.not(segment('@2F'), segment('/'), 'no collision between an escape and its literal text');
});

test('resources: discovered cpus, mem and disk less Mesos reserves, ports; explicit names win', async () => {
  assert.is(memoryToOffer(8 * 1024 ** 3), 7 * 1024);
  assert.is(memoryToOffer(1024 ** 3), 512);
  assert.is(diskToOffer(100 * 1024 ** 3), 95 * 1024);
  const d = await discover(makeTempDir('plateau-agent-disk-'), 0, log);
  assert.ok(d.cpus >= 1 && d.memMb > 0 && d.diskMb > 0, JSON.stringify(d));
  const auto = agentResources({ ...d, gpus: 2 }, 'auto');
  const byName = new Map(auto.map((r) => [r.name, r]));
  assert.is(byName.get('cpus')?.scalar?.value, d.cpus);
  assert.is(byName.get('gpus')?.scalar?.value, 2);
  assert.equal(byName.get('ports')?.ranges?.range, [{ begin: 31000, end: 32000 }]);
  const mixed = new Map(agentResources(d, 'cpus:16;ports:[5000-5001];zones:{a,b}').map((r) => [r.name, r]));
  assert.is(mixed.get('cpus')?.scalar?.value, 16);
  assert.is(mixed.get('mem')?.scalar?.value, d.memMb, 'names not given stay discovered');
  assert.equal(mixed.get('ports')?.ranges?.range, [{ begin: 5000, end: 5001 }]);
  assert.equal(mixed.get('zones')?.set?.item, ['a', 'b']);
  assert.throws(() => agentResources(d, 'cpus'), /agent.resources/);
});

test('sandbox logs over the cap rotate copy-truncate style, keeping two', () => {
  const dir = makeTempDir('plateau-agent-logs-');
  const f = path.join(dir, 'stdout');
  const fd = fs.openSync(f, 'a');
  fs.writeSync(fd, 'x'.repeat(100));
  assert.not.ok(rotateIfLarge(f, 200, 2), 'under the cap');
  fs.writeSync(fd, 'y'.repeat(150));
  assert.ok(rotateIfLarge(f, 200, 2));
  assert.is(fs.statSync(f).size, 0);
  assert.is(fs.readFileSync(`${f}.1`, 'utf8').length, 250);
  fs.writeSync(fd, 'z'.repeat(300)); // the writer's O_APPEND descriptor goes on at the new end
  assert.is(fs.statSync(f).size, 300);
  assert.ok(rotateIfLarge(f, 200, 2));
  fs.writeSync(fd, 'w'.repeat(201));
  assert.ok(rotateIfLarge(f, 200, 2));
  assert.is(fs.readFileSync(`${f}.1`, 'utf8')[0], 'w');
  assert.is(fs.readFileSync(`${f}.2`, 'utf8')[0], 'z');
  assert.not.ok(fs.existsSync(`${f}.3`), 'only two kept');
  fs.closeSync(fd);
});

function newTask(id: string): AgentTask {
  return {
    frameworkId: 'fw-1',
    taskId: id,
    info: { name: id, task_id: { value: id }, agent_id: { value: 'a' }, command: { value: 'true' } },
    executorId: id,
    containerId: 'c1',
    state: 'TASK_STAGING',
    pending: [],
  };
}

test('checkpoint: tasks with any id, frameworks and containers survive a reload; unlimited limits stay unlimited', async () => {
  const store = new AgentStore(path.join(makeTempDir('plateau-agent-meta-'), 'meta'));
  store.writeAgentId('agent-7');
  await store.writeFramework({ id: { value: 'fw/1' }, user: 'root', name: 'fw' });
  const t = { ...newTask('odd/id with spaces'), frameworkId: 'fw/1' };
  // Writes of one record coalesce: the latest value wins, every caller learns when it is durable.
  const writes = [store.writeTask({ ...t, state: 'TASK_STAGING' }), store.writeTask({ ...t, state: 'TASK_RUNNING' }), store.writeTask(t)];
  await Promise.all(writes);
  await store.writeContainer({ containerId: 'c1', frameworkId: 'fw/1', executorId: 'e', taskIds: [t.taskId], sandbox: '/s', phase: 'running', pid: 42, launcherState: '{}', createdAt: 1, config: { containerId: { value: 'c1' }, limits: { mem: Infinity, cpus: 2 } } });
  const again = new AgentStore(store.store.root);
  assert.is(again.readAgentId(), 'agent-7');
  assert.equal(again.frameworks().map((f) => f.id?.value), ['fw/1']);
  assert.equal(again.tasks().map((x) => [x.frameworkId, x.taskId, x.info.command?.value]), [['fw/1', 'odd/id with spaces', 'true']]);
  const c = again.containers()[0]!;
  assert.is(c.pid, 42);
  assert.is(c.config?.limits?.mem, Infinity);
  assert.is(c.config?.limits?.cpus, 2);
  assert.is(again.tasks()[0]!.state, 'TASK_STAGING', 'the last write won');
  await again.removeTask(t);
  assert.equal(new AgentStore(store.store.root).tasks(), []);
  again.removeFramework('fw/1');
  assert.equal(new AgentStore(store.store.root).frameworks(), []);
});

test('status updates: checkpointed before sent, one in flight per task, resent with backoff until acknowledged, in order', async () => {
  const events: string[] = [];
  let connected = true;
  const sent: { state: string; uuid: Buffer }[] = [];
  const done: string[] = [];
  const su = new StatusUpdates(
    {
      send: (_fid, json, uuid) => {
        if (!connected) return false;
        const state = JSON.parse(json).state as string;
        events.push(`send ${state}`);
        sent.push({ state, uuid });
        return true;
      },
      connected: () => connected,
      persist: async (t) => {
        events.push(`persist ${t.pending.map((p) => p.state).join(',')}`);
      },
      done: (t) => done.push(t.taskId),
    },
    40,
    log,
  );
  const t = newTask('t1');
  su.enqueue(t, { task_id: { value: 't1' }, state: 'TASK_RUNNING' });
  su.enqueue(t, { task_id: { value: 't1' }, state: 'TASK_FINISHED' });
  assert.equal(events, ['persist TASK_RUNNING', 'persist TASK_RUNNING,TASK_FINISHED'], 'nothing is sent before its checkpoint is durable');
  await sleep(5);
  assert.equal(events.slice(0, 3), ['persist TASK_RUNNING', 'persist TASK_RUNNING,TASK_FINISHED', 'send TASK_RUNNING'], 'then the first goes; the second waits');
  await sleep(150); // 40 + 80 ms: two resends
  assert.ok(sent.filter((s) => s.state === 'TASK_RUNNING').length >= 3, `resent with backoff: ${sent.map((s) => s.state)}`);
  assert.not.ok(sent.some((s) => s.state === 'TASK_FINISHED'), 'nothing overtakes the update in flight');
  assert.not.ok(su.acknowledge(t, Buffer.alloc(16)), 'a wrong uuid is ignored');
  assert.ok(su.acknowledge(t, sent[0]!.uuid));
  await sleep(5);
  assert.is(sent[sent.length - 1]!.state, 'TASK_FINISHED', 'the next goes once the first is acknowledged');
  connected = false;
  await sleep(60);
  connected = true;
  const before = sent.length;
  su.resendAll([t]);
  await sleep(5);
  assert.ok(sent.length > before, 'resent after (re-)registration');
  assert.is(sent[sent.length - 1]!.state, 'TASK_FINISHED');
  assert.ok(su.acknowledge(t, sent[sent.length - 1]!.uuid));
  assert.equal(done, ['t1'], 'the task is done once its terminal update is acknowledged');
  assert.is(t.sentState, 'TASK_FINISHED');
  su.stop();
});

test('commands: shell by default, argv without, image entrypoint and cmd; environments layer', () => {
  assert.equal(commandArgs({ value: 'echo hi' }, null), ['/bin/sh', '-c', 'echo hi']);
  assert.equal(commandArgs({ shell: false, value: '/bin/echo', arguments: ['echo', 'a', 'b'] }, null), ['/bin/echo', 'a', 'b']);
  const image = { entrypoint: ['/entry'], cmd: ['--default'], env: [], workingDir: '', user: '', labels: [], digest: '' };
  assert.equal(commandArgs({ shell: false }, image), ['/entry', '--default']);
  assert.equal(commandArgs({ shell: false, arguments: ['--x'] }, image), ['/entry', '--x']);
  assert.throws(() => commandArgs({ shell: false }, null), /nothing to run/);
  assert.equal(
    mergeEnvironment([{ name: 'PATH', value: '/img' }, { name: 'A', value: '1' }], [{ name: 'A', value: '2' }], [{ name: 'B', value: '3' }]),
    [
      { name: 'PATH', value: '/img' },
      { name: 'A', value: '2' },
      { name: 'B', value: '3' },
    ],
  );
});

test('terminations map to Mesos task states', () => {
  const t = newTask('x');
  assert.equal(terminalStatus(t, { status: 0, exitCode: 0, message: '' }, undefined), { state: 'TASK_FINISHED', message: 'Command exited with status 0' });
  assert.is(terminalStatus(t, { status: 768, exitCode: 3, message: '' }, undefined).message, 'Command exited with status 3');
  const oom = terminalStatus(t, { status: 9, signal: 9, message: 'killed by SIGKILL' }, { reason: 'REASON_CONTAINER_LIMITATION_MEMORY', message: 'OOM', source: 'cgroups', resources: [] });
  assert.equal([oom.state, oom.reason], ['TASK_FAILED', 'REASON_CONTAINER_LIMITATION_MEMORY']);
  assert.is(terminalStatus({ ...t, killRequested: true }, { status: 15, signal: 15, message: 'killed by SIGTERM' }, undefined).state, 'TASK_KILLED');
  assert.is(terminalStatus(t, { status: -1, message: 'unknown' }, undefined).reason, 'REASON_EXECUTOR_TERMINATED');
});

test.run();
