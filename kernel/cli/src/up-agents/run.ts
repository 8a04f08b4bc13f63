/**
 * `plateau up --agents N`: a master in this process and N agents, each a `plateau agent` process
 * of its own (its own module instances, so one agent's recovery never touches another's
 * containers), on this machine:
 *
 *   agent i   work dir <workDir>/agents/i, HTTP port agent.listen's + i - 1, cgroup root
 *             <root>-i for each isolator-cgroups instance, attribute up-agent:i, an N-th of the
 *             machine's cpus, mem and disk and of the ports range; its log in <workDir>/agents/i/agent.log
 *
 * `plateau agent kill i` SIGKILLs agent i (its containers keep running, as after a crash: the
 * master marks it unreachable after 5 missed 1-second pings and its tasks TASK_UNREACHABLE, or
 * TASK_LOST for frameworks that are not partition-aware); `plateau agent restart i` starts it
 * again (SIGKILL first if it runs): it recovers its containers from its checkpoints and
 * re-registers, and its tasks are running again. Ctrl-C stops every agent with its containers
 * destroyed, then the master.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { agentModules, agentResources, discover } from '@plateau/agent';
import { ErrorCodes, messageOf, PlateauError, type PlateauConfig } from '@plateau/kernel';
import { formatHostPort, type Master, parseHostPort } from '@plateau/master';
import type { AgentCommandOptions } from '../agent-command';
import { ExitCodes, reportError } from '../exit';
import { logDestination } from '../log-format';
import { prepareRole, roleLogger } from '../role-process';
import { StartupGate } from '../startup-gate';
import { startUpMaster } from '../up-master';
import { serveControl } from './control';
import { splitResources } from './split-resources';

/** How the master of `up --agents` watches its agents: unreachable about 5 s after one dies. */
const PING_MS = 1000;
const MAX_MISSED_PINGS = 5;

interface AgentProcess {
  index: number;
  listen: string;
  workDir: string;
  log: string;
  args: string[];
  child?: ChildProcess;
  /** What happened to the last process. */
  ended?: string;
  /** When the last process was started (ms). */
  startedAt?: number;
}

/** Runs the master and the N agents until a signal; the exit code. */
export async function runUpAgents(opts: AgentCommandOptions & { config?: string; workDir?: string }, count: number): Promise<number> {
  // The banner comes first: below warn, start-up lines are held unless a level was asked for.
  const gate = process.env.PLATEAU_LOG_LEVEL === undefined ? new StartupGate(logDestination()) : undefined;
  const log = roleLogger('up', gate);
  let master: Master | undefined;
  let host: Awaited<ReturnType<typeof prepareRole>>['host'] | undefined;
  let control: Server | undefined;
  const agents: AgentProcess[] = [];
  let signalled: string | undefined;
  let wake: (() => void) | undefined;
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, () => ((signalled ??= s), wake?.())] as const);
  for (const [s, h] of handlers) process.on(s, h);
  let code: number = ExitCodes.ok;
  try {
    const prepared = await prepareRole(opts, log);
    host = prepared.host;
    const { config } = prepared;
    if (!config.master || !config.agent) throw new PlateauError(ErrorCodes.invalid, `${prepared.file ?? 'the config'} needs a master: and an agent: section for up --agents`);
    if (prepared.file === undefined) throw new PlateauError(ErrorCodes.invalid, 'up --agents needs a config file (--config FILE): each agent runs from it');
    const workDir = resolve(opts.workDir ?? config.workDir ?? '.plateau');
    await host.start();
    // The configured launcher cannot run here (no root, no runc): the agents run another one
    // without isolators or images, as plain `plateau up` does.
    const choice = agentModules(host, config.agent, log, { fallback: true });
    const fallback = choice.fallback ? { launcher: choice.modules.containerizer.launcher.label.split(' ')[0]!, ...choice.fallback } : undefined;
    if (fallback) {
      log.warn({ wanted: fallback.wanted, using: fallback.using, reason: fallback.reason }, 'configured launcher unavailable: the agents run WITHOUT isolation');
      process.stderr.write(
        `\n*** WARNING: ${fallback.wanted} cannot run here (${fallback.reason}).\n` +
          `*** The agents fall back to ${fallback.using}: tasks run as plain host processes, with NO isolation and no images.\n\n`,
      );
    }

    const started = await startUpMaster(prepared, log, { agentPingTimeoutMs: PING_MS, maxAgentPingTimeouts: MAX_MISSED_PINGS });
    master = started.master;
    const masterAddress = started.address;

    // Each agent offers an N-th of what one agent would.
    const total = agentResources(await discover(workDir, 0, log), config.agent.resources);
    const shares = splitResources(total, count);
    const base = parseHostPort(config.agent.listen, 'agent.listen');
    for (let i = 1; i <= count; i++) {
      const dir = join(workDir, 'agents', String(i));
      mkdirSync(dir, { recursive: true });
      const agentConfig = join(dir, 'plateau.yaml');
      writeFileSync(agentConfig, agentOverlay(prepared.file, config, i, fallback?.launcher));
      const address = formatHostPort({ host: base.host, port: base.port + i - 1 });
      const args = [
        'agent',
        '--config', agentConfig,
        '--work-dir', dir,
        '--listen', address,
        '--master', masterAddress,
        '--resources', shares[i - 1]!,
        '--destroy-containers-on-stop',
        '--registration-backoff', opts.registrationBackoff,
        '--status-update-retry', opts.statusUpdateRetry,
        '--master-timeout', opts.masterTimeout,
        ...(opts.sandboxLogMaxBytes !== undefined ? ['--sandbox-log-max-bytes', opts.sandboxLogMaxBytes] : []),
      ];
      agents.push({ index: i, listen: address, workDir: dir, log: join(dir, 'agent.log'), args });
    }
    for (const a of agents) startAgent(a, log);

    const registered = () => agents.filter((a) => agentRecord(master!, a) !== undefined).length;
    for (const end = Date.now() + 60_000; registered() < count && Date.now() < end && !signalled; ) {
      const dead = agents.find((a) => a.ended !== undefined);
      if (dead) throw new PlateauError(ErrorCodes.notReady, `agent ${dead.index} ${dead.ended}; its log: ${dead.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!signalled && registered() < count) throw new PlateauError(ErrorCodes.notReady, `only ${registered()} of ${count} agents registered within 60 s; their logs: ${agents.map((a) => a.log).join(', ')}`);

    control = await serveControl(workDir, {
      list: () => agents.map((a) => describeAgent(master!, a)),
      kill: async (index) => {
        const a = agentAt(agents, index);
        if (!a.child) return `agent ${index} is not running (${a.ended ?? 'never started'})`;
        await stopChild(a, 'SIGKILL');
        return `agent ${index} killed (SIGKILL; its containers keep running); the master marks it unreachable within about ${(PING_MS * MAX_MISSED_PINGS) / 1000 + 1} s`;
      },
      restart: async (index) => {
        const a = agentAt(agents, index);
        if (a.child) await stopChild(a, 'SIGKILL');
        startAgent(a, log);
        const end = Date.now() + 60_000;
        while (Date.now() < end) {
          const r = agentRecord(master!, a);
          if (r && r.session !== null && r.unreachableTime === undefined && (r.reregisteredTime ?? 0) > (a.startedAt ?? 0)) return `agent ${index} restarted (pid ${a.child?.pid}): it recovered its containers and re-registered as ${r.id}`;
          if (a.ended !== undefined) throw new Error(`agent ${index} ${a.ended}; its log: ${a.log}`);
          await new Promise((r2) => setTimeout(r2, 100));
        }
        throw new Error(`agent ${index} did not re-register within 60 s; its log: ${a.log}`);
      },
    });
    if (!signalled) printBanner(masterAddress, master, agents, prepared.tls.master !== undefined, opts.config, fallback === undefined);
    gate?.open();
    await new Promise<void>((r) => {
      if (signalled) r();
      else wake = r;
    });
  } catch (err) {
    gate?.release();
    code = reportError(err);
  }
  gate?.open();
  if (signalled) process.stderr.write(`\n${signalled}: stopping ${agents.filter((a) => a.child).length} agent(s) (destroying containers) and the master...\n`);
  try {
    control?.close();
    const results = await Promise.all(agents.filter((a) => a.child).map((a) => stopChild(a, 'SIGTERM', 45_000)));
    const failed = results.filter((r) => r !== 0);
    await master?.stop();
    await host?.stop(10_000);
    if (failed.length && code === ExitCodes.ok) code = ExitCodes.failure;
    if (code === ExitCodes.ok) process.stderr.write('stopped: no container left behind\n');
    else if (failed.length) process.stderr.write(`${failed.length} agent(s) did not stop cleanly; see their logs under ${agents[0]?.workDir ?? 'the work dir'}/..\n`);
  } catch (err) {
    log.error({ err: messageOf(err) }, 'did not stop cleanly');
    if (code === ExitCodes.ok) code = ExitCodes.failure;
  }
  for (const [s, h] of handlers) process.off(s, h);
  return code;
}

/**
 * The config agent i runs: the up's config with its own cgroup roots and an up-agent attribute
 * (and, with `fallbackLauncher`, that launcher with no isolators and no provisioner).
 */
function agentOverlay(file: string, config: PlateauConfig, index: number, fallbackLauncher?: string): string {
  const lines = [
    `# Written by plateau up --agents for agent ${index}; remade at every start.`,
    `extends: ${JSON.stringify(resolve(file))}`,
    'agent:',
    `  attributes: { up-agent: "${index}" }`,
    ...(fallbackLauncher ? [`  launcher: ${JSON.stringify(fallbackLauncher)}`, '  isolation: []', '  provisioner: null'] : []),
  ];
  const cgroups = Object.entries(config.modules).filter(([, e]) => 'use' in e && e.use === 'isolator-cgroups');
  if (cgroups.length) lines.push('modules:');
  for (const [name, entry] of cgroups) {
    const root = ((entry as { config?: { root?: unknown } }).config?.root as string | undefined) ?? 'plateau';
    lines.push(`  ${JSON.stringify(name)}: { config: { root: ${JSON.stringify(`${root}-${index}`)} } }`);
  }
  return `${lines.join('\n')}\n`;
}

function startAgent(a: AgentProcess, log: ReturnType<typeof roleLogger>): void {
  const fd = openSync(a.log, 'a');
  const env = { ...process.env };
  delete env.PLATEAU_UP_CHILD;
  const child = spawn(process.execPath, [resolve(process.argv[1]!), ...a.args], { stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  a.child = child;
  a.ended = undefined;
  a.startedAt = Date.now();
  child.on('exit', (code, signal) => {
    if (a.child === child) a.child = undefined;
    a.ended = signal ? `was ended by ${signal}` : `exited with status ${code}`;
    if (signal !== 'SIGKILL' && signal !== 'SIGTERM' && code !== 0) log.warn({ agent: a.index, code, signal, log: a.log }, `agent ${a.index} ${a.ended}`);
  });
  child.on('error', (err) => {
    a.ended = `could not start: ${err.message}`;
  });
}

/** Signals the agent's process and waits for its exit (SIGKILL after `graceMs`); its exit code. */
function stopChild(a: AgentProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<number> {
  const child = a.child;
  if (!child) return Promise.resolve(0);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      resolveExit(sig === 'SIGKILL' && signal === 'SIGKILL' ? 0 : (code ?? 1));
    });
    child.kill(signal);
  });
}

function agentAt(agents: AgentProcess[], index: number): AgentProcess {
  const a = agents.find((x) => x.index === index);
  if (!a) throw new Error(`no agent ${index}: this plateau up runs agents 1 to ${agents.length}`);
  return a;
}

/** The master's record of agent `a` (by its port). */
function agentRecord(master: Master, a: AgentProcess) {
  const port = Number(a.listen.slice(a.listen.lastIndexOf(':') + 1));
  return [...master.state.agents.values()].find((r) => r.info.port === port);
}

function describeAgent(master: Master, a: AgentProcess): Record<string, unknown> {
  const r = agentRecord(master, a);
  const state = !r ? 'not registered' : r.unreachableTime !== undefined ? 'unreachable' : r.session === null ? 'disconnected' : 'registered';
  return { index: a.index, id: r?.id, listen: a.listen, pid: a.child?.pid, process: a.child ? 'running' : (a.ended ?? 'not started'), master: state, workDir: a.workDir, log: a.log };
}

function printBanner(masterAddress: string, master: Master, agents: AgentProcess[], tls: boolean, config: string | undefined, images: boolean): void {
  const withConfig = config === undefined ? '' : ` --config ${config}`;
  const scheme = tls ? 'https' : 'http';
  const lines = [
    '',
    `Plateau is up: one master in this process and ${agents.length} agents, each its own process.`,
    '',
    `  web UI     ${scheme}://${masterAddress}/`,
    `  API        ${scheme}://${masterAddress}  (Mesos v1 scheduler API /api/v1/scheduler, operator API /api/v1, /master/state)`,
    ...agents.map((a) => {
      const r = agentRecord(master, a);
      return `  agent ${a.index}    ${scheme}://${a.listen}  id ${r?.id ?? '?'}  pid ${a.child?.pid}  ${r?.total.toString() ?? ''}  attribute up-agent:${a.index}  log ${a.log}`;
    }),
    '',
    'Try:',
    images ? "  npx plateau task run --name hello --image busybox -- 'echo hello from a container; hostname'" : "  npx plateau task run --name hello -- 'echo hello from $(hostname)'",
    `  npx plateau agent list --master ${masterAddress}`,
    `  npx plateau agent kill 2${withConfig}      # as a crash: its tasks become unreachable (lost) after ~${(PING_MS * MAX_MISSED_PINGS) / 1000} s`,
    `  npx plateau agent restart 2${withConfig}   # it recovers its containers and re-registers`,
    '',
    'Ctrl-C stops everything (containers included).',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
