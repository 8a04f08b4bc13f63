/**
 * Failover benchmark: the time from kill -9 of the leading master to another master serving
 * (its first 200 on GET_MASTER, and the framework's first accepted SUBSCRIBE with its id), and to
 * every agent re-registered with it, for each contender (standalone, ZooKeeper, etcd) with 1,000
 * and 10,000 simulated agents running 10 tasks each (100,000 tasks at 10k agents).
 *
 * Two real masters (child processes) read the repository's config file of the contender with a
 * real ZooKeeper / etcd on loopback (one node, session 1.5 s / lease 2 s) or a shared standalone
 * directory. This process runs the simulated agents (a random reconnect delay up to 250 ms,
 * doubling to at most 1 s: the role of Mesos's --registration_backoff_factor; they find the new
 * leader by trying the masters in turn) and a framework that launches the tasks once and
 * acknowledges their updates (nothing is left to resend). Each run kills the leader with SIGKILL,
 * measures, and starts the killed master again as a follower; ten runs per row, min / median /
 * max in ms.
 *
 * BENCH_QUICK=1: 200 and 1,000 agents, 3 runs. BENCH_FAILOVER_RUNS, BENCH_FAILOVER_AGENTS
 * (comma-separated), BENCH_FAILOVER_CONTENDERS (comma-separated), BENCH_FAILOVER_SESSION_MS and
 * BENCH_FAILOVER_LEASE_S override.
 */
import * as path from 'node:path';
import { SimFleet } from '@plateau/cli';
import { startEtcd, type EtcdService } from '@plateau/testkit/etcd';
import { haConfig, masterStatus, startMasters, subscribeToLeader, type ContenderKind, type MasterSet } from '../helpers/masters.js';
import type { SchedulerClient } from '../helpers/scheduler-client.js';
import { makeTempDir } from '@plateau/testkit/tmp';
import { startZooKeeper, type ZooKeeperService } from '@plateau/testkit/zookeeper';
import { printTable, type Cell } from './table.js';
import { launchOrDecline } from './offer-calls';

/** Runner metadata (test/bench/run.js). */
export const benchmark = {
  description: 'kill -9 of the leading master → another serving, and all agents re-registered; 1k and 10k agents (100k tasks), each contender',
  nodeArgs: ['--max-old-space-size=8192'],
};

const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_FAILOVER_RUNS ?? (QUICK ? 3 : 10));
const SIZES = (process.env.BENCH_FAILOVER_AGENTS ?? (QUICK ? '200,1000' : '1000,10000')).split(',').map(Number);
const CONTENDERS = (process.env.BENCH_FAILOVER_CONTENDERS ?? 'standalone,zookeeper,etcd').split(',') as ContenderKind[];
const TASKS_PER_AGENT = 10;
/** ZooKeeper session (ms) and etcd lease (s). */
const SESSION_MS = Number(process.env.BENCH_FAILOVER_SESSION_MS ?? 1500);
const LEASE_S = Number(process.env.BENCH_FAILOVER_LEASE_S ?? 2);
const GOAL = { serving: 'goal < 2000 ms (Mesos ZK session 10 s)', agents: 'goal < 3000 ms at 10k/100k (Mesos 1.5: ~4.5 s)' };

interface Run {
  serving: number;
  subscribed: number;
  agents: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Launches TASKS_PER_AGENT tasks on every agent; resolves once all run and their updates are acknowledged. */
async function launchAll(client: SchedulerClient, agents: number): Promise<void> {
  const total = agents * TASKS_PER_AGENT;
  let launched = 0;
  let running = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    const onEvent = (e: any) => {
      if (e.type === 'OFFERS') {
        for (const offer of e.offers.offers) {
          const body = launchOrDecline(offer, Math.min(TASKS_PER_AGENT, total - launched), () => `t${launched++}`);
          client.call(body).then((r) => {
            if (r.status !== 202) reject(new Error(`${body.type} answered ${r.status}: ${r.body}`));
          }, reject);
        }
      } else if (e.type === 'UPDATE' && e.update.status.state === 'TASK_RUNNING') {
        // Acknowledged, so that agents have nothing to resend to the next leader.
        running++;
        client.ack(e.update.status).then(() => {
          if (++acked === total) resolve();
        }, reject);
      }
    };
    client.onEvent = onEvent;
    for (const e of client.received.slice(1)) onEvent(e);
    client.clearQueue();
    setTimeout(() => reject(new Error(`only ${running} of ${total} tasks running (${acked} acknowledged) after 10 minutes`)), 600_000).unref();
  });
  client.onEvent = undefined;
  client.clearQueue();
}

async function contenderConfig(kind: ContenderKind): Promise<{ yaml: string; stop: () => Promise<void> }> {
  if (kind === 'zookeeper') {
    const zk: ZooKeeperService = await startZooKeeper();
    return { yaml: haConfig(kind, { zkServers: zk.servers, sessionTimeoutMs: SESSION_MS }), stop: () => zk.stop() };
  }
  if (kind === 'etcd') {
    const etcd: EtcdService = await startEtcd();
    return { yaml: haConfig(kind, { etcdEndpoints: etcd.endpoints, leaseTtlSeconds: LEASE_S }), stop: () => etcd.stop() };
  }
  return { yaml: haConfig(kind, { standaloneDir: path.join(makeTempDir('plateau-bench-failover-'), 'contender') }), stop: async () => undefined };
}

async function measure(kind: ContenderKind, agents: number): Promise<Run[]> {
  const service = await contenderConfig(kind);
  let masters: MasterSet | undefined;
  let fleet: SimFleet | undefined;
  let client: SchedulerClient | undefined;
  const runs: Run[] = [];
  try {
    masters = await startMasters(2, service.yaml, {
      args: ['--allocation-interval', '50ms', '--agent-ping-timeout', '15secs', '--max-agent-ping-timeouts', '5', '--agent-reregister-timeout', '10mins'],
    });
    const perAgentCpus = TASKS_PER_AGENT * 0.1 + 1;
    fleet = new SimFleet({
      count: agents,
      master: masters.addresses,
      cpus: perAgentCpus,
      mem: TASKS_PER_AGENT * 32 + 1024,
      reconnectMs: 250,
      maxReconnectMs: 1000,
      retryMs: 3_600_000,
      agentsPerConnection: 50,
    });
    fleet.start();
    await fleet.waitRegistered(300_000);
    const fwInfo = { user: 'bench', name: 'failover-bench', roles: ['*'], capabilities: [{ type: 'MULTI_ROLE' }], failover_timeout: 3600 };
    client = await subscribeToLeader(masters.nodes.map((n) => n.address), fwInfo);
    const frameworkId = client.frameworkId;
    await launchAll(client, agents);
    process.stdout.write(`  ${kind}: ${agents} agents, ${agents * TASKS_PER_AGENT} tasks running\n`);

    let back = new Set<number>();
    fleet.agents.forEach((a, i) => {
      a.onRegistered = () => back.add(i);
    });
    for (let r = 0; r < RUNS; r++) {
      const leader = await masters.leader(60_000);
      const others = masters.nodes.filter((n) => n !== leader);
      await sleep(300);
      back = new Set();
      client.close();
      const t0 = performance.now();
      const killed = masters.kill(leader.index);
      let allBack = 0;
      const agentsBack = (async () => {
        while (back.size < agents) await sleep(5);
        allBack = performance.now() - t0;
      })();
      let serving = 0;
      const servingAt = (async () => {
        for (;;) {
          const answers = await Promise.all(others.map((n) => masterStatus(n.address, 2000)));
          if (answers.some((a) => a.status === 200)) {
            serving = performance.now() - t0;
            return;
          }
          await sleep(5);
        }
      })();
      const subscribed = subscribeToLeader(
        others.map((n) => n.address),
        fwInfo,
        { frameworkId },
        120_000,
      ).then((c) => {
        client = c;
        return performance.now() - t0;
      });
      const timeout = sleep(180_000).then(() => {
        throw new Error(`run ${r + 1}: not recovered within 180 s (agents back ${back.size}/${agents})\n${masters!.tails(20)}`);
      });
      const [, , sub] = await Promise.race([Promise.all([agentsBack, servingAt, subscribed, killed]), timeout]);
      runs.push({ serving, subscribed: sub, agents: allBack });
      process.stdout.write(`    run ${r + 1}: serving ${serving.toFixed(0)} ms, subscribed ${sub.toFixed(0)} ms, all agents back ${allBack.toFixed(0)} ms\n`);
      await masters.restart(leader.index);
    }
  } finally {
    client?.close();
    fleet?.stop();
    await masters?.stop();
    await service.stop();
  }
  return runs;
}

function stats(xs: number[]): [number, number, number] {
  const s = [...xs].sort((a, b) => a - b);
  return [s[0]!, s[Math.floor((s.length - 1) / 2)]!, s[s.length - 1]!];
}

async function main(): Promise<void> {
  process.stdout.write(`failover: ${RUNS} runs per row; contenders ${CONTENDERS.join(', ')}; agents ${SIZES.join(', ')} (${TASKS_PER_AGENT} tasks each)\n`);
  const rows: Cell[][] = [];
  for (const agents of SIZES) {
    for (const kind of CONTENDERS) {
      const runs = await measure(kind, agents);
      const [smin, smed, smax] = stats(runs.map((r) => r.serving));
      const [bmin, bmed, bmax] = stats(runs.map((r) => r.subscribed));
      const [amin, amed, amax] = stats(runs.map((r) => r.agents));
      rows.push([kind, agents, agents * TASKS_PER_AGENT, 'leader serving (GET_MASTER 200)', smin, smed, smax, GOAL.serving]);
      rows.push([kind, agents, agents * TASKS_PER_AGENT, 'framework re-subscribed', bmin, bmed, bmax, GOAL.serving]);
      rows.push([kind, agents, agents * TASKS_PER_AGENT, 'all agents re-registered', amin, amed, amax, GOAL.agents]);
      const [dmin, dmed, dmax] = stats(runs.map((r) => r.agents - r.serving));
      rows.push([kind, agents, agents * TASKS_PER_AGENT, '  of which after the leader served', dmin, dmed, dmax, '']);
    }
  }
  process.stdout.write(`\nms from kill -9 of the leader (ZooKeeper session ${SESSION_MS} ms, etcd lease ${LEASE_S} s, standalone lock poll 50 ms; agents retry after a random delay up to 250 ms doubling to 1 s):\n`);
  printTable(['contender', 'agents', 'tasks', 'to', 'min', 'median', 'max', 'goal'], rows);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}
