/**
 * Failover benchmark: from kill -9 of the leading master to another master serving as leader (its
 * first 200 on GET_MASTER naming itself, found by an outside prober process sending probes every
 * 20 ms, each abandoned after 250 ms), then the framework's re-subscription (sent to that leader once it serves, as a
 * scheduler whose detector names it), and every agent re-registered with it; for each contender
 * (ZooKeeper and etcd; standalone with BENCH_FAILOVER_CONTENDERS) with 1,000 and 10,000 simulated agents running 10 tasks each
 * (100,000 tasks at 10k agents). Beside each figure: the machine's 1-minute load average and the
 * new leader's event loop delay since its election (p99 and max, from its /metrics/snapshot,
 * read once every agent is back: the recovery and the re-registration storm).
 *
 * Two real masters (child processes) read the repository's config file of the contender with a
 * real ZooKeeper / etcd on loopback or a shared standalone directory. The ZooKeeper session and
 * etcd lease are the shipped config/zookeeper.yaml and config/etcd.yaml values unless
 * BENCH_FAILOVER_SESSION_MS / BENCH_FAILOVER_LEASE_S say otherwise. This process runs the
 * simulated agents (a random reconnect delay up to 250 ms, doubling to at most 1 s: the role of
 * Mesos's --registration_backoff_factor; they find the new leader by trying the masters in turn)
 * and a framework that launches the tasks once and acknowledges their updates (nothing is left to
 * resend). Each run kills the leader with SIGKILL, measures, and starts the killed master again as
 * a follower; ten runs at 1,000 agents, five at 10,000; min / median / max in ms.
 *
 * BENCH_FAILOVER_CPU_PROF=DIR: the masters run profiled (test/helpers/cpu-profile.ts) and write their profiles to DIR
 * when stopped (SIGTERM) after the last run (a killed master writes none).
 *
 * --quick (or BENCH_QUICK=1): 1,000 agents, 3 runs. BENCH_FAILOVER_RUNS, BENCH_FAILOVER_AGENTS
 * (comma-separated), BENCH_FAILOVER_CONTENDERS (comma-separated) override. Each row's median is
 * also printed as a BENCH-RECORD line (record.ts) for the runner's table.
 */
import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';
import * as os from 'node:os';
import * as path from 'node:path';
import { SimFleet } from '@plateau/cli';
import { startEtcd, type EtcdService } from '@plateau/testkit/etcd';
import { haConfig, startMasters, subscribeToLeader, type ContenderKind, type MasterNode, type MasterSet } from '../helpers/masters.js';
import { request, type SchedulerClient } from '../helpers/scheduler-client.js';
import { makeTempDir } from '@plateau/testkit/tmp';
import { startZooKeeper, type ZooKeeperService } from '@plateau/testkit/zookeeper';
import { printTable, type Cell } from './table.js';
import { launchOrDecline } from './offer-calls';
import { record } from './record';

/** Runner metadata (test/bench/run.js). */
export const benchmark = {
  description: 'kill -9 of the leading master → another serving (20 ms probes), framework re-subscribed, all agents re-registered; master event loop delay; 1k and 10k agents, each contender, shipped sessions/leases',
  nodeArgs: ['--max-old-space-size=8192'],
};

const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
const SIZES = (process.env.BENCH_FAILOVER_AGENTS ?? (QUICK ? '1000' : '1000,10000')).split(',').map(Number);
const runsFor = (agents: number) => Number(process.env.BENCH_FAILOVER_RUNS ?? (QUICK ? 3 : agents >= 10_000 ? 5 : 10));
/** The shipped HA configs by default; standalone (a lock polled every 50 ms, proof for 150 ms) on request. */
const CONTENDERS = (process.env.BENCH_FAILOVER_CONTENDERS ?? 'zookeeper,etcd').split(',') as ContenderKind[];
const TASKS_PER_AGENT = 10;
const REPO = path.resolve(__dirname, '../../..');

/** A number the shipped config file sets (`name: N`), e.g. sessionTimeoutMs of config/zookeeper.yaml. */
function shipped(file: string, name: string): number {
  const m = new RegExp(`\\b${name}: (\\d+)`).exec(fs.readFileSync(path.join(REPO, 'config', file), 'utf8'));
  if (!m) throw new Error(`config/${file} sets no ${name}`);
  return Number(m[1]);
}

/** ZooKeeper session (ms) and etcd lease (s): the shipped configs' unless overridden. */
const SESSION_MS = Number(process.env.BENCH_FAILOVER_SESSION_MS ?? shipped('zookeeper.yaml', 'sessionTimeoutMs'));
const LEASE_S = Number(process.env.BENCH_FAILOVER_LEASE_S ?? shipped('etcd.yaml', 'leaseTtlSeconds'));
const SHIPPED = process.env.BENCH_FAILOVER_SESSION_MS === undefined && process.env.BENCH_FAILOVER_LEASE_S === undefined;
const GOAL = { serving: 'goal < 2000 ms (Mesos ZK session 10 s)', agents: 'goal < 3000 ms at 10k/100k (Mesos 1.5: ~4.5 s)', loop: 'goal p99 < 100 ms, max < session / 3' };

/** Probes are sent every PROBE_MS; one not answered within PROBE_TIMEOUT_MS is abandoned. */
const PROBE_MS = 20;
const PROBE_TIMEOUT_MS = 250;

interface Run {
  /** When the new leader was elected (its GET_MASTER elected_time), ms after the kill. */
  elected: number;
  serving: number;
  subscribed: number;
  agents: number;
  loopP99: number;
  loopMax: number;
  /** The worst 10-20 s window of the surviving master's loop seen during the run (polled every 2 s): covers a leadership lost and won again. */
  windowP99: number;
  windowMax: number;
  /** Whether the new leader was elected again after it first served (it demoted itself meanwhile). */
  reelected: boolean;
  load: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load1 = () => Number(os.loadavg()[0]!.toFixed(2));

/**
 * Starts the outside prober (test/helpers/serving-prober.ts, its own process: a busy benchmark
 * process cannot delay it) on `nodes`; resolves once its first probes are out, with a promise of
 * the first of them to answer GET_MASTER with 200 naming itself, and when (epoch ms).
 */
async function startProber(nodes: MasterNode[]): Promise<{ first: Promise<{ node: MasterNode; at: number }>; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(__dirname, '../helpers/serving-prober.js'), String(PROBE_MS), String(PROBE_TIMEOUT_MS), ...nodes.map((n) => String(n.port))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  let ready: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const first = new Promise<{ node: MasterNode; at: number }>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line === 'ready') return ready();
      const r = JSON.parse(line) as { port: number; at: number };
      resolve({ node: nodes.find((n) => n.port === r.port)!, at: r.at });
    });
    child.on('exit', (code) => reject(new Error(`the prober exited (${code}) before a leader served`)));
  });
  first.catch(() => undefined);
  await isReady;
  return { first, stop: () => child.kill('SIGKILL') };
}

/** `node`'s loop delay over the last 10-20 s (ms), from /metrics/snapshot; zeros when it does not answer in 1 s. */
async function recentLoopDelay(node: MasterNode): Promise<{ p99: number; max: number }> {
  const r = await Promise.race([request(node.address, 'GET', '/metrics/snapshot').catch(() => undefined), sleep(1000).then(() => undefined)]);
  if (r === undefined || r.status !== 200) return { p99: 0, max: 0 };
  const s = JSON.parse(r.body);
  return { p99: s['master/event_loop_delay_p99_ms'] ?? 0, max: s['master/event_loop_delay_max_ms'] ?? 0 };
}

/** When `node` was elected (GET_MASTER's elected_time), ms after the wall-clock time `since`. */
async function electedAt(node: MasterNode, since: number): Promise<number> {
  const r = await request(node.address, 'POST', '/api/v1', { type: 'GET_MASTER' }, { Accept: 'application/json' });
  const t = r.status === 200 ? JSON.parse(r.body).get_master?.elected_time : undefined;
  if (typeof t !== 'number') throw new Error(`GET_MASTER of ${node.address} has no elected_time (${r.status}: ${r.body.slice(0, 200)})`);
  return t * 1000 - since;
}

/** The new leader's event loop delay since its election (ms), from /metrics/snapshot. */
async function loopDelay(node: MasterNode): Promise<{ p99: number; max: number }> {
  const r = await request(node.address, 'GET', '/metrics/snapshot');
  if (r.status !== 200) throw new Error(`/metrics/snapshot of ${node.address} answered ${r.status}: ${r.body.slice(0, 200)}`);
  const s = JSON.parse(r.body);
  const p99 = s['master/event_loop_delay_since_elected_p99_ms'];
  const max = s['master/event_loop_delay_since_elected_max_ms'];
  if (typeof p99 !== 'number' || typeof max !== 'number') throw new Error(`/metrics/snapshot of ${node.address} has no master/event_loop_delay_since_elected_* figures`);
  return { p99, max };
}
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

/** The first leader's loop delay through the agents' registration and the launch, per measure(). */
const launchLoop: { p99: number; max: number }[] = [];

async function measure(kind: ContenderKind, agents: number): Promise<Run[]> {
  const service = await contenderConfig(kind);
  let masters: MasterSet | undefined;
  let fleet: SimFleet | undefined;
  let client: SchedulerClient | undefined;
  const runs: Run[] = [];
  const profDir = process.env.BENCH_FAILOVER_CPU_PROF;
  const nodeOptions = process.env.NODE_OPTIONS;
  if (profDir) {
    process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --require ${path.join(__dirname, '../helpers/cpu-profile.js')}`.trim();
    process.env.PLATEAU_CPU_PROF_DIR = path.resolve(profDir);
  }
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
    const first = await loopDelay(await masters.leader(60_000));
    process.stdout.write(
      `  ${kind}: ${agents} agents, ${agents * TASKS_PER_AGENT} tasks running; the first leader's loop delay through their registration and launch: p99 ${first.p99.toFixed(1)} ms, max ${first.max.toFixed(0)} ms; load ${load1()}\n`,
    );
    launchLoop.push(first);

    let back = new Set<number>();
    fleet.agents.forEach((a, i) => {
      a.onRegistered = () => back.add(i);
    });
    for (let r = 0; r < runsFor(agents); r++) {
      const leader = await masters.leader(60_000);
      const others = masters.nodes.filter((n) => n !== leader);
      await sleep(300);
      back = new Set();
      client.close();
      const load = load1();
      const prober = await startProber(others);
      const t0 = performance.now();
      const wall0 = performance.timeOrigin + t0;
      const killed = masters.kill(leader.index);
      let allBack = 0;
      const agentsBack = (async () => {
        while (back.size < agents) await sleep(5);
        allBack = performance.now() - t0;
      })();
      // The framework subscribes once a leader serves (as a scheduler told by its detector), never before.
      const served = prober.first.then(({ node, at }) => ({ node, at: at - performance.timeOrigin }));
      const subscribed = served.then(({ node }) =>
        subscribeToLeader([node.address], fwInfo, { frameworkId }, 120_000).then((c) => {
          client = c;
          return performance.now() - t0;
        }),
      );
      const timeout = sleep(180_000).then(() => {
        throw new Error(`run ${r + 1}: not recovered within 180 s (agents back ${back.size}/${agents})\n${masters!.tails(20)}`);
      });
      // The surviving masters' recent windows, polled through the run: a stall that cost the
      // leadership (then won again) is outside the since-elected figures.
      let windowP99 = 0;
      let windowMax = 0;
      let polling = true;
      const poller = (async () => {
        while (polling) {
          for (const n of others) {
            const d = await recentLoopDelay(n);
            windowP99 = Math.max(windowP99, d.p99);
            windowMax = Math.max(windowMax, d.max);
          }
          await sleep(2000);
        }
      })();
      const [, s, sub] = await Promise.race([Promise.all([agentsBack, served, subscribed, killed]), timeout]);
      polling = false;
      prober.stop();
      await poller;
      for (const n of others) {
        const d = await recentLoopDelay(n);
        windowP99 = Math.max(windowP99, d.p99);
        windowMax = Math.max(windowMax, d.max);
      }
      const loop = await loopDelay(s.node);
      const elected = await electedAt(s.node, wall0);
      const run: Run = { elected, windowP99, windowMax, reelected: elected > s.at - t0, serving: s.at - t0, subscribed: sub, agents: allBack, loopP99: loop.p99, loopMax: loop.max, load };
      runs.push(run);
      process.stdout.write(
        `    run ${r + 1}: elected ${elected.toFixed(0)} ms, serving ${run.serving.toFixed(0)} ms, subscribed ${sub.toFixed(0)} ms (+${(sub - run.serving).toFixed(0)}), all agents back ${allBack.toFixed(0)} ms; new leader's loop delay p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(0)} ms (worst window p99 ${windowP99.toFixed(1)}, max ${windowMax.toFixed(0)})${run.reelected ? '; DEMOTED after serving and elected again' : ''}; load ${load} → ${load1()}\n`,
      );
      await masters.restart(leader.index);
    }
    if (profDir) {
      // A master writes its profile at exit: stop the live ones gently (the last run's leader profiled its storm).
      await Promise.all(masters.nodes.map((n) => n.proc.stop('SIGTERM').catch(() => undefined)));
      process.stdout.write(`  cpu profiles of the masters in ${profDir}\n`);
    }
  } finally {
    if (profDir) {
      process.env.NODE_OPTIONS = nodeOptions;
      delete process.env.PLATEAU_CPU_PROF_DIR;
    }
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

/** The contender's session in words, and a third of it (ms) for the loop delay's limit. */
function session(kind: ContenderKind): { text: string; thirdMs: number } {
  if (kind === 'zookeeper') return { text: `session ${SESSION_MS} ms`, thirdMs: SESSION_MS / 3 };
  if (kind === 'etcd') return { text: `lease ${LEASE_S} s`, thirdMs: (LEASE_S * 1000) / 3 };
  return { text: 'lock poll 50 ms', thirdMs: Infinity };
}

async function main(): Promise<void> {
  process.stdout.write(
    `failover: runs per row ${SIZES.map((a) => `${runsFor(a)} at ${a}`).join(', ')}; contenders ${CONTENDERS.join(', ')} (${TASKS_PER_AGENT} tasks per agent); ZooKeeper session ${SESSION_MS} ms, etcd lease ${LEASE_S} s (${SHIPPED ? 'the shipped configs' : 'overridden'}); load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`,
  );
  const rows: Cell[][] = [];
  for (const agents of SIZES) {
    for (const kind of CONTENDERS) {
      const runs = await measure(kind, agents);
      const size = `${agents.toLocaleString('en-US')} agents / ${(agents * TASKS_PER_AGENT).toLocaleString('en-US')} tasks`;
      const [lmin, , lmax] = stats(runs.map((r) => r.load));
      const load = `${lmin}–${lmax}`;
      const { text, thirdMs } = session(kind);
      const row = (to: string, xs: number[], goal: string) => {
        const [min, med, max] = stats(xs);
        rows.push([kind, text, agents, to, min, med, max, load, goal]);
        return med;
      };
      row('new leader elected (its elected_time)', runs.map((r) => r.elected), '');
      const serving = row('leader serving (first 200 of GET_MASTER)', runs.map((r) => r.serving), GOAL.serving);
      const subscribed = row('framework re-subscribed', runs.map((r) => r.subscribed), '');
      row('  of which after the leader served', runs.map((r) => r.subscribed - r.serving), '');
      const reregistered = row('all agents re-registered', runs.map((r) => r.agents), GOAL.agents);
      row('  of which after the leader served', runs.map((r) => r.agents - r.serving), '');
      const loopP99 = row('new leader loop delay p99 (since elected)', runs.map((r) => r.loopP99), GOAL.loop);
      const loopMax = row('new leader loop delay max (since elected)', runs.map((r) => r.loopMax), Number.isFinite(thirdMs) ? `third of ${text}: ${thirdMs.toFixed(0)} ms` : '');
      const launch = launchLoop[launchLoop.length - 1]!;
      rows.push([kind, text, agents, 'first leader loop delay p99 / max (registration + launch)', launch.p99, '-', launch.max, '', '']);
      row('survivor loop delay p99, worst 10-20 s window', runs.map((r) => r.windowP99), '');
      row('survivor loop delay max, worst 10-20 s window', runs.map((r) => r.windowMax), '');
      const demoted = runs.filter((r) => r.reelected).length;
      rows.push([kind, text, agents, 'runs where the new leader demoted itself after serving', demoted, '-', '-', load, 'goal 0']);
      const id = `${kind}.${agents}`;
      const avgLoad = runs.reduce((a, r) => a + r.load, 0) / runs.length;
      const rec = (name: string, measure: string, value: number) => record({ id: `failover.${name}.${id}`, measure: `${measure} (${kind}, ${text}), median of ${runs.length}`, value, unit: 'ms', size, load: Number(avgLoad.toFixed(2)) });
      rec('serving_ms', 'kill -9 of the leader → another leader serving', serving);
      rec('subscribed_ms', 'kill -9 of the leader → framework re-subscribed', subscribed);
      rec('reregistered_ms', 'kill -9 of the leader → all agents re-registered', reregistered);
      rec('loop_p99_ms', 'new leader event loop delay p99 since elected', loopP99);
      rec('loop_max_ms', 'new leader event loop delay max since elected', loopMax);
      record({ id: `failover.demoted_runs.${id}`, measure: `runs where the new leader demoted itself after serving (${kind}, ${text}), of ${runs.length}`, value: demoted, unit: 'runs', size, load: Number(avgLoad.toFixed(2)) });
    }
  }
  process.stdout.write(`\nms from kill -9 of the leader (probes every ${PROBE_MS} ms, ${PROBE_TIMEOUT_MS} ms timeout; agents retry after a random delay up to 250 ms doubling to 1 s); load = 1-minute load average at each kill, lowest–highest:\n`);
  printTable(['contender', 'session', 'agents', 'to', 'min', 'median', 'max', 'load', 'goal'], rows);
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
