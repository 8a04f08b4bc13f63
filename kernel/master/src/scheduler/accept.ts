/**
 * ACCEPT and DECLINE. ACCEPT is answered 202 once the call itself is valid; what it asks for is
 * then checked the way Mesos's master does:
 *  - the offers: each known, this framework's, all on one agent, all for one role, none twice;
 *    otherwise every task of the call gets TASK_DROPPED (partition-aware) / TASK_LOST with
 *    REASON_INVALID_OFFERS and the valid offers' resources go back;
 *  - each operation in order, against what is left of the offered resources: a task that is
 *    invalid, reuses a task id, or needs resources not left gets TASK_ERROR (REASON_TASK_INVALID);
 *    a task group fails or launches as a whole; RESERVE / UNRESERVE / CREATE / DESTROY convert the
 *    resources left (OPERATION_ERROR / OPERATION_FINISHED feedback when the operation has an id);
 *  - whatever is left goes back to the allocator with the call's filters.
 * Before the operations run, `master.hooks` decorate each launched task that is valid so far
 * (MasterLaunchTask): the labels they answer replace the task's labels, in what the master keeps
 * and in what the agent gets. A hook that fails or times out is logged and skipped.
 */
import {
  AgentInfoSchema,
  type Call_Accept,
  type Call_Decline,
  encodeMessage,
  type ExecutorInfo,
  ExecutorInfoSchema,
  formatIssue,
  type Label,
  type Offer_Operation,
  type Offer_Operation_LaunchGroup,
  type OperationState,
  type Resource,
  Resources,
  ResourceSchema,
  TaskGroupInfoSchema,
  type TaskInfo,
  TaskInfoSchema,
  type TaskStatus_Reason,
  taskNetworkProblem,
  unknownNetworkProblem,
  validateOfferOperation,
  validateTaskInfo,
  withoutSecretValues,
} from '@plateau/mesos';
import { type ContainerResource, decorate, decoratedLabels, messageOf } from '@plateau/kernel';
import { because, type Caller } from '../auth';
import { runTaskObjectJson } from '../authz-objects';
import { uuidBytes } from '../ids';
import type { MasterContext } from '../context';
import { removeOffer } from '../offers';
import { offersDeclined, taskAdded } from '../operator/observe';
import { AgentRecord, TaskRecord, type ExecutorEntry, type FrameworkRecord, type OfferRecord, type TaskSummary } from '../state/index';
import { droppedState, masterStatus, sendUpdate } from '../tasks';
import { checkpointChanged } from '../operator/reservations';
import { createProblem, destroyProblem } from '../volumes';

/** What an ACCEPT works on once its offers are taken. */
interface Launch {
  m: MasterContext;
  fw: FrameworkRecord;
  agent: AgentRecord;
  role: string;
  /** Offered resources not used yet. */
  remaining: Resources;
  /** Task ids launched by this call so far. */
  ids: Set<string>;
  /** Task ids the authorizer refused, with ` (the rule)` that refused each. */
  denied: Map<string, string>;
}

/** Tasks of the launch operations of a call, with the operation they belong to. */
function launchTasks(ops: readonly Offer_Operation[]): TaskInfo[] {
  const out: TaskInfo[] = [];
  for (const op of ops) {
    if (op.type === 'LAUNCH') out.push(...(op.launch?.task_infos ?? []));
    else if (op.type === 'LAUNCH_GROUP') out.push(...(op.launch_group?.task_group?.tasks ?? []));
  }
  return out;
}

/** Fails every task of the call's launch operations with `state`. */
function failLaunches(m: MasterContext, fw: FrameworkRecord, ops: readonly Offer_Operation[], state: 'TASK_DROPPED' | 'TASK_LOST' | 'TASK_ERROR', reason: TaskStatus_Reason, message: string): void {
  for (const t of launchTasks(ops)) {
    if (t.task_id === undefined) continue;
    sendUpdate(fw, masterStatus(m, t.task_id, state, reason, message, t.agent_id));
  }
}

/**
 * Takes the offers of an ACCEPT / DECLINE out of the books: their agent, role and summed
 * resources, or why they are not valid (then the valid ones' resources are already back).
 */
function takeOffers(m: MasterContext, fw: FrameworkRecord, ids: readonly { value: string }[]): { agent: AgentRecord; role: string; resources: Resources } | string {
  const offers: OfferRecord[] = [];
  const seen = new Set<string>();
  let error: string | undefined;
  for (const { value } of ids) {
    if (seen.has(value)) {
      error ??= `Duplicate offer ID '${value}' in the call`;
      continue;
    }
    seen.add(value);
    const o = m.state.offers.get(value);
    if (o === undefined) error ??= `Offer ${value} is no longer valid`;
    else if (o.framework !== fw) error ??= `Offer ${value} is not owned by framework ${fw.id}`;
    else {
      if (offers.length > 0 && o.agent !== offers[0]!.agent) error ??= 'Aggregated offers must belong to the same agent';
      if (offers.length > 0 && o.role !== offers[0]!.role) error ??= 'Aggregated offers must be allocated to the same role';
      offers.push(o);
    }
  }
  for (const o of offers) removeOffer(m, o);
  if (error !== undefined || offers.length === 0) {
    for (const o of offers) m.allocator.recoverResources(fw.id, o.agent.id, o.resources);
    return error ?? 'No offers';
  }
  const resources = offers[0]!.resources.clone();
  for (let i = 1; i < offers.length; i++) resources.add(offers[i]!.resources);
  return { agent: offers[0]!.agent, role: offers[0]!.role, resources };
}

/** Resources of a task or operation, the offer's allocation role injected where missing. */
function inject(list: Resource[] | undefined, role: string): Resource[] {
  const out = list ?? [];
  for (const r of out) if (r.allocation_info === undefined) r.allocation_info = { role };
  return out;
}

function resourcesOf(list: Resource[] | undefined, role: string): Resources {
  const res = Resources.fromJSON(inject(list, role) as never);
  // All of one role (the usual case): stored compactly, with that role as the object's own.
  const roles = res.allocationRoles();
  if (roles.length === 1 && roles[0] === role && !res.hasUnallocated()) res.allocate(role);
  return res;
}

/** Handles ACCEPT. */
export async function accept(m: MasterContext, fw: FrameworkRecord, a: Call_Accept, caller: Caller): Promise<void> {
  const ops = a.operations ?? [];
  const taken = takeOffers(m, fw, a.offer_ids ?? []);
  if (typeof taken === 'string') {
    failLaunches(m, fw, ops, droppedState(fw), 'REASON_INVALID_OFFERS', taken);
    m.requestAllocation();
    return;
  }
  const denied = new Map<string, string>();
  if (m.auth.authorizes) {
    const tasks = launchTasks(ops).filter((t) => t.task_id !== undefined);
    const decisions = await m.auth.authorizedMany(caller, 'RUN_TASK', tasks.map((t) => ({ type: 'task', value: t.task_id.value, json: runTaskObjectJson(fw, t) })));
    tasks.forEach((t, i) => {
      if (!decisions[i]!.allowed) denied.set(t.task_id.value, because(decisions[i]!));
    });
  }
  const { agent, role } = taken;
  await decorateLaunches(m, fw, agent, ops, denied);
  if (!agent.connected || !m.leading || m.state.frameworks.get(fw.id) !== fw) {
    m.allocator.recoverResources(fw.id, agent.id, taken.resources);
    failLaunches(m, fw, ops, droppedState(fw), 'REASON_AGENT_DISCONNECTED', `Agent ${agent.id} is not connected`);
    m.requestAllocation();
    return;
  }
  const launch: Launch = { m, fw, agent, role, remaining: taken.resources, ids: new Set(), denied };
  ops.forEach((op, i) => {
    const path = `accept.operations[${i}]`;
    try {
      if (op.type === 'LAUNCH') launchAll(launch, op, path);
      else if (op.type === 'LAUNCH_GROUP') launchGroup(launch, op.launch_group!, validateOfferOperation(op, path));
      else resourceOperation(launch, op, path);
    } catch (err) {
      m.log.error({ frameworkId: fw.id, err: messageOf(err), stack: (err as Error)?.stack }, `${path} failed`);
    }
  });
  if (!launch.remaining.isEmpty()) m.allocator.recoverResources(fw.id, agent.id, launch.remaining, { refuseSeconds: a.filters?.refuse_seconds });
  m.requestAllocation();
}

/** One Mesos v1 Resource as the hook kind carries it, its full JSON alongside. */
function hookResource(r: Resource): ContainerResource {
  const role = r.allocation_info?.role ?? r.reservations?.[r.reservations.length - 1]?.role ?? r.role ?? '';
  const out: ContainerResource = { name: r.name, type: r.type as ContainerResource['type'], role, resourceJson: encodeMessage(ResourceSchema, r) };
  if (r.type === 'SCALAR') out.scalar = r.scalar?.value ?? 0;
  if (r.type === 'RANGES') out.ranges = (r.ranges?.range ?? []).map((x) => ({ begin: x.begin, end: x.end }));
  if (r.type === 'SET') out.set = [...(r.set?.item ?? [])];
  return out;
}

/**
 * master.hooks' MasterLaunchTask over each task of the call's launch operations that is valid so
 * far (a well-formed TaskInfo the authorizer did not refuse), as Mesos's label decorator: hooks in
 * order, each seeing the labels the previous one answered. The task's labels become the result.
 */
async function decorateLaunches(m: MasterContext, fw: FrameworkRecord, agent: AgentRecord, ops: readonly Offer_Operation[], denied: ReadonlyMap<string, string>): Promise<void> {
  const hooks = m.hooks ?? [];
  if (hooks.length === 0) return;
  const agentInfoJson = encodeMessage(AgentInfoSchema, agent.info);
  const tasks = launchTasks(ops).filter((t) => t.task_id !== undefined && !denied.has(t.task_id.value) && validateTaskInfo(t, 'task').length === 0);
  await Promise.all(
    tasks.map(async (task) => {
      const before: Label[] = task.labels?.labels ?? [];
      const labels = await decorate(
        hooks,
        'masterLaunchTask',
        before,
        (current) => ({
          // Hooks decorate labels; they see secrets by reference only.
          taskInfoJson: encodeMessage(TaskInfoSchema, withoutSecretValues({ ...task, labels: { labels: current } })),
          frameworkInfoJson: fw.infoJson,
          agentInfoJson,
          labels: current.map((l) => ({ key: l.key, value: l.value ?? '' })),
          resources: (task.resources ?? []).map(hookResource),
        }),
        (current, d) => decoratedLabels(d) ?? current,
        { log: m.log, timeoutMs: m.hookTimeoutMs, context: { frameworkId: fw.id, taskId: task.task_id.value } },
      );
      if (labels !== before) task.labels = { labels };
    }),
  );
}

/** Handles DECLINE: each offer of the framework goes back with the call's filters. */
export function decline(m: MasterContext, fw: FrameworkRecord, d: Call_Decline): void {
  for (const { value } of d.offer_ids ?? []) {
    const o = m.state.offers.get(value);
    if (o === undefined || o.framework !== fw) continue;
    removeOffer(m, o);
    m.allocator.recoverResources(fw.id, o.agent.id, o.resources, { refuseSeconds: d.filters?.refuse_seconds });
    offersDeclined(m, 1);
  }
  m.requestAllocation();
}

function taskError(l: Launch, task: TaskInfo, reason: TaskStatus_Reason, message: string): void {
  if (task.task_id === undefined) return;
  sendUpdate(l.fw, masterStatus(l.m, task.task_id, 'TASK_ERROR', reason, message, task.agent_id));
}

function launchAll(l: Launch, op: Offer_Operation, path: string): void {
  const tasks = op.launch?.task_infos ?? [];
  if (op.id !== undefined) {
    for (const t of tasks) taskError(l, t, 'REASON_TASK_INVALID', `${path}.id: The 'id' field is not allowed for LAUNCH operations`);
    return;
  }
  tasks.forEach((t, i) => launchTask(l, t, `${path}.launch.task_infos[${i}]`));
}

/** Checks common to launched tasks; the problem, or undefined. */
function taskProblem(l: Launch, task: TaskInfo): string | undefined {
  const id = task.task_id.value;
  if (task.agent_id.value !== l.agent.id) return `Task uses agent ${task.agent_id.value} but the offers are from agent ${l.agent.id}`;
  if (l.fw.tasks.has(id) || l.ids.has(id)) return `Task has duplicate ID: ${id}`;
  // A network the agent does not advertise (when it advertises its networks at all).
  return taskNetworkProblem(task, l.agent.info.attributes, l.agent.id);
}

/** The executor a task needs: the running one (must match), or a new one with its resources. */
function executorFor(l: Launch, executor: ExecutorInfo): { entry: ExecutorEntry; isNew: boolean } | string {
  executor.framework_id = l.fw.idObj;
  // As Mesos: the offer's allocation role is injected before the comparison (the running one has it).
  inject(executor.resources, l.role);
  const existing = l.fw.executor(l.agent.id, executor.executor_id.value);
  if (existing !== undefined) {
    if (encodeMessage(ExecutorInfoSchema, existing.info) !== encodeMessage(ExecutorInfoSchema, withoutSecretValues(executor))) {
      return `ExecutorInfo of executor '${executor.executor_id.value}' differs from the one running on agent ${l.agent.id}`;
    }
    return { entry: existing, isNew: false };
  }
  // The master keeps (and shows) secrets by reference only; the agent gets the task as sent.
  return { entry: { info: withoutSecretValues(executor), resources: resourcesOf(executor.resources, l.role), liveTasks: 0 }, isNew: true };
}

/** What the master keeps of a launched task's TaskInfo (the command or executor went to the agent). */
function summary(task: TaskInfo, agent: AgentRecord): TaskSummary {
  const s: TaskSummary = { name: task.name, task_id: task.task_id, agent_id: agent.idObj };
  if (task.labels !== undefined) s.labels = task.labels;
  if (task.discovery !== undefined) s.discovery = task.discovery;
  if (task.container !== undefined) s.container = withoutSecretValues(task.container);
  if (task.health_check !== undefined) s.health_check = task.health_check;
  if (task.kill_policy !== undefined) s.kill_policy = task.kill_policy;
  if (task.limits !== undefined) s.limits = task.limits;
  if (task.command?.user) s.user = task.command.user;
  return s;
}

function addTask(l: Launch, task: TaskInfo, res: Resources, executorId: string | undefined): TaskRecord {
  const record = new TaskRecord(summary(task, l.agent), l.fw, l.agent, executorId, res, l.role, l.m.now());
  l.fw.tasks.set(task.task_id.value, record);
  l.agent.tasks.add(record);
  l.ids.add(task.task_id.value);
  taskAdded(l.m, record);
  return record;
}

function launchTask(l: Launch, task: TaskInfo, path: string): void {
  const issues = validateTaskInfo(task, path);
  if (issues.length > 0) return taskError(l, task, 'REASON_TASK_INVALID', issues.map(formatIssue).join('; '));
  const problem = taskProblem(l, task);
  if (problem !== undefined) return taskError(l, task, 'REASON_TASK_INVALID', problem);
  if (l.denied.has(task.task_id.value)) return taskError(l, task, 'REASON_TASK_UNAUTHORIZED', `Not authorized to launch the task${l.denied.get(task.task_id.value)}`);
  let res: Resources;
  let executor: { entry: ExecutorEntry; isNew: boolean } | string | undefined;
  try {
    res = resourcesOf(task.resources, l.role);
    executor = task.executor === undefined ? undefined : executorFor(l, task.executor);
  } catch (err) {
    return taskError(l, task, 'REASON_TASK_INVALID', `Invalid resources: ${messageOf(err)}`);
  }
  if (typeof executor === 'string') return taskError(l, task, 'REASON_TASK_INVALID', executor);
  const need = executor?.isNew ? res.plus(executor.entry.resources) : res;
  if (!l.remaining.contains(need)) {
    return taskError(l, task, 'REASON_TASK_INVALID', `Task uses more resources ${need.toString()} than available ${l.remaining.toString()}`);
  }
  // The allocator first: if it refuses, nothing here has changed yet.
  try {
    l.m.allocator.updateAllocation(l.fw.id, l.agent.id, [{ type: 'LAUNCH', resources: need }]);
  } catch (err) {
    return taskError(l, task, 'REASON_TASK_INVALID', `Resources not allocatable: ${messageOf(err)}`);
  }
  l.remaining.subtract(need);
  if (executor !== undefined) {
    if (executor.isNew) l.fw.addExecutor(l.agent.id, executor.entry);
    executor.entry.liveTasks++;
  }
  task.agent_id = l.agent.idObj;
  addTask(l, task, res, task.executor?.executor_id.value);
  l.agent.session!.send({ runTask: { frameworkInfoJson: l.fw.infoJson, taskInfoJson: encodeMessage(TaskInfoSchema, task) } });
}

function launchGroup(l: Launch, g: Offer_Operation_LaunchGroup, issues: ReturnType<typeof validateOfferOperation>): void {
  const tasks = (g.task_group?.tasks ?? []).filter((t) => t.task_id !== undefined);
  const failAll = (reason: TaskStatus_Reason, message: string) => {
    for (const t of tasks) taskError(l, t, reason, message);
  };
  if (issues.length > 0) return failAll('REASON_TASK_GROUP_INVALID', issues.map(formatIssue).join('; '));
  const groupIds = new Set<string>();
  for (const t of tasks) {
    const problem = taskProblem(l, t) ?? (groupIds.has(t.task_id.value) ? `Task has duplicate ID: ${t.task_id.value}` : undefined);
    if (problem !== undefined) return failAll('REASON_TASK_GROUP_INVALID', problem);
    if (l.denied.has(t.task_id.value)) return failAll('REASON_TASK_GROUP_UNAUTHORIZED', `Not authorized to launch task ${t.task_id.value}${l.denied.get(t.task_id.value)}`);
    groupIds.add(t.task_id.value);
  }
  const podNetwork = unknownNetworkProblem(g.executor.container, 'executor.container', l.agent.info.attributes, l.agent.id);
  if (podNetwork !== undefined) return failAll('REASON_TASK_GROUP_INVALID', podNetwork);
  let executor: { entry: ExecutorEntry; isNew: boolean } | string;
  const res: Resources[] = [];
  const need = new Resources();
  try {
    executor = executorFor(l, g.executor);
    for (const t of tasks) {
      const r = resourcesOf(t.resources, l.role);
      res.push(r);
      need.add(r);
    }
  } catch (err) {
    return failAll('REASON_TASK_GROUP_INVALID', `Invalid resources: ${messageOf(err)}`);
  }
  if (typeof executor === 'string') return failAll('REASON_TASK_GROUP_INVALID', executor);
  if (executor.isNew) need.add(executor.entry.resources);
  if (!l.remaining.contains(need)) {
    return failAll('REASON_TASK_GROUP_INVALID', `Task group uses more resources ${need.toString()} than available ${l.remaining.toString()}`);
  }
  try {
    l.m.allocator.updateAllocation(l.fw.id, l.agent.id, [{ type: 'LAUNCH', resources: need }]);
  } catch (err) {
    return failAll('REASON_TASK_GROUP_INVALID', `Resources not allocatable: ${messageOf(err)}`);
  }
  l.remaining.subtract(need);
  if (executor.isNew) l.fw.addExecutor(l.agent.id, executor.entry);
  const executorId = g.executor.executor_id.value;
  tasks.forEach((t, i) => {
    executor.entry.liveTasks++;
    t.agent_id = l.agent.idObj;
    addTask(l, t, res[i]!, executorId);
  });
  l.agent.session!.send({
    runTaskGroup: {
      frameworkInfoJson: l.fw.infoJson,
      executorInfoJson: encodeMessage(ExecutorInfoSchema, g.executor),
      taskGroupJson: encodeMessage(TaskGroupInfoSchema, g.task_group),
    },
  });
}

/** A copy of a volume without its persistence and volume parts: the disk it was made from. */
function stripVolume(r: Resource): Resource {
  const copy: Resource = { ...r };
  if (r.disk !== undefined) {
    const disk = { ...r.disk };
    delete disk.persistence;
    delete disk.volume;
    if (Object.keys(disk).length === 0) delete copy.disk;
    else copy.disk = disk;
  }
  return copy;
}

function operationFeedback(l: Launch, op: Offer_Operation, state: OperationState, message?: string): void {
  if (op.id === undefined) return;
  l.fw.stream?.send({
    type: 'UPDATE_OPERATION_STATUS',
    update_operation_status: {
      status: { operation_id: op.id, state, ...(message !== undefined ? { message } : {}), agent_id: l.agent.idObj, uuid: { value: uuidBytes() } },
    },
  });
}

/** RESERVE / UNRESERVE / CREATE / DESTROY against the resources left in the offers. */
function resourceOperation(l: Launch, op: Offer_Operation, path: string): void {
  const fail = (message: string) => {
    l.m.log.warn({ frameworkId: l.fw.id, agentId: l.agent.id, operation: op.type, message }, 'offer operation dropped');
    operationFeedback(l, op, 'OPERATION_ERROR', message);
  };
  const issues = validateOfferOperation(op, path);
  if (issues.length > 0) return fail(issues.map(formatIssue).join('; '));
  const volumeProblem =
    op.type === 'CREATE' ? createProblem(l.agent, op.create!.volumes ?? [], `${path}.create.volumes`) : op.type === 'DESTROY' ? destroyProblem(l.agent, op.destroy!.volumes ?? [], `${path}.destroy.volumes`) : undefined;
  if (volumeProblem !== undefined) return fail(volumeProblem);
  let consumed: Resources;
  let converted: Resources;
  try {
    switch (op.type) {
      case 'RESERVE':
        converted = resourcesOf(op.reserve!.resources, l.role);
        if (!converted.allDynamicallyReserved()) return fail('RESERVE needs dynamically reserved resources');
        consumed = op.reserve!.source !== undefined && op.reserve!.source.length > 0 ? resourcesOf(op.reserve!.source, l.role) : converted.popReservations();
        break;
      case 'UNRESERVE':
        consumed = resourcesOf(op.unreserve!.resources, l.role);
        if (!consumed.allDynamicallyReserved()) return fail('UNRESERVE needs dynamically reserved resources');
        converted = consumed.popReservations();
        break;
      case 'CREATE':
        converted = resourcesOf(op.create!.volumes, l.role);
        consumed = resourcesOf(op.create!.volumes!.map(stripVolume), l.role);
        break;
      case 'DESTROY':
        consumed = resourcesOf(op.destroy!.volumes, l.role);
        converted = resourcesOf(op.destroy!.volumes!.map(stripVolume), l.role);
        break;
      default:
        return fail(`Operation ${op.type} is not supported by this master`);
    }
  } catch (err) {
    return fail(`Invalid resources: ${messageOf(err)}`);
  }
  if (!l.remaining.contains(consumed)) return fail(`Operation uses resources ${consumed.toString()} not left in the offers (${l.remaining.toString()})`);
  try {
    if (op.type === 'RESERVE') l.m.allocator.updateAllocation(l.fw.id, l.agent.id, [{ type: 'RESERVE', resources: converted }]);
    else if (op.type === 'UNRESERVE') l.m.allocator.updateAllocation(l.fw.id, l.agent.id, [{ type: 'UNRESERVE', resources: consumed }]);
    else l.m.allocator.updateAllocation(l.fw.id, l.agent.id, [{ type: 'CONVERT', consumed, converted }]);
  } catch (err) {
    return fail(messageOf(err));
  }
  l.remaining.subtract(consumed).add(converted);
  l.agent.total = l.agent.total.minus(consumed.clone().unallocate()).add(converted.clone().unallocate());
  l.agent.invalidateViews();
  checkpointChanged(l.m, l.agent);
  l.m.log.info({ frameworkId: l.fw.id, agentId: l.agent.id, operation: op.type, resources: converted.toString() }, 'offer operation applied');
  operationFeedback(l, op, 'OPERATION_FINISHED');
}
