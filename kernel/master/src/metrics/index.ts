/**
 * The master's metrics: counters the master's hooks bump (allocation rounds, offers, status
 * updates, HTTP requests) and gauges read from the books when scraped. Two views of them:
 * Prometheus text at `/metrics` (prom-client, `plateau_*` series) and Mesos's flat
 * `/metrics/snapshot` JSON (`master/...`, `allocator/mesos/...` names), also GET_METRICS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isTerminalTaskState, type TaskState } from '@plateau/mesos';
import type { MasterCore } from '../core';
import type { MasterState } from '../state/index';
import { agentUsage } from '../views/v1';
import { EventLoopDelay } from './event-loop';

/** Paths that get their own `endpoint` label; any other path is counted as `other`. */
const KNOWN_PATHS = new Set([
  '/api/v1',
  '/api/v1/scheduler',
  '/master/api/v1',
  '/master/api/v1/scheduler',
  '/master/state',
  '/master/state.json',
  '/state',
  '/state.json',
  '/health',
  '/master/health',
  '/master/redirect',
  '/redirect',
  '/metrics',
  '/metrics/snapshot',
]);

/** Scalars the cluster resource gauges and Mesos resource metrics cover. */
const SCALARS = ['cpus', 'mem', 'disk', 'gpus'] as const;

/** States the task gauge always reports (0 when none). */
const TASK_STATES: TaskState[] = ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_UNREACHABLE'];

/** Mesos counters of tasks that ended, by terminal state. */
const TERMINAL_NAMES: Partial<Record<TaskState, string>> = {
  TASK_FINISHED: 'finished',
  TASK_FAILED: 'failed',
  TASK_KILLED: 'killed',
  TASK_LOST: 'lost',
  TASK_ERROR: 'error',
  TASK_DROPPED: 'dropped',
  TASK_GONE: 'gone',
  TASK_GONE_BY_OPERATOR: 'gone_by_operator',
};

/** What the books hold right now, counted once per scrape. */
interface Census {
  agents: { active: number; deactivated: number; disconnected: number; unreachable: number; connected: number };
  frameworks: { active: number; inactive: number; connected: number; disconnected: number; completed: number };
  tasks: Map<string, number>;
  resources: Record<string, { total: number; used: number; offered: number }>;
  offers: number;
}

function census(state: MasterState): Census {
  const agents = { active: 0, deactivated: 0, disconnected: 0, unreachable: 0, connected: 0 };
  const resources: Census['resources'] = {};
  for (const name of SCALARS) resources[name] = { total: 0, used: 0, offered: 0 };
  for (const a of state.agents.values()) {
    if (a.unreachableTime !== undefined) {
      agents.unreachable++;
      continue;
    }
    if (a.session !== null) agents.connected++;
    else agents.disconnected++;
    if (a.deactivated) agents.deactivated++;
    else agents.active++;
    const { used, offered } = agentUsage(a);
    for (const name of SCALARS) {
      const r = resources[name]!;
      r.total += a.total.scalar(name);
      r.used += used.scalar(name);
      r.offered += offered.scalar(name);
    }
  }
  const frameworks = { active: 0, inactive: 0, connected: 0, disconnected: 0, completed: state.completedFrameworks.length };
  const tasks = new Map<string, number>(TASK_STATES.map((s) => [s, 0]));
  for (const fw of state.frameworks.values()) {
    if (fw.active) frameworks.active++;
    else frameworks.inactive++;
    if (fw.connected) frameworks.connected++;
    else frameworks.disconnected++;
    for (const t of fw.tasks.values()) if (!t.terminal) tasks.set(t.state, (tasks.get(t.state) ?? 0) + 1);
  }
  return { agents, frameworks, tasks, resources, offers: state.offers.size };
}

/** What the metrics read of their master. */
export type MetricsSource = Pick<MasterCore, 'state' | 'leading' | 'startTime' | 'allocator'>;

/** MasterMetrics: one master's counters and its Prometheus registry. */
export class MasterMetrics {
  readonly registry = new Registry();
  /** The event loop's delay (its timer stops with stop()). */
  readonly loop = new EventLoopDelay();
  private readonly cycle: Histogram<never>;
  private readonly offersMade: Counter<never>;
  private readonly declined: Counter<never>;
  private readonly rescinded: Counter<never>;
  private readonly updates: Counter<'state'>;
  private readonly http: Histogram<'endpoint' | 'method' | 'code'>;
  /** The status update counter's child per state (label lookups cost more than the increment). */
  private readonly byState = new Map<string, { inc(): void }>();
  /** Plain numbers for the Mesos snapshot. */
  private readonly counts = {
    allocationRuns: 0,
    lastAllocationMs: 0,
    offersMade: 0,
    offersDeclined: 0,
    offersRescinded: 0,
    statusUpdates: 0,
    ended: new Map<TaskState, number>(),
  };

  constructor(
    private readonly m: MetricsSource,
    /** The operator event streams (their count is a gauge). */
    private readonly subscribers: { readonly size: number },
  ) {
    const registers = [this.registry];
    this.cycle = new Histogram({
      name: 'plateau_allocator_cycle_seconds',
      help: 'Time of one allocation round',
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.offersMade = new Counter({ name: 'plateau_offers_made_total', help: 'Offers sent to frameworks', registers });
    this.declined = new Counter({ name: 'plateau_offers_declined_total', help: 'Offers declined by frameworks', registers });
    this.rescinded = new Counter({ name: 'plateau_offers_rescinded_total', help: 'Offers rescinded by the master', registers });
    this.updates = new Counter({ name: 'plateau_task_status_updates_total', help: 'Task status updates recorded by the master, by state', labelNames: ['state'], registers });
    this.http = new Histogram({
      name: 'plateau_http_request_duration_seconds',
      help: 'HTTP request latency by endpoint (streams: until they close)',
      labelNames: ['endpoint', 'method', 'code'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    let scraped: Census | undefined;
    // Gauges read the books once per scrape: the first gauge collected takes the census.
    const take = () => (scraped ??= census(m.state));
    new Gauge({
      name: 'plateau_master_elected',
      help: '1 when this master leads',
      registers,
      collect() {
        scraped = undefined;
        this.set(m.leading ? 1 : 0);
      },
    });
    new Gauge({
      name: 'plateau_master_uptime_seconds',
      help: 'Seconds since this master started',
      registers,
      collect() {
        this.set((Date.now() - m.startTime) / 1000);
      },
    });
    new Gauge({
      name: 'plateau_tasks',
      help: 'Tasks the master tracks, by state (terminal tasks not yet acknowledged excluded)',
      labelNames: ['state'],
      registers,
      collect() {
        for (const [state, n] of take().tasks) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'plateau_agents',
      help: 'Agents by state',
      labelNames: ['state'],
      registers,
      collect() {
        const a = take().agents;
        this.set({ state: 'active' }, a.active);
        this.set({ state: 'deactivated' }, a.deactivated);
        this.set({ state: 'disconnected' }, a.disconnected);
        this.set({ state: 'unreachable' }, a.unreachable);
      },
    });
    new Gauge({
      name: 'plateau_frameworks',
      help: 'Frameworks by state',
      labelNames: ['state'],
      registers,
      collect() {
        const f = take().frameworks;
        this.set({ state: 'active' }, f.active);
        this.set({ state: 'inactive' }, f.inactive);
        this.set({ state: 'completed' }, f.completed);
      },
    });
    new Gauge({
      name: 'plateau_cluster_resources',
      help: 'Scalar resources of reachable agents: total, used by tasks and executors, offered',
      labelNames: ['resource', 'kind'],
      registers,
      collect() {
        for (const [resource, r] of Object.entries(take().resources)) {
          this.set({ resource, kind: 'total' }, r.total);
          this.set({ resource, kind: 'used' }, r.used);
          this.set({ resource, kind: 'offered' }, r.offered);
        }
      },
    });
    new Gauge({
      name: 'plateau_offers_outstanding',
      help: 'Offers sent and not yet answered',
      registers,
      collect() {
        this.set(take().offers);
      },
    });
    const loop = this.loop;
    new Gauge({
      name: 'plateau_master_event_loop_delay_seconds',
      help: 'Event loop delay beyond the 10 ms sampling period: p99 and max over the last 10-20 s (since="recent") and since this master was last elected (since="elected")',
      labelNames: ['since', 'stat'],
      registers,
      collect() {
        for (const [since, d] of [['recent', loop.recent()], ['elected', loop.elected()]] as const) {
          this.set({ since, stat: 'p99' }, d.p99Ms / 1000);
          this.set({ since, stat: 'max' }, d.maxMs / 1000);
        }
      },
    });
    new Gauge({
      name: 'plateau_operator_event_subscribers',
      help: 'Open operator SUBSCRIBE streams',
      registers,
      collect() {
        this.set(subscribers.size);
      },
    });
  }

  /** Stops the event loop monitor's timer. */
  stop(): void {
    this.loop.stop();
  }

  /** An allocation round ran. */
  allocationRound(ms: number, offers: number): void {
    this.counts.allocationRuns++;
    this.counts.lastAllocationMs = ms;
    this.cycle.observe(ms / 1000);
    if (offers > 0) {
      this.counts.offersMade += offers;
      this.offersMade.inc(offers);
    }
  }

  /** Offers were declined. */
  offersDeclined(n: number): void {
    this.counts.offersDeclined += n;
    this.declined.inc(n);
  }

  /** An offer was rescinded. */
  offerRescinded(): void {
    this.counts.offersRescinded++;
    this.rescinded.inc();
  }

  /** The master recorded a task status. */
  statusUpdate(state: TaskState): void {
    this.counts.statusUpdates++;
    let child = this.byState.get(state);
    if (child === undefined) this.byState.set(state, (child = this.updates.labels({ state })));
    child.inc();
    if (isTerminalTaskState(state)) this.counts.ended.set(state, (this.counts.ended.get(state) ?? 0) + 1);
  }

  /** Times one HTTP request, from now until its response finishes or the connection closes. */
  httpRequest(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const endpoint = KNOWN_PATHS.has(path) ? path : 'other';
    const method = req.method ?? 'GET';
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      this.http.observe({ endpoint, method, code: String(res.statusCode) }, (performance.now() - started) / 1000);
    };
    res.once('finish', end);
    res.once('close', end);
  }

  /** Other registries served with this one (the module host's: module call latency). */
  readonly extra: Registry[] = [];

  /** Prometheus text: this registry's series, then the extra registries'. */
  async prometheus(): Promise<string> {
    const texts = await Promise.all([this.registry, ...this.extra].map((r) => r.metrics()));
    return texts.filter((t) => t !== '').join('\n');
  }

  /** Mesos's `/metrics/snapshot`: flat `name: number`, names as Mesos's master and allocator write them. */
  snapshot(): Record<string, number> {
    const m = this.m;
    const c = census(m.state);
    const out: Record<string, number> = {};
    const elected = m.leading;
    out['master/elected'] = elected ? 1 : 0;
    out['master/uptime_secs'] = (Date.now() - m.startTime) / 1000;
    out['master/slaves_active'] = c.agents.active;
    out['master/slaves_inactive'] = c.agents.deactivated;
    out['master/slaves_connected'] = c.agents.connected;
    out['master/slaves_disconnected'] = c.agents.disconnected;
    out['master/slaves_unreachable'] = c.agents.unreachable;
    out['master/recovery_slave_removals'] = 0;
    out['master/frameworks_active'] = c.frameworks.active;
    out['master/frameworks_inactive'] = c.frameworks.inactive;
    out['master/frameworks_connected'] = c.frameworks.connected;
    out['master/frameworks_disconnected'] = c.frameworks.disconnected;
    out['master/outstanding_offers'] = c.offers;
    out['master/tasks_staging'] = c.tasks.get('TASK_STAGING') ?? 0;
    out['master/tasks_starting'] = c.tasks.get('TASK_STARTING') ?? 0;
    out['master/tasks_running'] = c.tasks.get('TASK_RUNNING') ?? 0;
    out['master/tasks_killing'] = c.tasks.get('TASK_KILLING') ?? 0;
    out['master/tasks_unreachable'] = c.tasks.get('TASK_UNREACHABLE') ?? 0;
    for (const [state, name] of Object.entries(TERMINAL_NAMES)) out[`master/tasks_${name}`] = this.counts.ended.get(state as TaskState) ?? 0;
    out['master/valid_status_updates'] = this.counts.statusUpdates;
    out['master/messages_status_update'] = this.counts.statusUpdates;
    out['master/messages_decline_offers'] = this.counts.offersDeclined;
    out['master/offers_made'] = this.counts.offersMade;
    out['master/offers_rescinded'] = this.counts.offersRescinded;
    out['master/operator_event_stream_subscriptions'] = this.subscribers.size;
    out['master/event_queue_messages'] = 0;
    out['master/event_queue_http_requests'] = 0;
    const recent = this.loop.recent();
    const sinceElected = this.loop.elected();
    out['master/event_loop_delay_p99_ms'] = recent.p99Ms;
    out['master/event_loop_delay_max_ms'] = recent.maxMs;
    out['master/event_loop_delay_since_elected_p99_ms'] = sinceElected.p99Ms;
    out['master/event_loop_delay_since_elected_max_ms'] = sinceElected.maxMs;
    for (const name of SCALARS) {
      const r = c.resources[name]!;
      out[`master/${name}_total`] = r.total;
      out[`master/${name}_used`] = r.used;
      out[`master/${name}_percent`] = r.total > 0 ? r.used / r.total : 0;
      out[`allocator/mesos/resources/${name}/total`] = r.total;
      out[`allocator/mesos/resources/${name}/offered_or_allocated`] = r.used + r.offered;
    }
    out['allocator/mesos/allocation_runs'] = this.counts.allocationRuns;
    out['allocator/mesos/allocation_run_ms'] = this.counts.lastAllocationMs;
    if (elected) {
      const stats = m.allocator.stats();
      out['allocator/mesos/offer_filters/active'] = stats.filters;
      out['allocator/mesos/roles'] = stats.roles;
      for (const role of m.allocator.roles()) {
        out[`allocator/mesos/roles/${role.role}/shares/dominant`] = role.share;
        for (const [name, v] of Object.entries(role.quota?.guarantee ?? {})) out[`allocator/mesos/quota/roles/${role.role}/resources/${name}/guarantee`] = v;
        for (const [name, v] of Object.entries(role.quota?.limit ?? {})) out[`allocator/mesos/quota/roles/${role.role}/resources/${name}/limit`] = v;
        for (const [name, v] of Object.entries(role.consumedQuota)) out[`allocator/mesos/quota/roles/${role.role}/resources/${name}/offered_or_allocated`] = v;
      }
    }
    return out;
  }
}

/** Serves `registry` (the module host's) on the master's `/metrics` too. */
export function exposeModuleMetrics(m: { readonly metrics: MasterMetrics }, registry: Registry): void {
  m.metrics.extra.push(registry);
}
