import type { Command } from 'commander';
import { messageOf } from '@plateau/kernel';
import { parseDuration, parseHostPort } from '@plateau/master';
import { SimFleet } from './sim/index';
import { ExitCodes } from './exit';

interface SimAgentsOptions {
  count: string;
  master: string;
  cpus: string;
  mem: string;
  disk: string;
  taskMs?: string;
  retry: string;
  agentsPerConnection: string;
  statsEvery: string;
}

function positive(value: string, flag: string, integer = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new Error(`${flag}: expected a positive ${integer ? 'integer' : 'number'}, got '${value}'`);
  return n;
}

/** `plateau sim agents`: simulated agents for benchmarking a master (they run no containers). */
export function registerSimCommand(program: Command): void {
  const sim = program.command('sim').description('benchmark tools: simulated cluster members that run nothing (never use them in place of real agents)');
  sim
    .command('agents')
    .description('BENCHMARK TOOL: register N simulated agents with a master over the real agent link; tasks report TASK_RUNNING, then TASK_FINISHED after --task-ms (or run until killed); no containers run')
    .requiredOption('--count <n>', 'number of simulated agents')
    .requiredOption('--master <host:port>', "the master's HTTP address (the agent link shares its port); several masters comma-separated")
    .option('--cpus <n>', 'cpus of each agent', '8')
    .option('--mem <mb>', 'memory of each agent, MB', '16384')
    .option('--disk <mb>', 'disk of each agent, MB', '100000')
    .option('--task-ms <ms>', 'tasks finish after this many ms (default: they run until killed)')
    .option('--retry <duration>', 'first resend delay of unacknowledged status updates (doubles up to 10mins)', '10secs')
    .option('--agents-per-connection <n>', 'simulated agents sharing one gRPC connection', '100')
    .option('--stats-every <duration>', 'print counters this often', '10secs')
    .action(async (opts: SimAgentsOptions) => {
      let fleet: SimFleet;
      try {
        for (const m of opts.master.split(',')) parseHostPort(m, '--master');
        fleet = new SimFleet({
          count: positive(opts.count, '--count', true),
          master: opts.master,
          cpus: positive(opts.cpus, '--cpus'),
          mem: positive(opts.mem, '--mem'),
          disk: positive(opts.disk, '--disk'),
          taskMs: opts.taskMs === undefined ? undefined : positive(opts.taskMs, '--task-ms'),
          retryMs: parseDuration(opts.retry, '--retry'),
          agentsPerConnection: positive(opts.agentsPerConnection, '--agents-per-connection', true),
        });
      } catch (err) {
        process.stderr.write(`${messageOf(err)}\n`);
        process.exitCode = ExitCodes.usage;
        return;
      }
      const started = Date.now();
      fleet.start();
      process.stdout.write(`simulating ${fleet.agents.length} agents against ${opts.master} (benchmark tool: no containers run)\n`);
      let announced = false;
      const every = parseDuration(opts.statsEvery, '--stats-every');
      const tick = setInterval(() => {
        const registered = fleet.registeredCount();
        if (!announced && registered === fleet.agents.length) {
          announced = true;
          process.stdout.write(`${registered} simulated agents registered in ${Date.now() - started} ms\n`);
        }
      }, 50);
      const stats = setInterval(() => {
        const s = fleet.stats();
        process.stdout.write(`registered=${fleet.registeredCount()} tasks=${s.tasks} launched=${s.launched} updates=${s.updatesSent} resent=${s.updatesResent} acks=${s.acks}\n`);
      }, every);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      clearInterval(tick);
      clearInterval(stats);
      fleet.stop();
      process.stdout.write('simulated agents stopped\n');
      process.exitCode = ExitCodes.ok;
    });
}
