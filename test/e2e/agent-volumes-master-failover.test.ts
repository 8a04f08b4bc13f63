// Persistent volumes across a master failover, on real masters and a real agent (runc launcher,
// busybox image): two masters share a standalone contender dir and the agent finds the leader
// through it. Under the first leader a framework reserves disk, creates a volume and a task
// writes a file into it; the leader dies; the new leader learns the reservation and the volume
// from the agent's re-registration (GET_AGENTS lists them), offers the volume to the framework
// that failed over to it, and a task launched there reads the file.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { operatorCall, request, SchedulerClient } from '../helpers/scheduler-client';
import { busyboxTask, frameworkInfo, launchOp, realContainersMissing, TestAgent, testUnless, untilState, waitFor } from '../integration/agent-harness';
import { startMaster, type MasterProcess } from '../integration/master-harness';

let skip: string | undefined;
const masters: MasterProcess[] = [];
let agent: TestAgent | undefined;
const clients: SchedulerClient[] = [];

const ROLE = 'failover';

test.before(async () => {
  skip = await realContainersMissing();
});

test.after(async () => {
  for (const c of clients) c.close();
  await agent?.destroy();
  for (const m of masters) await m.stop();
});

const real = testUnless(() => skip);

const reserved = (mb: number) => ({ name: 'disk', type: 'SCALAR', scalar: { value: mb }, reservations: [{ type: 'DYNAMIC', role: ROLE }] });
const volume = (id: string, containerPath: string, mb: number) => ({ ...reserved(mb), disk: { persistence: { id }, volume: { container_path: containerPath, mode: 'RW' } } });

/** Persistence ids and disk reserved for ROLE in a master's GET_AGENTS total of its one agent. */
async function books(master: string): Promise<{ volumes: string[]; reservedDisk: number } | undefined> {
  const agents = (await operatorCall(master, { type: 'GET_AGENTS' })).get_agents.agents ?? [];
  if (agents.length !== 1) return undefined;
  const total = agents[0].total_resources as any[];
  return {
    volumes: total.filter((r) => r.disk?.persistence?.id).map((r) => r.disk.persistence.id as string).sort(),
    reservedDisk: total.filter((r) => r.name === 'disk' && (r.reservations ?? []).some((x: any) => x.role === ROLE)).reduce((n, r) => n + r.scalar.value, 0),
  };
}

/** Accepts the first offer whose resources `wanted` picks, with `operations(resources, offer)`; others are declined. */
async function acceptWhere(fw: SchedulerClient, wanted: (resources: any[]) => boolean, operations: (resources: any[], offer: any) => unknown[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await fw.next('OFFERS', Math.max(1, deadline - Date.now()));
    const offers = e.offers.offers as any[];
    const offer = offers.find((o) => wanted(o.resources ?? []));
    const rest = offers.filter((o) => o !== offer);
    if (rest.length) await fw.mustCall({ type: 'DECLINE', decline: { offer_ids: rest.map((o) => o.id), filters: { refuse_seconds: 0 } } });
    if (offer === undefined) continue;
    await fw.mustCall({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: operations(offer.resources, offer), filters: { refuse_seconds: 0 } } });
    return;
  }
}

real('after the leading master dies the next one knows the reservation and the volume, and a task it launches reads the file', async () => {
  const a = await startMaster();
  masters.push(a);
  const b = await startMaster({ standaloneDir: a.standaloneDir, leading: false });
  masters.push(b);
  agent = new TestAgent(a.address, { standaloneDetector: a.standaloneDir });
  await agent.start();
  const info = { ...frameworkInfo('volumes-failover'), roles: [ROLE], failover_timeout: 120 };
  const fw1 = await SchedulerClient.subscribe(a.address, info);
  clients.push(fw1);

  const writer = busyboxTask('writer', 'echo written-before-failover > "$MESOS_SANDBOX/data/f"');
  writer.resources.push(volume('kept', 'data', 32));
  await acceptWhere(
    fw1,
    (res) => res.some((r) => r.name === 'cpus'),
    (_res, offer) => [
      { type: 'RESERVE', reserve: { resources: [reserved(32)] } },
      { type: 'CREATE', create: { volumes: [volume('kept', 'data', 32)] } },
      launchOp(offer, [writer]),
    ],
  );
  const done = await untilState(fw1, 'writer', 'TASK_FINISHED', 60_000);
  assert.is(done.state, 'TASK_FINISHED');
  const file = path.join(agent.workDir, 'agent', 'volumes', 'roles', ROLE, 'kept', 'f');
  assert.is(fs.readFileSync(file, 'utf8'), 'written-before-failover\n');
  assert.equal(await books(a.address), { volumes: ['kept'], reservedDisk: 32 });

  await a.stop();
  masters.splice(masters.indexOf(a), 1);
  await waitFor(
    async () => {
      const r = await request(b.address, 'POST', '/api/v1', { type: 'GET_HEALTH' });
      return r.status === 200 ? r : undefined;
    },
    { what: 'the second master to lead', timeoutMs: 15_000 },
  );
  const learned = await waitFor(
    async () => {
      const s = await books(b.address).catch(() => undefined);
      return s !== undefined && s.volumes.length > 0 ? s : undefined;
    },
    { what: 'the new leader to list the agent with its volume (GET_AGENTS)', timeoutMs: 30_000 },
  );
  assert.equal(learned, { volumes: ['kept'], reservedDisk: 32 }, 'the new leader knows the reservation and the volume');

  await fw1.waitClosed(5000).catch(() => undefined);
  const fw2 = await SchedulerClient.subscribe(b.address, info, { frameworkId: fw1.frameworkId });
  clients.push(fw2);
  const isVolume = (r: any) => r.disk?.persistence?.id === 'kept';
  await acceptWhere(
    fw2,
    (res) => res.some(isVolume) && res.some((r) => r.name === 'cpus'),
    (res, offer) => {
      const reader = busyboxTask('reader', 'test "$(cat "$MESOS_SANDBOX/data/f")" = written-before-failover');
      reader.resources.push(res.find(isVolume));
      return [launchOp(offer, [reader])];
    },
  );
  const read = await untilState(fw2, 'reader', 'TASK_FINISHED', 60_000).catch(async (err) => {
    throw new Error(`the reader did not finish: ${(err as Error).message}; last statuses: ${JSON.stringify(fw2.received.filter((e: any) => e.type === 'UPDATE').map((e: any) => [e.update.status.state, e.update.status.message]))}`);
  });
  assert.is(read.state, 'TASK_FINISHED');
});

test.run();
