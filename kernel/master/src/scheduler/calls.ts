/**
 * The scheduler calls other than SUBSCRIBE, for a subscribed framework whose stream id matched.
 * Each returns its HTTP answer: 202 (UPDATE_FRAMEWORK: 200), or 400 / 403 for a call that cannot
 * be applied, in which case nothing changed.
 */
import { accepted, badRequest, type Call, type Call_Acknowledge, type Call_Kill, type Call_UpdateFramework, encodeMessage, forbidden, formatIssue, type HttpAnswer, isTerminalTaskState, KillPolicySchema, ok, validateFrameworkInfo } from '@plateau/mesos';
import { because, type Caller } from '../auth';
import { frameworkObjectJson } from '../authz-objects';
import { removeFramework } from '../frameworks';
import type { MasterContext } from '../context';
import type { FrameworkRecord } from '../state/index';
import { removeTask, uuidKey } from '../tasks';
import { accept, decline } from './accept';
import { reconcile } from './reconcile';
import { answerInverseOffers } from '../maintenance/answer';

/** Handles one non-SUBSCRIBE call. */
export async function handleCall(m: MasterContext, fw: FrameworkRecord, call: Call, caller: Caller): Promise<HttpAnswer> {
  switch (call.type) {
    case 'TEARDOWN':
      if (m.auth.authorizes) {
        const d = await m.auth.decision(caller, 'TEARDOWN_FRAMEWORK', { type: 'framework', value: fw.id, json: frameworkObjectJson(fw) });
        if (!d.allowed) return forbidden(`Not authorized to teardown framework ${fw.id}${because(d)}`);
      }
      removeFramework(m, fw, 'TEARDOWN');
      return accepted();
    case 'ACCEPT':
      await accept(m, fw, call.accept!, caller);
      return accepted();
    case 'DECLINE':
      decline(m, fw, call.decline!);
      return accepted();
    case 'REVIVE':
    case 'SUPPRESS': {
      const roles = (call.type === 'REVIVE' ? call.revive?.roles : call.suppress?.roles) ?? [];
      const unknown = roles.find((r) => !fw.roles.includes(r));
      if (unknown !== undefined) return badRequest(`Role '${unknown}' is not one of the roles of framework ${fw.id}`);
      if (call.type === 'REVIVE') {
        m.allocator.revive(fw.id, roles);
        m.maintenance.inverse.revive(fw.id);
        fw.suppressedRoles = roles.length === 0 ? [] : fw.suppressedRoles.filter((r) => !roles.includes(r));
        m.requestAllocation();
      } else {
        m.allocator.suppress(fw.id, roles);
        fw.suppressedRoles = roles.length === 0 ? [...fw.roles] : [...new Set([...fw.suppressedRoles, ...roles])];
      }
      return accepted();
    }
    case 'KILL':
      kill(m, fw, call.kill!);
      return accepted();
    case 'SHUTDOWN': {
      // One ShutdownExecutor to the agent: the executor ends its tasks (as Mesos, the master only forwards).
      const agent = m.state.agents.get(call.shutdown!.agent_id.value);
      const executorId = call.shutdown!.executor_id.value;
      if (agent?.session) agent.session.send({ shutdownExecutor: { frameworkId: fw.id, executorId } });
      else m.log.warn({ frameworkId: fw.id, executorId, agentId: call.shutdown!.agent_id.value }, 'cannot shut the executor down now: its agent is not connected');
      return accepted();
    }
    case 'ACKNOWLEDGE':
      acknowledge(m, fw, call.acknowledge!);
      return accepted();
    case 'ACKNOWLEDGE_OPERATION_STATUS':
      // Operation feedback is sent once by the master itself; nothing waits for this.
      return accepted();
    case 'RECONCILE':
      reconcile(m, fw, call.reconcile!.tasks ?? []);
      return accepted();
    case 'RECONCILE_OPERATIONS':
      for (const o of call.reconcile_operations!.operations ?? []) {
        const status = { operation_id: o.operation_id, state: 'OPERATION_UNKNOWN' as const, ...(o.agent_id ? { agent_id: o.agent_id } : {}) };
        fw.stream?.send({ type: 'UPDATE_OPERATION_STATUS', update_operation_status: { status } });
      }
      return accepted();
    case 'MESSAGE': {
      const msg = call.message!;
      const agent = m.state.agents.get(msg.agent_id.value);
      agent?.session?.send({ frameworkMessage: { agentId: agent.id, frameworkId: fw.id, executorId: msg.executor_id.value, data: Buffer.from(msg.data) } });
      return accepted();
    }
    case 'REQUEST':
      // The built-in allocator ignores requests.
      return accepted();
    case 'ACCEPT_INVERSE_OFFERS':
    case 'DECLINE_INVERSE_OFFERS':
      return answerInverseOffers(m, fw, call);
    case 'UPDATE_FRAMEWORK':
      return updateFramework(m, fw, call.update_framework!);
    default:
      return badRequest(`Unsupported call type '${call.type}'`);
  }
}

/** KILL: the agent kills the task; a task the master does not have is reconciled instead. */
function kill(m: MasterContext, fw: FrameworkRecord, k: Call_Kill): void {
  const task = fw.tasks.get(k.task_id.value);
  if (task === undefined) {
    reconcile(m, fw, [{ task_id: k.task_id, ...(k.agent_id ? { agent_id: k.agent_id } : {}) }]);
    return;
  }
  if (task.terminal) return;
  if (!task.agent.connected) {
    m.log.warn({ frameworkId: fw.id, taskId: task.id, agentId: task.agent.id }, 'cannot kill task now: its agent is not connected');
    return;
  }
  const killPolicyJson = k.kill_policy ? encodeMessage(KillPolicySchema, k.kill_policy) : '';
  task.agent.session!.send({ killTask: { frameworkId: fw.id, taskId: task.id, killPolicyJson } });
}

/**
 * ACKNOWLEDGE: forwarded to the agent (which then sends the task's next update); when it
 * acknowledges a terminal update the master removes the task.
 */
function acknowledge(m: MasterContext, fw: FrameworkRecord, a: Call_Acknowledge): void {
  const task = fw.tasks.get(a.task_id.value);
  if (task !== undefined && task.statusUpdateUuid !== undefined && task.statusUpdateUuid === uuidKey(a.uuid)) {
    const state = task.statusUpdateState;
    task.statusUpdateUuid = undefined;
    task.statusUpdateState = undefined;
    if (state !== undefined && isTerminalTaskState(state)) removeTask(m, task);
  }
  const agent = m.state.agents.get(a.agent_id.value);
  if (agent?.session) {
    agent.session.send({ statusUpdateAck: { agentId: agent.id, frameworkId: fw.id, taskId: a.task_id.value, uuid: Buffer.from(a.uuid) } });
  } else {
    m.log.debug({ frameworkId: fw.id, taskId: a.task_id.value, agentId: a.agent_id.value }, 'acknowledgement not forwarded: agent not connected');
  }
}

/** UPDATE_FRAMEWORK: new roles, capabilities, name...; user, principal and checkpoint may not change. */
function updateFramework(m: MasterContext, fw: FrameworkRecord, u: Call_UpdateFramework): HttpAnswer {
  const info = u.framework_info;
  const issues = validateFrameworkInfo(info, 'update_framework.framework_info', u.suppressed_roles ?? []);
  if (issues.length > 0) return badRequest(`Invalid FrameworkInfo: ${issues.map(formatIssue).join('; ')}`);
  for (const field of ['user', 'principal', 'checkpoint'] as const) {
    if ((info[field] ?? undefined) !== (fw.info[field] ?? undefined)) return badRequest(`Updating 'FrameworkInfo.${field}' is unsupported`);
  }
  fw.setInfo(info);
  fw.suppressedRoles = [...(u.suppressed_roles ?? [])];
  fw.offerConstraints = u.offer_constraints;
  m.allocator.updateFramework(fw.id, { roles: fw.roles, capabilities: [...fw.capabilities], suppressedRoles: fw.suppressedRoles, active: true });
  for (const o of [...fw.offers.values()]) {
    if (!fw.roles.includes(o.role)) {
      // An offer for a role the framework left is taken back.
      m.allocator.recoverResources(fw.id, o.agent.id, o.resources);
      m.state.offers.delete(o.id);
      fw.offers.delete(o.id);
      o.agent.offers.delete(o);
      clearTimeout(o.timer);
      fw.stream?.send({ type: 'RESCIND', rescind: { offer_id: { value: o.id } } });
    }
  }
  m.log.info({ frameworkId: fw.id, roles: fw.roles }, 'framework updated');
  m.requestAllocation();
  return ok();
}
