/**
 * Launch benchmark: tasks launched per second through the HTTP scheduler API.
 *
 * A real master (child process) and 1,000 simulated agents (`plateau sim agents`, another child
 * process, over the real agent link); this process is the framework. It accepts every offer with
 * up to TASKS_PER_ACCEPT tasks (refuse_seconds 0, so what is left is offered again at once) and
 * acknowledges every update. Like a well-behaved framework it keeps at most WINDOW tasks between
 * launch and TASK_RUNNING (holding offers meanwhile), so latency is the system's, not a queue in
 * the framework's own HTTP client. Measured per task: from sending the ACCEPT that launches it to the
 * TASK_RUNNING update arriving on the framework's event stream (p50 / p99), and the sustained
 * rate over all tasks (first ACCEPT to last TASK_RUNNING) and over the middle 80%.
 *
 * BENCH_QUICK=1: 1,000 agents (the goal's shape), 10,000 tasks. BENCH_LAUNCH_TASKS / BENCH_LAUNCH_AGENTS override.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { SchedulerClient, callAgent } from '../helpers/scheduler-client.js';
import { makeTempDir } from '@plateau/testkit/tmp';
import { printTable, type Cell } from './table.js';
import { record } from './record.js';

/** Runner metadata (test/bench/run.js). */
export const benchmark = {
  description: 'task launches per second through the HTTP scheduler API to 1,000 simulated agents (ACCEPT to TASK_RUNNING delivered)',
  nodeArgs: ['--max-old-space-size=4096'],
};

const QUICK = process.env.BENCH_QUICK === '1';
const TASKS = Number(process.env.BENCH_LAUNCH_TASKS ?? (QUICK ? 10_000 : 50_000));
const AGENTS = Number(process.env.BENCH_LAUNCH_AGENTS ?? 1_000);
const TASKS_PER_ACCEPT = Number(process.env.BENCH_LAUNCH_PER_ACCEPT ?? 10);
/** Tasks the framework keeps launched but not yet running; offers wait (held) beyond that. */
const WINDOW = Number(process.env.BENCH_LAUNCH_WINDOW ?? 2000);
const REPO = path.resolve(__dirname, '../../..');
const PLATEAU = path.join(REPO, 'bin/plateau.js');

/** Reference figures for the same measurement, where published. */
const REFERENCE = {
  nomad: 'Nomad C1M: ~3,750 placements/s cluster-wide (5 servers)',
  goal: 'goal: >= 5,000 launches/s sustained',
};

/** The RSS of a process, MiB (Linux). */
export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used so far (Linux). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Starts a master for a benchmark; resolves with its address. */
export async function startBenchMaster(extraArgs: string[] = []): Promise<{ proc: StartedProcess; address: string }> {
  const dir = makeTempDir('plateau-bench-');
  const port = await freePort();
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    `cluster: bench\nmaster:\n  listen: 127.0.0.1:${port}\n  contender: standalone\nmodules:\n  standalone: { use: contender-standalone, config: { dir: ${JSON.stringify(path.join(dir, 'standalone'))} } }\n`,
  );
  const proc = startProcess(
    process.execPath,
    [...(process.env.BENCH_MASTER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--max-old-space-size=8192', PLATEAU, 'master', '--config', config, '--listen', `127.0.0.1:${port}`, '--work-dir', path.join(dir, 'work'), ...extraArgs],
    { cwd: REPO, env: { PLATEAU_LOG_LEVEL: process.env.BENCH_MASTER_LOG_LEVEL ?? 'warn' }, name: 'bench-master' },
  );
  await waitForLeading(`127.0.0.1:${port}`, proc);
  return { proc, address: `127.0.0.1:${port}` };
}

async function waitForLeading(address: string, proc: StartedProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  const { request } = await import('../helpers/scheduler-client.js');
  for (;;) {
    if (proc.exitStatus) throw new Error(`master exited: ${proc.output()}`);
    const r = await request(address, 'POST', '/api/v1', { type: 'GET_HEALTH' }).catch(() => undefined);
    if (r?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`master did not lead within 30 s: ${proc.output()}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Starts `plateau sim agents` and resolves once all are registered. */
export async function startSimAgents(master: string, count: number, args: string[] = []): Promise<StartedProcess> {
  const proc = startProcess(
    process.execPath,
    ['--max-old-space-size=8192', PLATEAU, 'sim', 'agents', '--count', String(count), '--master', master, '--stats-every', '1h', ...args],
    { cwd: REPO, name: 'sim-agents' },
  );
  await proc.waitForLine(/simulated agents registered in/, 300_000);
  return proc;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const loadBefore = require('node:os').loadavg()[0].toFixed(1);
  process.stdout.write(`launch: ${TASKS} tasks on ${AGENTS} simulated agents, up to ${TASKS_PER_ACCEPT} tasks per ACCEPT\n`);
  const master = await startBenchMaster(['--allocation-interval', '50ms']);
  let sim: StartedProcess | undefined;
  let fw: SchedulerClient | undefined;
  try {
    // Room for every task with some to spare: 1 cpu and 32 MB per task.
    const perAgent = Math.ceil((TASKS * 1.25) / AGENTS);
    sim = await startSimAgents(master.address, AGENTS, ['--cpus', String(perAgent), '--mem', String(perAgent * 32 + 1024), '--agents-per-connection', '50']);
    process.stdout.write(`${AGENTS} simulated agents registered\n`);

    const cpu0 = { master: cpuSeconds(master.proc.pid), sim: cpuSeconds(sim.pid), self: process.cpuUsage() };
    const sentAt = new Float64Array(TASKS);
    const latency = new Float64Array(TASKS);
    let launched = 0;
    let running = 0;
    let firstAccept = 0;
    let lastRunning = 0;
    let acceptCalls = 0;
    let failures = 0;
    let inflight = 0;
    let offersSeen = 0;
    const call = (body: Record<string, unknown>) => {
      inflight++;
      return fw!.call(body).finally(() => inflight--);
    };
    const timeline =
      process.env.BENCH_TIMELINE === '1'
        ? setInterval(() => process.stdout.write(`  +${((performance.now() - firstAccept) / 1000).toFixed(2)}s launched=${launched} running=${running} in-flight calls=${inflight} offers=${offersSeen}\n`), 250)
        : undefined;
    const held: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const pump = () => {
        while (held.length > 0 && launched - running < WINDOW && launched < TASKS) {
          const offer = held.shift();
          {
            const cpus = offer.resources.find((r: any) => r.name === 'cpus')?.scalar.value ?? 0;
            const mem = offer.resources.find((r: any) => r.name === 'mem')?.scalar.value ?? 0;
            const n = Math.min(TASKS_PER_ACCEPT, Math.floor(cpus), Math.floor(mem / 32), TASKS - launched);
            if (n <= 0) {
              void call({ type: 'DECLINE', decline: { offer_ids: [offer.id], filters: { refuse_seconds: 3600 } } }).catch(() => undefined);
              continue;
            }
            const tasks = [];
            const now = performance.now();
            if (firstAccept === 0) firstAccept = now;
            for (let i = 0; i < n; i++) {
              const id = launched++;
              sentAt[id] = now;
              tasks.push({
                name: `t${id}`,
                task_id: { value: `t${id}` },
                agent_id: offer.agent_id,
                resources: [
                  { name: 'cpus', type: 'SCALAR', scalar: { value: 1 } },
                  { name: 'mem', type: 'SCALAR', scalar: { value: 32 } },
                ],
                command: { value: 'sleep 3600' },
              });
            }
            acceptCalls++;
            call({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: [{ type: 'LAUNCH', launch: { task_infos: tasks } }], filters: { refuse_seconds: 0 } } })
              .then((r) => {
                if (r.status !== 202) reject(new Error(`ACCEPT answered ${r.status}: ${r.body}`));
              }, reject);
          }
        }
        if (launched >= TASKS) for (const o of held.splice(0)) void call({ type: 'DECLINE', decline: { offer_ids: [o.id], filters: { refuse_seconds: 3600 } } }).catch(() => undefined);
      };
      const onEvent = (e: any) => {
        if (e.type === 'OFFERS') {
          offersSeen += e.offers.offers.length;
          held.push(...e.offers.offers);
          pump();
        } else if (e.type === 'UPDATE') {
          const s = e.update.status;
          if (s.uuid) void call({ type: 'ACKNOWLEDGE', acknowledge: { agent_id: s.agent_id, task_id: s.task_id, uuid: s.uuid } }).catch(() => undefined);
          const id = Number(s.task_id.value.slice(1));
          if (s.state === 'TASK_RUNNING' && latency[id] === 0) {
            const now = performance.now();
            latency[id] = now - sentAt[id]!;
            running++;
            lastRunning = now;
            if (running === TASKS) resolve();
            else pump();
          } else if (s.state !== 'TASK_RUNNING') {
            failures++;
            reject(new Error(`task ${s.task_id.value}: ${s.state} ${s.message ?? ''}`));
          }
        } else if (e.type === 'ERROR') reject(new Error(`framework error: ${e.error.message}`));
      };
      SchedulerClient.subscribe(master.address, { user: 'bench', name: 'launch-bench', roles: ['*'], capabilities: [{ type: 'MULTI_ROLE' }] }).then((c) => {
        fw = c;
        c.onEvent = onEvent;
        // Offers that arrived with SUBSCRIBED were queued before onEvent was set.
        for (const e of c.received.slice(1)) onEvent(e);
        c.clearQueue();
      }, reject);
    });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${running} of ${TASKS} tasks running after 10 minutes`)), 600_000).unref());
    await Promise.race([done, timeout]);
    clearInterval(timeline);
    const total = (lastRunning - firstAccept) / 1000;
    const sorted = Float64Array.from(latency).sort();
    // Sustained rate over the middle 80% of tasks, by the time they reached TASK_RUNNING.
    const reachedAt = Float64Array.from(latency, (l, i) => sentAt[i]! + l).sort();
    const p10 = reachedAt[Math.floor(TASKS * 0.1)]!;
    const p90 = reachedAt[Math.floor(TASKS * 0.9)]!;
    const middleRate = (TASKS * 0.8) / ((p90 - p10) / 1000);
    const masterRss = rssMiB(master.proc.pid);
    const selfCpu = process.cpuUsage(cpu0.self);
    const cpu = {
      master: cpuSeconds(master.proc.pid) - cpu0.master,
      sim: cpuSeconds(sim.pid) - cpu0.sim,
      framework: (selfCpu.user + selfCpu.system) / 1e6,
    };

    const rows: Cell[][] = [
      ['tasks launched', TASKS, '50,000 (issue)'],
      ['agents (simulated)', AGENTS, '1,000 (issue)'],
      ['ACCEPT calls', acceptCalls, '-'],
      ['sustained launches/s (all tasks)', Math.round(TASKS / total), REFERENCE.goal],
      ['sustained launches/s (middle 80%)', Math.round(middleRate), REFERENCE.nomad],
      ['ACCEPT -> TASK_RUNNING p50 ms', percentile(sorted, 50), '-'],
      ['ACCEPT -> TASK_RUNNING p99 ms', percentile(sorted, 99), '-'],
      ['ACCEPT -> TASK_RUNNING max ms', sorted[sorted.length - 1]!, '-'],
      ['master RSS after, MiB', masterRss, '-'],
      ['launches per master CPU second', Math.round(TASKS / cpu.master), 'what one dedicated master core would sustain'],
      ['CPU s: master / framework / sim agents', `${cpu.master.toFixed(1)} / ${cpu.framework.toFixed(1)} / ${cpu.sim.toFixed(1)}`, `wall ${total.toFixed(1)} s`],
      ['failed launches', failures, '-'],
    ];
    const size = `${AGENTS.toLocaleString('en-US')} agents / ${TASKS.toLocaleString('en-US')} tasks`;
    record({ id: 'launch.launches_per_s', measure: 'v1 API launches/s (all tasks)', value: TASKS / total, unit: '/s', size });
    record({ id: 'launch.master_cpu_us_per_task', measure: 'master CPU per launched task (ACCEPT → RunTask → updates acked)', value: (cpu.master / TASKS) * 1e6, unit: 'µs', size });
    record({ id: 'launch.running_p50_ms', measure: 'v1 API ACCEPT→TASK_RUNNING p50', value: percentile(sorted, 50), unit: 'ms', size });
    process.stdout.write('\n');
    printTable(['metric', 'Plateau', 'reference'], rows);
    process.stdout.write(
      `\nOne master process, one framework process (this one) and one process of simulated agents share this machine's ${require('node:os').cpus().length} CPUs (load average before the run: ${loadBefore}); the framework acknowledges every update over HTTP.\n` +
        `Nomad's C1M figure is cluster-wide on 5 servers with real clients; Mesos publishes no launch-rate figure for this shape.\n`,
    );
  } finally {
    fw?.close();
    callAgent.destroy();
    await sim?.stop('SIGTERM', 5000);
    await master.proc.stop('SIGTERM', 5000);
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
    process.exit(1);
  });
}
