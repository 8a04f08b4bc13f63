/**
 * The agent's v1 operator API, `POST /api/v1` (also `/slave(1)/api/v1`):
 *
 *   GET_HEALTH, GET_VERSION, GET_FLAGS (agent-flags.ts), GET_LOGGING_LEVEL / SET_LOGGING_LEVEL
 *   (SET_LOG_LEVEL authorized; @plateau/mesos logging-level), GET_AGENT, GET_STATE (tasks, executors, frameworks) and
 *   GET_TASKS / GET_EXECUTORS / GET_FRAMEWORKS, GET_CONTAINERS (each
 *   running container with its status and usage; `show_nested` adds sessions and nested containers),
 *   LIST_FILES / READ_FILE (sandbox files, confined as /files/*),
 *   LAUNCH_NESTED_CONTAINER_SESSION: runs a command in a running container through the
 *   launcher's Exec (its namespaces and cgroups) and streams its output as RecordIO ProcessIO
 *   records for its lifetime; closing the connection kills it. Its exit status is then answered
 *   by WAIT_CONTAINER on the session's container id,
 *   ATTACH_CONTAINER_OUTPUT: streams a container's stdout and stderr (a task container: its
 *   sandbox files, from their start, until the container ends; a session: its live output),
 *   ATTACH_CONTAINER_INPUT (attach-input.ts): the stdin and terminal size of a session launched
 *   with tty_info (which then runs on a launcher terminal), a streaming RecordIO request,
 *   WAIT_CONTAINER / KILL_CONTAINER on session and task containers,
 *   LAUNCH / WAIT / KILL / REMOVE_NESTED_CONTAINER (nested-calls.ts; WAIT / KILL / REMOVE_CONTAINER
 *   on a nested id too): containers nested in running ones, to 32 levels; sessions and ATTACH
 *   work in them as in top-level containers.
 * Other call types are 501. Bodies are JSON or protobuf by their Content-Type; answers are JSON,
 * or protobuf (`mesos.v1.agent.Response`) when Accept allows only that. Streaming calls need
 * `Accept: application/recordio` (406 otherwise, and for any other call that asks for it); their
 * records are JSON, or protobuf (`mesos.v1.agent.ProcessIO`) when `Message-Accept` allows only
 * that, as `Message-Content-Type` says.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { constants as osConstants } from 'node:os';
import {
  accepts,
  AGENT_RESPONSE,
  type AgentCall,
  AgentInfoSchema,
  APPLICATION_RECORDIO,
  badRequest,
  type BodyFormat,
  conflict,
  type ContainerID,
  ContainerIDSchema,
  ContainerStatusSchema,
  encodeMessage,
  ExecutorInfoSchema,
  forbidden,
  formatMediaType,
  FrameworkInfoSchema,
  type HttpAnswer,
  isBodyFormat,
  LoggingLevel,
  ok,
  MESSAGE_ACCEPT,
  MESSAGE_CONTENT_TYPE,
  notAcceptable,
  notFound,
  notImplemented,
  okJson,
  parseAgentCall,
  processIoRecord,
  quote,
  readCall,
  responseFormat,
  sendAnswer,
  TaskSchema,
  withoutSecretValues,
} from '@plateau/mesos';
import { commandArgs, environmentOf } from '../containerizer/command';
import { messageOf } from '@plateau/kernel';
import type { Agent } from '../agent';
import { browse, closeSandboxPath, openSandboxPath, readAt } from './files';
import { flagsJson, versionJson } from './agent-flags';
import { containerAccess, containerObject, type ContainerTarget, sandboxAccess, SEE_ALL, type ViewFilter, viewFilter, withinToken } from './access';
import { type AgentCaller, callerName, tokenContainer } from './auth';
import type { AgentHttpRequest, AgentRouter } from './router';
import { statistics } from './routes';
import { containerStatusOf } from '../container-networks';
import { chainOfCall, killNested, launchNested, nestedTarget, removeNested, waitNested } from './nested-calls';
import { chainValues } from '../containerizer/nested';
import { type InputTarget, isRecordIoRequest, serveAttachInput, type SessionInput } from './attach-input';

/** A nested session container: a command exec'd in a running container. */
interface Session {
  id: string;
  parent: string;
  startedAt: number;
  /** Resolves with the raw wait status once the command ended (or -1 when it could not run). */
  done: Promise<number>;
  status?: number;
  kill(): void;
  listeners: Set<(stream: 'STDOUT' | 'STDERR', data: Buffer) => void>;
  /** Its stdin and terminal, for ATTACH_CONTAINER_INPUT (a session launched with tty_info). */
  input?: (i: SessionInput) => Promise<void>;
}

/** How long an ended session's status stays answerable by WAIT_CONTAINER, ms. */
const ENDED_SESSION_KEEP_MS = 10 * 60_000;

/** The agent API's state: sessions by container id. */
export class AgentApi {
  readonly sessions = new Map<string, Session>();
  /** The log level SET_LOGGING_LEVEL changes for a while. */
  readonly loggingLevel: LoggingLevel;

  constructor(private readonly agent: Agent) {
    this.loggingLevel = new LoggingLevel(agent.log);
  }

  /** Registers POST /api/v1. */
  register(router: AgentRouter): void {
    router.add(['/api/v1', '/slave(1)/api/v1'], { methods: ['POST'], auth: 'readwrite', handle: (r) => this.handle(r) });
  }

  private async handle({ req, res, caller }: AgentHttpRequest): Promise<void> {
    if (isRecordIoRequest(req)) return serveAttachInput(req, res, (call) => this.openInput(call, caller));
    const parsed = await readCall(req, res, parseAgentCall);
    if (!parsed.ok) return sendAnswer(res, parsed.answer);
    const call = parsed.call;
    const streaming = call.type === 'LAUNCH_NESTED_CONTAINER_SESSION' || call.type === 'ATTACH_CONTAINER_OUTPUT';
    // The encoding of the answer, or of the records of a streaming answer.
    let format: BodyFormat | HttpAnswer;
    if (streaming) {
      if (!accepts(req.headers.accept, APPLICATION_RECORDIO)) return sendAnswer(res, notAcceptable(`Expecting 'Accept' to allow '${APPLICATION_RECORDIO}' for ${call.type}`));
      format = responseFormat(req.headers['message-accept'], MESSAGE_ACCEPT);
    } else {
      format = responseFormat(req.headers.accept);
    }
    if (!isBodyFormat(format)) return sendAnswer(res, format);
    const answerFormat = format;
    const send = (answer: HttpAnswer) => sendAnswer(res, answer, { format: answerFormat, message: AGENT_RESPONSE });
    const refused = await this.authorize(call, caller);
    if (refused) return sendAnswer(res, refused);
    switch (call.type) {
      case 'GET_HEALTH':
        return send(okJson('{"type":"GET_HEALTH","get_health":{"healthy":true}}'));
      case 'GET_VERSION':
        return send(okJson(versionJson(this.agent)));
      case 'GET_LOGGING_LEVEL':
        return send(okJson(`{"type":"GET_LOGGING_LEVEL","get_logging_level":{"level":${this.loggingLevel.verbosity}}}`));
      case 'SET_LOGGING_LEVEL':
        return send(this.setLoggingLevel(call));
      case 'GET_STATE':
        return send(okJson(`{"type":"GET_STATE","get_state":${this.stateJson(await this.viewOf(caller))}}`));
      case 'GET_TASKS':
        return send(okJson(`{"type":"GET_TASKS","get_tasks":${this.stateParts(await this.viewOf(caller)).get_tasks}}`));
      case 'GET_EXECUTORS':
        return send(okJson(`{"type":"GET_EXECUTORS","get_executors":${this.stateParts(await this.viewOf(caller)).get_executors}}`));
      case 'GET_FRAMEWORKS':
        return send(okJson(`{"type":"GET_FRAMEWORKS","get_frameworks":${this.stateParts(await this.viewOf(caller)).get_frameworks}}`));
      case 'GET_AGENT':
        return send(okJson(this.agentJson()));
      case 'GET_FLAGS':
        return send(okJson(flagsJson(this.agent)));
      case 'GET_CONTAINERS':
        return send(okJson(await this.containersJson(call.get_containers?.show_nested ?? false, await this.visibleContainers(caller))));
      case 'LIST_FILES':
        return send(await this.listFiles(call.list_files!.path, caller));
      case 'READ_FILE':
        return send(await this.readFile(call.read_file!.path, call.read_file!.offset, call.read_file!.length, caller));
      case 'LAUNCH_NESTED_CONTAINER_SESSION':
        return this.launchSession(call, req, res, answerFormat);
      case 'ATTACH_CONTAINER_OUTPUT':
        return this.attachOutput(call.attach_container_output!.container_id, req, res, answerFormat);
      case 'WAIT_CONTAINER':
        if (this.agent.nested.get(call.wait_container!.container_id.value)) return send(await waitNested(this.agent, call.wait_container!.container_id, 'WAIT_CONTAINER'));
        return send(await this.waitContainer(call.wait_container!.container_id));
      case 'KILL_CONTAINER':
        if (this.agent.nested.get(call.kill_container!.container_id.value)) return send(await killNested(this.agent, call.kill_container!.container_id, call.kill_container!.signal));
        return send(await this.killContainer(call.kill_container!.container_id, call.kill_container!.signal));
      case 'REMOVE_CONTAINER':
        return send(await removeNested(this.agent, call.remove_container!.container_id));
      case 'LAUNCH_NESTED_CONTAINER':
        return send(await launchNested(this.agent, call, new Set(this.sessions.keys())));
      case 'WAIT_NESTED_CONTAINER':
        return send(await waitNested(this.agent, call.wait_nested_container!.container_id, 'WAIT_NESTED_CONTAINER'));
      case 'KILL_NESTED_CONTAINER':
        return send(await killNested(this.agent, call.kill_nested_container!.container_id, call.kill_nested_container!.signal));
      case 'REMOVE_NESTED_CONTAINER':
        return send(await removeNested(this.agent, call.remove_nested_container!.container_id));
      case 'ATTACH_CONTAINER_INPUT':
        return send(badRequest(`ATTACH_CONTAINER_INPUT is a streaming request: send 'Content-Type: ${APPLICATION_RECORDIO}' with RecordIO records, CONTAINER_ID first`));
      default:
        return send(notImplemented(`The agent does not serve '${call.type}' calls`));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Authorization (Mesos's actions; see access.ts)

  /** What a call acts on, as a container target (undefined for calls on no container). */
  private targetOf(call: AgentCall): { action: string; target: ContainerTarget } | undefined {
    const nestedOr = (cid: ContainerID, nested: string, topLevel: string) => {
      const t = this.containerTarget(cid);
      return { action: t.parentId !== undefined ? nested : topLevel, target: t };
    };
    switch (call.type) {
      case 'LAUNCH_NESTED_CONTAINER_SESSION':
        return { action: 'LAUNCH_NESTED_CONTAINER_SESSION', target: { ...nestedTarget(this.agent, call.launch_nested_container_session!.container_id), commandUser: call.launch_nested_container_session!.command?.user } };
      case 'LAUNCH_NESTED_CONTAINER':
        return { action: 'LAUNCH_NESTED_CONTAINER', target: { ...nestedTarget(this.agent, call.launch_nested_container!.container_id), commandUser: call.launch_nested_container!.command?.user } };
      case 'WAIT_NESTED_CONTAINER':
        return { action: 'WAIT_NESTED_CONTAINER', target: nestedTarget(this.agent, call.wait_nested_container!.container_id) };
      case 'KILL_NESTED_CONTAINER':
        return { action: 'KILL_NESTED_CONTAINER', target: nestedTarget(this.agent, call.kill_nested_container!.container_id) };
      case 'REMOVE_NESTED_CONTAINER':
        return { action: 'REMOVE_NESTED_CONTAINER', target: nestedTarget(this.agent, call.remove_nested_container!.container_id) };
      case 'REMOVE_CONTAINER':
        return nestedOr(call.remove_container!.container_id, 'REMOVE_NESTED_CONTAINER', 'REMOVE_STANDALONE_CONTAINER');
      case 'ATTACH_CONTAINER_OUTPUT':
        return { action: 'ATTACH_CONTAINER_OUTPUT', target: this.containerTarget(call.attach_container_output!.container_id) };
      case 'ATTACH_CONTAINER_INPUT':
        return { action: 'ATTACH_CONTAINER_INPUT', target: this.containerTarget(call.attach_container_input!.container_id!) };
      case 'WAIT_CONTAINER':
        return nestedOr(call.wait_container!.container_id, 'WAIT_NESTED_CONTAINER', 'WAIT_STANDALONE_CONTAINER');
      case 'KILL_CONTAINER':
        return nestedOr(call.kill_container!.container_id, 'KILL_NESTED_CONTAINER', 'KILL_STANDALONE_CONTAINER');
      default:
        return undefined;
    }
  }

  /** A container id as a target: a session (nested in its parent), a task container, or unknown. */
  private containerTarget(cid: ContainerID): ContainerTarget {
    if (this.agent.nested.get(cid.value)) return nestedTarget(this.agent, cid);
    const session = this.sessions.get(cid.value);
    if (session !== undefined && this.agent.nested.get(session.parent)) {
      const parent = nestedTarget(this.agent, { value: session.parent });
      return { ...parent, containerId: cid.value, parentId: session.parent, ancestors: [session.parent, ...(parent.ancestors ?? [])] };
    }
    const top = this.agent.containers.get(session?.parent ?? cid.value);
    const parentId = session?.parent ?? cid.parent?.value;
    return { containerId: cid.value, parentId, frameworkId: top?.frameworkId, executorId: top?.executorId };
  }

  /** Undefined when `caller` may make the call; else the 403 (or 401-free refusal) to send. */
  private async authorize(call: AgentCall, caller: AgentCaller): Promise<HttpAnswer | undefined> {
    const auth = this.agent.auth;
    if (call.type === 'GET_FLAGS' || call.type === 'SET_LOGGING_LEVEL') {
      const action = call.type === 'GET_FLAGS' ? 'VIEW_FLAGS' : 'SET_LOG_LEVEL';
      const d = await auth.authorized(caller, action);
      return d.allowed ? undefined : forbidden(`${callerName(caller)} is not authorized to ${action}${d.reason ? `: ${d.reason}` : ''}`);
    }
    const t = this.targetOf(call);
    return t === undefined ? undefined : containerAccess(auth, caller, t.action, t.target);
  }

  /** The caller's view of the state (everything without an authorizer or executor token). */
  private viewOf(caller: AgentCaller): Promise<ViewFilter> {
    const a = this.agent;
    const tasks = [...a.tasks.values()].map((t) => ({ frameworkId: t.frameworkId, taskId: t.taskId, executorId: t.executorId }));
    const executors = [...new Map(tasks.map((t) => [`${t.frameworkId} ${t.executorId}`, { frameworkId: t.frameworkId, executorId: t.executorId }])).values()];
    return viewFilter(a.auth, caller, { frameworks: [...a.frameworks.keys()], executors, tasks });
  }

  /** The containers the caller may see (VIEW_CONTAINER, one AuthorizedMany; an executor token: its own and nested). */
  private async visibleContainers(caller: AgentCaller): Promise<(id: string) => boolean> {
    if (!this.agent.auth.authorizes && tokenContainer(caller) === undefined) return () => true;
    const targets: ContainerTarget[] = [
      ...[...this.agent.containers.values()].map((c) => ({ containerId: c.containerId, frameworkId: c.frameworkId, executorId: c.executorId })),
      ...[...this.sessions.values()].map((s) => this.containerTarget({ value: s.id, parent: { value: s.parent } })),
      ...this.agent.nested.all().map((n) => nestedTarget(this.agent, n.containerId)),
    ].filter((t) => withinToken(caller, t));
    const decisions = await this.agent.auth.authorizedMany(caller, 'VIEW_CONTAINER', targets.map(containerObject));
    const visible = new Set(targets.filter((_, i) => decisions[i]!.allowed).map((t) => t.containerId));
    return (id) => visible.has(id);
  }

  // ------------------------------------------------------------------------------------------
  // Views

  /** The parts of Response.GetState, each JSON text (int64 values exact), as far as `view` shows them. */
  stateParts(view: ViewFilter = SEE_ALL): Record<'get_tasks' | 'get_executors' | 'get_frameworks', string> {
    const a = this.agent;
    const launched: string[] = [];
    const completed: string[] = [];
    const executors = new Map<string, string>();
    for (const t of a.tasks.values()) {
      if (!view.framework(t.frameworkId)) continue;
      const key = `${t.frameworkId} ${t.executorId}`;
      if (view.executor(t.frameworkId, t.executorId) && !executors.has(key)) {
        const info = t.executorInfo ?? t.info.executor ?? {
          executor_id: { value: t.executorId },
          name: `Command Executor (Task: ${t.taskId})`,
          command: t.info.command,
          resources: [],
        };
        executors.set(key, `{"executor_info":${encodeMessage(ExecutorInfoSchema, withoutSecretValues({ ...info, framework_id: { value: t.frameworkId } }))}}`);
      }
      if (!view.task(t.frameworkId, t.taskId)) continue;
      const json = encodeMessage(TaskSchema, a.taskView(t));
      const terminal = ['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR', 'TASK_DROPPED', 'TASK_GONE'].includes(t.state);
      (terminal ? completed : launched).push(json);
    }
    const frameworks = [...a.frameworks.values()].filter((f) => view.framework(f.id?.value ?? '')).map((f) => `{"framework_info":${encodeMessage(FrameworkInfoSchema, f)}}`);
    return {
      get_tasks: `{"launched_tasks":[${launched.join(',')}],"completed_tasks":[${completed.join(',')}]}`,
      get_executors: `{"executors":[${[...executors.values()].join(',')}]}`,
      get_frameworks: `{"frameworks":[${frameworks.join(',')}]}`,
    };
  }

  /** Response.GetState: get_tasks, get_executors, get_frameworks (as far as `view` shows them). */
  stateJson(view: ViewFilter = SEE_ALL): string {
    const p = this.stateParts(view);
    return `{"get_tasks":${p.get_tasks},"get_executors":${p.get_executors},"get_frameworks":${p.get_frameworks}}`;
  }

  /** Response.GetAgent: the AgentInfo. */
  private agentJson(): string {
    const a = this.agent;
    const info = { hostname: a.advertisedHostname, port: a.advertisedPort, id: { value: a.agentId }, resources: a.resources as never, attributes: a.attributes };
    return `{"type":"GET_AGENT","get_agent":{"agent_info":${encodeMessage(AgentInfoSchema, info)}}}`;
  }

  /** SET_LOGGING_LEVEL: `level` (glog verbosity) for `duration` (authorized as SET_LOG_LEVEL above). */
  private setLoggingLevel(call: AgentCall): HttpAnswer {
    const parsed = LoggingLevel.parse(call.set_logging_level, 'set_logging_level');
    if (!parsed.ok) return parsed.answer;
    const level = this.loggingLevel.set(parsed.level, parsed.ms);
    this.agent.log.warn({ verbosity: parsed.level, level, forMs: parsed.ms, revertsTo: this.loggingLevel.initial }, 'logging level set by the operator');
    return ok();
  }

  /** Response.GetContainers of the running containers (and sessions with `nested`) that `visible` shows. */
  async containersJson(nested: boolean, visible: (containerId: string) => boolean = () => true): Promise<string> {
    const stats = (await statistics(this.agent)) as { container_id: string; statistics: Record<string, unknown> }[];
    const byId = new Map(stats.map((s) => [s.container_id, s.statistics]));
    const out: string[] = [];
    for (const c of this.agent.containers.values()) {
      if (c.phase !== 'running' || !visible(c.containerId)) continue;
      const t = this.agent.tasks.get(`${c.frameworkId} ${c.taskIds[0] ?? ''}`);
      // A pod's executor container holds no task of its own: it is the default executor's.
      const name = t?.executorInfo?.name ?? t?.info.executor?.name ?? (c.taskIds.length === 0 ? `Default Executor (${c.executorId})` : `Command Executor (Task: ${c.taskIds[0]})`);
      const usage = byId.get(c.containerId) ?? {};
      const statsJson = JSON.stringify({ ...Object.fromEntries(Object.entries(usage).filter(([k]) => k !== 'error')), timestamp: usage.timestamp ?? Date.now() / 1000 });
      out.push(
        `{"framework_id":{"value":${quote(c.frameworkId)}},"executor_id":{"value":${quote(c.executorId)}},"executor_name":${quote(name)},` +
          `"container_id":{"value":${quote(c.containerId)}},"container_status":${encodeMessage(ContainerStatusSchema, containerStatusOf(c))},` +
          `"resource_statistics":${statsJson}}`,
      );
    }
    if (nested) {
      for (const n of this.agent.nested.all()) {
        if (n.phase !== 'running' || !visible(n.containerId.value)) continue;
        const usage = await this.agent.containerizer.usage(n.containerId.value).catch(() => undefined);
        const cid = encodeMessage(ContainerIDSchema, n.containerId);
        out.push(
          `{"framework_id":{"value":${quote(n.frameworkId)}},"executor_id":{"value":${quote(n.executorId)}},"container_id":${cid},` +
            `"container_status":{"container_id":${cid}${n.pid ? `,"executor_pid":${n.pid}` : ''}}${usage ? `,"resource_statistics":${JSON.stringify(usage)}` : ''}}`,
        );
      }
      for (const s of this.sessions.values()) {
        if (s.status !== undefined || !visible(s.id)) continue;
        const cid = `{"value":${quote(s.id)},"parent":{"value":${quote(s.parent)}}}`;
        out.push(`{"container_id":${cid},"container_status":{"container_id":${cid}}}`);
      }
    }
    return `{"type":"GET_CONTAINERS","get_containers":{"containers":[${out.join(',')}]}}`;
  }

  private async listFiles(path: string, caller: AgentCaller): Promise<HttpAnswer> {
    const r = openSandboxPath(this.agent.opts.workDir, this.agent.agentId, path);
    if (!r.ok) return r.answer;
    let listed: Record<string, unknown>[];
    try {
      const refused = await sandboxAccess(this.agent.auth, caller, r.owner);
      if (refused) return refused;
      listed = browse(path, r);
    } finally {
      closeSandboxPath(r);
    }
    const infos = listed.map((f) => {
      const mtime = `{"nanoseconds":${BigInt(f.mtime as number) * 1_000_000_000n}}`;
      return `{"path":${quote(String(f.path))},"nlink":${f.nlink},"size":${f.size},"mtime":${mtime},"mode":${parseInt(modeBits(String(f.mode)), 8)},"uid":${quote(String(f.uid))},"gid":${quote(String(f.gid))}}`;
    });
    return okJson(`{"type":"LIST_FILES","list_files":{"file_infos":[${infos.join(',')}]}}`);
  }

  private async readFile(path: string, offset: number, length: number | undefined, caller: AgentCaller): Promise<HttpAnswer> {
    const r = openSandboxPath(this.agent.opts.workDir, this.agent.agentId, path);
    if (!r.ok) return r.answer;
    let out: { data: Buffer; offset: number };
    try {
      const refused = await sandboxAccess(this.agent.auth, caller, r.owner);
      if (refused) return refused;
      if (r.stats.isDirectory()) return badRequest('Cannot read a directory');
      out = await readAt(r, offset, length);
    } finally {
      closeSandboxPath(r);
    }
    return okJson(`{"type":"READ_FILE","read_file":{"size":${r.stats.size},"data":${quote(out.data.toString('base64'))}}}`);
  }

  // ------------------------------------------------------------------------------------------
  // Sessions

  private async launchSession(call: AgentCall, req: AgentHttpRequest['req'], res: AgentHttpRequest['res'], format: BodyFormat): Promise<void> {
    const spec = call.launch_nested_container_session!;
    const id = spec.container_id.value;
    const parent = spec.container_id.parent!;
    // The parent: a top-level container, or a nested one (its whole chain as given).
    const n = parent.parent !== undefined ? this.agent.nested.get(parent.value) : undefined;
    if (parent.parent !== undefined && (n === undefined || chainValues(n.containerId).join('/') !== chainValues(chainOfCall(parent)).join('/'))) {
      return sendAnswer(res, notFound(`Parent container '${parent.value}' is not a nested container of '${parent.parent.value}' on this agent`));
    }
    if (!this.agent.nested.running(parent.value)) return sendAnswer(res, notFound(`Parent container '${parent.value}' is not running on this agent`));
    if (this.sessions.has(id) || this.agent.containers.has(id) || this.agent.nested.get(id)) return sendAnswer(res, conflict(`Container id '${id}' is already in use`));
    let args: string[];
    let env;
    try {
      args = commandArgs(spec.command, null);
      env = environmentOf(spec.command?.environment);
    } catch (err) {
      return sendAnswer(res, badRequest(`Invalid command: ${messageOf(err)}`));
    }
    // A terminal: the session's input comes through ATTACH_CONTAINER_INPUT (stdin, window sizes).
    const tty = spec.container?.tty_info;
    const size = tty?.window_size;
    const user = spec.command?.user ? { name: spec.command.user } : null;
    const stream = this.agent.modules.containerizer.launcher.module.exec({
      containerId: { value: parent.value },
      args,
      environment: [...env, { name: 'MESOS_CONTAINER_ID', value: id }],
      workingDir: '',
      user,
      ...(tty ? { tty: { rows: size?.rows || 24, columns: size?.columns || 80 }, interactive: true, execId: id } : {}),
    });
    const it = stream[Symbol.asyncIterator]();
    let settle!: (status: number) => void;
    const session: Session = {
      id,
      parent: parent.value,
      startedAt: Date.now(),
      done: new Promise<number>((r) => (settle = r)),
      kill: () => void it.return?.(),
      listeners: new Set(),
      ...(tty
        ? {
            input: async (i: SessionInput) => {
              await this.agent.modules.containerizer.launcher.module.execInput({
                containerId: { value: parent.value },
                execId: id,
                ...(i.stdin ? { stdin: i.stdin } : {}),
                closeStdin: i.closeStdin ?? false,
                windowSize: i.windowSize ?? null,
              });
            },
          }
        : {}),
    };
    this.sessions.set(id, session);
    const finish = (status: number) => {
      if (session.status !== undefined) return;
      session.status = status;
      settle(status);
      const timer = setTimeout(() => this.sessions.delete(id), ENDED_SESSION_KEEP_MS);
      timer.unref();
    };
    // The first piece decides between 200 + stream and an error answer.
    let first: IteratorResult<Awaited<ReturnType<typeof it.next>>['value']>;
    try {
      first = await it.next();
    } catch (err) {
      finish(-1);
      // A launcher that gives no terminal: refused naming the field, never a session without one.
      if (tty) return sendAnswer(res, badRequest(`container.tty_info: could not launch the session with a terminal in container '${parent.value}': ${messageOf(err)}`));
      return sendAnswer(res, badRequest(`Could not launch the session in container '${parent.value}': ${messageOf(err)}`));
    }
    res.writeHead(200, { 'Content-Type': APPLICATION_RECORDIO, [MESSAGE_CONTENT_TYPE]: formatMediaType(format), 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    let closed = false;
    res.on('close', () => {
      if (session.status === undefined) {
        closed = true;
        session.kill();
        // The exec'd process is killed; its status is that of SIGKILL unless it ended first.
        finish(9);
      }
    });
    const write = (s: 'STDOUT' | 'STDERR', data: Buffer) => {
      if (!closed && !res.writableEnded) res.write(processIoRecord(format, s, data));
      for (const l of session.listeners) l(s, data);
    };
    try {
      for (let r = first; !r.done; r = await it.next()) {
        const o = r.value;
        if (o.output === 'stdout' && o.stdout) write('STDOUT', Buffer.from(o.stdout));
        else if (o.output === 'stderr' && o.stderr) write('STDERR', Buffer.from(o.stderr));
        else if (o.output === 'exit') finish(o.exit?.status ?? -1);
      }
    } catch (err) {
      this.agent.log.warn({ containerId: id, err: messageOf(err) }, 'nested container session failed');
    } finally {
      finish(session.status ?? -1);
      for (const l of session.listeners) l('STDOUT', Buffer.alloc(0));
      session.listeners.clear();
      if (!res.writableEnded) res.end();
      // A session container is gone with its command: what it left running (children of a shell
      // that was killed, background jobs) is killed too.
      await killSessionProcesses(id).catch(() => 0);
    }
  }

  /** The CONTAINER_ID record of ATTACH_CONTAINER_INPUT: authorized, and a running session that takes input. */
  private async openInput(call: AgentCall, caller: AgentCaller): Promise<InputTarget | HttpAnswer> {
    const refused = await this.authorize(call, caller);
    if (refused) return refused;
    const id = call.attach_container_input!.container_id!.value;
    const session = this.sessions.get(id);
    if (session === undefined) return notFound(`Container '${id}' is not a session on this agent (ATTACH_CONTAINER_INPUT feeds sessions launched with tty_info)`);
    if (session.status !== undefined) return conflict(`Container '${id}' has ended`);
    if (session.input === undefined) return conflict(`Container '${id}' takes no input: launch its session with container.tty_info`);
    const input = session.input;
    return {
      input: async (i) => {
        // Input after the session ended has nowhere to go.
        if (session.status === undefined) await input(i).catch((err) => this.agent.log.debug({ containerId: id, err: messageOf(err) }, 'session input not delivered'));
      },
    };
  }

  // ------------------------------------------------------------------------------------------
  // Attach

  private async attachOutput(cid: ContainerID, req: AgentHttpRequest['req'], res: AgentHttpRequest['res'], format: BodyFormat): Promise<void> {
    const session = this.sessions.get(cid.value);
    if (session !== undefined) {
      if (session.status !== undefined) return sendAnswer(res, conflict(`Container '${cid.value}' has ended`));
      res.writeHead(200, { 'Content-Type': APPLICATION_RECORDIO, [MESSAGE_CONTENT_TYPE]: formatMediaType(format) });
      res.flushHeaders();
      const listener = (s: 'STDOUT' | 'STDERR', data: Buffer) => {
        if (data.length === 0) res.end();
        else res.write(processIoRecord(format, s, data));
      };
      session.listeners.add(listener);
      req.socket.once('close', () => session.listeners.delete(listener));
      return;
    }
    // A task container's output, or a nested container's (until it exits).
    const top = cid.parent === undefined ? this.agent.containers.get(cid.value) : undefined;
    const nested = top === undefined ? this.agent.nested.get(cid.value) : undefined;
    const c = top ?? (nested && nested.phase !== 'exited' ? { containerId: cid.value, sandbox: nested.sandbox } : undefined);
    if (c === undefined) return sendAnswer(res, notFound(`Container '${cid.value}' is not running on this agent`));
    const stillRunning = () => (top ? this.agent.containers.get(top.containerId) === top && top.phase === 'running' : nested!.phase !== 'exited');
    res.writeHead(200, { 'Content-Type': APPLICATION_RECORDIO, [MESSAGE_CONTENT_TYPE]: formatMediaType(format) });
    res.flushHeaders();
    let closed = false;
    res.on('close', () => (closed = true));
    const files = [
      { stream: 'STDOUT' as const, path: join(c.sandbox, 'stdout'), offset: 0 },
      { stream: 'STDERR' as const, path: join(c.sandbox, 'stderr'), offset: 0 },
    ];
    const drain = async () => {
      for (const f of files) {
        for (;;) {
          let size: number;
          try {
            size = (await stat(f.path)).size;
          } catch {
            break;
          }
          if (size < f.offset) f.offset = 0; // rotated (copy-truncate)
          if (size === f.offset) break;
          const want = Math.min(size - f.offset, 1 << 20);
          const fh = await open(f.path, 'r');
          try {
            const buf = Buffer.alloc(want);
            const { bytesRead } = await fh.read(buf, 0, want, f.offset);
            if (bytesRead === 0) break;
            f.offset += bytesRead;
            if (!closed) res.write(processIoRecord(format, f.stream, buf.subarray(0, bytesRead)));
          } finally {
            await fh.close();
          }
        }
      }
    };
    try {
      while (!closed) {
        const running = stillRunning();
        await drain();
        if (!running) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } catch (err) {
      this.agent.log.warn({ containerId: c.containerId, err: messageOf(err) }, 'attach to container output failed');
    }
    if (!res.writableEnded) res.end();
  }

  // ------------------------------------------------------------------------------------------
  // Wait and kill

  private async waitContainer(cid: ContainerID): Promise<HttpAnswer> {
    const session = this.sessions.get(cid.value);
    if (session !== undefined) {
      const status = await session.done;
      return okJson(`{"type":"WAIT_CONTAINER","wait_container":{"exit_status":${status}}}`);
    }
    const c = this.agent.containers.get(cid.value);
    if (c === undefined || cid.parent !== undefined) return notFound(`Container '${cid.value}' is not running on this agent`);
    try {
      const term = await this.agent.containerizer.wait(c.containerId);
      return okJson(`{"type":"WAIT_CONTAINER","wait_container":{"exit_status":${term.status}}}`);
    } catch (err) {
      return notFound(`Container '${cid.value}': ${messageOf(err)}`);
    }
  }

  private async killContainer(cid: ContainerID, signal: number | undefined): Promise<HttpAnswer> {
    const session = this.sessions.get(cid.value);
    if (session !== undefined) {
      session.kill();
      await killSessionProcesses(session.id);
      return okJson('');
    }
    const c = this.agent.containers.get(cid.value);
    if (c === undefined || cid.parent !== undefined) return notFound(`Container '${cid.value}' is not running on this agent`);
    const name = Object.entries(osConstants.signals).find(([, n]) => n === (signal ?? 9))?.[0];
    if (name === undefined) return badRequest(`Unknown signal ${signal}`);
    await this.agent.modules.containerizer.launcher.module.kill({ containerId: { value: c.containerId }, signal: name, all: true });
    return okJson('');
  }
}

/** "-rwxr-xr-x" → "755"-style octal digits of the permission bits (plus the file type bit). */
function modeBits(mode: string): string {
  let n = 0;
  for (let i = 1; i < 10; i++) if (mode[i] !== '-') n |= 1 << (9 - i);
  if (mode[0] === 'd') n |= 0o40000;
  else if (mode[0] === '-') n |= 0o100000;
  return n.toString(8);
}


/**
 * SIGKILLs every process of a session: they carry MESOS_CONTAINER_ID=<session id> in their
 * environment (set at exec, inherited by their children), whatever became of the exec'd process.
 */
export async function killSessionProcesses(sessionId: string): Promise<number> {
  const marker = Buffer.from(`\0MESOS_CONTAINER_ID=${sessionId}\0`);
  const first = Buffer.from(`MESOS_CONTAINER_ID=${sessionId}\0`);
  let killed = 0;
  for (let round = 0; round < 3; round++) {
    let found = 0;
    for (const name of await readdir('/proc').catch(() => [] as string[])) {
      if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
      let env: Buffer;
      try {
        env = await readFile(`/proc/${name}/environ`);
      } catch {
        continue;
      }
      if (env.includes(marker) || env.subarray(0, first.length).equals(first)) {
        try {
          process.kill(Number(name), 'SIGKILL');
          found++;
        } catch {
          // gone
        }
      }
    }
    killed += found;
    if (found === 0) break;
  }
  return killed;
}
