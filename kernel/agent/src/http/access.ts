/**
 * Who may act on which container and sandbox of the agent, Mesos's way: the authorizer decides
 * each action (ACCESS_SANDBOX, LAUNCH_NESTED_CONTAINER_SESSION, KILL_NESTED_CONTAINER, ...) on the
 * container's executor and framework, and a caller holding an executor token (claim `cid`) acts
 * only on its own container and the containers nested in it, whatever the authorizer says. That
 * confinement is what keeps a task from acting on another framework's containers through the
 * agent it runs on.
 */
import { forbidden, type HttpAnswer, quote } from '@plateau/mesos';
import { type AgentAuth, type AgentAuthzObject, type AgentCaller, callerName, tokenContainer } from './auth';

/** A container an action applies to: its id, its parent (for a nested one) and its executor. */
export interface ContainerTarget {
  containerId: string;
  /** The container a nested one runs in. */
  parentId?: string;
  /** Every container a nested one runs in, innermost first (parentId, ..., the top-level one). */
  ancestors?: string[];
  /** The framework's user (FrameworkInfo.user), for rules on users. */
  frameworkUser?: string;
  /** The user of the command a call runs (LAUNCH_NESTED_CONTAINER's command_info.user). */
  commandUser?: string;
  frameworkId?: string;
  executorId?: string;
}

/** The authorization object of a container: Mesos's {executor_info, framework_info, container_id}. */
export function containerObject(t: ContainerTarget): AgentAuthzObject {
  const fid = t.frameworkId ?? '';
  const eid = t.executorId ?? '';
  const chain = [t.containerId, ...(t.ancestors ?? (t.parentId === undefined ? [] : [t.parentId]))];
  const cid = chain.reduceRight((inner, value) => (inner === '' ? `{"value":${quote(value)}}` : `{"value":${quote(value)},"parent":${inner}}`), '');
  return {
    type: 'container',
    value: t.containerId,
    json:
      `{"executor_info":{"executor_id":{"value":${quote(eid)}},"framework_id":{"value":${quote(fid)}}},` +
      `"framework_info":{"id":{"value":${quote(fid)}}${t.frameworkUser ? `,"user":${quote(t.frameworkUser)}` : ''}},` +
      `${t.commandUser ? `"command_info":{"user":${quote(t.commandUser)}},` : ''}"container_id":${cid}}`,
  };
}

/** Whether an executor-token caller may touch `t` (always true for other callers). */
export function withinToken(caller: AgentCaller, t: ContainerTarget): boolean {
  const own = tokenContainer(caller);
  return own === undefined || t.containerId === own || t.parentId === own || (t.ancestors ?? []).includes(own);
}

/**
 * Undefined when `caller` may perform `action` on the container `t`; else the 403 to send,
 * naming the caller, the action, the container and the authorizer's reason.
 */
export async function containerAccess(auth: AgentAuth, caller: AgentCaller, action: string, t: ContainerTarget): Promise<HttpAnswer | undefined> {
  if (!withinToken(caller, t)) {
    return forbidden(`${callerName(caller)} may act only on its own container and the containers nested in it, not on '${t.containerId}' (${action})`);
  }
  const d = await auth.authorized(caller, action, containerObject(t));
  if (d.allowed) return undefined;
  return forbidden(`${callerName(caller)} is not authorized to ${action} on container '${t.containerId}'${d.reason ? `: ${d.reason}` : ''}`);
}

/** Undefined when `caller` may read the sandbox of `owner` (ACCESS_SANDBOX); else the 403. */
export function sandboxAccess(auth: AgentAuth, caller: AgentCaller, owner: { frameworkId: string; executorId: string; containerId: string }): Promise<HttpAnswer | undefined> {
  return containerAccess(auth, caller, 'ACCESS_SANDBOX', owner);
}

/** What a caller may see of the agent's state (GET_STATE, GET_TASKS, GET_EXECUTORS, GET_FRAMEWORKS). */
export interface ViewFilter {
  framework(frameworkId: string): boolean;
  executor(frameworkId: string, executorId: string): boolean;
  task(frameworkId: string, taskId: string): boolean;
}

/** Everything visible (no authorizer, no executor token). */
export const SEE_ALL: ViewFilter = { framework: () => true, executor: () => true, task: () => true };

/**
 * The caller's view filter: one AuthorizedMany per action (VIEW_FRAMEWORK, VIEW_EXECUTOR,
 * VIEW_TASK) over every object of that kind; an executor-token caller sees only its own framework
 * and executor, whatever the authorizer says.
 */
export async function viewFilter(
  auth: AgentAuth,
  caller: AgentCaller,
  objects: { frameworks: string[]; executors: Array<{ frameworkId: string; executorId: string }>; tasks: Array<{ frameworkId: string; taskId: string; executorId: string }> },
): Promise<ViewFilter> {
  const fid = caller.claims?.fid;
  const eid = caller.claims?.eid;
  const token = tokenContainer(caller) !== undefined;
  if (!auth.authorizes && !token) return SEE_ALL;
  const frameworkIds = [...new Set(objects.frameworks)].filter((f) => !token || f === fid);
  const executors = objects.executors.filter((e) => !token || (e.frameworkId === fid && e.executorId === eid));
  const tasks = objects.tasks.filter((t) => !token || (t.frameworkId === fid && t.executorId === eid));
  const [fwDecisions, execDecisions, taskDecisions] = await Promise.all([
    auth.authorizedMany(caller, 'VIEW_FRAMEWORK', frameworkIds.map((f) => ({ type: 'framework', value: f, json: `{"framework_info":{"id":{"value":${quote(f)}}}}` }))),
    auth.authorizedMany(
      caller,
      'VIEW_EXECUTOR',
      executors.map((e) => ({ type: 'executor', value: e.executorId, json: `{"executor_info":{"executor_id":{"value":${quote(e.executorId)}},"framework_id":{"value":${quote(e.frameworkId)}}},"framework_info":{"id":{"value":${quote(e.frameworkId)}}}}` })),
    ),
    auth.authorizedMany(caller, 'VIEW_TASK', tasks.map((t) => ({ type: 'task', value: t.taskId, json: `{"task_info":{"task_id":{"value":${quote(t.taskId)}}},"framework_info":{"id":{"value":${quote(t.frameworkId)}}}}` }))),
  ]);
  const visibleFrameworks = new Set(frameworkIds.filter((_, i) => fwDecisions[i]!.allowed));
  const visibleExecutors = new Set(executors.filter((_, i) => execDecisions[i]!.allowed).map((e) => `${e.frameworkId} ${e.executorId}`));
  const visibleTasks = new Set(tasks.filter((_, i) => taskDecisions[i]!.allowed).map((t) => `${t.frameworkId} ${t.taskId}`));
  return {
    framework: (f) => visibleFrameworks.has(f),
    executor: (f, e) => visibleExecutors.has(`${f} ${e}`),
    task: (f, t) => visibleTasks.has(`${f} ${t}`),
  };
}
