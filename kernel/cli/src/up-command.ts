import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { type ClientRequest, type IncomingMessage, request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { Agent, agentModules, exposeModuleMetrics as exposeAgentModuleMetrics } from '@plateau/agent';
import { RecordIODecoder } from '@plateau/mesos';
import { type ClientTls, ErrorCodes, type Logger, messageOf, type ModuleHost, PlateauError, type RoleTls } from '@plateau/kernel';
import type { Master } from '@plateau/master';
import { type AgentCommandOptions, agentOptions, agentTuningOptions, warnIfUnisolated } from './agent-command';
import { ExitCodes, reportError } from './exit';
import { authorizationHeader, clientPrincipal } from './client/index';
import { logDestination } from './log-format';
import { prepareRole, roleLogger } from './role-process';
import { StartupGate } from './startup-gate';
import { startUpMaster } from './up-master';

interface UpOptions extends AgentCommandOptions {
  demo: boolean;
  /** Run N agent processes instead of the agent in this process (up-agents/run.ts). */
  agents?: string;
}

/**
 * `plateau up`: a master and an agent in one process, with the modules of the config (standalone
 * contender, runc launcher with the cgroups, linux and disk isolators where root and runc exist;
 * the posix launcher, without isolation and with a loud warning, elsewhere), plus a demo
 * framework that runs one task. Ctrl-C destroys every container and stops both.
 */
export function registerUpCommand(program: Command): void {
  agentTuningOptions(
    program
      .command('up')
      .description('run a master and an agent together (a one-machine cluster) and a demo task; Ctrl-C stops everything and destroys the containers')
      .option('--config <file>', 'config file (default: plateau.yaml found from the working directory)')
      .option('--work-dir <dir>', 'root of module and agent state (default: workDir of the config)')
      .option('--no-demo', 'do not launch the demo task')
      .option('--agents <n>', 'run N agents, each its own process with its own work dir, port, cgroup root and an N-th of the resources (no demo task); plateau agent kill|restart N act on them'),
  ).action(async (opts: UpOptions) => {
    const agents = opts.agents === undefined ? undefined : Number(opts.agents);
    if (agents !== undefined && !(Number.isInteger(agents) && agents >= 1 && agents <= 64)) {
      process.stderr.write(`error: --agents: expected a number from 1 to 64, got '${opts.agents}'\n`);
      process.exitCode = ExitCodes.usage;
      return;
    }
    const run = () => (agents === undefined ? runUp(opts) : (require('./up-agents/run') as typeof import('./up-agents/run')).runUpAgents(opts, agents));
    process.exitCode = process.env[UP_CHILD] === '1' || process.platform !== 'linux' ? await run() : await superviseUp();
  });
}

const UP_CHILD = 'PLATEAU_UP_CHILD';

/**
 * Runs `up` again as a child in its own process group and forwards SIGINT / SIGTERM / SIGHUP to
 * it alone. A terminal's Ctrl-C signals the whole foreground process group; without this the
 * helper processes that modules keep (a provisioner's mount shell, spawned modules) would die
 * with it, in the middle of the clean shutdown that destroys the containers.
 */
function superviseUp(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, process.argv.slice(1), { detached: true, stdio: 'inherit', env: { ...process.env, [UP_CHILD]: '1' } });
    const forward = (signal: NodeJS.Signals) => () => {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    };
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, forward(s));
    child.on('error', (err) => {
      process.stderr.write(`plateau up: ${messageOf(err)}\n`);
      resolve(ExitCodes.failure);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : ExitCodes.failure)));
  });
}

async function runUp(opts: UpOptions): Promise<number> {
  let host: ModuleHost | undefined;
  let master: Master | undefined;
  let agent: Agent | undefined;
  let demo: DemoFramework | undefined;
  // The banner comes first: below warn, start-up lines are held unless a level was asked for.
  const gate = process.env.PLATEAU_LOG_LEVEL === undefined ? new StartupGate(logDestination()) : undefined;
  const log = roleLogger('up', gate);
  const version = require('../package.json').version as string;
  // Signals are caught from the start, so that a Ctrl-C during start-up still cleans up.
  let signalled: string | undefined;
  let wake: (() => void) | undefined;
  const onSignal = (signal: string) => {
    if (signalled) {
      process.stderr.write('still stopping: destroying containers...\n');
      return;
    }
    signalled = signal;
    wake?.();
  };
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, () => onSignal(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  let code: number = ExitCodes.ok;
  try {
    const prepared = await prepareRole(opts, log);
    host = prepared.host;
    const { config, metrics } = prepared;
    if (config.logLevel === 'debug' || config.logLevel === 'trace') gate?.open();
    if (!config.master) throw new PlateauError(ErrorCodes.invalid, `${prepared.file ?? 'the config'} has no master: section`);
    await host.start();

    const started = await startUpMaster(prepared, log);
    master = started.master;
    const masterAddress = started.address;

    // The agent links to this process's master directly.
    const choice = agentModules(host, config.agent, log, { fallback: true });
    const modules = choice.modules;
    if (choice.fallback) {
      // The configured launcher cannot run here (no root, no runc): run without isolation.
      modules.containerizer.isolators = [];
      modules.containerizer.provisioner = undefined;
      log.warn({ wanted: choice.fallback.wanted, using: choice.fallback.using, reason: choice.fallback.reason }, 'configured launcher unavailable: running WITHOUT isolation');
      process.stderr.write(
        `\n*** WARNING: ${choice.fallback.wanted} cannot run here (${choice.fallback.reason}).\n` +
          `*** Falling back to ${choice.fallback.using}: tasks run as plain host processes, with NO isolation and no images.\n\n`,
      );
    } else warnIfUnisolated(modules.containerizer.launcher.label, modules.containerizer.isolators.length, log);
    const aOpts = agentOptions({ ...opts, master: masterAddress }, config, version, prepared.tls);
    agent = new Agent(aOpts, modules, log.child({ role: 'agent' }));
    exposeAgentModuleMetrics(agent, metrics);
    await agent.start();

    // Offers need a leading master and a registered agent.
    for (const end = Date.now() + 30_000; !(master.leading && agent.registered) && Date.now() < end && !signalled; ) await new Promise((r) => setTimeout(r, 50));
    if (!signalled) {
      const support = await agent.containerizer.supported();
      const provided: Provided = { networks: [...support.networks.keys()], volumeSources: [...support.volumeSources.keys()] };
      if (opts.demo) {
        demo = new DemoFramework(masterAddress, !choice.fallback && modules.containerizer.provisioner !== undefined, log, demoTls(prepared.tls));
        try {
          const running = await Promise.race([demo.run(60_000), new Promise<undefined>((r) => (wake = () => r(undefined)))]);
          if (running) printBanner(masterAddress, agent, modules, provided, running, undefined, prepared.tls);
        } catch (err) {
          log.error({ err: messageOf(err) }, 'the demo task did not start');
          printBanner(masterAddress, agent, modules, provided, undefined, messageOf(err), prepared.tls);
        }
      } else printBanner(masterAddress, agent, modules, provided, undefined, undefined, prepared.tls);
    }
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
  if (signalled) process.stderr.write(`\n${signalled}: stopping (destroying containers)...\n`);
  try {
    await demo?.teardown();
    await agent?.stop({ destroyContainers: true });
    await master?.stop();
    await host?.stop(10_000);
    if (code === ExitCodes.ok) process.stderr.write('stopped: no container left behind\n');
  } catch (err) {
    log.error({ err: messageOf(err) }, 'did not stop cleanly');
    if (code === ExitCodes.ok) code = ExitCodes.failure;
  }
  for (const [s, h] of handlers) process.off(s, h);
  return code;
}

/**
 * How the demo framework reaches a master with master.tls: it trusts the CA the agent link
 * trusts (agent.masterCa, else agent.tls.ca), else master.tls.ca, and presents the certificate the
 * agent link presents (agent.tls's), else master.tls's, for a master that requires one.
 * undefined: the master speaks plain HTTP.
 */
export function demoTls(tls: RoleTls): ClientTls | undefined {
  if (tls.master === undefined) return undefined;
  const ca = tls.agentLink?.ca ?? tls.master.ca;
  const pair = tls.agent ?? tls.master;
  return { ca, caFile: tls.agentLink?.caFile, cert: pair.cert, key: pair.key };
}

/** What the banner says about the demo task. */
interface DemoTask {
  taskId: string;
  command: string;
  image?: string;
  containerId?: string;
}

/** What the isolators provide beyond isolation: named networks and volume source types. */
interface Provided {
  networks: string[];
  volumeSources: string[];
}

function printBanner(master: string, agent: Agent, modules: Agent['modules'], provided: Provided, demo: DemoTask | undefined, demoError?: string, tls: RoleTls = {}): void {
  const masterScheme = tls.master ? 'https' : 'http';
  const agentScheme = tls.agent ? 'https' : 'http';
  const m = modules.containerizer;
  const port = master.slice(master.lastIndexOf(':') + 1);
  const c = demo ? agent.containerOf([...agent.frameworks.keys()][0] ?? '', demo.taskId) : undefined;
  const lines = [
    '',
    'Plateau is up: one master and one agent in this process.',
    '',
    `  web UI     ${masterScheme}://${master}/`,
    `  API        ${masterScheme}://${master}  (Mesos v1 scheduler API /api/v1/scheduler, operator API /api/v1, /master/state)`,
    `  agent      ${agentScheme}://127.0.0.1:${agent.port}  id ${agent.agentId || '(registering)'}  /state /monitor/statistics`,
    `  isolation  launcher ${m.launcher.label}; isolators ${m.isolators.map((i) => i.label).join(', ') || 'NONE'}; images ${m.provisioner?.label ?? 'none'}`,
    `  networks   ${provided.networks.length ? `${provided.networks.join(', ')} (task run --network NAME)` : 'host only (no network isolator configured)'}`,
    `  volumes    host and sandbox paths${provided.volumeSources.length ? `; ${provided.volumeSources.join(', ')} (task run --volume DRIVER:NAME:PATH)` : ''}`,
  ];
  if (demo) {
    lines.push(`  demo task  ${demo.taskId} is TASK_RUNNING${demo.image ? ` in image ${demo.image}` : ''}: ${demo.command}`);
    if (c) lines.push(`             container ${c.containerId}; its output: ${join(c.sandbox, 'stdout')}`);
  } else if (demoError) lines.push(`  demo task  did not start: ${demoError}`);
  lines.push(
    '',
    'Try:',
    ...(demo ? [`  npx plateau task logs ${demo.taskId} -f`, `  npx plateau task exec -it ${demo.taskId} -- sh`] : []),
    `  npx plateau task run --name hello --image busybox -- 'echo hello from a container; hostname'`,
    ...(provided.networks.length ? [`  npx plateau task run --name addr --image busybox --network ${provided.networks[0]} -- 'echo my address is $MESOS_CONTAINER_IP'`] : []),
    '  npx plateau task run --name pod --pod examples/pod-producer-consumer/pod.yaml',
    '  npx plateau top',
    tls.master
      ? `  (also: curl -s --cacert ${tls.agentLink?.caFile ?? 'ca.pem'} https://${master}/master/state | head -c 600; npx plateau modules list)`
      : `  (also: curl -s localhost:${port}/master/state | head -c 600; npx plateau modules list --config config/dev.yaml)`,
    '',
    'Ctrl-C stops everything (containers included).',
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * DemoFramework: a tiny Mesos v1 HTTP scheduler. It subscribes, launches one long-running task on
 * the first offer large enough (in the busybox image when images work), declines the rest,
 * acknowledges updates, and tears itself down at the end.
 */
class DemoFramework {
  private streamId = '';
  private frameworkId = '';
  private launched = false;
  private req: ClientRequest | undefined;
  readonly task: DemoTask;

  constructor(
    private readonly master: string,
    private readonly withImage: boolean,
    private readonly log: Logger,
    private readonly tls?: ClientTls,
  ) {
    const command = 'i=0; while true; do i=$((i+1)); echo "hello from plateau ($i)"; sleep 5; done';
    this.task = { taskId: 'demo-1', command, ...(withImage ? { image: 'busybox' } : {}) };
  }

  /** An HTTP request to the master: https with the demo's TLS material when the master speaks TLS (verification on). */
  private request(opts: RequestOptions, onResponse: (res: IncomingMessage) => void): ClientRequest {
    // The CLI's credentials (--principal/--secret, PLATEAU_PRINCIPAL...) for a master that authenticates.
    const authorization = authorizationHeader();
    if (authorization !== undefined) opts = { ...opts, headers: { ...opts.headers, Authorization: authorization } };
    return this.tls ? httpsRequest({ ...opts, ca: this.tls.ca, cert: this.tls.cert, key: this.tls.key, rejectUnauthorized: true }, onResponse) : httpRequest(opts, onResponse);
  }

  /** Subscribes and resolves once the demo task runs (rejects when it fails or after `timeoutMs`). */
  run(timeoutMs: number): Promise<DemoTask> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo task was not running after ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
      const settle = (err: Error | undefined) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(this.task);
      };
      const [host, port] = splitHostPort(this.master);
      const body = JSON.stringify({
        type: 'SUBSCRIBE',
        subscribe: { framework_info: { user: 'root', name: 'plateau-demo', roles: ['*'], capabilities: [{ type: 'MULTI_ROLE' }], failover_timeout: 0, principal: clientPrincipal() } },
      });
      const req = this.request(
        { host, port, method: 'POST', path: '/api/v1/scheduler', headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          if (res.statusCode !== 200) {
            const hint = res.statusCode === 401 ? (clientPrincipal() === undefined ? ': the master authenticates; pass --principal with --secret or --secret-file' : `: the credentials of '${clientPrincipal()}' were refused`) : '';
            settle(new Error(`SUBSCRIBE answered ${res.statusCode}${hint}`));
            res.resume();
            return;
          }
          this.streamId = String(res.headers['mesos-stream-id'] ?? '');
          const decoder = new RecordIODecoder();
          res.on('data', (chunk: Buffer) => {
            for (const record of decoder.push(chunk)) {
              try {
                this.onEvent(JSON.parse(record.toString('utf8')), settle);
              } catch (err) {
                this.log.warn({ err: messageOf(err) }, 'demo framework: bad event');
              }
            }
          });
          res.on('error', () => undefined);
        },
      );
      req.on('error', (err) => settle(err));
      req.end(body);
      this.req = req;
    });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private onEvent(e: any, settle: (err: Error | undefined) => void): void {
    switch (e.type) {
      case 'SUBSCRIBED':
        this.frameworkId = e.subscribed.framework_id.value;
        return;
      case 'OFFERS':
        for (const offer of e.offers.offers ?? []) this.onOffer(offer);
        return;
      case 'UPDATE': {
        const s = e.update.status;
        if (s.uuid) void this.call({ type: 'ACKNOWLEDGE', acknowledge: { agent_id: s.agent_id, task_id: s.task_id, uuid: s.uuid } });
        if (s.task_id.value !== this.task.taskId) return;
        if (s.state === 'TASK_RUNNING') {
          this.task.containerId = s.container_status?.container_id?.value;
          settle(undefined);
        } else if (['TASK_FAILED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED', 'TASK_KILLED'].includes(s.state)) {
          settle(new Error(`${s.state}: ${s.message ?? ''}${s.reason ? ` (${s.reason})` : ''}`));
        }
        return;
      }
      case 'ERROR':
        settle(new Error(`the master refused the demo framework: ${e.error?.message}`));
        return;
      default:
        return;
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private onOffer(offer: any): void {
    const scalar = (name: string) => (offer.resources ?? []).filter((r: { name: string }) => r.name === name).reduce((n: number, r: { scalar?: { value: number } }) => n + (r.scalar?.value ?? 0), 0);
    if (this.launched || scalar('cpus') < 0.1 || scalar('mem') < 32) {
      void this.call({ type: 'DECLINE', decline: { offer_ids: [offer.id], filters: { refuse_seconds: 3600 } } });
      return;
    }
    this.launched = true;
    const role = offer.allocation_info?.role ?? '*';
    const res = (name: string, value: number) => ({ name, type: 'SCALAR', scalar: { value }, allocation_info: { role } });
    const task: Record<string, unknown> = {
      name: 'plateau demo',
      task_id: { value: this.task.taskId },
      agent_id: offer.agent_id,
      resources: [res('cpus', 0.1), res('mem', 32)],
      command: { shell: true, value: this.task.command },
    };
    if (this.withImage) task.container = { type: 'MESOS', mesos: { image: { type: 'DOCKER', docker: { name: 'busybox' } } } };
    void this.call({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: [{ type: 'LAUNCH', launch: { task_infos: [task] } }], filters: { refuse_seconds: 3600 } } });
  }

  /** Removes the framework (the master kills its task), then closes the stream. */
  async teardown(): Promise<void> {
    if (this.frameworkId) await this.call({ type: 'TEARDOWN' }).catch(() => undefined);
    this.req?.destroy();
  }

  private call(call: Record<string, unknown>): Promise<number> {
    const [host, port] = splitHostPort(this.master);
    const body = JSON.stringify({ framework_id: { value: this.frameworkId }, ...call });
    return new Promise((resolve, reject) => {
      const req = this.request(
        {
          host,
          port,
          method: 'POST',
          path: '/api/v1/scheduler',
          headers: { 'Content-Type': 'application/json', 'Mesos-Stream-Id': this.streamId, 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

function splitHostPort(hp: string): [string, number] {
  const i = hp.lastIndexOf(':');
  return [hp.slice(0, i).replace(/^\[|\]$/g, ''), Number(hp.slice(i + 1))];
}
