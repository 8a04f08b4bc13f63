import { InvalidError } from '@plateau/kernel';

/** What this isolator reads from a container's Mesos ContainerInfo (v1 JSON, snake_case or camelCase). */
export interface LinuxRequest {
  /** linux_info.effective_capabilities (or the deprecated capability_info); undefined when absent. */
  effective?: (string | number)[];
  /** linux_info.bounding_capabilities; undefined when absent. */
  bounding?: (string | number)[];
  /** linux_info.share_pid_namespace. */
  sharePidNamespace: boolean;
  /** linux_info.ipc_mode: PRIVATE or SHARE_PARENT; undefined when absent. */
  ipcMode?: string;
  /** linux_info.shm_size in MB; undefined when absent. */
  shmSizeMb?: number;
  /** linux_info.seccomp. */
  seccomp?: { profileName?: string; unconfined: boolean };
  /** rlimit_info.rlimits. */
  rlimits: { type: string | number; soft?: unknown; hard?: unknown }[];
  /** ContainerInfo.hostname. */
  hostname?: string;
}

type Json = Record<string, unknown>;

/** obj[snake] ?? obj[camel]: Mesos JSON is snake_case; accept camelCase too. */
function field(obj: unknown, snake: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const o = obj as Json;
  if (o[snake] !== undefined) return o[snake];
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return o[camel];
}

function parseJson(text: string | undefined, what: string): Json | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
  } catch (err) {
    throw new InvalidError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

function capabilityList(v: unknown, what: string): (string | number)[] | undefined {
  if (v === undefined || v === null) return undefined;
  const caps = field(v, 'capabilities') ?? [];
  if (!Array.isArray(caps)) throw new InvalidError(`${what}.capabilities must be a list`);
  return caps.map((c) => (typeof c === 'number' ? c : String(c)));
}

/**
 * The container's ContainerInfo: ContainerConfig.container_info_json, else the TaskInfo's
 * `container`, else the ExecutorInfo's `container`; undefined when none has one.
 */
export function containerInfoOf(cfg: { containerInfoJson?: string; taskInfoJson?: string; executorInfoJson?: string }): Json | undefined {
  const direct = parseJson(cfg.containerInfoJson, 'container_info_json');
  if (direct) return direct;
  const task = parseJson(cfg.taskInfoJson, 'task_info_json');
  const fromTask = field(task, 'container');
  if (fromTask && typeof fromTask === 'object') return fromTask as Json;
  const executor = parseJson(cfg.executorInfoJson, 'executor_info_json');
  const fromExecutor = field(executor, 'container');
  return fromExecutor && typeof fromExecutor === 'object' ? (fromExecutor as Json) : undefined;
}

/** The task id of a command task (TaskInfo.task_id.value); undefined for executors. */
export function taskIdOf(cfg: { taskInfoJson?: string }): string | undefined {
  const task = parseJson(cfg.taskInfoJson, 'task_info_json');
  const id = field(field(task, 'task_id'), 'value');
  return typeof id === 'string' && id ? id : undefined;
}

/** Reads linux_info, rlimit_info and hostname from a ContainerInfo. */
export function parseLinuxRequest(info: Json | undefined): LinuxRequest {
  const linux = field(info, 'linux_info');
  const effective = capabilityList(field(linux, 'effective_capabilities'), 'linux_info.effective_capabilities')
    ?? capabilityList(field(linux, 'capability_info'), 'linux_info.capability_info');
  const bounding = capabilityList(field(linux, 'bounding_capabilities'), 'linux_info.bounding_capabilities');
  const seccompRaw = field(linux, 'seccomp');
  let seccomp: LinuxRequest['seccomp'];
  if (seccompRaw && typeof seccompRaw === 'object') {
    const name = field(seccompRaw, 'profile_name');
    seccomp = { profileName: typeof name === 'string' && name ? name : undefined, unconfined: field(seccompRaw, 'unconfined') === true };
    if (seccomp.unconfined && seccomp.profileName) throw new InvalidError('linux_info.seccomp: set profile_name or unconfined, not both');
  }
  const ipc = field(linux, 'ipc_mode');
  const shm = field(linux, 'shm_size');
  const rl = field(field(info, 'rlimit_info'), 'rlimits') ?? [];
  if (!Array.isArray(rl)) throw new InvalidError('rlimit_info.rlimits must be a list');
  const hostname = field(info, 'hostname');
  return {
    effective,
    bounding,
    sharePidNamespace: field(linux, 'share_pid_namespace') === true,
    ipcMode: typeof ipc === 'string' ? ipc : ipc === 1 ? 'PRIVATE' : ipc === 2 ? 'SHARE_PARENT' : undefined,
    shmSizeMb: typeof shm === 'number' ? shm : undefined,
    seccomp,
    rlimits: rl.map((r: Json, i: number) => {
      const type = field(r, 'type');
      if (typeof type !== 'string' && typeof type !== 'number') throw new InvalidError(`rlimit_info.rlimits[${i}]: type is required`);
      return { type, soft: field(r, 'soft'), hard: field(r, 'hard') };
    }),
    hostname: typeof hostname === 'string' && hostname ? hostname : undefined,
  };
}
