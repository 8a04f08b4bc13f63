/**
 * The pod file of `plateau task run --pod FILE`: a task group for Mesos's default executor in a
 * short form (YAML or JSON; JSON is YAML too). It becomes one LAUNCH_GROUP: an ExecutorInfo of
 * type DEFAULT and a TaskGroupInfo.
 *
 *   executor:                         # optional: the pod's own container (default cpus 0.1, mem 32)
 *     resources: {cpus: 0.1, mem: 32}
 *     container: {...}                # optional: a Mesos v1 ContainerInfo (volumes of the executor)
 *   tasks:                            # at least one
 *     - name: producer                # the task id is <run id>.<name>
 *       command: "echo hi"            # a string runs by sh -c; a list is the argv
 *       image: busybox                # optional: without it the host filesystem
 *       resources: {cpus: 0.1, mem: 32, disk: 16}
 *       limits: {cpus: 1, mem: 64}    # optional (sets linux_info.share_cgroups false)
 *       env: {KEY: value}
 *       volumes:
 *         - {container_path: /shared, sandbox_path: shared}              # SANDBOX_PATH PARENT
 *         - {container_path: tmp, sandbox_path: tmp, type: SELF}         # SANDBOX_PATH SELF
 *         - {container_path: /data, host_path: /srv/data, mode: ro}      # HOST_PATH
 *       kill_grace_seconds: 5
 *       container: {...}              # optional: a Mesos v1 ContainerInfo, merged under the above
 *
 * Anything else is refused with the key that was not understood.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The pod as the scheduler API takes it (Mesos v1 JSON, agent ids still to be set). */
export interface PodLaunch {
  executor: Record<string, unknown>;
  tasks: Record<string, unknown>[];
}

/** A pod file that cannot be used: the message names the file and the field. */
export class PodFileError extends Error {}

type Obj = Record<string, unknown>;

const EXECUTOR_DEFAULTS = { cpus: 0.1, mem: 32 };
const RESOURCE_NAMES = new Set(['cpus', 'mem', 'disk', 'gpus']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function only(o: Obj, keys: string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new PodFileError(`${where}: unknown key '${k}' (expected one of ${keys.join(', ')})`);
}

function resourcesOf(v: unknown, where: string, defaults?: Record<string, number>): Obj[] {
  if (v === undefined && defaults) v = defaults;
  if (!isObj(v) || Object.keys(v).length === 0) throw new PodFileError(`${where}: expected a map like {cpus: 0.1, mem: 32}`);
  return Object.entries(v).map(([name, value]) => {
    if (!RESOURCE_NAMES.has(name)) throw new PodFileError(`${where}.${name}: unknown resource (expected ${[...RESOURCE_NAMES].join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new PodFileError(`${where}.${name}: expected a positive number, got ${JSON.stringify(value)}`);
    return { name, type: 'SCALAR', scalar: { value } };
  });
}

function volumeOf(v: unknown, where: string): Obj {
  if (!isObj(v)) throw new PodFileError(`${where}: expected a map`);
  only(v, ['container_path', 'sandbox_path', 'host_path', 'type', 'mode'], where);
  if (typeof v.container_path !== 'string' || v.container_path === '') throw new PodFileError(`${where}.container_path: expected a path`);
  const mode = v.mode === undefined ? 'RW' : String(v.mode).toUpperCase();
  if (mode !== 'RW' && mode !== 'RO') throw new PodFileError(`${where}.mode: expected rw or ro, got ${JSON.stringify(v.mode)}`);
  if ((v.sandbox_path === undefined) === (v.host_path === undefined)) throw new PodFileError(`${where}: expected exactly one of sandbox_path and host_path`);
  if (typeof v.host_path === 'string') {
    if (v.type !== undefined) throw new PodFileError(`${where}.type: only for sandbox_path volumes`);
    return { container_path: v.container_path, mode, source: { type: 'HOST_PATH', host_path: { path: v.host_path } } };
  }
  if (typeof v.sandbox_path !== 'string' || v.sandbox_path === '') throw new PodFileError(`${where}.sandbox_path: expected a relative path`);
  const type = v.type === undefined ? 'PARENT' : String(v.type).toUpperCase();
  if (type !== 'PARENT' && type !== 'SELF') throw new PodFileError(`${where}.type: expected PARENT or SELF, got ${JSON.stringify(v.type)}`);
  return { container_path: v.container_path, mode, source: { type: 'SANDBOX_PATH', sandbox_path: { type, path: v.sandbox_path } } };
}

function commandOf(v: unknown, env: Obj[] | undefined, where: string): Obj {
  const environment = env && env.length ? { environment: { variables: env } } : {};
  if (typeof v === 'string' && v.trim() !== '') return { shell: true, value: v, ...environment };
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return { shell: false, value: v[0], arguments: v, ...environment };
  throw new PodFileError(`${where}: expected a command string (run by sh -c) or a list of words`);
}

function envOf(v: unknown, where: string): Obj[] | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) throw new PodFileError(`${where}: expected a map of NAME: value`);
  return Object.entries(v).map(([name, value]) => ({ name, type: 'VALUE', value: String(value) }));
}

function taskOf(v: unknown, i: number, runId: string): Obj {
  const where = `tasks[${i}]`;
  if (!isObj(v)) throw new PodFileError(`${where}: expected a map`);
  only(v, ['name', 'command', 'image', 'resources', 'limits', 'env', 'volumes', 'kill_grace_seconds', 'container'], where);
  if (typeof v.name !== 'string' || !/^[\w.-]+$/.test(v.name)) throw new PodFileError(`${where}.name: letters, digits, '.', '_' and '-' only`);
  const task: Obj = {
    name: v.name,
    task_id: { value: `${runId}.${v.name}` },
    resources: resourcesOf(v.resources, `${where}.resources`),
    command: commandOf(v.command, envOf(v.env, `${where}.env`), `${where}.command`),
  };
  if (v.container !== undefined && !isObj(v.container)) throw new PodFileError(`${where}.container: expected a Mesos v1 ContainerInfo map`);
  const container: Obj = { type: 'MESOS', ...((v.container as Obj | undefined) ?? {}) };
  if (v.image !== undefined) {
    if (typeof v.image !== 'string' || v.image === '') throw new PodFileError(`${where}.image: expected an image name`);
    container.mesos = { ...((container.mesos as Obj | undefined) ?? {}), image: { type: 'DOCKER', docker: { name: v.image } } };
  }
  if (v.volumes !== undefined) {
    if (!Array.isArray(v.volumes)) throw new PodFileError(`${where}.volumes: expected a list`);
    container.volumes = [...((container.volumes as Obj[] | undefined) ?? []), ...v.volumes.map((x, j) => volumeOf(x, `${where}.volumes[${j}]`))];
  }
  if (v.limits !== undefined) {
    if (!isObj(v.limits)) throw new PodFileError(`${where}.limits: expected a map like {cpus: 1, mem: 64}`);
    const limits: Obj = {};
    for (const [name, value] of Object.entries(v.limits)) {
      if (name !== 'cpus' && name !== 'mem') throw new PodFileError(`${where}.limits.${name}: limits are for cpus and mem only`);
      if (typeof value !== 'number' || value <= 0) throw new PodFileError(`${where}.limits.${name}: expected a positive number`);
      limits[name] = { value };
    }
    task.limits = limits;
    // Mesos: a task of a group with limits needs its own cgroups.
    container.linux_info = { ...((container.linux_info as Obj | undefined) ?? {}), share_cgroups: false };
  }
  if (Object.keys(container).length > 1) task.container = container;
  if (v.kill_grace_seconds !== undefined) {
    if (typeof v.kill_grace_seconds !== 'number' || v.kill_grace_seconds < 0) throw new PodFileError(`${where}.kill_grace_seconds: expected a non-negative number`);
    task.kill_policy = { grace_period: { nanoseconds: Math.round(v.kill_grace_seconds * 1e9) } };
  }
  return task;
}

/** The LAUNCH_GROUP of a pod file's text; `runId` names the executor and prefixes the task ids. */
export function podLaunchOf(text: string, runId: string, file = 'pod file'): PodLaunch {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new PodFileError(`${file}: not YAML or JSON: ${(err as Error).message}`);
  }
  if (!isObj(doc)) throw new PodFileError(`${file}: expected a map with 'tasks' (and optionally 'executor')`);
  try {
    only(doc, ['executor', 'tasks'], 'pod');
    const e = doc.executor ?? {};
    if (!isObj(e)) throw new PodFileError('executor: expected a map');
    only(e, ['resources', 'container'], 'executor');
    const executor: Obj = { type: 'DEFAULT', executor_id: { value: runId }, name: `pod ${runId}`, resources: resourcesOf(e.resources, 'executor.resources', EXECUTOR_DEFAULTS) };
    if (e.container !== undefined) {
      if (!isObj(e.container)) throw new PodFileError('executor.container: expected a Mesos v1 ContainerInfo map');
      executor.container = { type: 'MESOS', ...e.container };
    }
    if (!Array.isArray(doc.tasks) || doc.tasks.length === 0) throw new PodFileError('tasks: expected a list of at least one task');
    const tasks = doc.tasks.map((t, i) => taskOf(t, i, runId));
    const names = new Set<string>();
    for (const t of tasks) {
      if (names.has(t.name as string)) throw new PodFileError(`tasks: two tasks are named '${t.name as string}'`);
      names.add(t.name as string);
    }
    return { executor, tasks };
  } catch (err) {
    if (err instanceof PodFileError) throw new PodFileError(`${file}: ${err.message}`);
    throw err;
  }
}

/** The LAUNCH_GROUP of a pod file. */
export function readPodFile(path: string, runId: string): PodLaunch {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PodFileError(`--pod ${path}: ${(err as Error).message}`);
  }
  return podLaunchOf(text, runId, path);
}

/** Scalar totals a pod needs from one offer (executor and tasks together). */
export function podNeeds(pod: PodLaunch): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of [pod.executor, ...pod.tasks].flatMap((x) => x.resources as { name: string; scalar: { value: number } }[])) out[r.name] = (out[r.name] ?? 0) + r.scalar.value;
  return out;
}
