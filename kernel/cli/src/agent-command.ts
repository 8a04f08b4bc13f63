import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { Agent, AGENT_DEFAULTS, agentModules, type AgentOptions, exposeModuleMetrics } from '@plateau/agent';
import { ErrorCodes, type Logger, type ModuleHost, type PlateauConfig, PlateauError, type RoleTls } from '@plateau/kernel';
import { formatDuration, parseDuration, parseHostPort } from '@plateau/master';
import { parseAdvertise } from './advertise';
import { readCredential } from './credential-config';
import { reportError } from './exit';
import { prepareRole, roleLogger } from './role-process';
import { runUntilSignal } from './run-until-signal';

/** Options of `plateau agent` (and the agent half of `plateau up`). */
export interface AgentCommandOptions {
  config?: string;
  master?: string;
  listen?: string;
  workDir?: string;
  hostname?: string;
  advertiseIp?: string;
  advertisePort?: string;
  resources?: string;
  registrationBackoff: string;
  statusUpdateRetry: string;
  masterTimeout: string;
  sandboxLogMaxBytes?: string;
  /** Destroy the containers when stopped by SIGTERM/SIGINT (the agents of `plateau up --agents N`). */
  destroyContainersOnStop?: boolean;
}

/** Adds the agent's tuning options to a command. */
export function agentTuningOptions(cmd: Command): Command {
  return cmd
    .option('--registration-backoff <duration>', 'backoff factor of (re-)registration retries (randomized, doubling to 1min)', formatDuration(AGENT_DEFAULTS.registrationBackoffMs))
    .option('--status-update-retry <duration>', 'first resend delay of an unacknowledged status update (doubles up to 10mins)', formatDuration(AGENT_DEFAULTS.statusUpdateRetryMs))
    .option('--master-timeout <duration>', 'reconnect when the master has sent nothing (not even a ping) for this long', formatDuration(AGENT_DEFAULTS.masterSilenceMs))
    .option('--sandbox-log-max-bytes <n>', `size cap of each sandbox stdout/stderr file before rotation (2 rotated files kept; 0: no cap; default agent.sandboxLogMaxBytes or ${AGENT_DEFAULTS.sandboxLogMaxBytes})`);
}

/** `plateau agent`: runs an agent until SIGTERM / SIGINT; its containers keep running after it. */
export function registerAgentCommand(program: Command): void {
  agentTuningOptions(
    program
      .command('agent')
      .description('run an agent: discover resources, register with the leading master, run tasks in containers, checkpoint and recover')
      .option('--config <file>', 'config file (default: plateau.yaml found from the working directory)')
      .option('--master <host:port>', 'the master to register with (default: agent.master of the config, else the leader agent.detector reports)')
      .option('--listen <host:port>', `address of the agent's HTTP API (default: agent.listen of the config, else ${AGENT_DEFAULTS.listen})`)
      .option('--work-dir <dir>', 'root of module state and of the agent (checkpoints in <dir>/agent/meta, sandboxes in <dir>/agent/slaves)')
      .option('--hostname <name>', 'hostname to advertise (default: --advertise-ip, else the listen host, or the machine name for 0.0.0.0)')
      .option('--advertise-ip <ip>', 'IP address the master and containers reach this agent at (NAT, containers in their own network, a 0.0.0.0 listen): AgentInfo, pid, MESOS_AGENT_ENDPOINT; not bound')
      .option('--advertise-port <port>', 'port advertised with it (default: the listen port)')
      .option('--resources <text>', 'resources to offer, Mesos syntax ("cpus:2;mem:1024"); overrides agent.resources; names not given are discovered')
      .option('--destroy-containers-on-stop', 'destroy the containers on SIGTERM/SIGINT instead of leaving them for the next start to recover (plateau up --agents N runs its agents so)'),
  ).action(async (opts: AgentCommandOptions) => {
    process.exitCode = await runAgent(opts);
  });
}

/** The agent's work dir: under --work-dir when given, else agent.workDir, else <workDir>/agent. */
export function agentWorkDir(opts: { workDir?: string }, config: PlateauConfig): string {
  if (opts.workDir) return resolve(opts.workDir, 'agent');
  return resolve(config.agent?.workDir ?? join(config.workDir ?? '.plateau', 'agent'));
}

/** The agent's options: command line over plateau.yaml over Mesos's defaults. */
export function agentOptions(opts: AgentCommandOptions, config: PlateauConfig, version: string, tls: RoleTls = {}): AgentOptions {
  const a = config.agent;
  const maxBytes = opts.sandboxLogMaxBytes !== undefined ? Number(opts.sandboxLogMaxBytes) : (a?.sandboxLogMaxBytes ?? AGENT_DEFAULTS.sandboxLogMaxBytes);
  if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new PlateauError(ErrorCodes.invalid, `--sandbox-log-max-bytes: expected a non-negative integer, got '${opts.sandboxLogMaxBytes}'`);
  const master = opts.master ?? a?.master;
  if (master !== undefined) parseHostPort(master, '--master');
  if (master === undefined && a?.detector === undefined) {
    throw new PlateauError(ErrorCodes.invalid, 'the agent needs a master: give --master HOST:PORT, or agent.master or agent.detector in the config');
  }
  return {
    workDir: agentWorkDir(opts, config),
    listen: parseHostPort(opts.listen ?? a?.listen ?? AGENT_DEFAULTS.listen, '--listen'),
    hostname: opts.hostname,
    ...parseAdvertise(opts.advertiseIp, opts.advertisePort),
    master,
    resources: opts.resources ?? a?.resources,
    attributes: a?.attributes,
    registrationBackoffMs: parseDuration(opts.registrationBackoff, '--registration-backoff'),
    statusUpdateRetryMs: parseDuration(opts.statusUpdateRetry, '--status-update-retry'),
    masterSilenceMs: parseDuration(opts.masterTimeout, '--master-timeout'),
    defaultKillGraceMs: AGENT_DEFAULTS.defaultKillGraceMs,
    sandboxLogs: { maxBytes, keep: AGENT_DEFAULTS.sandboxLogKeep, intervalMs: AGENT_DEFAULTS.sandboxLogIntervalMs },
    fetcher: a?.fetcher ? { cacheDir: a.fetcher.cacheDir === undefined ? undefined : resolve(a.fetcher.cacheDir), cacheMaxBytes: a.fetcher.cacheMaxBytes } : undefined,
    version,
    credential: agentCredential(config),
    switchUser: a?.switchUser ?? true,
    // The cluster's work dir (module state, registries, keys, other agents' sandboxes) is hidden
    // from containers whose root is the host's.
    hiddenHostPaths: [resolve(opts.workDir ?? config.workDir ?? '.plateau')],
    tls: tls.agent,
    linkTls: tls.agentLink,
  };
}

/** agent.credential with its secret read (secretFile: its content, a trailing newline dropped). */
export function agentCredential(config: PlateauConfig): { principal: string; secret: string } | undefined {
  return readCredential(config.agent?.credential, 'agent.credential');
}

async function runAgent(opts: AgentCommandOptions): Promise<number> {
  let host: ModuleHost | undefined;
  const log = roleLogger('agent');
  try {
    const prepared = await prepareRole(opts, log);
    host = prepared.host;
    const { config, metrics } = prepared;
    if (config.agent === undefined && opts.master === undefined) throw new PlateauError(ErrorCodes.invalid, 'the config has no agent: section (and no --master was given)');
    const options = agentOptions(opts, config, require('../package.json').version as string, prepared.tls);
    await host.start();
    const choice = agentModules(host, config.agent, log);
    warnIfUnisolated(choice.modules.containerizer.launcher.label, choice.modules.containerizer.isolators.length, log);
    const agent = new Agent(options, choice.modules, log);
    exposeModuleMetrics(agent, metrics);
    await agent.start();
    const destroy = opts.destroyContainersOnStop === true;
    return await runUntilSignal('agent', log, async () => {
      await agent.stop(destroy ? { destroyContainers: true } : undefined);
      await host!.stop(10_000);
    }, destroy ? ' (destroying containers)' : ' (containers keep running)');
  } catch (err) {
    if (host) await host.stop(5000).catch(() => undefined);
    return reportError(err);
  }
}

/** The loud warning of an agent whose containers get no isolation. */
export function warnIfUnisolated(launcher: string, isolators: number, log: Logger): void {
  if (isolators > 0) return;
  log.warn({ launcher }, 'NO ISOLATION: no isolator runs on this agent (agent.isolation); tasks share the machine with the agent');
  process.stderr.write(`\n*** WARNING: no isolator runs on this agent: its containers are NOT isolated (launcher ${launcher}) ***\n\n`);
}
