// Real masters and real agents as child processes (`node bin/plateau.js master|agent`, each in
// its own process group), on free ports, in temporary work dirs, with runc containers from a
// busybox image built by the test; and the clean-up that removes whatever a test left behind
// (runc containers and their monitors, cgroups, overlay mounts) even when it failed.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Test } from 'uvu';
import { buildBusyboxImage, imageToolsAvailable } from '@plateau/testkit/images';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { findStaticBusybox } from '@plateau/testkit/rootfs';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { waitFor } from '@plateau/testkit/wait';
import { testUnless } from '@plateau/testkit/skip';

export const REPO = path.resolve(__dirname, '../../..');
export const PLATEAU = path.join(REPO, 'bin/plateau.js');

/** Why real-container tests cannot run here, or undefined when they can. */
export async function realContainersMissing(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (runc containers need root)';
  try {
    execFileSync('runc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'runc is not installed';
  }
  if (!findStaticBusybox()) return 'no static busybox (apt-get install busybox-static)';
  if (!(await imageToolsAvailable())) return 'umoci/skopeo are not installed';
  if (!fs.existsSync('/sys/fs/cgroup/memory') && !fs.existsSync('/sys/fs/cgroup/cgroup.controllers')) return 'no cgroup filesystem';
  return undefined;
}

/** A busybox OCI image layout, built once per test process. */
let image: Promise<string> | undefined;
export function busyboxLayout(): Promise<string> {
  image ??= (async () => {
    const dir = path.join(makeTempDir('plateau-agent-image-'), 'busybox');
    await buildBusyboxImage(dir, { env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'] });
    return dir;
  })();
  return image;
}

/** A running master. */
export interface MasterProc {
  address: string;
  proc: StartedProcess;
  stop(): Promise<void>;
}

/**
 * Starts a master (standalone contender in its own dir); resolves once it leads. `extra` adds lines
 * under `master:` and `modules:`; `contenderPollMs` (default 50) sets how often the contender
 * proves leadership (each proof holds 3 polls), longer for suites whose load may stall the master.
 */
export async function startMaster(args: string[] = [], extra: { masterLines?: string[]; moduleLines?: string[]; listenHost?: string; contenderPollMs?: number } = {}): Promise<MasterProc> {
  const dir = makeTempDir('plateau-agent-master-');
  const port = await freePort();
  // Another address of this machine when agents in other network namespaces must reach it.
  const host = extra.listenHost ?? '127.0.0.1';
  const config = path.join(dir, 'plateau.yaml');
  fs.writeFileSync(
    config,
    [
      'cluster: test',
      'master:',
      `  listen: ${host}:${port}`,
      '  contender: standalone',
      ...(extra.masterLines ?? []),
      'modules:',
      `  standalone: { use: contender-standalone, config: { dir: ${JSON.stringify(path.join(dir, 'standalone'))}, pollMs: ${extra.contenderPollMs ?? 50} } }`,
      ...(extra.moduleLines ?? []),
      '',
    ].join('\n'),
  );
  const proc = startProcess(
    process.execPath,
    [PLATEAU, 'master', '--config', config, '--listen', `${host}:${port}`, '--work-dir', path.join(dir, 'work'), '--allocation-interval', '50ms', ...args],
    { cwd: REPO, env: { PLATEAU_LOG_LEVEL: 'info' }, name: `master:${port}`, tailLines: 3000 },
  );
  await proc.waitForLine(/leading: serving/, 20_000);
  return { address: `${host}:${port}`, proc, stop: async () => void (await proc.stop('SIGTERM', 5000)) };
}

/** Settings of a test agent. */
export interface AgentSetup {
  /** Extra isolators, after cgroups, linux and disk: `name: moduleEntryYaml`. */
  extraIsolators?: Record<string, string>;
  /** Default "cpus:2;mem:2048;disk:4096;ports:[31000-32000]". */
  resources?: string;
  /** Extra command-line arguments of `plateau agent`. */
  args?: string[];
  /** Registries the OCI provisioner may pull from over plain http (`host:port`). */
  insecureRegistries?: string[];
  /** Hook modules, in agent.hooks order: `name: moduleEntryYaml`. */
  hooks?: Record<string, string>;
  /** Extra lines under `agent:` and under `modules:` (indented by the caller). */
  agentLines?: string[];
  moduleLines?: string[];
  /** The log line start() waits for (default: the agent's registration). */
  startedLine?: RegExp;
  /** Find the leading master through this standalone contender dir (agent.detector) instead of --master. */
  standaloneDetector?: string;
  /** The runc launcher's config, as YAML flow text (e.g. `{ network: new }`). */
  launcherConfig?: string;
  /** Run the agent in this network namespace (an nsfs file, e.g. /run/netns/NAME), through nsenter: a simulated host. */
  netns?: string;
}

/** One agent's directories and config; start() may be called again after a crash. */
export class TestAgent {
  readonly dir: string;
  readonly workDir: string;
  readonly configFile: string;
  readonly cgroupRoot: string;
  port = 0;
  proc: StartedProcess | undefined;

  constructor(
    readonly master: string,
    readonly setup: AgentSetup = {},
  ) {
    this.dir = makeTempDir('plateau-agent-');
    this.workDir = path.join(this.dir, 'work');
    this.configFile = path.join(this.dir, 'plateau.yaml');
    this.cgroupRoot = `plateau-test-${path.basename(this.dir).replace(/[^A-Za-z0-9-]/g, '')}`;
  }

  /** http://127.0.0.1:<port> */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The runc state root of its launcher. */
  get runcRoot(): string {
    return path.join(this.workDir, 'modules', 'runc', 'state', 'runc');
  }

  private async writeConfig(): Promise<void> {
    const layout = await busyboxLayout();
    const extra = this.setup.extraIsolators ?? {};
    const isolation = ['cgroups', 'linux', 'disk', ...Object.keys(extra)];
    const hooks = this.setup.hooks ?? {};
    fs.writeFileSync(
      this.configFile,
      [
        'cluster: test',
        'agent:',
        `  listen: 127.0.0.1:${this.port}`,
        '  launcher: runc',
        '  provisioner: images',
        `  isolation: [${isolation.join(', ')}]`,
        ...(Object.keys(hooks).length > 0 ? [`  hooks: [${Object.keys(hooks).join(', ')}]`] : []),
        `  resources: ${JSON.stringify(this.setup.resources ?? 'cpus:2;mem:2048;disk:4096;ports:[31000-32000]')}`,
        ...(this.setup.agentLines ?? []),
        ...(this.setup.standaloneDetector !== undefined ? ['  detector: leader'] : []),
        'modules:',
        ...(this.setup.moduleLines ?? []),
        ...(this.setup.standaloneDetector !== undefined ? [`  leader: { use: contender-standalone, config: { dir: ${JSON.stringify(this.setup.standaloneDetector)}, pollMs: 50 } }`] : []),
        `  runc: { use: launcher-runc${this.setup.launcherConfig ? `, config: ${this.setup.launcherConfig}` : ''} }`,
        `  images: { use: provisioner-oci, config: { localImages: { busybox: ${JSON.stringify(`oci:${layout}:latest`)} }, registries: ${JSON.stringify(
          Object.fromEntries((this.setup.insecureRegistries ?? []).map((host) => [host, { insecure: true }])),
        )} } }`,
        `  cgroups: { use: isolator-cgroups, config: { root: ${this.cgroupRoot}, watchPollMs: 50, removeRootOnStop: true } }`,
        '  linux: { use: isolator-linux }',
        '  disk: { use: isolator-disk, config: { pollMs: 200 } }',
        ...Object.entries(extra).map(([k, v]) => `  ${k}: ${v}`),
        ...Object.entries(hooks).map(([k, v]) => `  ${k}: ${v}`),
        '',
      ].join('\n'),
    );
  }

  /** Starts (or restarts) the agent; resolves once it is (re-)registered. */
  async start(): Promise<void> {
    if (this.port === 0) {
      this.port = await freePort();
      await this.writeConfig();
    }
    const node = this.setup.netns !== undefined ? ['nsenter', `--net=${this.setup.netns}`, process.execPath] : [process.execPath];
    this.proc = startProcess(
      node[0]!,
      [
        ...node.slice(1),
        PLATEAU,
        'agent',
        '--config',
        this.configFile,
        ...(this.setup.standaloneDetector !== undefined ? [] : ['--master', this.master]),
        '--listen',
        this.address,
        '--work-dir',
        this.workDir,
        '--registration-backoff',
        '200ms',
        '--status-update-retry',
        '2secs',
        ...(this.setup.args ?? []),
      ],
      { cwd: REPO, env: { PLATEAU_LOG_LEVEL: process.env.PLATEAU_AGENT_LOG_LEVEL ?? 'info' }, name: `agent:${this.port}`, tailLines: 3000 },
    );
    await this.proc.waitForLine(this.setup.startedLine ?? /"agent (re-)?registered"/, 30_000);
  }

  /** kill -9 of the agent process alone (its containers and their monitors live on). */
  async crash(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    process.kill(p.pid, 'SIGKILL');
    await p.waitForExit(10_000);
    // Whatever else was in its process group (e.g. a module's helper shell) goes too.
    await p.stop('SIGKILL', 1000);
    this.proc = undefined;
  }

  /** Stops the agent with SIGTERM (containers keep running). */
  async stop(): Promise<void> {
    await this.proc?.stop('SIGTERM', 10_000);
    this.proc = undefined;
  }

  /** GET a JSON endpoint of the agent. */
  async get(pathname: string): Promise<any> {
    const r = await request(this.address, 'GET', pathname);
    if (r.status !== 200) throw new Error(`GET ${pathname}: ${r.status} ${r.body}`);
    return JSON.parse(r.body);
  }

  /** runc containers of its launcher: id → status. */
  runcContainers(): Map<string, string> {
    const out = new Map<string, string>();
    if (!fs.existsSync(this.runcRoot)) return out;
    const text = execFileSync('runc', ['--root', this.runcRoot, 'list', '--format', 'json'], { encoding: 'utf8' }).trim();
    for (const c of (JSON.parse(text || 'null') as { id: string; status: string }[] | null) ?? []) out.set(c.id, c.status);
    return out;
  }

  /** Whether the container's memory cgroup exists. */
  hasCgroup(containerId: string): boolean {
    return cgroupDirs(this.cgroupRoot).some((d) => fs.existsSync(path.join(d, containerId)));
  }

  /** The sandbox directory of a container. */
  sandbox(agentId: string, frameworkId: string, executorId: string, containerId: string): string {
    return path.join(this.workDir, 'agent', 'slaves', agentId, 'frameworks', frameworkId, 'executors', executorId, 'runs', containerId);
  }

  /** Kills the agent and removes every container, monitor, cgroup and mount it left. */
  async destroy(): Promise<void> {
    if (this.proc) await this.proc.stop('SIGKILL', 1000).catch(() => undefined);
    this.proc = undefined;
    cleanupLeftovers(this.workDir, this.cgroupRoot);
  }
}

/** Directories of the cgroup `root` in every hierarchy that has it. */
export function cgroupDirs(root: string): string[] {
  const base = '/sys/fs/cgroup';
  const out: string[] = [];
  if (fs.existsSync(path.join(base, 'cgroup.controllers'))) {
    if (fs.existsSync(path.join(base, root))) out.push(path.join(base, root));
    return out;
  }
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(base);
  } catch {
    return out;
  }
  for (const c of entries) {
    const d = path.join(base, c, root);
    if (fs.existsSync(d)) out.push(d);
  }
  return out;
}

/**
 * Removes what an agent under `workDir` left: runc containers (deleted with -f), processes whose
 * command line names the work dir (container monitors), the cgroups under `cgroupRoot`, and mounts
 * under the work dir. Best effort; never throws.
 */
export function cleanupLeftovers(workDir: string, cgroupRoot: string): void {
  const runcRoot = path.join(workDir, 'modules', 'runc', 'state', 'runc');
  try {
    if (fs.existsSync(runcRoot)) {
      const text = execFileSync('runc', ['--root', runcRoot, 'list', '--format', 'json'], { encoding: 'utf8' }).trim();
      for (const c of (JSON.parse(text || 'null') as { id: string }[] | null) ?? []) {
        try {
          execFileSync('runc', ['--root', runcRoot, 'delete', '-f', c.id], { stdio: 'ignore', timeout: 10_000 });
        } catch {
          // next
        }
      }
    }
  } catch {
    // runc missing or the root unreadable
  }
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      let cwd = '';
      try {
        cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // no access
      }
      if (cmd.includes(workDir) || cwd.startsWith(workDir)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const dir of cgroupDirs(cgroupRoot)) {
    const children = (() => {
      try {
        return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
      } catch {
        return [];
      }
    })();
    for (const child of [...children, dir]) {
      try {
        for (const p of fs.readFileSync(path.join(child, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) process.kill(Number(p), 'SIGKILL');
      } catch {
        // none
      }
    }
    for (const child of [...children, dir]) {
      for (let i = 0; i < 40; i++) {
        try {
          // v1 memory cgroups can stay busy with page cache charged to them: give it back first.
          if (i > 0) fs.writeFileSync(path.join(child, 'memory.force_empty'), '0');
        } catch {
          // not a v1 memory cgroup
        }
        try {
          fs.rmdirSync(child);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') break;
          execFileSync('sleep', ['0.05']);
        }
      }
    }
  }
  try {
    const mounts = fs
      .readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[4] ?? '')
      .filter((m) => m.startsWith(workDir))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) {
      try {
        execFileSync('umount', ['-l', m], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  } catch {
    // no mountinfo
  }
}

/** Mounts under `dir`. */
export function mountsUnder(dir: string): string[] {
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m.startsWith(dir));
}

/** A framework info for the tests: checkpointing, with a long failover timeout. */
export function frameworkInfo(name: string): Record<string, unknown> {
  return { user: 'root', name, roles: ['*'], checkpoint: true, failover_timeout: 3600, capabilities: [{ type: 'MULTI_ROLE' }] };
}

/** Scalar resources for a task. */
export function taskResources(cpus: number, mem: number, disk?: number): unknown[] {
  const r: unknown[] = [
    { name: 'cpus', type: 'SCALAR', scalar: { value: cpus } },
    { name: 'mem', type: 'SCALAR', scalar: { value: mem } },
  ];
  if (disk !== undefined) r.push({ name: 'disk', type: 'SCALAR', scalar: { value: disk } });
  return r;
}

/** A command task in the busybox image. */
export function busyboxTask(id: string, command: string, opts: { cpus?: number; mem?: number; disk?: number; extra?: Record<string, unknown> } = {}): Record<string, any> {
  return {
    name: id,
    task_id: { value: id },
    resources: taskResources(opts.cpus ?? 0.1, opts.mem ?? 64, opts.disk),
    command: { shell: true, value: command },
    container: { type: 'MESOS', mesos: { image: { type: 'DOCKER', docker: { name: 'busybox' } } } },
    ...(opts.extra ?? {}),
  };
}

/**
 * Accepts the first offer with at least `need` (default cpus 1, mem 256) with `operations(offer)`
 * (refuse 0 s); every other offer seen meanwhile is declined (refuse 0 s).
 */
export async function acceptNext(client: SchedulerClient, operations: (offer: any) => unknown[], need: { cpus?: number; mem?: number } = {}, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  const scalar = (o: any, name: string) => (o.resources ?? []).filter((r: any) => r.name === name).reduce((n: number, r: any) => n + (r.scalar?.value ?? 0), 0);
  const fits = (o: any) => scalar(o, 'cpus') >= (need.cpus ?? 1) && scalar(o, 'mem') >= (need.mem ?? 256);
  for (;;) {
    const e = await client.next('OFFERS', Math.max(1, deadline - Date.now()));
    const offers = e.offers.offers as any[];
    const offer = offers.find(fits);
    const rest = offers.filter((o) => o !== offer);
    if (rest.length) await client.mustCall({ type: 'DECLINE', decline: { offer_ids: rest.map((o) => o.id), filters: { refuse_seconds: 0 } } });
    if (offer === undefined) continue;
    await client.mustCall({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: operations(offer), filters: { refuse_seconds: 0 } } });
    return offer;
  }
}

/** LAUNCH of `tasks` on `offer`. */
export function launchOp(offer: any, tasks: Record<string, any>[]): unknown {
  return { type: 'LAUNCH', launch: { task_infos: tasks.map((t) => ({ ...t, agent_id: offer.agent_id })) } };
}

/** Waits for the next update of `taskId`, acknowledges it (unless `ack` is false), returns the status. */
export async function nextStatus(client: SchedulerClient, taskId: string, opts: { state?: string; ack?: boolean; timeoutMs?: number } = {}): Promise<any> {
  const s = await client.nextUpdate(taskId, opts.state, opts.timeoutMs ?? 30_000);
  if (opts.ack !== false && s.uuid) await client.ack(s);
  return s;
}

/**
 * Acknowledges every update of `taskId` until one in `state` arrives and returns it. Agents
 * deliver updates at least once: after a restart an update already acknowledged may come again
 * (the acknowledgement was not checkpointed yet), and the next waits for its acknowledgement.
 */
export async function untilState(client: SchedulerClient, taskId: string, state: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await nextStatus(client, taskId, { timeoutMs: Math.max(1, deadline - Date.now()) });
    if (s.state === state) return s;
  }
}

/** Polls until `fn` holds. */
export { waitFor };

/**
 * `test` for what needs this machine's real parts: when `skipReason()` says why they are missing,
 * each test prints its own `SKIP <name>: <why>` and returns, which the runner counts as skipped.
 */
export { testUnless };

/** A suite's real master, real agent and (when asked for) framework; `before` fills the fields in. */
export interface RealCluster {
  /** Why the real parts are missing (then nothing was started), or undefined. */
  skip: string | undefined;
  master: MasterProc;
  agent: TestAgent;
  /** The framework's scheduler client; unset when the options name no framework. */
  fw: SchedulerClient;
  /** `test` of the suite for what needs the real parts (testUnless on `skip`). */
  real: (name: string, fn: () => Promise<void>) => void;
}

/** What a suite's cluster is made of. */
export interface RealClusterOptions {
  /** The framework that subscribes once the agent is up: frameworkInfo(name), or a whole FrameworkInfo. None when left out. */
  framework?: string | Record<string, unknown>;
  /** Extra lines of the master's config (startMaster's `extra`). */
  masterConfig?: { masterLines?: string[]; moduleLines?: string[]; contenderPollMs?: number };
  /** The agent's setup, or a function that makes it (writing the files it names) once the real parts are known to be there. */
  agentSetup?: AgentSetup | (() => AgentSetup);
  /** Runs first in `after`, before the framework, agent and master go (to stop other clients). */
  beforeTeardown?: () => void | Promise<void>;
  /** With PLATEAU_TEST_DUMP set, `after` writes the master's and agent's output to /tmp/<dumpAs>-master.log and -agent.log. */
  dumpAs?: string;
}

/**
 * Registers on `suite` a `before` that starts a master, an agent and the framework (nothing when
 * the real parts are missing) and an `after` that closes the framework, destroys the agent and
 * stops the master, whatever `before` got to.
 */
export function realCluster(suite: Test, opts: RealClusterOptions = {}): RealCluster {
  const cluster = { skip: undefined } as RealCluster;
  cluster.real = testUnless(() => cluster.skip, suite);
  suite.before(async () => {
    cluster.skip = await realContainersMissing();
    if (cluster.skip) return;
    cluster.master = await startMaster([], opts.masterConfig);
    cluster.agent = new TestAgent(cluster.master.address, typeof opts.agentSetup === 'function' ? opts.agentSetup() : opts.agentSetup);
    await cluster.agent.start();
    if (opts.framework === undefined) return;
    cluster.fw = await SchedulerClient.subscribe(cluster.master.address, typeof opts.framework === 'string' ? frameworkInfo(opts.framework) : opts.framework);
  });
  suite.after(async () => {
    try {
      if (opts.dumpAs !== undefined && process.env.PLATEAU_TEST_DUMP) {
        fs.writeFileSync(`/tmp/${opts.dumpAs}-master.log`, cluster.master?.proc.output() ?? '');
        fs.writeFileSync(`/tmp/${opts.dumpAs}-agent.log`, cluster.agent?.proc?.output() ?? '');
      }
      await opts.beforeTeardown?.();
    } finally {
      cluster.fw?.close();
      await cluster.agent?.destroy();
      await cluster.master?.stop();
    }
  });
  return cluster;
}
