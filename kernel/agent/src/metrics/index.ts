/**
 * The agent's metrics: Prometheus text at `/metrics` (container launches and their latency,
 * containers running, tasks by state, status updates sent and waiting for acknowledgement) and
 * Mesos's flat `/metrics/snapshot` JSON with `slave/...` names; both also under `/slave(1)`.
 * Launches are timed by wrapping the agent's containerizer `launch` (from the call until the
 * container runs, or the launch fails); everything else is read from the agent when scraped.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isTerminalTaskState } from '@plateau/mesos';
import type { Agent } from '../agent';
import type { AgentRouter } from '../http/router';

const aliases = (...paths: string[]) => paths.flatMap((p) => [p, `/slave(1)${p}`]);

const SCALARS = ['cpus', 'mem', 'disk', 'gpus'] as const;

/** Task states the agent's task gauges always report. */
const LIVE_STATES = ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING'] as const;

/** AgentMetrics: one agent's registry and launch counters. */
export class AgentMetrics {
  readonly registry = new Registry();
  private launched = 0;
  private failed = 0;

  constructor(private readonly agent: Agent) {
    const registers = [this.registry];
    const launches = new Counter({ name: 'plateau_agent_container_launches_total', help: 'Container launches by outcome', labelNames: ['outcome'], registers });
    const latency = new Histogram({
      name: 'plateau_agent_container_launch_seconds',
      help: 'Time from launch request to a running container (or a failed launch)',
      labelNames: ['outcome'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    launches.inc({ outcome: 'ok' }, 0);
    launches.inc({ outcome: 'failed' }, 0);
    const c = agent.containerizer;
    const launch = c.launch.bind(c);
    c.launch = async (...args: Parameters<typeof launch>) => {
      const started = performance.now();
      try {
        const r = await launch(...args);
        this.launched++;
        launches.inc({ outcome: 'ok' });
        latency.observe({ outcome: 'ok' }, (performance.now() - started) / 1000);
        return r;
      } catch (err) {
        this.failed++;
        launches.inc({ outcome: 'failed' });
        latency.observe({ outcome: 'failed' }, (performance.now() - started) / 1000);
        throw err;
      }
    };
    new Gauge({
      name: 'plateau_agent_containers_running',
      help: 'Containers running (launched and not yet ended)',
      registers,
      collect() {
        this.set(runningContainers(agent));
      },
    });
    new Gauge({
      name: 'plateau_agent_status_updates_pending',
      help: 'Status updates sent or to send, not yet acknowledged',
      registers,
      collect() {
        this.set(pendingUpdates(agent));
      },
    });
    new Gauge({
      name: 'plateau_agent_status_updates_sent',
      help: 'Status updates sent to the master since start, by kind (first send, resend, acknowledged)',
      labelNames: ['kind'],
      registers,
      collect() {
        const s = agent.updateStats;
        this.set({ kind: 'sent' }, s.sent);
        this.set({ kind: 'resent' }, s.resent);
        this.set({ kind: 'acknowledged' }, s.acknowledged);
      },
    });
    new Gauge({
      name: 'plateau_agent_tasks',
      help: 'Tasks the agent holds, by state',
      labelNames: ['state'],
      registers,
      collect() {
        for (const [state, n] of taskCounts(agent)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'plateau_agent_registered',
      help: '1 while registered with a master',
      registers,
      collect() {
        this.set(agent.registered ? 1 : 0);
      },
    });
  }

  /** Other registries served with this one (the module host's: module call latency). */
  readonly extra: Registry[] = [];

  /** Prometheus text: this registry's series, then the extra registries'. */
  async prometheus(): Promise<string> {
    const texts = await Promise.all([this.registry, ...this.extra].map((r) => r.metrics()));
    return texts.filter((t) => t !== '').join('\n');
  }

  /** Mesos's `/metrics/snapshot` of an agent (`slave/...`). */
  snapshot(): Record<string, number> {
    const a = this.agent;
    const out: Record<string, number> = {};
    out['slave/uptime_secs'] = (Date.now() - a.startTime) / 1000;
    out['slave/registered'] = a.registered ? 1 : 0;
    out['slave/frameworks_active'] = a.frameworks.size;
    const counts = taskCounts(a);
    for (const [state, n] of counts) out[`slave/tasks_${state.slice(5).toLowerCase()}`] = n;
    out['slave/executors_running'] = runningContainers(a);
    out['slave/executors_registering'] = 0;
    out['slave/executors_terminating'] = 0;
    out['slave/container_launch_errors'] = this.failed;
    out['containerizer/mesos/container_launches'] = this.launched;
    const s = a.updateStats;
    out['slave/valid_status_updates'] = s.sent;
    out['slave/status_updates_resent'] = s.resent;
    out['slave/status_updates_acknowledged'] = s.acknowledged;
    out['slave/status_updates_pending'] = pendingUpdates(a);
    const total: Record<string, number> = {};
    for (const r of a.resources) if (r.type === 'SCALAR') total[r.name] = (total[r.name] ?? 0) + (r.scalar?.value ?? 0);
    const used: Record<string, number> = {};
    for (const t of a.tasks.values()) {
      if (isTerminalTaskState(t.state)) continue;
      for (const r of t.info.resources ?? []) if (r.type === 'SCALAR') used[r.name] = (used[r.name] ?? 0) + (r.scalar?.value ?? 0);
    }
    for (const name of SCALARS) {
      const tot = total[name] ?? 0;
      const u = used[name] ?? 0;
      out[`slave/${name}_total`] = tot;
      out[`slave/${name}_used`] = u;
      out[`slave/${name}_percent`] = tot > 0 ? u / tot : 0;
    }
    return out;
  }
}

function runningContainers(a: Agent): number {
  let n = 0;
  for (const c of a.containers.values()) if (c.phase === 'running') n++;
  return n;
}

function pendingUpdates(a: Agent): number {
  let n = 0;
  for (const t of a.tasks.values()) n += t.pending.length;
  return n;
}

/** Tasks by state: the live states always, terminal ones the agent still holds (not yet acknowledged). */
function taskCounts(a: Agent): Map<string, number> {
  const out = new Map<string, number>(LIVE_STATES.map((s) => [s, 0]));
  for (const t of a.tasks.values()) out.set(t.state, (out.get(t.state) ?? 0) + 1);
  return out;
}

/** Adds a registry (the modules' metrics) to what the agent's `/metrics` serves. */
export function exposeModuleMetrics(agent: Agent, registry: Registry): void {
  agent.metrics.extra.push(registry);
}

/** Registers `/metrics` and `/metrics/snapshot` on the agent's router (and instruments launches). */
export function addAgentMetricsRoutes(agent: Agent, router: AgentRouter): void {
  const metrics = agent.metrics;
  router.add(aliases('/metrics/snapshot', '/metrics/snapshot.json'), {
    auth: 'readonly',
    methods: ['GET'],
    handle: ({ res }) => {
      const body = JSON.stringify(metrics.snapshot());
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    },
  });
  router.add(aliases('/metrics'), {
    auth: 'readonly',
    methods: ['GET'],
    handle: async ({ res }) => {
      const text = await metrics.prometheus();
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    },
  });
}
