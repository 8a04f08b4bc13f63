/**
 * The agent's decorating hook points that need Mesos messages turned into hook requests and
 * back: AgentResources (resources and attributes at start), AgentRunTask (a task's labels and its
 * command's environment) and AgentRemoveExecutor (told after an executor's container is gone).
 * AgentTaskStatus stays with the status queue in agent.ts; AgentPreLaunch is the containerizer's.
 */
import {
  type AgentInfo,
  AgentInfoSchema,
  type Attribute,
  type CommandInfo,
  encodeMessage,
  type Environment_Variable,
  type ExecutorInfo,
  ExecutorInfoSchema,
  type FrameworkInfo,
  FrameworkInfoSchema,
  type Label,
  type ResourceJSON,
  type TaskInfo,
  TaskInfoSchema,
  withoutSecretValues,
} from '@plateau/mesos';
import { type ContainerAttribute, decorate, decoratedAttributes, decoratedEnvironment, decoratedLabels, type DecorateOptions, type EnvVar, type NamedHook, notifyHooks } from '@plateau/kernel';
import { containerResource } from './containerizer/resources';
import { mesosResources } from './resources';

/** What an agent advertises: its resources and attributes. */
export interface Advertised {
  resources: ResourceJSON[];
  attributes: Attribute[];
}

/** AgentResources of each hook: the resources and attributes answered become the agent's. */
export function decorateAdvertised(hooks: readonly NamedHook[], info: AgentInfo, value: Advertised, opts: DecorateOptions): Promise<Advertised> {
  return decorate(
    hooks,
    'agentResources',
    value,
    (current) => ({
      agentInfoJson: encodeMessage(AgentInfoSchema, { ...info, resources: current.resources as never, attributes: current.attributes }),
      resources: current.resources.map((r) => containerResource(r as never)),
      attributes: current.attributes.map(containerAttribute),
    }),
    (current, d) => {
      const resources = d.resources ? mesosResources(d.resources.resources ?? []) : current.resources;
      const attributes = decoratedAttributes(d)?.map(mesosAttribute) ?? current.attributes;
      return resources === current.resources && attributes === current.attributes ? current : { resources, attributes };
    },
    opts,
  );
}

/** A Mesos attribute in the hook kind's typed form. */
export function containerAttribute(a: Attribute): ContainerAttribute {
  const out: ContainerAttribute = { name: a.name, type: a.type };
  if (a.type === 'SCALAR') out.scalar = a.scalar?.value ?? 0;
  if (a.type === 'RANGES') out.ranges = (a.ranges?.range ?? []).map((r) => ({ begin: r.begin, end: r.end }));
  if (a.type === 'SET') out.set = [...(a.set?.item ?? [])];
  if (a.type === 'TEXT') out.text = a.text?.value ?? '';
  return out;
}

/** A hook's attribute (checked by decoratedAttributes) as a Mesos attribute. */
export function mesosAttribute(a: ReturnType<typeof decoratedAttributes> extends (infer T)[] | undefined ? T : never): Attribute {
  switch (a.type) {
    case 'SCALAR':
      if (!Number.isFinite(a.scalar)) throw new Error(`attribute ${a.name}: scalar ${a.scalar} is not a number`);
      return { name: a.name, type: 'SCALAR', scalar: { value: a.scalar } };
    case 'RANGES':
      return { name: a.name, type: 'RANGES', ranges: { range: a.ranges.map((r) => rangeOf(a.name, r.begin, r.end)) } };
    case 'SET':
      return { name: a.name, type: 'SET', set: { item: [...a.set] } };
    default:
      return { name: a.name, type: 'TEXT', text: { value: a.text } };
  }
}

function rangeOf(name: string, begin: number | string, end: number | string): { begin: number; end: number } {
  const b = Number(begin);
  const e = Number(end);
  if (!Number.isInteger(b) || !Number.isInteger(e) || b > e) throw new Error(`attribute ${name}: bad range [${begin}-${end}]`);
  return { begin: b, end: e };
}

/** The command a task runs in: its executor's (custom executor) or its own (command and group tasks). */
function commandOf(task: TaskInfo): CommandInfo | undefined {
  return task.executor ? task.executor.command : task.command;
}

/** A command's plain variables as the hook kind's EnvVars (SECRET variables are not shown to hooks). */
function plainEnvironment(command: CommandInfo | undefined): EnvVar[] {
  return (command?.environment?.variables ?? []).filter((v) => v.type !== 'SECRET').map((v) => ({ name: v.name, value: v.value ?? '' }));
}

interface RunTaskValue {
  labels: Label[];
  environment: EnvVar[];
}

/**
 * AgentRunTask of each hook over one task: the labels answered become the task's, the environment
 * answered the plain variables of the command it runs in (its SECRET variables are kept as they are).
 */
export async function decorateRunTask(
  hooks: readonly NamedHook[],
  task: TaskInfo,
  shared: { frameworkInfo: FrameworkInfo; executor: ExecutorInfo | undefined; agentInfo: AgentInfo },
  opts: DecorateOptions,
): Promise<void> {
  const frameworkInfoJson = encodeMessage(FrameworkInfoSchema, shared.frameworkInfo);
  const agentInfoJson = encodeMessage(AgentInfoSchema, shared.agentInfo);
  const executor = task.executor ?? shared.executor;
  const executorInfoJson = executor ? encodeMessage(ExecutorInfoSchema, withoutSecretValues(executor)) : '';
  const before: RunTaskValue = { labels: task.labels?.labels ?? [], environment: plainEnvironment(commandOf(task)) };
  const after = await decorate(
    hooks,
    'agentRunTask',
    before,
    (current) => ({
      taskInfoJson: encodeMessage(TaskInfoSchema, withoutSecretValues({ ...task, labels: { labels: current.labels } })),
      executorInfoJson,
      frameworkInfoJson,
      agentInfoJson,
      labels: current.labels.map((l) => ({ key: l.key, value: l.value ?? '' })),
      environment: current.environment,
    }),
    (current, d) => {
      const labels = decoratedLabels(d) ?? current.labels;
      const environment = decoratedEnvironment(d) ?? current.environment;
      return labels === current.labels && environment === current.environment ? current : { labels, environment };
    },
    opts,
  );
  if (after.labels !== before.labels) task.labels = { labels: after.labels };
  if (after.environment !== before.environment) {
    const command = commandOf(task) ?? {};
    const secrets = (command.environment?.variables ?? []).filter((v) => v.type === 'SECRET');
    const variables: Environment_Variable[] = [...after.environment.map((v) => ({ name: v.name!, value: v.value ?? '' })), ...secrets];
    const decorated = { ...command, environment: { variables } };
    if (task.executor) task.executor = { ...task.executor, command: decorated };
    else task.command = decorated;
  }
}

/** What AgentRemoveExecutor is told of a removed container. */
export interface RemovedExecutor {
  frameworkId: string;
  containerId: string;
  /** The executor's ExecutorInfo; for a command task the command executor the agent stands in for. */
  executor: ExecutorInfo;
}

/** AgentRemoveExecutor of each hook; answers ignored, failures logged. Never rejects. */
export function notifyRemoveExecutor(hooks: readonly NamedHook[], removed: RemovedExecutor, opts: DecorateOptions): Promise<void> {
  return notifyHooks(
    hooks,
    'agentRemoveExecutor',
    { frameworkId: removed.frameworkId, executorInfoJson: encodeMessage(ExecutorInfoSchema, withoutSecretValues(removed.executor)), containerId: { value: removed.containerId } },
    opts,
  );
}

/** The ExecutorInfo Mesos's agent makes for a command task ("Command Executor"), from the task. */
export function commandExecutorInfo(frameworkId: string, executorId: string, task: TaskInfo | undefined): ExecutorInfo {
  const info: ExecutorInfo = { executor_id: { value: executorId }, framework_id: { value: frameworkId }, name: `Command Executor (Task: ${executorId})` };
  if (task?.command) info.command = task.command;
  if (task?.labels) info.labels = task.labels;
  return info;
}
