// The high-availability suite, one body for every contender: ha-standalone.test.ts,
// ha-zookeeper.test.ts and ha-etcd.test.ts call haSuite() with nothing but the contender kind,
// and the masters read the repository's config file for it (config/dev.yaml,
// config/zookeeper.yaml, config/etcd.yaml) with the test service's address substituted.
//
// Several masters (two on one machine for standalone, three otherwise), simulated agents given
// every master's address, a framework. Followers redirect; kill -9 of the leader: another master
// serves with the registry's agents, weights and quota, agents re-register with their tasks, the
// framework re-subscribes with its id and finds its tasks, new tasks launch and their status
// updates arrive; an agent that does not come back
// within the re-register timeout has its tasks reported lost (unreachable to partition-aware
// frameworks); the old leader comes back as a follower.

import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimFleet } from '@plateau/cli';
import { startEtcd, type EtcdService } from '@plateau/testkit/etcd';
import { haConfig, masterStatus, startMasters, subscribeToLeader, type ContenderKind, type MasterNode, type MasterSet } from '../helpers/masters';
import { operatorCall, request, type SchedulerClient } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';
import { startZooKeeper, type ZooKeeperService } from '@plateau/testkit/zookeeper';
import { frameworkInfo, launchCall, taskFor } from './master-harness';

/** Runs the suite against `kind`. */
export function haSuite(kind: ContenderKind): void {
  let zk: ZooKeeperService | undefined;
  let etcd: EtcdService | undefined;
  let masters: MasterSet;
  let fleet: SimFleet;
  let leader: MasterNode;
  let client: SchedulerClient | undefined;
  let frameworkId = '';
  const taskAgents = new Map<string, any>();

  const FW = () => frameworkInfo(`ha-${kind}`, { failover_timeout: 120 });
  const all = () => masters.nodes.map((n) => n.address);

  test.before(async () => {
    let yaml: string;
    if (kind === 'zookeeper') {
      zk = await startZooKeeper();
      yaml = haConfig(kind, { zkServers: zk.servers });
    } else if (kind === 'etcd') {
      etcd = await startEtcd();
      yaml = haConfig(kind, { etcdEndpoints: etcd.endpoints });
    } else {
      yaml = haConfig(kind, { standaloneDir: path.join(makeTempDir('plateau-ha-standalone-'), 'contender') });
    }
    masters = await startMasters(kind === 'standalone' ? 2 : 3, yaml, { args: ['--agent-reregister-timeout', '6secs'] });
    leader = await masters.leader();
    fleet = new SimFleet({ count: 3, master: masters.addresses, cpus: 4, mem: 4096, disk: 10_000, reconnectMs: 200, maxReconnectMs: 500, retryMs: 1000, silenceMs: 2500 });
    fleet.start();
    await fleet.waitRegistered(20_000);
  });

  test.after(async () => {
    client?.close();
    fleet?.stop();
    await masters?.stop();
    await zk?.stop();
    await etcd?.stop();
  });

  async function launch(c: SchedulerClient, id: string, agentId?: string): Promise<void> {
    const offers = (await c.next((e) => e.type === 'OFFERS' && (agentId === undefined || e.offers.offers.some((o: any) => o.agent_id.value === agentId)), 15_000)).offers.offers;
    const offer = agentId === undefined ? offers[0] : offers.find((o: any) => o.agent_id.value === agentId);
    await c.mustCall(launchCall([offer], [taskFor(offer, id, 0.5, 64)]));
    const running = await c.nextUpdate(id, 'TASK_RUNNING', 15_000);
    await c.ack(running);
    taskAgents.set(id, offer.agent_id);
  }

  test(`${kind}: one master leads; the others redirect frameworks and operators to it (307 //host:port)`, async () => {
    for (const n of masters.nodes) {
      if (n === leader) continue;
      const r = await masterStatus(n.address);
      assert.is(r.status, 307, `GET_MASTER on follower ${n.address}: ${r.status} ${r.body}`);
      assert.is(r.location, `//127.0.0.1:${leader.port}/api/v1`);
      const sub = await request(n.address, 'POST', '/api/v1/scheduler', { type: 'SUBSCRIBE', subscribe: { framework_info: FW() } }, { Accept: 'application/json' });
      assert.is(sub.status, 307);
      assert.is(sub.headers.location, `//127.0.0.1:${leader.port}/api/v1/scheduler`);
    }
    // A framework that starts at a follower lands on the leader.
    const follower = masters.nodes.find((n) => n !== leader)!;
    client = await subscribeToLeader([follower.address], FW());
    assert.is(client.master, leader.address);
    frameworkId = client.frameworkId;
    for (const id of ['t1', 't2', 't3']) await launch(client, id);
    const agents = (await operatorCall(leader.address, { type: 'GET_AGENTS' })).get_agents.agents ?? [];
    assert.is(agents.length, 3);
    // Operator settings the registry keeps across leaders.
    const weights = await request(leader.address, 'POST', '/api/v1', { type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'ha-weighted', weight: 2.5 }] } });
    assert.is(weights.status, 200, `UPDATE_WEIGHTS: ${weights.body}`);
    const quota = await request(leader.address, 'POST', '/api/v1', {
      type: 'UPDATE_QUOTA',
      update_quota: { force: true, quota_configs: [{ role: 'ha-quota', guarantees: { cpus: { value: 1 } }, limits: { cpus: { value: 2 } } }] },
    });
    assert.is(quota.status, 200, `UPDATE_QUOTA: ${quota.body}`);
  });

  test(`${kind}: kill -9 of the leader: another master serves, agents re-register, the framework re-subscribes with its id and keeps its tasks`, async () => {
    const old = leader;
    await masters.kill(old.index);
    // The scheduler stream of the dead leader ends.
    await client!.waitClosed(10_000);
    leader = await masters.leader(30_000, old);
    assert.is.not(leader, old);
    // The registry came over: the agents admitted by the old leader are expected (or already back).
    await waitFor(() => fleet.registeredCount() === 3, { what: `all 3 simulated agents to re-register with ${leader.address}`, timeoutMs: 20_000 });
    const reg = (await operatorCall(leader.address, { type: 'GET_AGENTS' })).get_agents;
    assert.is((reg.agents ?? []).length, 3, `agents on the new leader: ${JSON.stringify(reg)}`);
    // Weights and quota came over with the registry.
    const weights = (await operatorCall(leader.address, { type: 'GET_WEIGHTS' })).get_weights.weight_infos ?? [];
    assert.equal(weights, [{ role: 'ha-weighted', weight: 2.5 }]);
    const quota = (await operatorCall(leader.address, { type: 'GET_QUOTA' })).get_quota.status.configs ?? [];
    assert.is(quota.length, 1);
    assert.is(quota[0].role, 'ha-quota');
    assert.is(quota[0].limits.cpus.value, 2);

    client = await subscribeToLeader(all().filter((a) => a !== old.address), FW(), { frameworkId });
    assert.is(client.frameworkId, frameworkId);
    await client.mustCall({ type: 'RECONCILE', reconcile: { tasks: [] } });
    const states = new Map<string, string>();
    for (let i = 0; i < 3; i++) {
      const s = await client.next('UPDATE', 10_000);
      states.set(s.update.status.task_id.value, s.update.status.state);
    }
    assert.equal(Object.fromEntries(states), { t1: 'TASK_RUNNING', t2: 'TASK_RUNNING', t3: 'TASK_RUNNING' });
    const tasks = (await operatorCall(leader.address, { type: 'GET_TASKS' })).get_tasks;
    assert.equal((tasks.tasks ?? []).map((t: any) => t.task_id.value).sort(), ['t1', 't2', 't3']);
    const fws = (await operatorCall(leader.address, { type: 'GET_FRAMEWORKS' })).get_frameworks.frameworks ?? [];
    const fw = fws.find((f: any) => f.framework_info.id.value === frameworkId);
    assert.ok(fw?.connected && fw.active, 'the framework is connected and active on the new leader');

    // New work runs through the new leader and its status updates arrive.
    await launch(client, 't4');
    await client.mustCall({ type: 'KILL', kill: { task_id: { value: 't1' }, agent_id: taskAgents.get('t1') } });
    const killed = await client.nextUpdate('t1', 'TASK_KILLED', 10_000);
    await client.ack(killed);
  });

  test(`${kind}: an agent that does not come back within the re-register timeout has its tasks reported lost`, async () => {
    // The agent running t2 goes away; then the leader dies.
    const agentId = taskAgents.get('t2').value;
    const away = fleet.agents.find((a) => a.agentId === agentId)!;
    away.disconnect();
    const old = leader;
    await masters.kill(old.index);
    await client!.waitClosed(10_000);
    if (masters.nodes.every((n) => n.down)) {
      // Standalone runs two masters: bring the first back to take over.
      await masters.restart(masters.nodes.find((n) => n !== old)!.index);
    }
    leader = await masters.leader(30_000, old);
    client = await subscribeToLeader(masters.nodes.filter((n) => !n.down).map((n) => n.address), FW(), { frameworkId });
    // FAILURE for the missing agent once the re-register timeout (6 s) passes.
    const failure = await client.next((e) => e.type === 'FAILURE' && e.failure.agent_id?.value === agentId, 20_000);
    assert.ok(failure);
    // A partition-aware framework hears TASK_UNREACHABLE for a task on the missing agent.
    const pa = await subscribeToLeader([leader.address], frameworkInfo(`ha-${kind}-pa`, { capabilities: [{ type: 'MULTI_ROLE' }, { type: 'PARTITION_AWARE' }] }));
    await pa.mustCall({ type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: 'pa-probe' }, agent_id: { value: agentId } }] } });
    const probe = await pa.nextUpdate('pa-probe', undefined, 10_000);
    assert.is(probe.state, 'TASK_UNREACHABLE');
    assert.ok(probe.unreachable_time, 'unreachable_time is set');
    await pa.mustCall({ type: 'TEARDOWN' });
    pa.close();
    // Tasks of the missing agent are lost; the others still run.
    const live = ['t2', 't3', 't4'];
    await client.mustCall({ type: 'RECONCILE', reconcile: { tasks: live.map((id) => ({ task_id: { value: id }, agent_id: taskAgents.get(id) })) } });
    for (const id of live) {
      const expected = taskAgents.get(id).value === agentId ? 'TASK_LOST' : 'TASK_RUNNING';
      assert.is((await client.nextUpdate(id, undefined, 10_000)).state, expected, `${id} after the re-register timeout`);
    }
    away.reconnect();
  });

  test(`${kind}: a restarted master joins as a follower and redirects to the leader`, async () => {
    const downs = masters.nodes.filter((n) => n.down);
    for (const n of downs) await masters.restart(n.index);
    for (const n of downs) {
      const r = await waitFor(
        async () => {
          const a = await masterStatus(n.address);
          return a.status === 307 ? a : undefined;
        },
        { what: `restarted master ${n.address} to redirect`, timeoutMs: 15_000 },
      );
      assert.is(r.location, `//127.0.0.1:${leader.port}/api/v1`);
    }
    assert.is((await masters.leader(5000)).address, leader.address);
    await client!.mustCall({ type: 'TEARDOWN' });
  });

  test.run();
}
