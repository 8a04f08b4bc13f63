/**
 * The agent API's nested container calls (Mesos's): LAUNCH_NESTED_CONTAINER,
 * WAIT_NESTED_CONTAINER, KILL_NESTED_CONTAINER, REMOVE_NESTED_CONTAINER, and WAIT_CONTAINER /
 * KILL_CONTAINER / REMOVE_CONTAINER on a nested container's id. Their authorization (the
 * actions, on the top-level container's executor and framework) is agent-api.ts's, through
 * access.ts; the work is NestedContainers'.
 */
import { constants as osConstants } from 'node:os';
import { accepted, type AgentCall, badRequest, conflict, type ContainerID, type HttpAnswer, notFound, ok, okJson, quote } from '@plateau/mesos';
import type { Agent } from '../agent';
import { chainValues, type ContainerIdChain } from '../containerizer/nested';
import { NestedContainerError } from '../nested/nested-containers';
import type { ContainerTarget } from './access';

/** A ContainerID of a call as a plain chain. */
export function chainOfCall(cid: ContainerID): ContainerIdChain {
  return cid.parent ? { value: cid.value, parent: chainOfCall(cid.parent) } : { value: cid.value };
}

/** The answer of a NestedContainerError (anything else is rethrown). */
function answerOf(err: unknown): HttpAnswer {
  if (!(err instanceof NestedContainerError)) throw err;
  if (err.status === 404) return notFound(err.message);
  if (err.status === 409) return conflict(err.message);
  return badRequest(err.message);
}

/**
 * The authorization target of a nested container id: the top-level container's executor and
 * framework (from the running chain, else from the id's own chain), its parent and ancestors.
 */
export function nestedTarget(agent: Agent, cid: ContainerID): ContainerTarget {
  const chain = chainOfCall(cid);
  const known = agent.nested.get(cid.value);
  const values = known ? chainValues(known.containerId) : chainValues(chain);
  const top = agent.containers.get(values[0]!);
  const ancestors = values.slice(0, -1).reverse();
  const frameworkId = top?.frameworkId ?? known?.frameworkId;
  const frameworkUser = frameworkId === undefined ? undefined : agent.frameworks.get(frameworkId)?.user;
  return { containerId: cid.value, parentId: ancestors[0], ancestors, frameworkId, executorId: top?.executorId ?? known?.executorId, frameworkUser };
}

/** LAUNCH_NESTED_CONTAINER: 200 once it runs; 202 when that container already runs in that parent (Mesos's ALREADY_LAUNCHED). */
export async function launchNested(agent: Agent, call: AgentCall, sessionIds: ReadonlySet<string>): Promise<HttpAnswer> {
  const l = call.launch_nested_container!;
  const chain = chainOfCall(l.container_id);
  const existing = agent.nested.get(chain.value);
  if (existing !== undefined && chainValues(existing.containerId).join('/') === chainValues(chain).join('/') && existing.phase !== 'exited') return accepted();
  if (sessionIds.has(chain.value)) return conflict(`container id '${chain.value}' is already in use on this agent (a session)`);
  try {
    await agent.nested.launch({ containerId: chain, command: l.command, container: l.container, resources: l.resources, limits: l.limits });
    return ok();
  } catch (err) {
    return answerOf(err);
  }
}

/** WAIT_NESTED_CONTAINER (or WAIT_CONTAINER): the wait(2) status once it has exited. */
export async function waitNested(agent: Agent, cid: ContainerID, type: 'WAIT_NESTED_CONTAINER' | 'WAIT_CONTAINER'): Promise<HttpAnswer> {
  try {
    const t = await agent.nested.wait(cid.value);
    const field = type === 'WAIT_NESTED_CONTAINER' ? 'wait_nested_container' : 'wait_container';
    const parts = [...(t.status >= 0 ? [`"exit_status":${t.status}`] : []), ...(t.message ? [`"message":${quote(t.message)}`] : [])];
    return okJson(`{"type":${quote(type)},${quote(field)}:{${parts.join(',')}}}`);
  } catch (err) {
    return answerOf(err);
  }
}

/** KILL_NESTED_CONTAINER (or KILL_CONTAINER): `signal` (default SIGKILL, which destroys it and its nested containers). */
export async function killNested(agent: Agent, cid: ContainerID, signal: number | undefined): Promise<HttpAnswer> {
  const name = Object.entries(osConstants.signals).find(([, n]) => n === (signal ?? 9))?.[0];
  if (name === undefined) return badRequest(`Unknown signal ${signal}`);
  try {
    await agent.nested.kill(cid.value, name);
    return ok();
  } catch (err) {
    return answerOf(err);
  }
}

/** REMOVE_NESTED_CONTAINER (or REMOVE_CONTAINER): only once it has exited; its sandbox and records go. */
export async function removeNested(agent: Agent, cid: ContainerID): Promise<HttpAnswer> {
  try {
    await agent.nested.remove(cid.value);
    return ok();
  } catch (err) {
    return answerOf(err);
  }
}
