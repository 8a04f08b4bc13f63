import { access, constants } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type AgentPreLaunchRequest,
  type AgentRemoveExecutorRequest,
  type AgentResourcesRequest,
  type AgentRunTaskRequest,
  type AgentTaskStatusRequest,
  type Hook,
  InvalidError,
  type MasterLaunchTaskRequest,
  UnsupportedError,
} from '@plateau/kernel';
import type { HookPoint, HooksConfig } from './config';
import type { Decoration } from './decoration';
import { ExecHook } from './exec-hook';
import { StaticHook } from './static-hook';

/**
 * The hooks module: the static stamps, then the exec hook, which sees the request as the stamps
 * left it (and whose answer, field by field, wins). Either part may be absent.
 */
export class Hooks implements Hook {
  private readonly stamps: StaticHook | undefined;
  private readonly exec: ExecHook | undefined;

  constructor(config: HooksConfig) {
    const stamps = new StaticHook(config);
    this.stamps = stamps.empty ? undefined : stamps;
    this.exec = config.exec ? new ExecHook(config.exec) : undefined;
  }

  masterLaunchTask(req: MasterLaunchTaskRequest): Promise<Decoration> {
    return this.call('masterLaunchTask', req, (r, d) => (d.labels ? { ...r, labels: d.labels.labels } : r));
  }

  agentRunTask(req: AgentRunTaskRequest): Promise<Decoration> {
    return this.call('agentRunTask', req, (r, d) => (d.labels ? { ...r, labels: d.labels.labels } : r));
  }

  agentPreLaunch(req: AgentPreLaunchRequest): Promise<Decoration> {
    return this.call('agentPreLaunch', req, (r, d) => (d.environment ? { ...r, environment: d.environment.variables } : r));
  }

  agentTaskStatus(req: AgentTaskStatusRequest): Promise<Decoration> {
    return this.call('agentTaskStatus', req, (r, d) => (d.labels ? { ...r, labels: d.labels.labels } : r));
  }

  agentResources(req: AgentResourcesRequest): Promise<Decoration> {
    return this.call('agentResources', req, (r, d) => (d.attributes ? { ...r, attributes: d.attributes.attributes } : r));
  }

  agentRemoveExecutor(req: AgentRemoveExecutorRequest): Promise<Decoration> {
    return this.call('agentRemoveExecutor', req, (r) => r);
  }

  /** Stamps, then the executable over the stamped request; a field the executable answers replaces the stamp's. */
  private async call<R extends object>(point: HookPoint, req: R | undefined, applied: (r: R, d: Decoration) => R): Promise<Decoration> {
    const request = (req ?? {}) as R;
    const stamped = this.stamps ? await (this.stamps[point] as (r: R) => Promise<Decoration>).call(this.stamps, request) : undefined;
    if (!this.exec) {
      if (stamped) return stamped;
      throw new UnsupportedError(`hooks: nothing configured for ${point}`);
    }
    let answer: Decoration;
    try {
      answer = await this.exec.call(point, stamped ? applied(request, stamped) : request);
    } catch (err) {
      if (stamped && err instanceof UnsupportedError) return stamped;
      throw err;
    }
    if (!stamped) return answer;
    return {
      labels: answer.labels ?? stamped.labels,
      environment: answer.environment ?? stamped.environment,
      resources: answer.resources ?? stamped.resources,
      attributes: answer.attributes ?? stamped.attributes,
    };
  }
}

/** Refuses, naming it, an exec command given as a path that is not an executable file. */
export async function checkExecutable(command: readonly string[] | undefined): Promise<void> {
  const file = command?.[0];
  if (file === undefined || !file.includes('/')) return; // a name on PATH is looked up at each run
  try {
    await access(resolve(file), constants.X_OK);
  } catch (err) {
    throw new InvalidError(`exec.command[0]: ${file} is not an executable file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
