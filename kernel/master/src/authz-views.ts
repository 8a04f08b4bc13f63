/**
 * What a caller may see of the master's books, asked of the authorizer as Mesos filters its state
 * endpoints: frameworks by VIEW_FRAMEWORK, their tasks by VIEW_TASK and executors by
 * VIEW_EXECUTOR (only those of frameworks it may view), agents by VIEW_AGENT, roles by
 * VIEW_ROLE. One AuthorizedMany call per action per request. Without an authorizer there is no
 * filter, and the views do no per-object work.
 */
import type { Caller, HttpAuth } from './auth';
import { ViewObjects } from './authz-objects';
import type { AgentRecord, ExecutorEntry, FrameworkRecord, MasterState, TaskRecord } from './state/index';
import { ViewDecisions } from './views/filter';

/** The parts of the books a view shows. */
export type ViewPart = 'frameworks' | 'tasks' | 'executors' | 'agents' | 'roles';

export const ALL_PARTS: readonly ViewPart[] = ['frameworks', 'tasks', 'executors', 'agents', 'roles'];

/** What building a filter reads. */
export interface ViewSource {
  readonly auth: HttpAuth;
  readonly state: MasterState;
}

/**
 * The decisions for `caller` on the `parts` of the books as they are now (`roles`: the role
 * names the view lists), or undefined without an authorizer.
 */
export async function viewFilter(m: ViewSource, caller: Caller, parts: readonly ViewPart[], roles: readonly string[] = []): Promise<ViewDecisions | undefined> {
  if (!m.auth.authorizes) return undefined;
  const want = new Set(parts);
  const d = new ViewDecisions();
  const objects = new ViewObjects();
  const ask = async <T>(action: string, items: readonly T[], object: (x: T) => ReturnType<ViewObjects['role']>, record: (x: T, allowed: boolean) => void) => {
    if (items.length === 0) return;
    const decisions = await m.auth.authorizedMany(caller, action, items.map(object));
    items.forEach((x, i) => record(x, decisions[i]!.allowed));
  };
  const frameworks = want.has('frameworks') || want.has('tasks') || want.has('executors') ? [...m.state.frameworks.values(), ...m.state.completedFrameworks] : [];
  await Promise.all([
    ask('VIEW_FRAMEWORK', frameworks, (fw) => objects.framework(fw), (fw, ok) => d.frameworks.set(fw, ok)),
    want.has('agents') ? ask('VIEW_AGENT', agentsOf(m.state), (a) => objects.agent(a), (a, ok) => d.agents.set(a.id, ok)) : undefined,
    want.has('roles') ? ask('VIEW_ROLE', [...new Set(roles)], (r) => objects.role(r), (r, ok) => d.roles.set(r, ok)) : undefined,
  ]);
  const viewable = frameworks.filter((fw) => d.framework(fw));
  await Promise.all([
    want.has('tasks') ? ask('VIEW_TASK', tasksOf(viewable), (t) => objects.task(t), (t, ok) => d.tasks.set(t, ok)) : undefined,
    want.has('executors') ? ask('VIEW_EXECUTOR', executorsOf(viewable), ([fw, e]) => objects.executor(fw, e), ([, e], ok) => d.executors.set(e, ok)) : undefined,
  ]);
  return d;
}

/** Every agent, recovered ones (known from the registry, not re-registered yet) too, by id and hostname. */
function agentsOf(state: MasterState): Array<{ id: string; hostname: string }> {
  const out = [...state.agents.values()].map((a) => ({ id: a.id, hostname: a.info.hostname }));
  for (const [id, info] of state.recoveredAgents) out.push({ id, hostname: info.hostname });
  return out;
}

function tasksOf(frameworks: readonly FrameworkRecord[]): TaskRecord[] {
  const out: TaskRecord[] = [];
  for (const fw of frameworks) {
    for (const t of fw.tasks.values()) out.push(t);
    for (const t of fw.completedTasks) out.push(t);
  }
  return out;
}

function executorsOf(frameworks: readonly FrameworkRecord[]): Array<[FrameworkRecord, ExecutorEntry]> {
  const out: Array<[FrameworkRecord, ExecutorEntry]> = [];
  for (const fw of frameworks) for (const execs of fw.executors.values()) for (const e of execs.values()) out.push([fw, e]);
  return out;
}

/**
 * StreamViewer: the operator SUBSCRIBE stream of one caller. It starts from the decisions its
 * SUBSCRIBED state was filtered by, and asks the authorizer about each framework, task or agent
 * its events name for the first time, remembering the answer (weakly).
 */
export class StreamViewer {
  private readonly objects = new ViewObjects();
  private readonly pending = new WeakMap<object, Promise<boolean>>();

  constructor(
    private readonly auth: HttpAuth,
    private readonly caller: Caller,
    readonly decisions: ViewDecisions,
  ) {}

  async framework(fw: FrameworkRecord): Promise<boolean> {
    const known = this.decisions.frameworks.get(fw);
    if (known !== undefined) return known;
    return this.once(fw, 'VIEW_FRAMEWORK', () => this.objects.framework(fw), (ok) => this.decisions.frameworks.set(fw, ok));
  }

  async task(t: TaskRecord): Promise<boolean> {
    const known = this.decisions.tasks.get(t);
    if (known !== undefined) return known;
    if (!(await this.framework(t.framework))) return false;
    return this.once(t, 'VIEW_TASK', () => this.objects.task(t), (ok) => this.decisions.tasks.set(t, ok));
  }

  async agent(a: AgentRecord): Promise<boolean> {
    const known = this.decisions.agents.get(a.id);
    if (known !== undefined) return known;
    return this.once(a, 'VIEW_AGENT', () => this.objects.agent({ id: a.id, hostname: a.info.hostname }), (ok) => this.decisions.agents.set(a.id, ok));
  }

  /** Whether the agent with this id was shown (its removal is told only then). */
  agentShown(agentId: string): boolean {
    return this.decisions.agents.get(agentId) === true;
  }

  /** One question per record at a time, however many events name it meanwhile. */
  private once(key: object, action: string, object: () => ReturnType<ViewObjects['role']>, remember: (ok: boolean) => void): Promise<boolean> {
    let p = this.pending.get(key);
    if (p === undefined) {
      p = this.auth.decision(this.caller, action, object()).then((d) => {
        remember(d.allowed);
        this.pending.delete(key);
        return d.allowed;
      });
      this.pending.set(key, p);
    }
    return p;
  }
}
