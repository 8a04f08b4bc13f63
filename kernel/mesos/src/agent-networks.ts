/**
 * The named networks an agent can join containers to, as it advertises them to the master: a SET
 * attribute `networks` (the names its isolators provide). The master refuses, at ACCEPT, a task
 * asking for a network its agent does not list; an agent without the attribute says nothing, and
 * the agent itself refuses an unknown name (TASK_FAILED naming it).
 */
import type { Attribute, ContainerInfo, TaskInfo } from './generated/types';

/** Name of the attribute listing an agent's networks. */
export const NETWORKS_ATTRIBUTE = 'networks';

/** The attribute listing `names`. */
export function networksAttribute(names: readonly string[]): Attribute {
  return { name: NETWORKS_ATTRIBUTE, type: 'SET', set: { item: [...names] } };
}

/** The networks an agent advertises; undefined when it advertises none (nothing can be checked). */
export function advertisedNetworks(attributes: readonly Attribute[] | undefined): Set<string> | undefined {
  const a = (attributes ?? []).find((x) => x.name === NETWORKS_ATTRIBUTE && x.type === 'SET');
  return a === undefined ? undefined : new Set(a.set?.item ?? []);
}

/** The first network `container` asks for that the agent does not advertise, as a refusal naming `path`; undefined when there is none. */
export function unknownNetworkProblem(container: ContainerInfo | undefined, path: string, attributes: readonly Attribute[] | undefined, agentId: string): string | undefined {
  const known = advertisedNetworks(attributes);
  if (known === undefined) return undefined;
  for (const [i, n] of (container?.network_infos ?? []).entries()) {
    if (n.name && !known.has(n.name)) {
      return `${path}.network_infos[${i}].name: network '${n.name}' is not available on agent ${agentId} (its networks: ${known.size ? [...known].sort().join(', ') : 'none'})`;
    }
  }
  return undefined;
}

/** The same for a task's own container and its executor's. */
export function taskNetworkProblem(task: TaskInfo, attributes: readonly Attribute[] | undefined, agentId: string): string | undefined {
  return unknownNetworkProblem(task.container, 'container', attributes, agentId) ?? unknownNetworkProblem(task.executor?.container, 'executor.container', attributes, agentId);
}
