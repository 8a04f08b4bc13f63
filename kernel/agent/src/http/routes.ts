/**
 * The agent's own endpoints: `/health`, `/state` (a Mesos-like view of the agent, its frameworks,
 * executors, tasks and containers) and `/monitor/statistics` (each running container's usage as
 * Mesos ResourceStatistics, merged over the isolators), `/pulls` (the image pulls of containers
 * being launched, per layer; `?container_id=` for one). Paths also answer under Mesos's
 * `/slave(1)` prefix.
 */
import { encodeMessage, notFound, sendAnswer, sendJson, TaskSchema } from '@plateau/mesos';
import { messageOf } from '@plateau/kernel';
import type { Agent } from '../agent';
import { addAgentMetricsRoutes } from '../metrics/index';
import type { AgentRouter } from './router';
import { ImagePulls } from '../image-pulls';

const aliases = (...paths: string[]) => paths.flatMap((p) => [p, `/slave(1)${p}`]);

/** Registers the agent's built-in routes on `router`. */
export function agentRoutes(agent: Agent, router: AgentRouter): void {
  router.add(aliases('/health'), {
    auth: 'none', // probes call it without credentials; it answers an empty 200
    methods: ['GET', 'HEAD'],
    handle: ({ res }) => {
      res.writeHead(200, { 'Content-Length': 0 });
      res.end();
    },
  });
  router.add(aliases('/state', '/state.json'), {
    auth: 'readonly',
    methods: ['GET'],
    handle: ({ res }) => sendJson(res, agentState(agent)),
  });
  router.add(aliases('/monitor/statistics', '/monitor/statistics.json'), {
    auth: 'readonly',
    methods: ['GET'],
    handle: async ({ res }) => sendJson(res, await statistics(agent)),
  });
  router.add(aliases('/pulls', '/pulls.json'), {
    auth: 'readonly',
    methods: ['GET'],
    handle: ({ res, search }) => {
      // ?container_id=ID: that container's pull (404 when none is known).
      const id = new URLSearchParams(search).get('container_id');
      if (id === null) return sendJson(res, { pulls: agent.pulls.list().map(ImagePulls.json) });
      const p = agent.pulls.get(id);
      if (p === undefined) return sendAnswer(res, notFound(`no image pull is known for container '${id}' (pulls are listed while they run and a minute after)`));
      return sendJson(res, ImagePulls.json(p));
    },
  });
  addAgentMetricsRoutes(agent, router);
}

/** Scalars as numbers and the rest in Mesos text form, as Mesos's /state writes resources. */
function resourceMap(resources: Agent['resources']): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const r of resources) {
    if (r.type === 'SCALAR') out[r.name] = ((out[r.name] as number | undefined) ?? 0) + (r.scalar?.value ?? 0);
    else if (r.type === 'RANGES') out[r.name] = `[${(r.ranges?.range ?? []).map((x) => `${x.begin}-${x.end}`).join(', ')}]`;
    else if (r.type === 'SET') out[r.name] = `{${(r.set?.item ?? []).join(', ')}}`;
  }
  return out;
}

/** The agent's state as JSON (a subset of Mesos's /state, plus the containers). */
export function agentState(agent: Agent): Record<string, unknown> {
  const m = agent.modules.containerizer;
  const frameworks = [...agent.frameworks.values()].map((fw) => {
    const fid = fw.id!.value;
    const executors = new Map<string, { id: string; name: string; framework_id: string; container?: string; directory?: string; tasks: unknown[]; completed_tasks: unknown[] }>();
    for (const t of agent.tasks.values()) {
      if (t.frameworkId !== fid) continue;
      let e = executors.get(t.executorId);
      if (e === undefined) {
        e = { id: t.executorId, name: t.executorInfo?.name ?? `Command Executor (Task: ${t.taskId})`, framework_id: fid, tasks: [], completed_tasks: [] };
        executors.set(t.executorId, e);
      }
      const c = agent.containers.get(t.containerId);
      // A pod's task runs in a nested container; its executor's is the top-level one.
      const n = c === undefined ? agent.nested.get(t.containerId) : undefined;
      const top = c ?? (n ? agent.containers.get(n.topId) : undefined);
      const task = JSON.parse(encodeMessage(TaskSchema, agent.taskView(t))) as Record<string, unknown>;
      task.container_id = t.containerId;
      if (c ?? n) task.sandbox = (c ?? n)!.sandbox;
      task.unacknowledged_updates = t.pending.length;
      if (t.state === 'TASK_FINISHED' || t.state === 'TASK_FAILED' || t.state === 'TASK_KILLED' || t.state === 'TASK_LOST' || t.state === 'TASK_ERROR') e.completed_tasks.push(task);
      else e.tasks.push(task);
      if (top && e.container === undefined) {
        e.container = top.containerId;
        e.directory = top.sandbox;
      }
    }
    return { id: fid, name: fw.name, user: fw.user, roles: fw.roles ?? [fw.role ?? '*'], checkpoint: fw.checkpoint ?? false, executors: [...executors.values()] };
  });
  return {
    id: agent.agentId,
    pid: agent.pid,
    hostname: agent.advertisedHostname,
    port: agent.advertisedPort,
    version: agent.opts.version,
    start_time: agent.startTime / 1000,
    master: agent.master ?? null,
    registered: agent.registered,
    resources: resourceMap(agent.resources),
    attributes: Object.fromEntries(agent.attributes.map((a) => [a.name, a.type === 'SET' ? `{${(a.set?.item ?? []).join(', ')}}` : (a.text?.value ?? a.scalar?.value ?? null)])),
    flags: { work_dir: agent.opts.workDir, launcher: m.launcher.label, isolation: m.isolators.map((i) => i.label).join(','), provisioner: m.provisioner?.label ?? '' },
    frameworks,
    containers: [...agent.containers.values()].map((c) => ({
      container_id: c.containerId,
      framework_id: c.frameworkId,
      executor_id: c.executorId,
      tasks: c.taskIds,
      phase: c.phase,
      pid: c.pid,
      sandbox: c.sandbox,
      ...(agent.pulls.get(c.containerId) ? { pull: ImagePulls.json(agent.pulls.get(c.containerId)!) } : {}),
    })),
    status_updates: agent.updateStats,
  };
}

/** The isolators' per-volume usage as Mesos's DiskStatistics JSON: {persistence: {id}, limit_bytes, used_bytes}. */
function mesosDiskStatistics(v: unknown): unknown[] {
  const num = (x: unknown) => (x === undefined || x === null ? undefined : Number(x));
  return (Array.isArray(v) ? v : []).map((d: { persistenceId?: string; limitBytes?: unknown; usedBytes?: unknown }) => ({
    persistence: { id: d.persistenceId ?? '' },
    ...(num(d.limitBytes) !== undefined ? { limit_bytes: num(d.limitBytes) } : {}),
    ...(num(d.usedBytes) !== undefined ? { used_bytes: num(d.usedBytes) } : {}),
  }));
}

/** Usage of every running container, Mesos /monitor/statistics style. */
export async function statistics(agent: Agent): Promise<unknown[]> {
  const running = [...agent.containers.values()].filter((c) => c.phase === 'running');
  return Promise.all(
    running.map(async (c) => {
      let stats: unknown;
      try {
        const usage = (await agent.containerizer.usage(c.containerId)) as unknown as Record<string, unknown>;
        // Mesos's JSON names: cpus_user_time_secs, mem_total_bytes, ...
        stats = Object.fromEntries(Object.entries(usage).map(([k, v]) => (k === 'diskStatistics' ? ['disk_statistics', mesosDiskStatistics(v)] : [k.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`), v])));
      } catch (err) {
        stats = { timestamp: Date.now() / 1000, error: messageOf(err) };
      }
      return {
        framework_id: c.frameworkId,
        executor_id: c.executorId,
        executor_name: '',
        source: c.taskIds[0] ?? '',
        container_id: c.containerId,
        statistics: stats,
      };
    }),
  );
}
