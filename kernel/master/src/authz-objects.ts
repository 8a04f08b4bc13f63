/**
 * The objects the master hands the authorizer, with Mesos v1 authorization Object JSON
 * (`framework_info`, `task`, `task_info`, `executor_info`, `agent_info`) so that an authorizer can
 * find the user a thing runs as and the principal of its framework, as Mesos's local authorizer
 * does. Kept small for views (only the fields authorizers read), since a view may ask about
 * hundreds of thousands of tasks at once.
 */
import type { TaskInfo } from '@plateau/mesos';
import type { AuthzObject } from './auth';
import type { ExecutorEntry, FrameworkRecord, TaskRecord } from './state/index';

/** The parts of a FrameworkInfo authorizers read, as JSON: id, name, user, principal, roles. */
function frameworkInfoJson(fw: FrameworkRecord): string {
  const info = fw.info;
  return JSON.stringify({ id: { value: fw.id }, name: info?.name ?? '', user: info?.user ?? '', principal: info?.principal, roles: fw.roles });
}

/** `{"framework_info":...}` of a framework (TEARDOWN_FRAMEWORK, VIEW_FRAMEWORK). */
export function frameworkObjectJson(fw: FrameworkRecord): string {
  return `{"framework_info":${frameworkInfoJson(fw)}}`;
}

/** RUN_TASK's object JSON: the task as the framework sent it and its framework. */
export function runTaskObjectJson(fw: FrameworkRecord, task: TaskInfo): string {
  return `{"task_info":${JSON.stringify({ name: task.name, task_id: task.task_id, command: task.command?.user === undefined ? undefined : { user: task.command.user }, executor: task.executor?.command?.user === undefined ? undefined : { command: { user: task.executor.command.user } } })},"framework_info":${frameworkInfoJson(fw)}}`;
}

/** Objects of views, each framework's JSON made once per request. */
export class ViewObjects {
  private readonly frameworks = new Map<FrameworkRecord, string>();

  private fwJson(fw: FrameworkRecord): string {
    let s = this.frameworks.get(fw);
    if (s === undefined) this.frameworks.set(fw, (s = frameworkInfoJson(fw)));
    return s;
  }

  framework(fw: FrameworkRecord): AuthzObject {
    return { type: 'framework', value: fw.id, json: `{"framework_info":${this.fwJson(fw)}}` };
  }

  /** A task: its user (the command's, else the framework's) in `task.user`. */
  task(t: TaskRecord): AuthzObject {
    const user = t.info.user ?? (t.framework.info?.user || undefined);
    return { type: 'task', value: t.id, json: `{"task":${JSON.stringify({ name: t.info.name, task_id: t.info.task_id, framework_id: { value: t.framework.id }, user })},"framework_info":${this.fwJson(t.framework)}}` };
  }

  executor(fw: FrameworkRecord, e: ExecutorEntry): AuthzObject {
    const info = e.info;
    const user = info.command?.user;
    return {
      type: 'executor',
      value: info.executor_id.value,
      json: `{"executor_info":${JSON.stringify({ executor_id: info.executor_id, framework_id: { value: fw.id }, command: user === undefined ? undefined : { user } })},"framework_info":${this.fwJson(fw)}}`,
    };
  }

  agent(a: { id: string; hostname: string }): AuthzObject {
    return { type: 'agent', value: a.id, json: JSON.stringify({ agent_info: { id: { value: a.id }, hostname: a.hostname } }) };
  }

  role(role: string): AuthzObject {
    return { type: 'role', value: role };
  }
}
