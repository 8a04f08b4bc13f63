import type { Command } from 'commander';
import { ErrorCodes, type ModuleHost, PlateauError } from '@plateau/kernel';
import { exposeModuleMetrics, formatDuration, Master, MASTER_DEFAULTS, masterModules, type MasterOptions, parseDuration, parseHostPort } from '@plateau/master';
import { parseAdvertise } from './advertise';
import { reportError } from './exit';
import { applyAgentAccess } from './master-agent-access';
import { prepareRole, roleLogger } from './role-process';
import { runUntilSignal } from './run-until-signal';

interface MasterCommandOptions {
  config?: string;
  listen?: string;
  workDir?: string;
  hostname?: string;
  advertiseIp?: string;
  advertisePort?: string;
  allocationInterval?: string;
  offerTimeout?: string;
  heartbeatInterval: string;
  agentPingTimeout: string;
  maxAgentPingTimeouts: string;
  agentReregisterTimeout?: string;
}

/** `plateau master`: runs a master until SIGTERM / SIGINT. */
export function registerMasterCommand(program: Command): void {
  program
    .command('master')
    .description('run a master: Mesos v1 scheduler and operator APIs, the agent link (same port), offers, leadership')
    .option('--config <file>', 'config file (default: plateau.yaml found from the working directory)')
    .option('--listen <host:port>', 'address of the HTTP APIs and the agent link (default: master.listen of the config, else 127.0.0.1:5050)')
    .option('--work-dir <dir>', 'directory for module state (default: workDir of the config)')
    .option('--hostname <name>', 'hostname to advertise (default: the listen host)')
    .option('--advertise-ip <ip>', 'IP address agents and frameworks reach this master at, published in MasterInfo and by the contender (NAT, containers, a 0.0.0.0 listen); not bound')
    .option('--advertise-port <port>', 'port published with it (default: the listen port)')
    .option('--allocation-interval <duration>', 'time between allocation rounds (default: master.allocator.intervalMs, else 1secs)')
    .option('--offer-timeout <duration>', 'rescind offers not answered within this time (default: master.allocator.offerTimeoutMs, else never)')
    .option('--heartbeat-interval <duration>', 'HEARTBEAT period of scheduler event streams', formatDuration(MASTER_DEFAULTS.heartbeatIntervalMs))
    .option('--agent-ping-timeout <duration>', 'period of agent pings', formatDuration(MASTER_DEFAULTS.agentPingTimeoutMs))
    .option('--max-agent-ping-timeouts <n>', 'missed pings after which an agent is unreachable', String(MASTER_DEFAULTS.maxAgentPingTimeouts))
    .option('--agent-reregister-timeout <duration>', `how long a new leader waits for known agents to re-register (default: master.agentReregisterTimeoutMs of the config, else ${formatDuration(MASTER_DEFAULTS.agentReregisterTimeoutMs)})`)
    .action(async (opts: MasterCommandOptions) => {
      process.exitCode = await runMaster(opts);
    });
}

async function runMaster(opts: MasterCommandOptions): Promise<number> {
  let host: ModuleHost | undefined;
  const log = roleLogger('master');
  try {
    const prepared = await prepareRole(opts, log);
    host = prepared.host;
    const { config, metrics } = prepared;
    const options = masterOptions(opts, config.master, config.cluster);
    options.tls = prepared.tls.master;
    applyAgentAccess(options, config.master, prepared.tls);
    await host.start();
    const modules = masterModules(host, config.master, log);
    const master = new Master(options, log, modules);
    exposeModuleMetrics(master, metrics);
    await master.start();
    return await runUntilSignal('master', log, async () => {
      await master.stop();
      await host!.stop(10_000);
    });
  } catch (err) {
    if (host) await host.stop(5000).catch(() => undefined);
    return reportError(err);
  }
}

/** The master's options: command line over plateau.yaml over Mesos's defaults. */
function masterOptions(
  opts: MasterCommandOptions,
  config: { listen?: string; agentReregisterTimeoutMs?: number; authenticateAgents?: boolean; allocator?: { intervalMs?: number; offerTimeoutMs?: number } } | undefined,
  cluster: string,
): MasterOptions {
  const maxPings = Number(opts.maxAgentPingTimeouts);
  if (!Number.isInteger(maxPings) || maxPings < 1) throw new PlateauError(ErrorCodes.invalid, `--max-agent-ping-timeouts: expected a positive integer, got '${opts.maxAgentPingTimeouts}'`);
  const options: MasterOptions = {
    listen: parseHostPort(opts.listen ?? config?.listen ?? '127.0.0.1:5050', '--listen'),
    hostname: opts.hostname,
    ...parseAdvertise(opts.advertiseIp, opts.advertisePort),
    cluster,
    allocationIntervalMs: opts.allocationInterval ? parseDuration(opts.allocationInterval, '--allocation-interval') : (config?.allocator?.intervalMs ?? MASTER_DEFAULTS.allocationIntervalMs),
    offerTimeoutMs: opts.offerTimeout ? parseDuration(opts.offerTimeout, '--offer-timeout') : config?.allocator?.offerTimeoutMs,
    heartbeatIntervalMs: parseDuration(opts.heartbeatInterval, '--heartbeat-interval'),
    agentPingTimeoutMs: parseDuration(opts.agentPingTimeout, '--agent-ping-timeout'),
    maxAgentPingTimeouts: maxPings,
    agentReregisterTimeoutMs: opts.agentReregisterTimeout
      ? parseDuration(opts.agentReregisterTimeout, '--agent-reregister-timeout')
      : (config?.agentReregisterTimeoutMs ?? MASTER_DEFAULTS.agentReregisterTimeoutMs),
    maxCompletedTasksPerFramework: MASTER_DEFAULTS.maxCompletedTasksPerFramework,
    maxCompletedFrameworks: MASTER_DEFAULTS.maxCompletedFrameworks,
    authenticateAgents: config?.authenticateAgents ?? false,
    version: require('../package.json').version as string,
  };
  options.flags = {
    listen: `${options.listen.host}:${options.listen.port}`,
    allocation_interval: formatDuration(options.allocationIntervalMs),
    offer_timeout: options.offerTimeoutMs === undefined ? '' : formatDuration(options.offerTimeoutMs),
    heartbeat_interval: formatDuration(options.heartbeatIntervalMs),
    agent_ping_timeout: formatDuration(options.agentPingTimeoutMs),
    max_agent_ping_timeouts: String(options.maxAgentPingTimeouts),
    agent_reregister_timeout: formatDuration(options.agentReregisterTimeoutMs),
    authenticate_agents: String(options.authenticateAgents ?? false),
    max_completed_frameworks: String(options.maxCompletedFrameworks),
    max_completed_tasks_per_framework: String(options.maxCompletedTasksPerFramework),
  };
  return options;
}
