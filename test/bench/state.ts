/**
 * State benchmark: `/master/state` and GET_STATE latency with 20,000 agents and 200,000 tasks,
 * and the master's memory per agent and per task.
 *
 * A real master (child process), 20,000 simulated agents (`plateau sim agents`, another child
 * process), and this process as a framework that launches 10 tasks on every agent (ten per
 * ACCEPT). Tasks run until the end; their TASK_RUNNING updates are left unacknowledged (the
 * simulated agents resend only after an hour), so the launch phase costs one HTTP call per ten
 * tasks. Then each endpoint is fetched ROUNDS times, one request at a time; the table shows the
 * median and the slowest, and the size of the answer. RSS is read from /proc: after start,
 * after the agents registered, after the tasks are running.
 *
 * BENCH_QUICK=1: 2,000 agents and 20,000 tasks. BENCH_STATE_AGENTS / BENCH_STATE_TASKS_PER_AGENT override.
 */

import * as http from 'node:http';
import { SchedulerClient, callAgent } from '../helpers/scheduler-client.js';
import type { StartedProcess } from '@plateau/testkit/proc';
import { rssMiB, startBenchMaster, startSimAgents } from './launch.js';
import { printTable, type Cell } from './table.js';
import { launchOrDecline } from './offer-calls';
import { record } from './record.js';
import { loopDelayBetween } from './loop-windows.js';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Runner metadata (test/bench/run.js). */
export const benchmark = {
  description: '/master/state and GET_STATE latency with 20k agents and 200k tasks; master RSS per agent and per task',
  nodeArgs: ['--max-old-space-size=8192'],
};

const QUICK = process.env.BENCH_QUICK === '1';
const AGENTS = Number(process.env.BENCH_STATE_AGENTS ?? (QUICK ? 2_000 : 20_000));
const PER_AGENT = Number(process.env.BENCH_STATE_TASKS_PER_AGENT ?? 10);
const TASKS = AGENTS * PER_AGENT;
const ROUNDS = 5;

const MESOS = {
  state: 'Mesos: ~3.1 s (goal < 500 ms)',
  rss: 'goal: < 1 GiB for 20k agents + 200k tasks',
};

/**
 * Fetches `path` and reads the answer to its last byte without keeping it (as `curl -o
 * /dev/null` does), so the figure is the master's time and the transfer, not the client's JSON
 * handling. Resolves with the status, the size, and the milliseconds to the last byte.
 */
function fetchDiscard(master: string, method: string, path: string, body?: unknown): Promise<{ status: number; bytes: number; ms: number }> {
  const [host, port] = master.split(':');
  const data = body === undefined ? undefined : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host, port: Number(port), method, path, agent: false, headers: data === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function timed(fn: () => Promise<{ status: number; bytes: number; ms: number }>): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const r = await fn();
    if (r.status !== 200) throw new Error(`answered ${r.status}`);
    ms.push(r.ms);
    bytes = r.bytes;
  }
  ms.sort((a, b) => a - b);
  return { ms, bytes };
}

async function launchAll(master: string): Promise<{ client: SchedulerClient; seconds: number }> {
  let launched = 0;
  let running = 0;
  let client: SchedulerClient | undefined;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const onEvent = (e: any) => {
      if (e.type === 'OFFERS') {
        for (const offer of e.offers.offers) {
          const body = launchOrDecline(offer, Math.min(PER_AGENT, TASKS - launched), () => `t${launched++}`);
          client!.call(body).then((r) => {
            if (r.status !== 202) reject(new Error(`${body.type} answered ${r.status}: ${r.body}`));
          }, reject);
        }
      } else if (e.type === 'UPDATE') {
        if (e.update.status.state === 'TASK_RUNNING') {
          if (++running === TASKS) resolve();
        } else reject(new Error(`task ${e.update.status.task_id.value}: ${e.update.status.state} ${e.update.status.message ?? ''}`));
      }
    };
    SchedulerClient.subscribe(master, { user: 'bench', name: 'state-bench', roles: ['*'], capabilities: [{ type: 'MULTI_ROLE' }] }).then((c) => {
      client = c;
      c.onEvent = onEvent;
      for (const e of c.received.slice(1)) onEvent(e);
      c.clearQueue();
    }, reject);
    setTimeout(() => reject(new Error(`only ${running} of ${TASKS} tasks running after 20 minutes`)), 1_200_000).unref();
  });
  return { client: client!, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const loadBefore = require('node:os').loadavg()[0].toFixed(1);
  process.stdout.write(`state: ${AGENTS} simulated agents, ${TASKS} tasks\n`);
  // The master's event loop, watched from inside it (loop-probe.ts), while it serves state.
  const loopFile = path.join(require('node:os').tmpdir(), `plateau-bench-loop-${process.pid}.jsonl`);
  process.env.PLATEAU_BENCH_LOOP_FILE = loopFile;
  process.env.BENCH_MASTER_NODE_ARGS = `${process.env.BENCH_MASTER_NODE_ARGS ?? ''} --require ${path.join(__dirname, 'loop-probe.js')}`;
  const master = await startBenchMaster(['--allocation-interval', '1secs']);
  let sim: StartedProcess | undefined;
  let client: SchedulerClient | undefined;
  try {
    const rssStart = rssMiB(master.proc.pid);
    const t0 = performance.now();
    sim = await startSimAgents(master.address, AGENTS, ['--cpus', '8', '--mem', '16384', '--agents-per-connection', '200', '--retry', '1h']);
    const registerSeconds = (performance.now() - t0) / 1000;
    const rssAgents = rssMiB(master.proc.pid);
    process.stdout.write(`${AGENTS} agents registered in ${registerSeconds.toFixed(1)} s; launching ${TASKS} tasks\n`);
    const launch = await launchAll(master.address);
    client = launch.client;
    process.stdout.write(`${TASKS} tasks running after ${launch.seconds.toFixed(1)} s\n`);
    await new Promise((r) => setTimeout(r, 2000));
    const rssTasks = rssMiB(master.proc.pid);

    if (process.env.BENCH_STATE_PAUSE) {
      process.stdout.write(`master at ${master.address}; pausing ${process.env.BENCH_STATE_PAUSE} s\n`);
      await new Promise((r) => setTimeout(r, Number(process.env.BENCH_STATE_PAUSE) * 1000));
    }
    const servingFrom = Date.now();
    const legacy = await timed(() => fetchDiscard(master.address, 'GET', '/master/state'));
    const v1 = await timed(() => fetchDiscard(master.address, 'POST', '/api/v1', { type: 'GET_STATE' }));
    const servingTo = Date.now();
    const rssAfter = rssMiB(master.proc.pid);
    // The window that holds the last request's end is written up to 250 ms later.
    await new Promise((r) => setTimeout(r, 600));
    const loop = fs.existsSync(loopFile) ? loopDelayBetween(fs.readFileSync(loopFile, 'utf8'), servingFrom, servingTo + 500) : { maxMs: NaN, p99Ms: NaN, windows: 0 };
    fs.rmSync(loopFile, { force: true });

    const median = (x: number[]) => x[Math.floor(x.length / 2)]!;
    const rows: Cell[][] = [
      ['/master/state median ms', median(legacy.ms), MESOS.state],
      ['/master/state slowest ms', legacy.ms[legacy.ms.length - 1]!, '-'],
      ['/master/state size MiB', legacy.bytes / 1048576, '-'],
      ['GET_STATE median ms', median(v1.ms), '-'],
      ['GET_STATE slowest ms', v1.ms[v1.ms.length - 1]!, '-'],
      ['GET_STATE size MiB', v1.bytes / 1048576, '-'],
      ['master RSS at start MiB', rssStart, '-'],
      [`master RSS with ${AGENTS} agents MiB`, rssAgents, '-'],
      [`master RSS with ${TASKS} tasks MiB`, rssTasks, MESOS.rss],
      ['master RSS after the state requests MiB', rssAfter, '-'],
      ['RSS per agent KiB', ((rssAgents - rssStart) * 1024) / AGENTS, '-'],
      ['RSS per task KiB', ((rssTasks - rssAgents) * 1024) / TASKS, '-'],
      ['agent registration s', registerSeconds, '-'],
      ['launch of all tasks s', launch.seconds, '-'],
    ];
    rows.push(['master event loop delay max while serving ms', loop.maxMs, `${loop.windows} windows of 250 ms`], ['master event loop delay p99 (worst window) ms', loop.p99Ms, '-']);
    const size = `${AGENTS.toLocaleString('en-US')} agents / ${TASKS.toLocaleString('en-US')} tasks`;
    const last = <T>(x: T[]) => x[x.length - 1]!;
    record({ id: 'state.master_state_slowest_ms', measure: `/master/state slowest of ${ROUNDS}`, value: last(legacy.ms), unit: 'ms', size });
    record({ id: 'state.master_state_median_ms', measure: '/master/state median', value: median(legacy.ms), unit: 'ms', size });
    record({ id: 'state.get_state_slowest_ms', measure: `GET_STATE slowest of ${ROUNDS}`, value: last(v1.ms), unit: 'ms', size });
    record({ id: 'state.get_state_median_ms', measure: 'GET_STATE median', value: median(v1.ms), unit: 'ms', size });
    record({ id: 'state.event_loop_max_ms', measure: 'master event loop delay max while serving state', value: loop.maxMs, unit: 'ms', size });
    record({ id: 'state.event_loop_p99_ms', measure: 'master event loop delay p99 while serving state (worst 250 ms window)', value: loop.p99Ms, unit: 'ms', size });
    record({ id: 'state.master_rss_mib', measure: 'master RSS after serving state', value: rssAfter, unit: 'MiB', size });
    process.stdout.write('\n');
    printTable(['metric', 'Plateau', 'reference'], rows);
    process.stdout.write(
      `\nLatency: one request at a time, ${ROUNDS} rounds, from sending the request to the last byte of the answer over loopback (the client counts the bytes and keeps nothing). The first round also builds the master's per-task JSON caches.\n` +
        `Master, framework (this process) and simulated agents share this machine's ${require('node:os').cpus().length} CPUs (load average before the run: ${loadBefore}). The Mesos figure is the reference given for the same shape, on other hardware.\n`,
    );
  } finally {
    client?.close();
    callAgent.destroy();
    await sim?.stop('SIGTERM', 10_000);
    await master.proc.stop('SIGTERM', 10_000);
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
