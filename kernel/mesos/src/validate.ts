/**
 * Validation of v1 API calls beyond JSON types, in three tiers as Mesos has them:
 *
 * - call validation (`validateSchedulerCall`, `validateMasterCall`): the call as a whole is
 *   malformed; the master answers 400 with a message naming the field;
 * - subscription validation (`validateFrameworkInfo`): the SUBSCRIBE is answered 200 and the stream
 *   carries one ERROR event;
 * - launch validation (`validateOfferOperation`, `validateTaskInfo`): the call is accepted (202)
 *   and the tasks or operations fail with TASK_ERROR / OPERATION_ERROR.
 *
 * Every check returns `Issue[]` (`{path, message}`), empty when all is well.
 * `parseSchedulerCall` / `parseMasterCall` run the whole chain on a request body and say what to
 * answer.
 */
import { badRequest, notImplemented, payloadTooLarge, type HttpAnswer } from './errors';
import { JsonSyntaxError, formatIssue, parseJson, tryDecode, type Issue, type MessageType } from './json';
import type { BodyFormat } from './negotiate';
import { decodeProtobuf, ProtobufError } from './protobuf';
import { CallSchema, MasterCallSchema } from './generated/schema';
import { validateDockerInfo } from './docker-info';
import { validateCheckInfo, validateHealthCheck } from './validate-checks';
import { validateCommandUris } from './validate-uris';
import { validateVolumes } from './validate-volumes';
import type { Call, Call_Type, ExecutorInfo, FrameworkInfo, MasterCall, MasterCall_Type, Offer_Operation, TaskInfo } from './generated/types';

export type { Issue } from './json';

// ---------------------------------------------------------------------------------------------
// Body size

/** Largest request body the v1 APIs read: 16 MiB. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Checks a declared Content-Length before reading: over the limit → 413, not a length → 400,
 * absent or fine → undefined (a chunked body is limited while reading, by `readRequestBody`).
 */
export function checkBodySize(contentLength: string | number | undefined, limit: number = MAX_BODY_BYTES): HttpAnswer | undefined {
  if (contentLength === undefined) return undefined;
  const text = String(contentLength).trim();
  if (!/^[0-9]+$/.test(text)) return badRequest(`Invalid 'Content-Length' header: ${JSON.stringify(text)}`);
  return Number(text) > limit ? payloadTooLarge(limit) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Scheduler calls (400 on failure)

/** Body field of each scheduler call type that must carry one. */
const SCHEDULER_BODY: Partial<Record<Call_Type, keyof Call>> = {
  SUBSCRIBE: 'subscribe',
  ACCEPT: 'accept',
  DECLINE: 'decline',
  ACCEPT_INVERSE_OFFERS: 'accept_inverse_offers',
  DECLINE_INVERSE_OFFERS: 'decline_inverse_offers',
  KILL: 'kill',
  SHUTDOWN: 'shutdown',
  ACKNOWLEDGE: 'acknowledge',
  ACKNOWLEDGE_OPERATION_STATUS: 'acknowledge_operation_status',
  RECONCILE: 'reconcile',
  RECONCILE_OPERATIONS: 'reconcile_operations',
  MESSAGE: 'message',
  REQUEST: 'request',
  UPDATE_FRAMEWORK: 'update_framework',
};

/** Body field of each offer operation type. */
const OPERATION_BODY: Record<Exclude<Offer_Operation['type'], undefined | 'UNKNOWN'>, keyof Offer_Operation> = {
  LAUNCH: 'launch',
  LAUNCH_GROUP: 'launch_group',
  RESERVE: 'reserve',
  UNRESERVE: 'unreserve',
  CREATE: 'create',
  DESTROY: 'destroy',
  GROW_VOLUME: 'grow_volume',
  SHRINK_VOLUME: 'shrink_volume',
  CREATE_DISK: 'create_disk',
  DESTROY_DISK: 'destroy_disk',
};

const present = (field: string) => `Expecting '${field}' to be present`;

/** Tracks issues under a root path. */
class Issues {
  readonly list: Issue[] = [];
  constructor(private readonly root: string) {}
  add(path: string, message: string): void {
    this.list.push({ path: path ? `${this.root}.${path}` : this.root, message });
  }
  /** Adds "Expecting 'x' to be present" when `value` is absent; returns whether it is present. */
  need(value: unknown, path: string): boolean {
    if (value !== undefined && value !== null) return true;
    this.add(path, present(path.slice(path.lastIndexOf('.') + 1)));
    return false;
  }
  /** Adds an issue when a repeated field is absent or empty; returns whether it has elements. */
  needSome(value: readonly unknown[] | undefined, path: string, what: string): boolean {
    if (value !== undefined && value.length > 0) return true;
    this.add(path, `Expecting at least one ${what}`);
    return false;
  }
}

function uuidIssue(uuid: Uint8Array | undefined): string | undefined {
  if (uuid === undefined) return undefined;
  return uuid.length === 16 ? undefined : `Invalid UUID: expected 16 bytes, got ${uuid.length}`;
}

/**
 * Validates a decoded scheduler call as Mesos's `scheduler::call::validate` does, plus structural
 * checks of ACCEPT's operations: `type` present; for SUBSCRIBE, `subscribe.framework_info` with
 * `user` and `name`, and `framework_id` equal to `subscribe.framework_info.id` (both may be
 * absent); for every other type `framework_id` present; each type's body present where it needs
 * one (REVIVE and SUPPRESS bodies are optional) with its required fields; ACCEPT with offer ids and
 * operations, each operation with a type and its matching body; DECLINE with offer ids;
 * acknowledgement uuids of 16 bytes; UPDATE_FRAMEWORK's `framework_info.id` equal to
 * `framework_id`. Call type UNKNOWN passes (the master answers 501).
 */
export function validateSchedulerCall(call: Call, root = 'call'): Issue[] {
  const is = new Issues(root);
  if (call.type === undefined) {
    is.add('type', present('type'));
    return is.list;
  }
  const body = SCHEDULER_BODY[call.type];
  if (call.type === 'SUBSCRIBE') {
    if (!is.need(call.subscribe, 'subscribe')) return is.list;
    const info = call.subscribe!.framework_info;
    if (is.need(info, 'subscribe.framework_info')) frameworkInfoRequired(is, info, 'subscribe.framework_info');
    if (call.framework_id?.value !== info?.id?.value) {
      is.add('framework_id', "'framework_id' differs from 'subscribe.framework_info.id'");
    }
    return is.list;
  }
  is.need(call.framework_id, 'framework_id');
  if (body !== undefined && !is.need(call[body], body)) return is.list;

  switch (call.type) {
    case 'ACCEPT': {
      const a = call.accept!;
      is.needSome(a.offer_ids, 'accept.offer_ids', 'offer id');
      if (is.needSome(a.operations, 'accept.operations', 'operation')) {
        a.operations!.forEach((op, i) => operationStructure(is, op, `accept.operations[${i}]`));
      }
      break;
    }
    case 'DECLINE':
      is.needSome(call.decline!.offer_ids, 'decline.offer_ids', 'offer id');
      break;
    case 'ACCEPT_INVERSE_OFFERS':
      is.needSome(call.accept_inverse_offers!.inverse_offer_ids, 'accept_inverse_offers.inverse_offer_ids', 'inverse offer id');
      break;
    case 'DECLINE_INVERSE_OFFERS':
      is.needSome(call.decline_inverse_offers!.inverse_offer_ids, 'decline_inverse_offers.inverse_offer_ids', 'inverse offer id');
      break;
    case 'KILL':
      is.need(call.kill!.task_id, 'kill.task_id');
      if ((call.kill!.kill_policy?.grace_period?.nanoseconds ?? 0n) < 0n) is.add('kill.kill_policy.grace_period', "'kill_policy.grace_period' must be non-negative");
      break;
    case 'SHUTDOWN':
      is.need(call.shutdown!.executor_id, 'shutdown.executor_id');
      is.need(call.shutdown!.agent_id, 'shutdown.agent_id');
      break;
    case 'ACKNOWLEDGE': {
      const a = call.acknowledge!;
      is.need(a.agent_id, 'acknowledge.agent_id');
      is.need(a.task_id, 'acknowledge.task_id');
      if (is.need(a.uuid, 'acknowledge.uuid')) {
        const bad = uuidIssue(a.uuid);
        if (bad) is.add('acknowledge.uuid', bad);
      }
      break;
    }
    case 'ACKNOWLEDGE_OPERATION_STATUS': {
      const a = call.acknowledge_operation_status!;
      is.need(a.operation_id, 'acknowledge_operation_status.operation_id');
      if (is.need(a.uuid, 'acknowledge_operation_status.uuid')) {
        const bad = uuidIssue(a.uuid);
        if (bad) is.add('acknowledge_operation_status.uuid', bad);
      }
      if (a.agent_id === undefined && a.resource_provider_id === undefined) {
        is.add('acknowledge_operation_status', "Expecting 'agent_id' or 'resource_provider_id' to be present");
      }
      break;
    }
    case 'RECONCILE':
      (call.reconcile!.tasks ?? []).forEach((t, i) => is.need(t.task_id, `reconcile.tasks[${i}].task_id`));
      break;
    case 'RECONCILE_OPERATIONS':
      (call.reconcile_operations!.operations ?? []).forEach((o, i) =>
        is.need(o.operation_id, `reconcile_operations.operations[${i}].operation_id`),
      );
      break;
    case 'MESSAGE':
      is.need(call.message!.agent_id, 'message.agent_id');
      is.need(call.message!.executor_id, 'message.executor_id');
      is.need(call.message!.data, 'message.data');
      break;
    case 'UPDATE_FRAMEWORK': {
      const info = call.update_framework!.framework_info;
      if (is.need(info, 'update_framework.framework_info')) {
        frameworkInfoRequired(is, info, 'update_framework.framework_info');
        if (call.framework_id !== undefined && call.framework_id.value !== info.id?.value) {
          is.add('update_framework.framework_info.id', "'framework_id' differs from 'update_framework.framework_info.id'");
        }
      }
      break;
    }
    default:
      break;
  }
  return is.list;
}

function frameworkInfoRequired(is: Issues, info: FrameworkInfo, path: string): void {
  if (typeof info.user !== 'string') is.add(`${path}.user`, 'missing required field');
  if (typeof info.name !== 'string') is.add(`${path}.name`, 'missing required field');
}

function operationStructure(is: Issues, op: Offer_Operation, path: string): void {
  if (op.type === undefined || op.type === 'UNKNOWN') {
    is.add(`${path}.type`, op.type === undefined ? present('type') : "Unknown operation type 'UNKNOWN'");
    return;
  }
  is.need(op[OPERATION_BODY[op.type]], `${path}.${OPERATION_BODY[op.type]}`);
}

// ---------------------------------------------------------------------------------------------
// Stream id (400 on failure)

/** Header that ties a scheduler's calls to its subscription stream. */
export const MESOS_STREAM_ID_HEADER = 'Mesos-Stream-Id';

/**
 * Checks the `Mesos-Stream-Id` header: absent on SUBSCRIBE; on every other call present and equal
 * to the framework's current stream id. Returns the 400 to answer, or undefined.
 */
export function checkStreamId(
  type: Call_Type | undefined,
  header: string | undefined,
  current: string | undefined,
  frameworkId?: string,
): HttpAnswer | undefined {
  if (type === 'SUBSCRIBE') {
    return header === undefined ? undefined : badRequest(`Subscribe calls should not include the '${MESOS_STREAM_ID_HEADER}' header`);
  }
  if (header === undefined) return badRequest(`All non-subscribe calls should include the '${MESOS_STREAM_ID_HEADER}' header`);
  if (header !== current) {
    const who = frameworkId === undefined ? '' : ` ${frameworkId}`;
    return badRequest(
      `The stream ID '${header}' included in this request didn't match the stream ID currently associated with framework ID${who}`,
    );
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Subscription (ERROR event on failure)

/**
 * Checks a role name as Mesos's `roles::validate`: `*` is fine; otherwise not empty, no leading or
 * trailing slash, no empty, `.`, `..` or `*` path component, no component starting with `-`, no
 * whitespace or control characters. Returns the problem, or undefined.
 */
export function roleIssue(role: string): string | undefined {
  if (role === '*') return undefined;
  if (role === '') return 'Empty role name is invalid';
  if (role.startsWith('/')) return `Role '${role}' cannot start with a slash`;
  if (role.endsWith('/')) return `Role '${role}' cannot end with a slash`;
  if (/[\x00-\x20\x7f]/.test(role)) return `Role '${role}' cannot include whitespace or control characters`;
  for (const c of role.split('/')) {
    if (c === '') return `Role '${role}' cannot contain two adjacent slashes`;
    if (c === '.' || c === '..' || c === '*') return `Role '${role}' cannot include '${c}' as a component`;
    if (c.startsWith('-')) return `Role component '${c}' is invalid because it starts with a dash`;
  }
  return undefined;
}

/**
 * Checks an id chosen by a client (framework, task, executor id) as Mesos's `validateID`: not
 * empty, not `.` or `..`, printable ASCII only, no `/` or `\`. Returns the problem, or undefined.
 */
export function idIssue(id: string): string | undefined {
  if (id === '') return 'ID must not be empty';
  if (id === '.' || id === '..') return "'.' and '..' are reserved ID names";
  if (!/^[\x21-\x7e]+$/.test(id)) return 'ID must only contain printable ASCII characters';
  if (/[/\\]/.test(id)) return "ID must not contain slashes or backslashes";
  return undefined;
}

/** The roles a framework subscribes with: `roles` when MULTI_ROLE capable, else `[role ?? '*']`. */
export function frameworkRoles(info: FrameworkInfo): string[] {
  const multi = (info.capabilities ?? []).some((c) => c.type === 'MULTI_ROLE');
  return multi ? [...(info.roles ?? [])] : [info.role ?? '*'];
}

/**
 * Subscription validation of a FrameworkInfo (answered with an ERROR event, not a 400): the id if
 * set; `role` and `roles` used per the MULTI_ROLE capability, without duplicates, each a valid
 * role; `failover_timeout` finite; `suppressedRoles` and `offer_filters` only for the framework's
 * roles.
 */
export function validateFrameworkInfo(info: FrameworkInfo, path = 'framework_info', suppressedRoles: readonly string[] = []): Issue[] {
  const out: Issue[] = [];
  const add = (p: string, message: string) => out.push({ path: `${path}${p}`, message });
  if (info.id !== undefined) {
    const bad = idIssue(info.id.value);
    if (bad) add('.id.value', bad);
  }
  const multi = (info.capabilities ?? []).some((c) => c.type === 'MULTI_ROLE');
  if (multi) {
    if (info.role !== undefined) add('.role', "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable");
    const seen = new Set<string>();
    (info.roles ?? []).forEach((r, i) => {
      if (seen.has(r)) add(`.roles[${i}]`, `'FrameworkInfo.roles' contains duplicate item '${r}'`);
      seen.add(r);
      const bad = roleIssue(r);
      if (bad) add(`.roles[${i}]`, bad);
    });
  } else {
    if ((info.roles ?? []).length > 0) add('.roles', "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
    if (info.role !== undefined) {
      const bad = roleIssue(info.role);
      if (bad) add('.role', bad);
    }
  }
  if (info.failover_timeout !== undefined && !Number.isFinite(info.failover_timeout)) {
    add('.failover_timeout', `Invalid 'failover_timeout': ${info.failover_timeout}`);
  }
  const roles = new Set(frameworkRoles(info));
  suppressedRoles.forEach((r) => {
    if (!roles.has(r)) out.push({ path: 'suppressed_roles', message: `Suppressed role '${r}' is not contained in the list of roles` });
  });
  for (const r of Object.keys(info.offer_filters ?? {})) {
    if (!roles.has(r)) add(`.offer_filters.${r}`, `Offer filters are set for role '${r}', which is not a role of the framework`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Launches and operations (TASK_ERROR / OPERATION_ERROR on failure)

/**
 * Launch-time checks of one task (the master fails the task with TASK_ERROR and
 * REASON_TASK_INVALID, it does not reject the call): a valid task id; exactly one of `executor` and
 * `command` (for a task of a task group, where the group's executor runs it: no such rule, and its
 * executor is checked with the group); some resources; non-negative kill grace period and max
 * completion time; limits only for `cpus` and `mem`; a `docker` container section only with type
 * DOCKER.
 */
export function validateTaskInfo(task: TaskInfo, path = 'task', opts: { inGroup?: boolean } = {}): Issue[] {
  const out: Issue[] = [];
  const add = (p: string, message: string) => out.push({ path: `${path}${p}`, message });
  const bad = idIssue(task.task_id?.value ?? '');
  if (bad) add('.task_id', `Task uses invalid ID: ${bad}`);
  if (!opts.inGroup && (task.executor === undefined) === (task.command === undefined)) {
    add('', 'Task should have at least one (but not both) of CommandInfo or ExecutorInfo present');
  }
  if ((task.resources ?? []).length === 0) add('.resources', 'Task uses no resources');
  if (task.kill_policy?.grace_period !== undefined && task.kill_policy.grace_period.nanoseconds < 0n) {
    add('.kill_policy.grace_period', "Task's 'kill_policy.grace_period' must be non-negative");
  }
  if (task.max_completion_time !== undefined && task.max_completion_time.nanoseconds < 0n) {
    add('.max_completion_time', "Task's 'max_completion_time' must be non-negative");
  }
  for (const name of Object.keys(task.limits ?? {})) {
    if (name !== 'cpus' && name !== 'mem') add(`.limits.${name}`, `Resource limits may only be set for 'cpus' and 'mem', not '${name}'`);
  }
  if (task.container?.docker !== undefined && task.container.type !== 'DOCKER') {
    add('.container.docker', "'ContainerInfo.docker' is set but 'ContainerInfo.type' is not DOCKER");
  }
  out.push(...validateDockerInfo(task.container, `${path}.container`));
  if (task.health_check !== undefined) out.push(...validateHealthCheck(task.health_check, `${path}.health_check`));
  if (task.check !== undefined) out.push(...validateCheckInfo(task.check, `${path}.check`));
  if (task.executor !== undefined && !opts.inGroup) out.push(...validateExecutorInfo(task.executor, `${path}.executor`));
  out.push(...validateCommandUris(task.command, `${path}.command`));
  out.push(...validateVolumes(task.container, `${path}.container`));
  return out;
}

/** Launch-time checks of an executor: valid id; CUSTOM needs `command`, DEFAULT forbids it and any image. */
export function validateExecutorInfo(executor: ExecutorInfo, path = 'executor'): Issue[] {
  const out: Issue[] = [];
  const add = (p: string, message: string) => out.push({ path: `${path}${p}`, message });
  const bad = idIssue(executor.executor_id?.value ?? '');
  if (bad) add('.executor_id', `Executor uses invalid ID: ${bad}`);
  if (executor.type === 'CUSTOM' && executor.command === undefined) add('.command', "'ExecutorInfo.command' must be set for 'CUSTOM' executor");
  out.push(...validateCommandUris(executor.command, `${path}.command`));
  if (executor.type === 'DEFAULT') {
    if (executor.command !== undefined) add('.command', "'ExecutorInfo.command' must not be set for 'DEFAULT' executor");
    if (executor.container !== undefined && executor.container.type !== 'MESOS') {
      add('.container.type', "'ExecutorInfo.container.type' must be 'MESOS' for 'DEFAULT' executor");
    }
    if (executor.container?.mesos?.image !== undefined) {
      add('.container.mesos.image', "'ExecutorInfo.container.mesos.image' must not be set for 'DEFAULT' executor");
    }
    if (executor.container?.docker !== undefined) {
      add('.container.docker', "'ExecutorInfo.container.docker' must not be set for 'DEFAULT' executor");
    }
  }
  return out;
}

/**
 * Launch-time checks of one offer operation (TASK_ERROR for launches, OPERATION_ERROR otherwise):
 * a known type with its body; no `id` on LAUNCH / LAUNCH_GROUP; LAUNCH with tasks, each valid;
 * LAUNCH_GROUP with an executor `type`, at least one task, no task `container.network_infos`, task
 * executors matching the group's, no DOCKER task containers, task limits only with
 * `linux_info.share_cgroups` false; RESERVE / UNRESERVE with resources; CREATE / DESTROY with volumes.
 */
export function validateOfferOperation(op: Offer_Operation, path = 'operation'): Issue[] {
  const out: Issue[] = [];
  const add = (p: string, message: string) => out.push({ path: `${path}${p}`, message });
  if (op.type === undefined || op.type === 'UNKNOWN') {
    add('.type', 'Unknown or missing operation type');
    return out;
  }
  const field = OPERATION_BODY[op.type];
  if (op[field] === undefined) {
    add(`.${field}`, present(field));
    return out;
  }
  if (op.id !== undefined && (op.type === 'LAUNCH' || op.type === 'LAUNCH_GROUP')) {
    add('.id', `The 'id' field is not allowed for ${op.type} operations`);
  }
  switch (op.type) {
    case 'LAUNCH': {
      const tasks = op.launch!.task_infos ?? [];
      if (tasks.length === 0) add('.launch.task_infos', 'Expecting at least one task');
      tasks.forEach((t, i) => out.push(...validateTaskInfo(t, `${path}.launch.task_infos[${i}]`)));
      break;
    }
    case 'LAUNCH_GROUP': {
      const g = op.launch_group!;
      if (g.executor.type === undefined) add('.launch_group.executor.type', "'ExecutorInfo.type' must be set for LAUNCH_GROUP");
      out.push(...validateExecutorInfo(g.executor, `${path}.launch_group.executor`));
      const tasks = g.task_group.tasks ?? [];
      if (tasks.length === 0) add('.launch_group.task_group.tasks', 'Expecting at least one task in the task group');
      tasks.forEach((t, i) => {
        const tp = `.launch_group.task_group.tasks[${i}]`;
        if ((t.container?.network_infos ?? []).length > 0) {
          add(`${tp}.container.network_infos`, 'NetworkInfos must not be set on a task of a task group (the executor sets the network)');
        }
        if (t.executor !== undefined && t.executor.executor_id?.value !== g.executor.executor_id?.value) {
          add(`${tp}.executor`, "The task's executor does not match the task group's executor");
        }
        // Mesos: a task of a group runs in a nested container, never a Docker one, and has
        // limits only in cgroups of its own.
        if (t.container?.type === 'DOCKER') add(`${tp}.container.type`, 'Docker ContainerInfo is not supported on the task');
        if (Object.keys(t.limits ?? {}).length > 0 && t.container?.linux_info?.share_cgroups !== false) {
          add(`${tp}.limits`, "Resource limits may only be set for tasks within a task group when the 'share_cgroups' field is set to 'false'");
        }
        out.push(...validateTaskInfo(t, `${path}${tp}`, { inGroup: true }));
      });
      break;
    }
    case 'RESERVE':
      if ((op.reserve!.resources ?? []).length === 0) add('.reserve.resources', 'Expecting at least one resource');
      break;
    case 'UNRESERVE':
      if ((op.unreserve!.resources ?? []).length === 0) add('.unreserve.resources', 'Expecting at least one resource');
      break;
    case 'CREATE':
      if ((op.create!.volumes ?? []).length === 0) add('.create.volumes', 'Expecting at least one volume');
      break;
    case 'DESTROY':
      if ((op.destroy!.volumes ?? []).length === 0) add('.destroy.volumes', 'Expecting at least one volume');
      break;
    default:
      break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Operator (master) calls (400 on failure)

/** Body field of each operator call type that must carry one (GET_METRICS's is optional). */
const MASTER_BODY: Partial<Record<MasterCall_Type, keyof MasterCall>> = {
  SET_LOGGING_LEVEL: 'set_logging_level',
  LIST_FILES: 'list_files',
  READ_FILE: 'read_file',
  UPDATE_WEIGHTS: 'update_weights',
  RESERVE_RESOURCES: 'reserve_resources',
  UNRESERVE_RESOURCES: 'unreserve_resources',
  CREATE_VOLUMES: 'create_volumes',
  DESTROY_VOLUMES: 'destroy_volumes',
  GROW_VOLUME: 'grow_volume',
  SHRINK_VOLUME: 'shrink_volume',
  UPDATE_MAINTENANCE_SCHEDULE: 'update_maintenance_schedule',
  START_MAINTENANCE: 'start_maintenance',
  STOP_MAINTENANCE: 'stop_maintenance',
  DRAIN_AGENT: 'drain_agent',
  DEACTIVATE_AGENT: 'deactivate_agent',
  REACTIVATE_AGENT: 'reactivate_agent',
  UPDATE_QUOTA: 'update_quota',
  SET_QUOTA: 'set_quota',
  REMOVE_QUOTA: 'remove_quota',
  TEARDOWN: 'teardown',
  MARK_AGENT_GONE: 'mark_agent_gone',
};

/** Validates a decoded operator call as Mesos's `master::call::validate`: `type` present, and each type's body. */
export function validateMasterCall(call: MasterCall, root = 'call'): Issue[] {
  const is = new Issues(root);
  if (call.type === undefined) {
    is.add('type', present('type'));
    return is.list;
  }
  const body = MASTER_BODY[call.type];
  if (body !== undefined) is.need(call[body], body);
  return is.list;
}

// ---------------------------------------------------------------------------------------------
// Whole chain

/** Outcome of parsing a call body: the call, or the answer to send and the issues behind it. */
export type ParsedCall<C> = { ok: true; call: C } | { ok: false; answer: HttpAnswer; issues: Issue[] };

/**
 * parseCall: the one path from a call body to a call for every v1 endpoint (scheduler, master,
 * agent, executor), in either encoding: a body that is not JSON (or not a valid protobuf
 * encoding), type errors and failed validation → 400 naming the field; type UNKNOWN → 501.
 * A protobuf body is decoded into the same plain form as JSON and goes through the same table
 * decoder and validation. `what` names the call in messages (`scheduler::Call`).
 */
export function parseCall<C extends { type?: string }>(
  body: string | Uint8Array,
  schema: MessageType<C>,
  validate: (c: C, root: string) => Issue[],
  what: string,
  format: BodyFormat = 'json',
): ParsedCall<C> {
  let json: unknown;
  if (format === 'protobuf') {
    try {
      json = decodeProtobuf(schema.name, typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    } catch (e) {
      if (!(e instanceof ProtobufError)) throw e;
      const issues = [{ path: '', message: e.message }];
      return { ok: false, issues, answer: badRequest(`Failed to parse body into Call protobuf: ${e.message}`) };
    }
  } else {
    try {
      json = parseJson(body);
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      const issues = [{ path: '', message: e.message }];
      return { ok: false, issues, answer: badRequest(`Failed to parse body into JSON: ${e.message}`) };
    }
  }
  const decoded = tryDecode(schema, json, { root: 'call' });
  if (!decoded.ok) {
    const failed = format === 'protobuf' ? 'Failed to parse body into Call protobuf' : 'Failed to convert JSON into Call protobuf';
    return { ok: false, issues: decoded.issues, answer: badRequest(`${failed}: ${decoded.issues.map(formatIssue).join('; ')}`) };
  }
  const call = decoded.value;
  let issues = validate(call, 'call');
  if (call.type === undefined) {
    // An unknown type name was dropped by the decoder: say which.
    const dropped = decoded.dropped.find((d) => d.path === 'call.type');
    if (dropped) issues = issues.map((i) => (i.path === 'call.type' ? dropped : i));
  }
  if (issues.length > 0) {
    return { ok: false, issues, answer: badRequest(`Failed to validate ${what}: ${issues.map(formatIssue).join('; ')}`) };
  }
  if (call.type === 'UNKNOWN') {
    const issue = { path: 'call.type', message: "Received an unexpected 'UNKNOWN' call" };
    return { ok: false, issues: [issue], answer: notImplemented(issue.message) };
  }
  return { ok: true, call };
}

/**
 * Parses, decodes and validates a scheduler call body (after `checkContentType`), JSON or
 * protobuf: a malformed body, type errors and failed call validation → 400 naming the field;
 * type UNKNOWN → 501.
 */
export function parseSchedulerCall(body: string | Uint8Array, format: BodyFormat = 'json'): ParsedCall<Call> {
  return parseCall(body, CallSchema, validateSchedulerCall, 'scheduler::Call', format);
}

/** Like parseSchedulerCall, for an operator call to the master (`POST /api/v1`). */
export function parseMasterCall(body: string | Uint8Array, format: BodyFormat = 'json'): ParsedCall<MasterCall> {
  return parseCall(body, MasterCallSchema, validateMasterCall, 'master::Call', format);
}
