// What UPDATE_QUOTA, UPDATE_WEIGHTS and MARK_AGENT_GONE persist outlives the master: a new
// master on the same standalone registry (its file) answers GET_QUOTA and GET_WEIGHTS as before,
// enforces the stored quota in its allocator (GET_METRICS), and refuses the gone agent.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimFleet } from '@plateau/cli';
import { operatorCall, request } from '../helpers/scheduler-client';
import { waitFor } from '@plateau/testkit/wait';
import { startAgents, startMaster, type MasterProcess } from './master-harness';

let master: MasterProcess | undefined;
let fleet: SimFleet | undefined;


test.after(async () => {
  fleet?.stop();
  await master?.stop();
});

test('quota, weights and gone agents survive a master restart', async () => {
  master = await startMaster();
  const dir = master.standaloneDir;
  fleet = await startAgents(master.address, 2);
  const config = { role: 'analytics', guarantees: { cpus: { value: 2 }, mem: { value: 512 } }, limits: { cpus: { value: 4 } } };
  const q = await request(master.address, 'POST', '/api/v1', { type: 'UPDATE_QUOTA', update_quota: { quota_configs: [config] } });
  assert.is(q.status, 200, q.body);
  const w = await request(master.address, 'POST', '/api/v1', { type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'analytics', weight: 3 }] } });
  assert.is(w.status, 200, w.body);
  const agents = (await operatorCall(master.address, { type: 'GET_AGENTS' })).get_agents.agents;
  const goneId = agents[0].agent_info.id.value;
  const keptId = agents[1].agent_info.id.value;
  const reservation = [{ name: 'cpus', type: 'SCALAR', scalar: { value: 1.5 }, reservations: [{ type: 'DYNAMIC', role: 'analytics' }] }];
  const rr = await request(master.address, 'POST', '/api/v1', { type: 'RESERVE_RESOURCES', reserve_resources: { agent_id: { value: keptId }, resources: reservation } });
  assert.is(rr.status, 202, rr.body);
  const g = await request(master.address, 'POST', '/api/v1', { type: 'MARK_AGENT_GONE', mark_agent_gone: { agent_id: { value: goneId } } });
  assert.is(g.status, 200, g.body);
  await master.stop();
  master = undefined;

  master = await startMaster({ standaloneDir: dir });
  assert.equal((await operatorCall(master.address, { type: 'GET_QUOTA' })).get_quota.status.configs, [config]);
  assert.equal((await operatorCall(master.address, { type: 'GET_WEIGHTS' })).get_weights.weight_infos, [{ weight: 3, role: 'analytics' }]);
  const metrics = (await operatorCall(master.address, { type: 'GET_METRICS' })).get_metrics.metrics;
  const value = (name: string) => metrics.find((x: any) => x.name === name)?.value;
  assert.is(value('allocator/mesos/quota/roles/analytics/resources/cpus/guarantee'), 2, 'the new allocator has the stored quota');
  assert.is(value('allocator/mesos/quota/roles/analytics/resources/cpus/limit'), 4);
  const roles = (await operatorCall(master.address, { type: 'GET_ROLES' })).get_roles.roles;
  assert.is(roles.find((r: any) => r.name === 'analytics').weight, 3);

  // The agents re-register with the new master: the gone one is refused; the other gets its
  // reservation back although it announces only its unreserved resources.
  fleet.stop();
  fleet = new SimFleet({ count: 2, master: master.address, cpus: 4, mem: 4096, disk: 10_000 });
  fleet.agents[0]!.agentId = goneId;
  fleet.agents[1]!.agentId = keptId;
  fleet.start();
  await master.proc.waitForLine(/an agent marked gone tried to register again/, 20_000);
  const after = (await operatorCall(master.address, { type: 'GET_AGENTS' })).get_agents;
  assert.not.ok([...(after.agents ?? []), ...(after.recovered_agents ?? [])].some((a: any) => (a.agent_info?.id ?? a.id).value === goneId), JSON.stringify(after).slice(0, 1500));
  const kept = await waitFor(
    async () => ((await operatorCall(master!.address, { type: 'GET_AGENTS' })).get_agents.agents ?? []).find((a: any) => a.agent_info.id.value === keptId),
    { what: 'the kept agent re-registered', timeoutMs: 15_000 },
  );
  const res = kept.total_resources.find((r: any) => r.name === 'cpus' && r.reservations?.[0]?.role === 'analytics');
  assert.ok(res, `the reservation is back: ${JSON.stringify(kept.total_resources)}`);
  assert.is(res.scalar.value, 1.5);
});

test.run();
