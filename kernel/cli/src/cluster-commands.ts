/**
 * `plateau agent list`, `plateau framework list` and `plateau top`: the cluster as the leading
 * master's operator API shows it, and live container usage from each agent's
 * /monitor/statistics.
 */
import type { Command } from 'commander';
import { AgentClient, allTasks, type ClientError, findLeader, OperatorClient, scalars, type MasterLookup } from './client/index';
import { ExitCodes, reportError } from './exit';
import { usageErrorsExit2 } from './task-commands';
import { formatTable } from './table';

interface Common extends MasterLookup {
  json?: boolean;
}

function common(cmd: Command): Command {
  return cmd
    .option('--master <host:port>', "a master of the cluster (default: $PLATEAU_MASTER, else the config's master, else 127.0.0.1:5050)")
    .option('--config <file>', 'config file naming the master')
    .option('--json', 'print JSON');
}

async function guard(fn: () => Promise<void>): Promise<number> {
  try {
    await fn();
    return ExitCodes.ok;
  } catch (err) {
    return reportError(err);
  }
}

/** `used/total` of one scalar. */
function ratio(used: Record<string, number>, total: Record<string, number>, name: string): string {
  const t = total[name];
  if (t === undefined) return '';
  return `${round(used[name] ?? 0)}/${round(t)}`;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Registers `agent list`, `framework list` and `top` (`agent` itself is the run command). */
export function registerClusterCommands(program: Command): void {
  // `plateau agent` runs an agent; `plateau agent list` lists the cluster's agents.
  const agent = program.commands.find((c) => c.name() === 'agent') ?? program.command('agent');
  // `agent list --master X`: options after `list` are list's own, not those of `plateau agent`.
  // (commander hands a subcommand's trailing options to the nearest parent that knows them unless
  // the parents parse positionally; the program itself has no options but --version/--help).
  program.enablePositionalOptions();
  agent.enablePositionalOptions();
  common(agent.command('list').description('list the agents of the cluster: resources used/total, tasks')).action(async (opts: Common) => {
    process.exitCode = await guard(async () => {
      const state = await new OperatorClient(await findLeader(opts)).getState();
      const agents = (state.get_agents?.agents ?? []) as any[];
      if (opts.json) return void process.stdout.write(`${JSON.stringify(agents, null, 2)}\n`);
      const tasks = allTasks(state.get_tasks).filter((t) => t.state === 'TASK_RUNNING' || t.state === 'TASK_STARTING' || t.state === 'TASK_STAGING');
      const rows = agents.map((a) => {
        const total = scalars(a.total_resources ?? a.agent_info?.resources);
        const used = scalars(a.allocated_resources);
        const id = a.agent_info?.id?.value;
        return {
          id,
          hostname: `${a.agent_info?.hostname}:${a.agent_info?.port ?? 5051}`,
          active: a.active ? 'yes' : 'no',
          cpus: ratio(used, total, 'cpus'),
          mem: ratio(used, total, 'mem'),
          disk: ratio(used, total, 'disk'),
          gpus: ratio(used, total, 'gpus'),
          tasks: tasks.filter((t) => t.agent_id?.value === id).length,
          version: a.version ?? '',
        };
      });
      process.stdout.write(`${formatTable(rows, ['id', 'hostname', 'active', 'cpus', 'mem', 'disk', 'gpus', 'tasks', 'version'])}\n`);
    });
  });

  const framework = program.command('framework').description('inspect frameworks');
  common(framework.command('list').description('list the frameworks of the cluster: roles, resources used, tasks').option('--all', 'include completed frameworks')).action(
    async (opts: Common & { all?: boolean }) => {
      process.exitCode = await guard(async () => {
        const state = await new OperatorClient(await findLeader(opts)).getState();
        const g = state.get_frameworks ?? {};
        const fws = [...(g.frameworks ?? []), ...(opts.all ? (g.completed_frameworks ?? []) : [])] as any[];
        if (opts.json) return void process.stdout.write(`${JSON.stringify(fws, null, 2)}\n`);
        const tasks = allTasks(state.get_tasks);
        const rows = fws.map((f) => {
          const id = f.framework_info?.id?.value;
          const used = scalars(f.allocated_resources);
          return {
            id,
            name: f.framework_info?.name,
            user: f.framework_info?.user,
            roles: (f.framework_info?.roles ?? [f.framework_info?.role ?? '*']).join(','),
            state: f.active ? 'active' : f.connected ? 'inactive' : (g.completed_frameworks ?? []).includes(f) ? 'completed' : 'disconnected',
            tasks: tasks.filter((t) => t.framework_id?.value === id && (t.state === 'TASK_RUNNING' || t.state === 'TASK_STARTING' || t.state === 'TASK_STAGING')).length,
            cpus: round(used.cpus ?? 0),
            mem: round(used.mem ?? 0),
          };
        });
        process.stdout.write(`${formatTable(rows, ['id', 'name', 'user', 'roles', 'state', 'tasks', 'cpus', 'mem'])}\n`);
      });
    },
  );

  common(
    program
      .command('top')
      .description("live resource use of running containers (each agent's /monitor/statistics), refreshed until Ctrl-C")
      .option('--interval <seconds>', 'refresh period', '2')
      .option('--once', 'print one sample (taken over one interval) and exit'),
  ).action(async (opts: Common & { interval: string; once?: boolean }) => {
    process.exitCode = await guard(() => top(opts));
  });
  for (const c of [agent.commands.find((x) => x.name() === 'list')!, framework, program.commands.find((x) => x.name() === 'top')!]) usageErrorsExit2(c);
}

/** One container's usage row. */
interface Sample {
  cpuSecs: number;
  at: number;
}

async function top(opts: Common & { interval: string; once?: boolean }): Promise<void> {
  const intervalMs = Math.max(0.2, Number(opts.interval) || 2) * 1000;
  const leader = await findLeader(opts);
  const op = new OperatorClient(leader);
  const previous = new Map<string, Sample>();
  let stop = false;
  process.once('SIGINT', () => (stop = true));
  let round = 0;
  while (!stop) {
    const state = await op.getState();
    const tasks = new Map(allTasks(state.get_tasks).map((t) => [t.task_id?.value as string, t]));
    const rows: Record<string, unknown>[] = [];
    for (const a of (state.get_agents?.agents ?? []) as any[]) {
      const address = `${a.agent_info?.hostname}:${a.agent_info?.port ?? 5051}`;
      let stats: any[] = [];
      try {
        stats = await new AgentClient(address).statistics();
      } catch (err) {
        // An agent that is down is skipped; one that refuses our credentials is an error to show.
        const status = (err as ClientError).status;
        if (status === 401 || status === 403) throw err;
        continue;
      }
      for (const s of stats) {
        const st = s.statistics ?? {};
        const cpuSecs = Number(st.cpus_user_time_secs ?? 0) + Number(st.cpus_system_time_secs ?? 0);
        const at = Number(st.timestamp ?? Date.now() / 1000);
        const prev = previous.get(s.container_id);
        previous.set(s.container_id, { cpuSecs, at });
        const cpu = prev && at > prev.at ? (cpuSecs - prev.cpuSecs) / (at - prev.at) : undefined;
        const task = tasks.get(s.source ?? '') as any;
        const mem = Number(st.mem_rss_bytes ?? st.mem_total_bytes ?? 0);
        rows.push({
          task: s.source || s.executor_id,
          container: String(s.container_id).slice(0, 8),
          agent: a.agent_info?.hostname,
          cpu: cpu === undefined ? '-' : `${(cpu * 100).toFixed(1)}%`,
          cpus: st.cpus_limit ?? scalars(task?.resources).cpus ?? '',
          mem: `${(mem / 1048576).toFixed(1)}M`,
          mem_limit: st.mem_limit_bytes ? `${(Number(st.mem_limit_bytes) / 1048576).toFixed(0)}M` : '',
          procs: st.processes ?? '',
          cpu_fraction: cpu,
          mem_bytes: mem,
          container_id: s.container_id,
          statistics: st,
        });
      }
    }
    round++;
    const ready = round > 1 || rows.length === 0;
    if (ready || !opts.once) {
      if (opts.json) process.stdout.write(`${JSON.stringify(rows.map(({ task, agent, container_id, cpu_fraction, mem_bytes, statistics }) => ({ task, agent, container_id, cpu: cpu_fraction ?? null, mem_bytes, statistics })))}\n`);
      else {
        if (process.stdout.isTTY && !opts.once) process.stdout.write('\x1b[H\x1b[2J');
        process.stdout.write(`${new Date().toISOString()}  master ${leader}  ${rows.length} container${rows.length === 1 ? '' : 's'}\n`);
        process.stdout.write(`${formatTable(rows, ['task', 'container', 'agent', 'cpu', 'cpus', 'mem', 'mem_limit', 'procs'])}\n`);
      }
      if (opts.once) return;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
