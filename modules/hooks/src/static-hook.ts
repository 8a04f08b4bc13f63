import type { AgentPreLaunchRequest, AgentResourcesRequest, AgentRunTaskRequest, AgentTaskStatusRequest, ContainerAttribute, Label, MasterLaunchTaskRequest } from '@plateau/kernel';
import type { HooksConfig, LabelPoint } from './config';
import { type Decoration, decoration, stamp } from './decoration';

type Pairs = ReadonlyArray<readonly [string, string]>;
/** An attribute as a hook answers it. */
type AnsweredAttribute = NonNullable<Decoration['attributes']>['attributes'][number];
const VALUE_TYPES = ['VALUE_TYPE_UNSPECIFIED', 'SCALAR', 'RANGES', 'SET', 'TEXT'] as const;

/**
 * StaticHook: stamps configured labels on launched tasks and status updates, variables on
 * containers about to launch, and attributes on the agent at start. A point with nothing
 * configured answers "unchanged" (all fields null).
 */
export class StaticHook {
  private readonly labels: Record<LabelPoint, Pairs>;
  private readonly environment: Pairs;
  private readonly attributes: ReadonlyArray<readonly [string, string | number]>;

  constructor(config: Pick<HooksConfig, 'labels' | 'pointLabels' | 'environment' | 'attributes'>) {
    const all = Object.entries(config.labels ?? {});
    const at = (p: LabelPoint): Pairs => stamp(all, Object.entries(config.pointLabels?.[p] ?? {}));
    this.labels = { masterLaunchTask: at('masterLaunchTask'), agentRunTask: at('agentRunTask'), agentTaskStatus: at('agentTaskStatus') };
    this.environment = Object.entries(config.environment ?? {});
    this.attributes = Object.entries(config.attributes ?? {});
  }

  /** Whether any stamp is configured at all. */
  get empty(): boolean {
    return Object.values(this.labels).every((l) => l.length === 0) && this.environment.length === 0 && this.attributes.length === 0;
  }

  async masterLaunchTask(req: MasterLaunchTaskRequest = {}): Promise<Decoration> {
    return this.labelled('masterLaunchTask', req.labels);
  }

  async agentRunTask(req: AgentRunTaskRequest = {}): Promise<Decoration> {
    return this.labelled('agentRunTask', req.labels);
  }

  async agentTaskStatus(req: AgentTaskStatusRequest = {}): Promise<Decoration> {
    return this.labelled('agentTaskStatus', req.labels);
  }

  async agentPreLaunch(req: AgentPreLaunchRequest = {}): Promise<Decoration> {
    if (this.environment.length === 0) return decoration();
    const have = (req.environment ?? []).map((e) => [e.name ?? '', e.value ?? ''] as const);
    return decoration({ environment: { variables: stamp(have, this.environment).map(([name, value]) => ({ name, value })) } });
  }

  async agentResources(req: AgentResourcesRequest = {}): Promise<Decoration> {
    if (this.attributes.length === 0) return decoration();
    const wanted = new Map(this.attributes);
    const kept = (req.attributes ?? []).filter((a) => !wanted.has(a.name ?? '')).map(copyAttribute);
    const added = this.attributes.map(([name, v]) => attribute(name, v));
    return decoration({ attributes: { attributes: [...kept, ...added] } });
  }

  async agentRemoveExecutor(): Promise<Decoration> {
    return decoration();
  }

  private labelled(point: LabelPoint, labels: Label[] | null | undefined): Decoration {
    if (this.labels[point].length === 0) return decoration();
    const have = (labels ?? []).map((l) => [l.key ?? '', l.value ?? ''] as const);
    return decoration({ labels: { labels: stamp(have, this.labels[point]).map(([key, value]) => ({ key, value })) } });
  }
}

/** A configured attribute in the hook kind's form: numbers are SCALAR, strings TEXT (as the agent's own `attributes:`). */
function attribute(name: string, v: string | number): AnsweredAttribute {
  return typeof v === 'number'
    ? { name, type: 'SCALAR', scalar: v, ranges: [], set: [], text: '' }
    : { name, type: 'TEXT', scalar: 0, ranges: [], set: [], text: v };
}

/** An attribute of the request, passed back as it came (a copy: the request stays untouched). */
function copyAttribute(a: ContainerAttribute): AnsweredAttribute {
  return {
    name: a.name ?? '',
    type: typeof a.type === 'number' ? (VALUE_TYPES[a.type] ?? 'TEXT') : (a.type ?? 'TEXT'),
    scalar: Number(a.scalar ?? 0),
    ranges: (a.ranges ?? []).map((r) => ({ begin: String(r.begin ?? 0), end: String(r.end ?? 0) })),
    set: [...(a.set ?? [])],
    text: a.text ?? '',
  };
}
