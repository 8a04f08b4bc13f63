// Faults with three masters on a three-node coordination service (ha-faults-zookeeper.test.ts,
// ha-faults-etcd.test.ts run this body): kill -9 of the leader, SIGSTOP of the leader past its
// session/lease, a restart of the whole coordination service, the loss of one coordination
// node. Throughout, a prober asks every master, one request at a time each, GET_MASTER and a
// scheduler write (REVIVE on the framework's stream at that master): two masters must never
// both answer 200/202 in overlapping request intervals (no split brain), and a paused leader that
// resumes must refuse before it accepts anything. After each fault: a leader serves, the agents
// re-register, the framework re-subscribes with its id, every task still runs, the registry still
// lists every agent, and every status update (new tasks, kills) arrives.

import * as http from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SimFleet } from '@plateau/cli';
import { startEtcd, type EtcdService } from '@plateau/testkit/etcd';
import { haConfig, startMasters, subscribeToLeader, type MasterNode, type MasterSet } from '../helpers/masters';
import { operatorCall, request, type SchedulerClient } from '../helpers/scheduler-client';
import { sleep, waitFor } from '@plateau/testkit/wait';
import { startZooKeeper, type ZooKeeperService } from '@plateau/testkit/zookeeper';
import { frameworkInfo, launchCall, taskFor } from './master-harness';

/** One answer seen by the prober. */
interface Probe {
  address: string;
  what: 'GET_MASTER' | 'REVIVE';
  status: number;
  sent: number;
  answered: number;
}

const probeAgent = new http.Agent({ keepAlive: false });

/** Asks every master, each in its own sequential loop, until stopped. */
class Prober {
  readonly answers: Probe[] = [];
  /** The stream id of the framework's latest subscription at each master. */
  readonly streams = new Map<string, string>();
  frameworkId = '';
  private stopped = false;
  private loops: Promise<void>[] = [];
  private pauseRequests = new Map<string, () => void>();

  constructor(private readonly masters: MasterSet) {}

  start(): void {
    this.loops = this.masters.nodes.map((n) => this.loop(n));
  }

  /** SIGSTOPs master `n` between two of its probes (none in flight), and resolves then. */
  pauseBetweenProbes(n: MasterNode): Promise<void> {
    return new Promise((resolve) => this.pauseRequests.set(n.address, resolve));
  }

  private async loop(n: MasterNode): Promise<void> {
    while (!this.stopped) {
      const pause = this.pauseRequests.get(n.address);
      if (pause) {
        this.pauseRequests.delete(n.address);
        this.masters.pause(n.index);
        pause();
      }
      if (n.down) {
        await sleep(20);
        continue;
      }
      await this.probe(n.address, 'GET_MASTER', () => request(n.address, 'POST', '/api/v1', { type: 'GET_MASTER' }, { Accept: 'application/json' }, probeAgent));
      const stream = this.streams.get(n.address) ?? '';
      await this.probe(n.address, 'REVIVE', () =>
        request(n.address, 'POST', '/api/v1/scheduler', { type: 'REVIVE', framework_id: { value: this.frameworkId } }, { 'Mesos-Stream-Id': stream }, probeAgent),
      );
      await sleep(10);
    }
  }

  private async probe(address: string, what: Probe['what'], call: () => Promise<{ status: number }>): Promise<void> {
    const sent = performance.now();
    let status = 0;
    try {
      status = (await call()).status;
    } catch {
      status = 0;
    }
    this.answers.push({ address, what, status, sent, answered: performance.now() });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.race([Promise.all(this.loops), sleep(5000)]);
  }

  /** Answers that accepted (GET_MASTER 200, REVIVE 202). */
  accepted(from = 0): Probe[] {
    return this.answers.slice(from).filter((p) => (p.what === 'GET_MASTER' && p.status === 200) || (p.what === 'REVIVE' && p.status === 202));
  }

  /** Pairs of accepting answers from two masters whose request intervals overlap. */
  splitBrain(from = 0): string[] {
    const ok = this.accepted(from).sort((a, b) => a.sent - b.sent);
    const out: string[] = [];
    for (let i = 0; i < ok.length; i++) {
      for (let j = i + 1; j < ok.length && ok[j]!.sent <= ok[i]!.answered; j++) {
        if (ok[j]!.address !== ok[i]!.address) out.push(`${ok[i]!.address} ${ok[i]!.what} [${ok[i]!.sent.toFixed(1)}, ${ok[i]!.answered.toFixed(1)}] and ${ok[j]!.address} ${ok[j]!.what} [${ok[j]!.sent.toFixed(1)}, ${ok[j]!.answered.toFixed(1)}]`);
      }
    }
    return out;
  }
}

/** Runs the fault suite on a three-node `kind` service. */
export function haFaults(kind: 'zookeeper' | 'etcd'): void {
  let zk: ZooKeeperService | undefined;
  let etcd: EtcdService | undefined;
  let masters: MasterSet;
  let fleet: SimFleet;
  let prober: Prober;
  let client: SchedulerClient | undefined;
  let frameworkId = '';
  /** Tasks that must be running, and the agent of each. */
  const running = new Map<string, any>();
  let seq = 0;
  const service = () => (zk ?? etcd)!;

  const FW = () => frameworkInfo(`faults-${kind}`, { failover_timeout: 300 });

  test.before(async () => {
    let yaml: string;
    if (kind === 'zookeeper') {
      zk = await startZooKeeper({ nodes: 3 });
      yaml = haConfig(kind, { zkServers: zk.servers, sessionTimeoutMs: 1500 });
    } else {
      etcd = await startEtcd({ nodes: 3 });
      yaml = haConfig(kind, { etcdEndpoints: etcd.endpoints, leaseTtlSeconds: 1 });
    }
    masters = await startMasters(3, yaml, { args: ['--agent-reregister-timeout', '60secs'] });
    fleet = new SimFleet({ count: 3, master: masters.addresses, cpus: 8, mem: 8192, disk: 10_000, reconnectMs: 200, maxReconnectMs: 500, retryMs: 500, silenceMs: 2500 });
    fleet.start();
    await fleet.waitRegistered(20_000);
    prober = new Prober(masters);
    await follow();
    prober.start();
  });

  test.after(async () => {
    await prober?.stop();
    client?.close();
    fleet?.stop();
    await masters?.stop();
    await zk?.stop();
    await etcd?.stop();
  });

  /** (Re-)subscribes the framework to the serving leader with its id, when its stream is not there. */
  async function follow(): Promise<MasterNode> {
    const leader = await masters.leader(40_000);
    if (client && !client.closed && client.master === leader.address) return leader;
    client?.close();
    const live = masters.nodes.filter((n) => !n.down && !n.paused).map((n) => n.address);
    client = await subscribeToLeader(live, FW(), frameworkId ? { frameworkId } : {}, 40_000);
    if (frameworkId) assert.is(client.frameworkId, frameworkId, 'the framework keeps its id');
    frameworkId = client.frameworkId;
    prober.frameworkId = frameworkId;
    prober.streams.set(client.master, client.streamId);
    return leader;
  }

  /** Launches one task and waits for its TASK_RUNNING (acknowledged). */
  async function launchOne(): Promise<void> {
    const id = `task-${++seq}`;
    await client!.mustCall({ type: 'REVIVE' });
    const offer = (await client!.next('OFFERS', 20_000)).offers.offers[0];
    await client!.mustCall(launchCall([offer], [taskFor(offer, id, 0.1, 16)]));
    const st = await client!.nextUpdate(id, 'TASK_RUNNING', 20_000);
    await client!.ack(st);
    running.set(id, offer.agent_id);
  }

  /** After a fault: a leader serves, agents are back, tasks run, new tasks and kills report. */
  async function checkRecovered(what: string): Promise<void> {
    const leader = await follow();
    let agents: any[] = [];
    await waitFor(
      async () => {
        agents = (await operatorCall(leader.address, { type: 'GET_AGENTS' })).get_agents.agents ?? [];
        return agents.length === 3 && fleet.registeredCount() === 3;
      },
      { what: `all 3 agents to re-register at ${leader.address} after ${what} (the leader lists ${agents.length}, the agents think ${fleet.registeredCount()})`, timeoutMs: 30_000 },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${masters.tails(40)}`);
    });
    // Every task is still running (explicit reconciliation of each).
    await client!.mustCall({ type: 'RECONCILE', reconcile: { tasks: [...running].map(([id, agent]) => ({ task_id: { value: id }, agent_id: agent })) } });
    for (const id of running.keys()) assert.is((await client!.nextUpdate(id, undefined, 15_000)).state, 'TASK_RUNNING', `${id} after ${what}`);
    const tasks = (await operatorCall(leader.address, { type: 'GET_TASKS' })).get_tasks.tasks ?? [];
    assert.equal(tasks.map((t: any) => t.task_id.value).sort(), [...running.keys()].sort(), `tasks known to the leader after ${what}`);
    let onAgents = 0;
    for (const id of running.keys()) if (fleet.agents.some((a) => a.taskState(frameworkId, id) === 'TASK_RUNNING')) onAgents++;
    assert.is(onAgents, running.size, 'every task still runs on its agent');
    // New work, and a kill, report through the leader.
    await launchOne();
    const victim = [...running.keys()][0]!;
    await client!.mustCall({ type: 'KILL', kill: { task_id: { value: victim }, agent_id: running.get(victim) } });
    const killed = await client!.nextUpdate(victim, 'TASK_KILLED', 15_000);
    await client!.ack(killed);
    running.delete(victim);
    await launchOne();
  }

  function assertNoSplitBrain(from: number, what: string): void {
    const bad = prober.splitBrain(from);
    assert.equal(bad, [], `two masters accepted at the same time during ${what}:\n${bad.slice(0, 5).join('\n')}\n${masters.tails(20)}`);
    assert.ok(prober.accepted(from).length > 0, `the prober saw a serving leader during ${what}`);
  }

  test(`${kind}: three masters, one leads; tasks run`, async () => {
    for (let i = 0; i < 3; i++) await launchOne();
    assert.is(running.size, 3);
  });

  test(`${kind}: kill -9 of the leader`, async () => {
    const from = prober.answers.length;
    const old = await masters.leader();
    await masters.kill(old.index);
    await checkRecovered('kill -9 of the leader');
    await masters.restart(old.index);
    await waitFor(async () => (await masters.leader(5000)) && prober.answers.slice(from).some((p) => p.address === old.address && p.what === 'GET_MASTER' && p.status === 307), {
      what: 'the restarted master to follow (307)',
      timeoutMs: 20_000,
    });
    assertNoSplitBrain(from, 'kill -9');
  });

  test(`${kind}: SIGSTOP of the leader past its session: a new leader serves, the resumed one demotes before accepting anything`, async () => {
    const from = prober.answers.length;
    const old = await masters.leader();
    await prober.pauseBetweenProbes(old);
    const pausedAt = performance.now();
    const fresh = await masters.leader(30_000, old);
    assert.is.not(fresh, old);
    await checkRecovered('SIGSTOP of the leader');
    masters.resume(old.index);
    const resumedAt = performance.now();
    // The resumed master's first answers (including the probe sent while it was stopped) refuse.
    const first = await waitFor(
      () => {
        const after = prober.answers.slice(from).filter((p) => p.address === old.address && p.answered >= resumedAt);
        return after.length >= 4 ? after : undefined;
      },
      { what: 'the resumed master to answer the prober', timeoutMs: 15_000 },
    );
    for (const p of first) assert.ok(p.status === 307 || p.status === 503, `resumed old leader answered ${p.what} with ${p.status} (sent ${(p.sent - pausedAt).toFixed(0)} ms after the pause)`);
    assert.ok(prober.answers.slice(from).some((p) => p.address === fresh.address && p.status === 200), 'the new leader served during the pause');
    assertNoSplitBrain(from, 'SIGSTOP');
    assert.is((await masters.leader(10_000)).address, fresh.address, 'the new leader still leads');
  });

  test(`${kind}: fencing: a paused leader refuses the first write on a kept-alive connection; alternating writes never see both masters accept`, async () => {
    const from = prober.answers.length;
    const old = await masters.leader();
    const weights = (weight: number) => JSON.stringify({ type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'fencing', weight }] } });
    // One socket, kept alive, to the leader: the write accepted on it before the pause proves it is the same socket after.
    const kept = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const onKept = (body: string, timeoutMs: number) =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: old.port, method: 'POST', path: '/api/v1', agent: kept, headers: { 'Content-Type': 'application/json' }, timeout: timeoutMs }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
        });
        req.on('timeout', () => req.destroy(new Error(`no answer on the kept-alive connection to ${old.address} within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(body);
      });
    // Alternating writes, one master then the other, each bounded: what each answered, when.
    const other = masters.nodes.find((n) => n !== old && !n.down && !n.paused)!;
    // A write to the stopped master is answered when it runs again; it is recorded then (not abandoned).
    const alternating: Array<{ address: string; status: number; sent: number; answered: number }> = [];
    // When the old leader was stopped: a write sent after it can only have been read after the resume.
    let pausedAt = Infinity;
    const inFlight: Promise<void>[] = [];
    let alternate = true;
    const alternation = (async () => {
      for (let i = 0; alternate; i++) {
        const n = i % 2 === 0 ? old : other;
        const sent = performance.now();
        const done = request(n.address, 'POST', '/api/v1', weights(1 + (i % 5)), {}, probeAgent)
          .then((r) => r.status)
          .catch(() => 0)
          .then((status) => void alternating.push({ address: n.address, status, sent, answered: performance.now() }));
        inFlight.push(done);
        await Promise.race([done, sleep(300)]);
        await sleep(5);
      }
    })();
    try {
      const before = await onKept(weights(3), 5000);
      assert.is(before.status, 200, 'the leader accepts a write on the kept-alive connection');
      await prober.pauseBetweenProbes(old);
      pausedAt = performance.now();
      const fresh = await masters.leader(30_000, old);
      assert.is.not(fresh, old);
      // Sent while the old leader is stopped: it waits in the socket and is the first thing it reads when it runs again.
      const answer = onKept(weights(4), 10_000);
      await sleep(100);
      masters.resume(old.index);
      const first = await answer;
      assert.ok(first.reused, 'the write went over the kept-alive connection');
      assert.ok(first.status !== 200, `the resumed old leader accepted a write on its kept-alive connection (${first.status})`);
      assert.ok(first.status === 503 || first.status === 307, `the resumed old leader answered ${first.status}; expected 503 (leadership not proven) or 307`);
      await sleep(1000);
    } finally {
      alternate = false;
      await alternation;
      await Promise.race([Promise.all(inFlight), sleep(5000)]);
      kept.destroy();
    }
    // The old leader never accepts a write it read after the pause (its leadership lapsed while it
    // was stopped), nor one sent after the new leader's first acceptance had been answered. A write
    // it read before the pause may be answered 200 after it: that write was committed then, fenced
    // by the registry while its candidacy still lived, so its answer's time proves nothing.
    const accepted = alternating.filter((a) => a.status === 200);
    const firstNew = accepted.find((a) => a.address === other.address);
    const newAnsweredAt = firstNew?.answered ?? Infinity;
    const late = accepted.filter((a) => a.address === old.address && (a.sent >= pausedAt || a.sent >= newAnsweredAt));
    assert.equal(
      late.map((a) => `${a.address} 200 [${a.sent.toFixed(0)}, ${a.answered.toFixed(0)}]`),
      [],
      `the old leader accepted a write it read after its pause (paused at ${pausedAt.toFixed(0)}, the new leader's first write answered at ${newAnsweredAt.toFixed(0)})`,
    );
    assert.ok(accepted.length > 0, `the alternating client saw a write accepted: ${JSON.stringify(alternating.slice(-6))}`);
    assertNoSplitBrain(from, 'the fencing checks');
  });

  test(`${kind}: restart of the whole coordination service`, async () => {
    const from = prober.answers.length;
    const svc = service();
    for (let i = 0; i < 3; i++) await svc.kill(i);
    // No session/lease can be proven: every master stops serving.
    await waitFor(async () => prober.answers.slice(from).some((p) => p.what === 'GET_MASTER' && p.status === 503), { what: 'masters to stop serving without the service', timeoutMs: 20_000 });
    await Promise.all([0, 1, 2].map((i) => svc.restart(i)));
    await checkRecovered('a restart of the coordination service');
    assertNoSplitBrain(from, 'the coordination service restart');
  });

  test(`${kind}: loss of one coordination node of three`, async () => {
    const from = prober.answers.length;
    await service().kill(0);
    await sleep(3000);
    await checkRecovered('the loss of one coordination node');
    await service().restart(0);
    await checkRecovered('the return of the coordination node');
    assertNoSplitBrain(from, 'the loss of one coordination node');
  });

  test(`${kind}: every status update arrived and was acknowledged`, async () => {
    // Acknowledge whatever arrived twice (an agent resends what a dead leader may not have passed on).
    for (;;) {
      const e = await client!.next('UPDATE', 1000).catch(() => undefined);
      if (e === undefined) break;
      if (e.update.status.uuid) await client!.ack(e.update.status);
    }
    await waitFor(() => fleet.agents.reduce((n, a) => n + a.taskCount, 0) === running.size, { what: 'agents to forget the killed tasks (their terminal updates acknowledged)', timeoutMs: 10_000 }).catch(() => undefined);
    const s = fleet.stats();
    // Nothing left unacknowledged on the agents (their queues drained), nothing lost.
    let pending = 0;
    for (const a of fleet.agents) pending += a.taskCount;
    assert.is(pending, running.size, 'agents hold exactly the running tasks');
    assert.ok(s.acks >= s.launched, `acks ${s.acks} ≥ tasks launched ${s.launched}`);
    await client!.mustCall({ type: 'TEARDOWN' });
  });

  test.run();
}
