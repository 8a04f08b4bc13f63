import { type AgentPreLaunchRequest, type AgentRunTaskRequest, type AgentTaskStatusRequest, type Decoration__Output, decoration, type Hook, type Label, type MasterLaunchTaskRequest, stampPairs } from '@plateau/kernel';
import type { OwnerLabelsConfig } from './config';

/** A hook's answer (kernel.hook.v1.Decoration): each field set replaces that field; null keeps it. */
export type Decoration = Decoration__Output;

/**
 * OwnerLabelsHook: stamps `owner=<owner>` and the configured labels on launched tasks and status
 * updates, and the same pairs as environment variables on containers about to launch. Stamping
 * replaces a label or variable of the same key, so applying the hook to its own output changes
 * nothing. Answers have the shape they have on the wire (unset fields are null), so the hook
 * reads the same in-process and over gRPC.
 */
export class OwnerLabelsHook implements Hook {
  private readonly stamp: ReadonlyArray<readonly [string, string]>;

  constructor(private readonly config: OwnerLabelsConfig) {
    this.stamp = [['owner', config.owner], ...Object.entries(config.labels ?? {}).filter(([k]) => k !== 'owner')];
  }

  /** On the master, when a task is launched: the task's labels plus ours. */
  async masterLaunchTask(req: MasterLaunchTaskRequest = {}): Promise<Decoration> {
    return decoration({ labels: { labels: this.labelled(req.labels) } });
  }

  /** On the agent, when it receives a task: the task's labels plus ours. */
  async agentRunTask(req: AgentRunTaskRequest = {}): Promise<Decoration> {
    return decoration({ labels: { labels: this.labelled(req.labels) } });
  }

  /** Before a container launches: its environment plus `<prefix>OWNER=<owner>` and one variable per label. */
  async agentPreLaunch(req: AgentPreLaunchRequest = {}): Promise<Decoration> {
    const have = (req.environment ?? []).map((e) => [e.name ?? '', e.value ?? ''] as const);
    const want = this.stamp.map(([k, v]) => [this.envName(k), v] as const);
    return decoration({ environment: { variables: stampPairs(have, want).map(([name, value]) => ({ name, value })) } });
  }

  /** For each status update: its labels plus ours, so consumers of updates see the owner too. */
  async agentTaskStatus(req: AgentTaskStatusRequest = {}): Promise<Decoration> {
    return decoration({ labels: { labels: this.labelled(req.labels) } });
  }

  /** At agent start: the advertised resources and attributes are not this hook's business; answer "unchanged". */
  async agentResources(): Promise<Decoration> {
    return decoration({});
  }

  /** After an executor's container is removed: nothing to clean up here; the answer is ignored anyway. */
  async agentRemoveExecutor(): Promise<Decoration> {
    return decoration({});
  }

  private labelled(labels: Label[] | null | undefined) {
    const have = (labels ?? []).map((l) => [l.key ?? '', l.value ?? ''] as const);
    return stampPairs(have, this.stamp).map(([key, value]) => ({ key, value }));
  }

  private envName(key: string): string {
    return `${this.config.envPrefix ?? 'PLATEAU_LABEL_'}${key.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
  }
}
