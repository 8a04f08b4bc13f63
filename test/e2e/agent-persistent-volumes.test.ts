// Persistent volumes and dynamic reservations on a real master and agent (runc launcher, busybox
// image): RESERVE and CREATE through ACCEPT make the volume's directory on the agent, a task
// writes a file into it at $MESOS_SANDBOX/<container_path>; the agent restarts and reports the
// reservation and the volume (its /api/v1 GET_AGENT and the master's GET_AGENTS); a second task
// reads the file; DESTROY_VOLUMES while it runs is refused naming it, after it ends it removes
// the directory; CREATE_VOLUMES through the operator API makes one again; bad volumes (absolute
// or escaping container_path, unreserved disk, a reused persistence id) are refused at the
// operator API and at ACCEPT.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, nextStatus, realCluster, untilState, waitFor } from '../integration/agent-harness';

const ROLE = 'vol';

const cluster = realCluster(test, { framework: { ...frameworkInfo('persistent-volumes'), roles: [ROLE] }, dumpAs: 'pv' });
const { real } = cluster;

const reserved = (mb: number) => ({ name: 'disk', type: 'SCALAR', scalar: { value: mb }, reservations: [{ type: 'DYNAMIC', role: ROLE }] });
const volume = (id: string, containerPath: string, mb = 64, mode = 'RW') => ({ ...reserved(mb), disk: { persistence: { id }, volume: { container_path: containerPath, mode } } });
const volumeDir = (id: string) => path.join(cluster.agent.workDir, 'agent', 'volumes', 'roles', ROLE, id);

async function operator(call: unknown): Promise<{ status: number; body: string }> {
  return request(cluster.master.address, 'POST', '/api/v1', call, { Accept: 'application/json' });
}

/** Persistence ids in the master's GET_AGENTS total of the agent, and its reserved disk. */
async function masterBooks(): Promise<{ volumes: string[]; reservedDisk: number }> {
  const r = await operator({ type: 'GET_AGENTS' });
  assert.is(r.status, 200, r.body);
  const a = JSON.parse(r.body).get_agents.agents[0];
  const total = a.total_resources as any[];
  return booksOf(total);
}

function booksOf(list: any[]): { volumes: string[]; reservedDisk: number } {
  const volumes = list.filter((r) => r.disk?.persistence?.id).map((r) => r.disk.persistence.id as string).sort();
  const reservedDisk = list.filter((r) => r.name === 'disk' && (r.reservations ?? []).some((x: any) => x.role === ROLE)).reduce((n, r) => n + r.scalar.value, 0);
  return { volumes, reservedDisk };
}

async function agentBooks(): Promise<{ volumes: string[]; reservedDisk: number }> {
  const r = await request(cluster.agent.address, 'POST', '/api/v1', { type: 'GET_AGENT' }, { Accept: 'application/json' });
  assert.is(r.status, 200, r.body);
  return booksOf(JSON.parse(r.body).get_agent.agent_info.resources);
}

let agentId = '';

/** Offer ids the master has rescinded so far. */
function rescinded(): Set<string> {
  return new Set(cluster.fw.received.filter((e: any) => e.type === 'RESCIND').map((e: any) => e.rescind.offer_id.value as string));
}

/**
 * Takes the next OFFERS event whose live offers together hold what `wanted` looks for, and accepts
 * them all at once with `operations(resources, agentId)`; other offers are declined.
 */
async function acceptWhere(wanted: (resources: any[]) => boolean, operations: (resources: any[], agent: any) => unknown[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await cluster.fw.next('OFFERS', Math.max(1, deadline - Date.now()));
    const gone = rescinded();
    const offers = (e.offers.offers as any[]).filter((o) => !gone.has(o.id.value));
    const resources = offers.flatMap((o) => o.resources as any[]);
    const ids = offers.map((o) => o.id);
    if (offers.length === 0) continue;
    if (!wanted(resources)) {
      await cluster.fw.mustCall({ type: 'DECLINE', decline: { offer_ids: ids, filters: { refuse_seconds: 0 } } });
      continue;
    }
    await cluster.fw.mustCall({ type: 'ACCEPT', accept: { offer_ids: ids, operations: operations(resources, offers[0].agent_id), filters: { refuse_seconds: 0 } } });
    return;
  }
}

real('RESERVE and CREATE through ACCEPT; a task writes into the volume; it survives an agent restart; the next task reads it', async () => {
  const writer = busyboxTask('writer', 'echo kept-by-the-volume > "$MESOS_SANDBOX/data/f" && grep -q " /mnt/mesos/sandbox/data " /proc/mounts');
  writer.resources.push(volume('data', 'data'));
  const offer = await acceptNext(cluster.fw, (o) => [
    { type: 'RESERVE', reserve: { resources: [reserved(64)] } },
    { type: 'CREATE', create: { volumes: [volume('data', 'data')] } },
    launchOp(o, [writer]),
  ]);
  agentId = offer.agent_id.value;
  const done = await untilState(cluster.fw, 'writer', 'TASK_FINISHED', 60_000);
  assert.is(done.state, 'TASK_FINISHED');
  assert.is(fs.readFileSync(path.join(volumeDir('data'), 'f'), 'utf8'), 'kept-by-the-volume\n');
  assert.equal(await masterBooks(), { volumes: ['data'], reservedDisk: 64 });
  assert.equal(await agentBooks(), { volumes: ['data'], reservedDisk: 64 });

  await cluster.agent.stop();
  await cluster.agent.start();
  assert.equal(await agentBooks(), { volumes: ['data'], reservedDisk: 64 }, 'the agent reports its checkpointed resources after a restart');
  await waitFor(async () => (await masterBooks()).volumes.length === 1, { timeoutMs: 10_000, what: 'the master lists the volume after the agent re-registered' });
  assert.equal(await masterBooks(), { volumes: ['data'], reservedDisk: 64 });
  assert.ok(fs.existsSync(path.join(cluster.agent.workDir, 'agent', 'meta', 'resources', 'checkpointed.json')));

  // The next offer holds the volume; a task using it reads the file, then stays up.
  const isVolume = (r: any) => r.disk?.persistence?.id === 'data';
  await acceptWhere(
    (res) => res.some(isVolume),
    (res, agentIdObj) => {
      const t = busyboxTask('reader', 'test "$(cat "$MESOS_SANDBOX/data/f")" = kept-by-the-volume && echo ok > "$MESOS_SANDBOX/data/read" && sleep 300');
      t.resources.push(res.find(isVolume));
      return [launchOp({ agent_id: agentIdObj }, [t])];
    },
  );
  const running = await nextStatus(cluster.fw, 'reader', { timeoutMs: 60_000 });
  assert.is(running.state, 'TASK_RUNNING', `reader: ${running.state} ${running.reason ?? ''} ${running.message ?? ''}`);
  await waitFor(() => fs.existsSync(path.join(volumeDir('data'), 'read')), { timeoutMs: 20_000, what: 'the reader found the file' });
});

real('DESTROY_VOLUMES of a volume in use is refused naming the task; after the task ends it removes the directory', async () => {
  const destroy = { type: 'DESTROY_VOLUMES', destroy_volumes: { agent_id: { value: agentId }, volumes: [volume('data', 'data')] } };
  const refused = await operator(destroy);
  assert.is(refused.status, 409, refused.body);
  assert.match(refused.body, /in use by task 'reader'/);
  assert.ok(fs.existsSync(volumeDir('data')));

  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'reader' }, agent_id: { value: agentId } } });
  await untilState(cluster.fw, 'reader', 'TASK_KILLED', 30_000);
  const ok = await operator(destroy);
  assert.is(ok.status, 202, ok.body);
  await waitFor(() => !fs.existsSync(volumeDir('data')), { timeoutMs: 10_000, what: 'the volume directory is removed' });
  assert.equal(await masterBooks(), { volumes: [], reservedDisk: 64 });
  await waitFor(async () => (await agentBooks()).volumes.length === 0, { timeoutMs: 10_000, what: 'the agent drops the volume' });
});

real('CREATE_VOLUMES through the operator API; bad volumes are refused with the reason', async () => {
  const create = (v: unknown) => operator({ type: 'CREATE_VOLUMES', create_volumes: { agent_id: { value: agentId }, volumes: [v] } });
  for (const [v, reason] of [
    [volume('x', '/abs'), /is absolute/],
    [volume('x', 'a/../../escape'), /'\.\.' component/],
    [{ ...volume('x', 'p'), reservations: undefined }, /unreserved disk/],
  ] as const) {
    const r = await create(v);
    assert.is(r.status, 400, `${JSON.stringify(v)}: ${r.body}`);
    assert.match(r.body, reason);
  }
  const ok = await create(volume('op-data', 'store', 32));
  assert.is(ok.status, 202, ok.body);
  await waitFor(() => fs.existsSync(volumeDir('op-data')), { timeoutMs: 10_000, what: 'the operator-made volume has its directory' });
  const again = await create(volume('op-data', 'other', 16));
  assert.is(again.status, 400, again.body);
  assert.match(again.body, /persistence id 'op-data' is already used/);
  assert.equal(await masterBooks(), { volumes: ['op-data'], reservedDisk: 64 });
  await waitFor(async () => (await agentBooks()).volumes.join() === 'op-data', { timeoutMs: 10_000, what: 'the agent reports the operator-made volume' });
});

real('CREATE at ACCEPT with an absolute container_path is dropped with OPERATION_ERROR naming it', async () => {
  await acceptWhere(
    (res) => res.some((r) => r.name === 'disk' && (r.role === ROLE || (r.reservations ?? []).length > 0) && !r.disk),
    () => [{ type: 'CREATE', id: { value: 'bad-create' }, create: { volumes: [volume('y', '/etc', 16)] } }],
  );
  const e = await cluster.fw.next('UPDATE_OPERATION_STATUS', 10_000);
  const s = e.update_operation_status.status;
  assert.is(s.state, 'OPERATION_ERROR');
  assert.match(s.message, /container_path "\/etc" is absolute/);
  assert.not.ok(fs.existsSync(volumeDir('y')));
});

test.run();
