import { InvalidError } from '@plateau/kernel';
import {
  ContainerInfoSchema,
  ExecutorInfoSchema,
  TaskInfoSchema,
  formatIssue,
  parseJson,
  tryDecode,
  type ContainerInfo,
  type MessageType,
} from '@plateau/mesos';

/** What this isolator reads from a container's Mesos ContainerInfo. */
export interface LinuxRequest {
  /** linux_info.effective_capabilities (or the deprecated capability_info); undefined when absent. */
  effective?: string[];
  /** linux_info.bounding_capabilities; undefined when absent. */
  bounding?: string[];
  /** linux_info.share_pid_namespace. */
  sharePidNamespace: boolean;
  /** linux_info.ipc_mode: PRIVATE or SHARE_PARENT; undefined when absent. */
  ipcMode?: string;
  /** linux_info.shm_size in MB; undefined when absent. */
  shmSizeMb?: number;
  /** linux_info.seccomp. */
  seccomp?: { profileName?: string; unconfined: boolean };
  /** rlimit_info.rlimits, limits as decimal strings (uint64 on the wire). */
  rlimits: { type: string; soft?: string; hard?: string }[];
  /** ContainerInfo.hostname. */
  hostname?: string;
  /** Host-path volumes (ContainerInfo.volumes with host_path or source.host_path). */
  hostVolumes: { hostPath: string; containerPath: string; readOnly: boolean }[];
  /** Whether the task joins networks of its own (ContainerInfo.network_infos); else it shares the host's. */
  ownNetwork: boolean;
}

/**
 * Decodes one of ContainerConfig's `*_json` fields with the Mesos codec the agent wrote it with
 * (snake_case, enums by name; an unknown enum name is an error here, not dropped).
 */
function decodeField<T>(type: MessageType<T>, text: string | undefined, what: string): T | undefined {
  if (!text) return undefined;
  let json: unknown;
  try {
    json = parseJson(text);
  } catch (err) {
    throw new InvalidError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  const r = tryDecode(type, json, { strictEnums: true, root: what });
  if (!r.ok) throw new InvalidError(r.issues.map(formatIssue).join('; '));
  return r.value;
}

/**
 * The container's ContainerInfo: ContainerConfig.container_info_json, else the TaskInfo's
 * `container`, else the ExecutorInfo's `container`; undefined when none has one.
 */
export function containerInfoOf(cfg: { containerInfoJson?: string; taskInfoJson?: string; executorInfoJson?: string }): ContainerInfo | undefined {
  return (
    decodeField(ContainerInfoSchema, cfg.containerInfoJson, 'container_info_json') ??
    decodeField(TaskInfoSchema, cfg.taskInfoJson, 'task_info_json')?.container ??
    decodeField(ExecutorInfoSchema, cfg.executorInfoJson, 'executor_info_json')?.container
  );
}

/** The task id of a command task (TaskInfo.task_id.value); undefined for executors. */
export function taskIdOf(cfg: { taskInfoJson?: string }): string | undefined {
  return decodeField(TaskInfoSchema, cfg.taskInfoJson, 'task_info_json')?.task_id.value || undefined;
}

/** Reads linux_info, rlimit_info and hostname from a ContainerInfo. */
export function parseLinuxRequest(info: ContainerInfo | undefined): LinuxRequest {
  const linux = info?.linux_info;
  const caps = (c: { capabilities?: string[] } | undefined) => (c === undefined ? undefined : [...(c.capabilities ?? [])]);
  let seccomp: LinuxRequest['seccomp'];
  if (linux?.seccomp) {
    seccomp = { profileName: linux.seccomp.profile_name || undefined, unconfined: linux.seccomp.unconfined === true };
    if (seccomp.unconfined && seccomp.profileName) throw new InvalidError('linux_info.seccomp: set profile_name or unconfined, not both');
  }
  return {
    effective: caps(linux?.effective_capabilities) ?? caps(linux?.capability_info),
    bounding: caps(linux?.bounding_capabilities),
    sharePidNamespace: linux?.share_pid_namespace === true,
    ipcMode: linux?.ipc_mode === 'PRIVATE' || linux?.ipc_mode === 'SHARE_PARENT' ? linux.ipc_mode : undefined,
    shmSizeMb: linux?.shm_size,
    seccomp,
    rlimits: (info?.rlimit_info?.rlimits ?? []).map((r, i) => {
      if (r.type === undefined) throw new InvalidError(`rlimit_info.rlimits[${i}]: type is required`);
      return { type: r.type, soft: r.soft?.toString(), hard: r.hard?.toString() };
    }),
    hostname: info?.hostname || undefined,
    hostVolumes: (info?.volumes ?? []).flatMap((v) => {
      const hostPath = v.source?.host_path?.path || v.host_path;
      return hostPath ? [{ hostPath, containerPath: v.container_path, readOnly: v.mode === 'RO' }] : [];
    }),
    ownNetwork: (info?.network_infos ?? []).some((n) => n.name !== 'host'),
  };
}
