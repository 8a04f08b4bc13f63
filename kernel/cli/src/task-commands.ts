/**
 * `plateau task run|list|kill|logs|exec|attach`: tasks through the v1 APIs. `task run` is a
 * framework of its own: it subscribes, waits for an offer that fits, launches one task, prints its
 * status updates (acknowledging them) until a terminal one, and tears itself down; its exit code
 * says whether the task succeeded. The other commands find the leading master, look the task up
 * with the operator API, and talk to the agent that runs it.
 */
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { AgentClient, allTasks, type ContainerIdChain, clientPrincipal, exitCodeOf, findLeader, OperatorClient, outputOf, SchedulerSession, scalars, TERMINAL_STATES, type MasterLookup, type SchedulerEvent } from './client/index';
import { messageOf } from '@plateau/kernel';
import { CommandLineError, ExitCodes, reportError } from './exit';
import { formatTable } from './table';
import { type PodLaunch, podNeeds, readPodFile } from './pod-file';
import { volumeOption } from './volume-option';
import { RunOutputs } from './task-output';
import { execOnTerminal } from './exec-terminal';
import { failureHint, podExitCode, taskExitCode } from './task-exit';
import { RunProgress } from './progress/run-progress';

/** Options every command here takes. */
interface Common extends MasterLookup {
  json?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Adds --master, --config and --json. */
function common(cmd: Command): Command {
  return cmd
    .option('--master <host:port>', 'a master of the cluster (default: $PLATEAU_MASTER, else the config\'s master, else 127.0.0.1:5050); the leader is found through it')
    .option('--config <file>', 'config file naming the master (default: plateau.yaml found from the working directory)')
    .option('--json', 'print JSON');
}

/** Registers the `task` commands. */
export function registerTaskCommands(program: Command): void {
  const task = program.command('task').description('run, list, kill and inspect tasks');

  common(
    task
      .command('run')
      .description("launch one task through a built-in framework, show its output (stdout, stderr) as it comes and its states on stderr until it ends; exit with the task's exit status")
      .requiredOption('--name <name>', 'task name (the task id is NAME-<random>)')
      .option('--image <image>', 'container image (e.g. busybox); without it the command runs in the host filesystem, where the agent\'s launcher allows that (posix)')
      .option('--cpus <n>', 'cpus', '0.1')
      .option('--mem <mb>', 'memory in MB', '64')
      .option('--disk <mb>', 'disk in MB')
      .option('--gpus <n>', 'gpus')
      .option('--env <K=V>', 'environment variable (repeatable)', collect)
      .option('--secret-env <K=NAME[:KEY]>', "environment variable from a secret the agent's secret resolver looks up by NAME (and KEY); its value never passes through the CLI or the master (repeatable)", collect)
      .option('--volume <host:container[:ro]>', 'host path mounted into the container, or DRIVER:NAME:CONTAINER[:ro] for the Docker volume NAME of volume plugin DRIVER (repeatable)', collect)
      .option('--network <name>', "network: 'host' (default), or a named network an isolator of the agent provides (network-cni: a CNI network)")
      .option('--role <role>', 'role to launch as', '*')
      .option('--offer-timeout <seconds>', 'fail if no offer fits within this long', '60')
      .option('--pod <file>', "run a pod instead: a task group under Mesos's default executor, from a YAML/JSON pod file (see the README's Pods section); each output line starts with its task's name; exit 0 if every task finished")
      .option('--detach', 'show no output, only the status updates until the task ends; exit 0 if it finished, 1 otherwise (also what --json does)')
      .argument('[command...]', 'command to run (after --); one argument is run by sh -c'),
  ).action(async (command: string[], opts: RunOptions) => {
    process.exitCode = await taskRun(command, opts);
  });

  common(task.command('list').description('list tasks (active ones; --all adds completed ones)').option('--all', 'include completed tasks')).action(async (opts: Common & { all?: boolean }) => {
    process.exitCode = await guard(async () => {
      const leader = await findLeader(opts);
      const state = await new OperatorClient(leader).getState();
      const agents = agentAddresses(state);
      const tasks = (opts.all ? allTasks(state.get_tasks) : [...(state.get_tasks?.pending_tasks ?? []), ...(state.get_tasks?.tasks ?? []), ...(state.get_tasks?.unreachable_tasks ?? [])]) as any[];
      if (opts.json) return print(JSON.stringify(tasks, null, 2));
      const rows = tasks.map((t) => {
        const r = scalars(t.resources);
        return { id: t.task_id?.value, name: t.name, state: t.state, framework: t.framework_id?.value, agent: agents.get(t.agent_id?.value)?.hostname ?? t.agent_id?.value ?? '', cpus: r.cpus ?? '', mem: r.mem ?? '' };
      });
      print(formatTable(rows, ['id', 'name', 'state', 'framework', 'agent', 'cpus', 'mem']));
    });
  });

  common(
    task
      .command('kill <id>')
      .description('kill a task (fails over to its framework for the KILL call) and wait for its terminal state')
      .option('--timeout <seconds>', 'how long to wait for the terminal state', '30')
      .option('--force', 'also for a framework without failover timeout (it is torn down afterwards)'),
  ).action(async (id: string, opts: Common & { timeout: string; force?: boolean }) => {
    process.exitCode = await guard(async () => {
      const state = await taskKill(id, opts);
      if (opts.json) print(JSON.stringify({ task_id: id, state }));
      else print(`${id}: ${state}`);
    });
  });

  common(
    task
      .command('logs <id>')
      .description("print a task's sandbox stdout and stderr (through the agent's /files/read)")
      .option('-f, --follow', 'keep printing new output until the task ends')
      .option('--stream <which>', 'stdout, stderr or both', 'both'),
  ).action(async (id: string, opts: Common & { follow?: boolean; stream: string }) => {
    process.exitCode = await guard(() => taskLogs(id, opts));
  });

  common(
    task
      .command('exec <id>')
      .description('run a command in the task\'s container (nested container session); exit with its code')
      .option('-t, --tty', "run it on a terminal of this terminal's size, following its resizes")
      .option('-i, --interactive', 'send this stdin to it (with -t: keys as typed, in raw mode)')
      .argument('<command...>', 'command (after --)'),
  ).action(
    async (id: string, command: string[], opts: Common & { tty?: boolean; interactive?: boolean }) => {
      process.exitCode = await guardCode(async () => {
        if (opts.interactive && !opts.tty) throw new CommandLineError('-i: a session takes input only on a terminal: give -t too (plateau task exec -it ID -- CMD)');
        const where = await locateTask(await findLeader(opts), id);
        if (!where.containerId) throw new Error(`task ${id} has no container (state ${where.task.state})`);
        if (opts.tty) return execOnTerminal(where.agentAddress, where.container ?? { value: where.containerId }, commandInfo(command), opts.interactive === true);
        const agent = new AgentClient(where.agentAddress);
        const { containerId, output } = await agent.launchSession(where.container ?? where.containerId, commandInfo(command));
        await pipeOutput(output);
        return exitCodeOf(await agent.waitContainer(containerId, where.containerId));
      });
    },
  );

  common(task.command('attach <id>').description("stream a running task's output (ATTACH_CONTAINER_OUTPUT) until it ends or Ctrl-C")).action(async (id: string, opts: Common) => {
    process.exitCode = await guard(async () => {
      const where = await locateTask(await findLeader(opts), id);
      if (!where.containerId) throw new Error(`task ${id} has no container (state ${where.task.state})`);
      const output = await new AgentClient(where.agentAddress).attachOutput(where.container ?? where.containerId);
      process.once('SIGINT', () => output.close());
      await pipeOutput(output);
    });
  });
  usageErrorsExit2(task);
}

/** commander's own errors (missing option, unknown option) in `cmd` and below exit 2. */
export function usageErrorsExit2(cmd: Command): void {
  cmd.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : ExitCodes.usage));
  for (const c of cmd.commands) usageErrorsExit2(c);
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function guard(fn: () => Promise<void>): Promise<number> {
  try {
    await fn();
    return ExitCodes.ok;
  } catch (err) {
    return reportError(err);
  }
}

async function guardCode(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    return reportError(err);
  }
}

/** agent id → its hostname and `host:port`. */
export function agentAddresses(state: any): Map<string, { hostname: string; address: string }> {
  const out = new Map<string, { hostname: string; address: string }>();
  for (const a of [...(state.get_agents?.agents ?? []), ...(state.get_agents?.recovered_agents ?? [])]) {
    const info = a.agent_info ?? a;
    if (info?.id?.value) out.set(info.id.value, { hostname: info.hostname, address: `${info.hostname}:${info.port ?? 5051}` });
  }
  return out;
}

/** Where a task is. */
interface TaskLocation {
  task: any;
  agentAddress: string;
  containerId: string | undefined;
  /** The whole ContainerID of its latest status: a pod's task names its parent (the executor's container). */
  container: ContainerIdChain | undefined;
}

/** Finds a task by id (or by name when no id matches; an unambiguous one). */
async function locateTask(leader: string, id: string): Promise<TaskLocation> {
  const state = await new OperatorClient(leader).getState();
  const tasks = allTasks(state.get_tasks);
  let task = tasks.find((t) => t.task_id?.value === id);
  if (task === undefined) {
    const named = tasks.filter((t) => t.name === id);
    const active = named.filter((t) => !TERMINAL_STATES.has(t.state));
    if (active.length > 1) throw new CommandLineError(`${active.length} active tasks are named '${id}' (${active.map((t) => t.task_id?.value).join(', ')}): give one of their task ids`);
    // An active task by that name, else the one that ended last.
    task = active[0] ?? named.sort((a, b) => lastUpdate(b) - lastUpdate(a))[0];
  }
  if (task === undefined) throw new Error(`no task '${id}' on master ${leader} (see plateau task list --all)`);
  const agent = agentAddresses(state).get(task.agent_id?.value);
  if (agent === undefined) throw new Error(`task ${id} is on agent ${task.agent_id?.value ?? '?'}, which the master does not know now`);
  let container: ContainerIdChain | undefined;
  for (const s of task.statuses ?? []) container = s.container_status?.container_id ?? container;
  return { task, agentAddress: agent.address, containerId: container?.value, container };
}

/** When a task's last status came (seconds). */
function lastUpdate(t: any): number {
  return Math.max(0, ...(t.statuses ?? []).map((s: any) => Number(s.timestamp ?? 0)));
}

/** A container's run directory under its executor's `runs/`: a nested one (a pod's task) is in its parents' `containers/`. */
function runPath(c: ContainerIdChain): string {
  return c.parent ? `${runPath(c.parent)}/containers/${c.value}` : c.value;
}

/**
 * The sandbox directory of a task: Mesos's virtual path
 * `/frameworks/<fid>/executors/<eid>/runs/<containerId>` (a pod's task:
 * `runs/<executor container>/containers/<containerId>`) when the master's statuses name its
 * container, else the directory its agent's /state gives.
 */
async function sandboxOf(agent: AgentClient, where: TaskLocation): Promise<string> {
  const t = where.task;
  let executorId: string | undefined = t.executor_id?.value;
  for (const s of t.statuses ?? []) executorId ??= s.executor_id?.value;
  if (where.containerId) return `/frameworks/${t.framework_id.value}/executors/${executorId ?? t.task_id.value}/runs/${runPath(where.container ?? { value: where.containerId })}`;
  const taskId = t.task_id.value as string;
  const state = await agent.state();
  for (const fw of [...(state.frameworks ?? []), ...(state.completed_frameworks ?? [])]) {
    for (const e of [...(fw.executors ?? []), ...(fw.completed_executors ?? [])]) {
      for (const t of [...(e.tasks ?? []), ...(e.completed_tasks ?? [])]) {
        if ((t.task_id?.value ?? t.id) === taskId) {
          const dir = t.sandbox ?? e.directory;
          if (dir) return dir;
        }
      }
    }
  }
  throw new Error(`agent ${agent.address} has no sandbox for task ${taskId} (gone, or garbage collected)`);
}

async function taskLogs(id: string, opts: Common & { follow?: boolean; stream: string }): Promise<void> {
  if (!['stdout', 'stderr', 'both'].includes(opts.stream)) throw new Error(`--stream: expected stdout, stderr or both, got '${opts.stream}'`);
  const leader = await findLeader(opts);
  const where = await locateTask(leader, id);
  const agent = new AgentClient(where.agentAddress);
  const sandbox = await sandboxOf(agent, where);
  const files = (opts.stream === 'both' ? ['stdout', 'stderr'] : [opts.stream]) as Array<'stdout' | 'stderr'>;
  const offsets = { stdout: 0, stderr: 0 };
  const out: Record<string, string> = {};
  const pump = async () => {
    for (const f of files) {
      const c = await agent.readAll(`${sandbox}/${f}`, offsets[f]);
      offsets[f] = c.offset;
      if (opts.json) out[f] = (out[f] ?? '') + c.data;
      else if (c.data) (f === 'stdout' ? process.stdout : process.stderr).write(c.data);
    }
  };
  await pump();
  if (opts.follow) {
    const op = new OperatorClient(leader);
    let stop = false;
    process.once('SIGINT', () => (stop = true));
    while (!stop) {
      await new Promise((r) => setTimeout(r, 500));
      await pump();
      const tasks = allTasks((await op.getTasks()) ?? {});
      const t = tasks.find((x) => x.task_id?.value === where.task.task_id.value);
      if (t === undefined || TERMINAL_STATES.has(t.state)) {
        await pump();
        break;
      }
    }
  }
  if (opts.json) print(JSON.stringify({ task_id: where.task.task_id.value, sandbox, ...out }));
}

/** Writes a ProcessIO stream's output to stdout / stderr until it ends. */
async function pipeOutput(stream: AsyncIterable<any>): Promise<void> {
  for await (const record of stream) {
    const piece = outputOf(record);
    if (piece) (piece.stream === 'STDOUT' ? process.stdout : process.stderr).write(piece.data);
  }
}

/** Shell-quotes one word. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** CommandInfo of command-line words: one word runs by sh -c; several are quoted and joined. */
function commandInfo(words: string[]): { shell: boolean; value: string } {
  return { shell: true, value: words.length === 1 ? words[0]! : words.map(quote).join(' ') };
}

/** Options of `task run`. */
interface RunOptions extends Common {
  name: string;
  image?: string;
  cpus: string;
  mem: string;
  disk?: string;
  gpus?: string;
  env?: string[];
  secretEnv?: string[];
  volume?: string[];
  network?: string;
  role: string;
  offerTimeout: string;
  pod?: string;
  detach?: boolean;
}

function positive(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag}: expected a non-negative number, got '${v}'`);
  return n;
}

class UsageError extends Error {}

/** The TaskInfo of `task run` (without agent_id). */
export function buildTaskInfo(taskId: string, command: string[], opts: RunOptions): Record<string, unknown> {
  const need: Record<string, number> = { cpus: positive(opts.cpus, '--cpus')!, mem: positive(opts.mem, '--mem')! };
  const disk = positive(opts.disk, '--disk');
  const gpus = positive(opts.gpus, '--gpus');
  if (disk) need.disk = disk;
  if (gpus) need.gpus = gpus;
  const variables: Array<Record<string, unknown>> = (opts.env ?? []).map((kv) => {
    const i = kv.indexOf('=');
    if (i <= 0) throw new UsageError(`--env: expected K=V, got '${kv}'`);
    return { name: kv.slice(0, i), type: 'VALUE', value: kv.slice(i + 1) };
  });
  for (const kv of opts.secretEnv ?? []) {
    const m = /^([^=]+)=([^:]+)(?::(.+))?$/.exec(kv);
    if (!m) throw new UsageError(`--secret-env: expected K=NAME or K=NAME:KEY, got '${kv}'`);
    const reference = m[3] === undefined ? { name: m[2] } : { name: m[2], key: m[3] };
    variables.push({ name: m[1]!, type: 'SECRET', secret: { type: 'REFERENCE', reference } });
  }
  const volumes = (opts.volume ?? []).map(volumeOption);
  const info: Record<string, unknown> = {
    name: opts.name,
    task_id: { value: taskId },
    resources: Object.entries(need).map(([name, value]) => ({ name, type: 'SCALAR', scalar: { value } })),
    command: { ...commandInfo(command), ...(variables.length ? { environment: { variables } } : {}) },
  };
  if (opts.image || volumes.length || opts.network) {
    const container: Record<string, unknown> = { type: 'MESOS' };
    if (opts.image) container.mesos = { image: { type: 'DOCKER', docker: { name: opts.image } } };
    if (volumes.length) container.volumes = volumes;
    if (opts.network && opts.network !== 'host') container.network_infos = [{ name: opts.network }];
    info.container = container;
  }
  return info;
}

/** Whether an offer has at least the task's (or the pod's) scalar resources. */
function fits(offer: any, task: Record<string, unknown>, pod: PodLaunch | undefined): boolean {
  const have = scalars(offer.resources);
  if (pod) return Object.entries(podNeeds(pod)).every(([name, value]) => (have[name] ?? 0) + 1e-9 >= value);
  return (task.resources as any[]).every((r) => (have[r.name] ?? 0) + 1e-9 >= r.scalar.value);
}

function say(opts: Common, text: string): void {
  if (!opts.json) process.stderr.write(`${text}\n`);
}

/** `task run`: returns the exit code. */
async function taskRun(command: string[], opts: RunOptions): Promise<number> {
  let taskInfo: Record<string, unknown> = {};
  let pod: PodLaunch | undefined;
  const taskId = `${opts.name}-${randomBytes(4).toString('hex')}`;
  try {
    if (!/^[\w.-]+$/.test(opts.name)) throw new UsageError(`--name: letters, digits, '.', '_' and '-' only, got '${opts.name}'`);
    if (opts.pod !== undefined) {
      if (command.length > 0) throw new UsageError('--pod: the commands are in the pod file; give no command after --');
      pod = readPodFile(opts.pod, taskId);
    } else if (command.length === 0) throw new UsageError('a command to run (after --), or --pod FILE, is required');
    else taskInfo = buildTaskInfo(taskId, command, opts);
  } catch (err) {
    process.stderr.write(`${messageOf(err)}\n`);
    return ExitCodes.usage;
  }
  const offerTimeoutMs = Number(opts.offerTimeout) * 1000;
  // Spinners and pull bars on a terminal (progress/); plain lines otherwise.
  const progress = new RunProgress({ json: opts.json });
  let leader: string;
  let session: SchedulerSession;
  const frameworkInfo: Record<string, unknown> = {
    user: os.userInfo().username,
    name: `plateau task run (${opts.name})`,
    hostname: os.hostname(),
    roles: [opts.role],
    capabilities: [{ type: 'MULTI_ROLE' }, ...(opts.gpus ? [{ type: 'GPU_RESOURCES' }] : [])],
    checkpoint: true,
    // Lets `plateau task kill` fail over to this framework for its KILL call; this process
    // then subscribes again. Gone for longer (this process died), the master tears it down.
    failover_timeout: 60,
    // The framework is the CLI's principal's (the master checks that the two agree).
    ...(clientPrincipal() === undefined ? {} : { principal: clientPrincipal() }),
  };
  try {
    progress.waiting('the leading master');
    leader = await findLeader(opts);
    session = await SchedulerSession.subscribe(leader, frameworkInfo);
  } catch (err) {
    progress.stop();
    return reportError(err);
  }
  frameworkInfo.id = { value: session.frameworkId };
  say(opts, `framework ${session.frameworkId} subscribed to master ${leader}`);
  progress.waiting('an offer that fits the task');
  let teardown = false;
  // The task's output, shown as it comes (not with --detach, nor with --json, whose stdout is the statuses).
  let outputs: RunOutputs | undefined;
  const onSignal = () => {
    teardown = true;
    outputs?.stop();
    progress.stop();
    say(opts, 'interrupted: tearing the framework down (the task is killed)');
    void session.teardown().catch(() => undefined);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let launchedOn: string | undefined;
  const deadline = Date.now() + offerTimeoutMs;
  // The tasks this run waits for: one, or every task of the pod; the latest status of each.
  const ids = pod ? pod.tasks.map((t) => (t.task_id as { value: string }).value) : [taskId];
  const last = new Map<string, any>();
  try {
    for (;;) {
      if (teardown) return 130;
      // Silence for three heartbeat intervals means a dead connection: subscribe again.
      const silenceMs = 3 * 1000 * Number(session.subscribed.subscribed?.heartbeat_interval_seconds ?? 15);
      const wait = launchedOn === undefined ? Math.max(1, Math.min(silenceMs, deadline - Date.now())) : silenceMs;
      let e: SchedulerEvent | undefined;
      try {
        e = await session.next(wait);
      } catch {
        if (launchedOn === undefined && Date.now() >= deadline) {
          const needs = pod ? Object.entries(podNeeds(pod)).map(([k, v]) => `${k}:${v}`).join(';') : `cpus:${opts.cpus};mem:${opts.mem}${opts.gpus ? `;gpus:${opts.gpus}` : ''}${opts.disk ? `;disk:${opts.disk}` : ''}`;
          process.stderr.write(`no offer fit ${needs} within ${opts.offerTimeout} s\n`);
          await session.teardown().catch(() => undefined);
          return ExitCodes.failure;
        }
        if (!session.stream.closed) say(opts, `no event from master ${leader} for ${silenceMs / 1000} s: subscribing again`);
        session.close();
        e = undefined;
      }
      if (e === undefined) {
        if (teardown) return 130;
        // Stream ended: `task kill` failed over to us, or the master went away. Subscribe again.
        session = await resubscribe(leader, frameworkInfo, opts);
        leader = session.master;
        if (launchedOn !== undefined) await session.call({ type: 'RECONCILE', reconcile: { tasks: ids.map((id) => ({ task_id: { value: id }, agent_id: { value: launchedOn } })) } });
        continue;
      }
      if (e.type === 'ERROR') {
        if (/failed over/i.test(String(e.error?.message))) continue;
        process.stderr.write(`master: ${e.error?.message}\n`);
        return ExitCodes.failure;
      }
      if (e.type === 'OFFERS') {
        const offers = e.offers.offers as any[];
        const offer = launchedOn === undefined ? offers.find((o) => fits(o, taskInfo, pod)) : undefined;
        await session.decline(offers.filter((o) => o !== offer).map((o) => o.id), launchedOn === undefined ? 1 : 3600);
        if (offer === undefined) continue;
        launchedOn = offer.agent_id.value as string;
        const operation = pod
          ? { type: 'LAUNCH_GROUP', launch_group: { executor: pod.executor, task_group: { tasks: pod.tasks.map((t) => ({ ...t, agent_id: offer.agent_id })) } } }
          : { type: 'LAUNCH', launch: { task_infos: [{ ...taskInfo, agent_id: offer.agent_id }] } };
        await session.call({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: [operation], filters: { refuse_seconds: 3600 } } });
        await session.call({ type: 'SUPPRESS', suppress: { roles: [opts.role] } }).catch(() => undefined);
        if (!opts.detach && !opts.json) outputs = new RunOutputs(session.frameworkId, `${offer.url?.address?.hostname ?? offer.hostname}:${offer.url?.address?.port ?? 5051}`, pod ? podPrefixes(pod) : undefined);
        say(opts, pod ? `pod ${taskId} (tasks ${ids.join(', ')}) launched on agent ${offer.hostname} (${launchedOn})` : `task ${taskId} launched on agent ${offer.hostname} (${launchedOn})`);
        progress.waiting(`the task to start on agent ${offer.hostname}`);
        continue;
      }
      if (e.type === 'UPDATE') {
        const s = e.update.status;
        const id = s.task_id?.value as string;
        if (!ids.includes(id)) {
          await session.acknowledge(s);
          continue;
        }
        if (s.reason === 'REASON_RECONCILIATION' && (s.state === 'TASK_LOST' || s.state === 'TASK_GONE' || s.state === 'TASK_UNKNOWN')) {
          // The terminal update went to `task kill` (acknowledged there): the master's completed tasks have it.
          const done = allTasks(await new OperatorClient(leader).getTasks()).find((t) => t.task_id?.value === id);
          if (done?.state) {
            s.state = done.state;
            s.message = done.statuses?.at(-1)?.message ?? 'killed by plateau task kill';
          }
        }
        last.set(id, s);
        // A pull's progress (TASK_STARTING) shows as bars or lines, not as a state line.
        const pulling = progress.onStatus(s);
        outputs?.onStatus(s);
        // The output before the state that ends it.
        if (TERMINAL_STATES.has(s.state)) await outputs?.finish(id);
        if (opts.json) print(JSON.stringify(s));
        else if (!pulling) say(opts, `${pod ? `${id}: ` : ''}${s.state}${s.message ? `: ${s.message}` : ''}${s.container_status?.container_id?.value && s.state === 'TASK_RUNNING' ? ` (container ${s.container_status.container_id.value})` : ''}`);
        const hint = TERMINAL_STATES.has(s.state) && s.state !== 'TASK_FINISHED' ? failureHint(s, opts.image) : undefined;
        if (hint) say(opts, hint);
        await session.acknowledge(s);
        if (ids.every((x) => TERMINAL_STATES.has(last.get(x)?.state))) break;
      }
    }
  } catch (err) {
    await session.teardown().catch(() => undefined);
    return reportError(err);
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  await session.teardown().catch(() => undefined);
  if (opts.detach) return ids.every((x) => last.get(x)?.state === 'TASK_FINISHED') ? ExitCodes.ok : ExitCodes.failure;
  return pod ? podExitCode(ids.map((x) => last.get(x))) : taskExitCode(last.get(taskId));
}

/** Task id → its name, padded to the longest, before each of its output lines. */
function podPrefixes(pod: PodLaunch): Map<string, string> {
  const names = pod.tasks.map((t) => String(t.name ?? (t.task_id as { value: string }).value));
  const width = Math.max(...names.map((n) => n.length));
  return new Map(pod.tasks.map((t, i) => [(t.task_id as { value: string }).value, `${names[i]!.padEnd(width)} | `]));
}

/** Subscribes again as the same framework, retrying with backoff for up to 30 s. */
async function resubscribe(leader: string, frameworkInfo: Record<string, unknown>, opts: Common): Promise<SchedulerSession> {
  const deadline = Date.now() + 30_000;
  let delay = 1000;
  for (;;) {
    await new Promise((r) => setTimeout(r, delay));
    try {
      const master = await findLeader(opts).catch(() => findLeader({ ...opts, master: leader }));
      return await SchedulerSession.subscribe(master, frameworkInfo);
    } catch (err) {
      if (Date.now() + delay > deadline) throw err;
      delay = Math.min(delay * 2, 5000);
    }
  }
}

/** `task kill`: fails over to the task's framework, sends KILL, waits for a terminal state. */
async function taskKill(id: string, opts: Common & { timeout: string; force?: boolean }): Promise<string> {
  const leader = await findLeader(opts);
  const where = await locateTask(leader, id);
  const taskId = where.task.task_id.value as string;
  if (TERMINAL_STATES.has(where.task.state)) return where.task.state as string;
  const op = new OperatorClient(leader);
  const fws = await op.getFrameworks();
  const fw = (fws.frameworks ?? []).find((f: any) => f.framework_info?.id?.value === where.task.framework_id.value);
  if (fw === undefined) throw new Error(`the framework of task ${id} (${where.task.framework_id.value}) is not active`);
  const info = fw.framework_info;
  if (!(Number(info.failover_timeout ?? 0) > 0) && !opts.force) {
    throw new Error(`framework ${info.id.value} (${info.name}) has no failover timeout: killing through it would tear it down; give --force to do so`);
  }
  const timeoutMs = Number(opts.timeout) * 1000;
  const deadline = Date.now() + timeoutMs;
  const session = await SchedulerSession.subscribe(leader, info);
  try {
    await session.call({ type: 'KILL', kill: { task_id: { value: taskId }, agent_id: where.task.agent_id } });
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let e: SchedulerEvent | undefined;
      try {
        e = await session.next(left);
      } catch {
        break;
      }
      if (e === undefined) break; // the framework took its subscription back: it gets the update
      if (e.type === 'UPDATE') {
        const s = e.update.status;
        if (s.task_id?.value === taskId && TERMINAL_STATES.has(s.state)) {
          await session.acknowledge(s);
          return s.state as string;
        }
      }
    }
  } finally {
    session.close();
  }
  // Watch the master's books for the terminal state.
  for (;;) {
    const t = allTasks(await op.getTasks()).find((x) => x.task_id?.value === taskId);
    if (t === undefined || TERMINAL_STATES.has(t.state)) return (t?.state as string | undefined) ?? 'TASK_KILLED';
    if (Date.now() >= deadline) throw new Error(`task ${taskId} is still ${t.state} ${opts.timeout} s after KILL`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
