/**
 * The DOCKER_VOLUME volumes a container asks for (ContainerInfo.volumes with source.type
 * DOCKER_VOLUME: driver, name, driver_options), with where each lands in the container: an
 * absolute container_path as is, a relative one under the sandbox as the container sees it
 * (/mnt/mesos/sandbox, Mesos's rule, the same as the agent's own volumes).
 */
import { containerTarget, InvalidError } from '@plateau/kernel';
import { ContainerInfoSchema, ExecutorInfoSchema, TaskInfoSchema, formatIssue, parseJson, tryDecode, type ContainerInfo, type MessageType } from '@plateau/mesos';
import { checkPluginName } from './plugin-discovery';

/** One Docker volume of a container. */
export interface DockerVolumeRequest {
  /** Its index in ContainerInfo.volumes, for messages. */
  index: number;
  driver: string;
  name: string;
  /** driver_options as VolumeDriver.Create's Opts. */
  options: Record<string, string>;
  /** Absolute path inside the container. */
  target: string;
  readOnly: boolean;
}

function decodeField<T>(type: MessageType<T>, text: string | undefined, what: string): T | undefined {
  if (!text) return undefined;
  let json: unknown;
  try {
    json = parseJson(text);
  } catch (err) {
    throw new InvalidError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  const r = tryDecode(type, json, { root: what });
  if (!r.ok) throw new InvalidError(r.issues.map(formatIssue).join('; '));
  return r.value;
}

/** The container's ContainerInfo: container_info_json, else the TaskInfo's or ExecutorInfo's `container`. */
export function containerInfoOf(cfg: { containerInfoJson?: string; taskInfoJson?: string; executorInfoJson?: string }): ContainerInfo | undefined {
  return (
    decodeField(ContainerInfoSchema, cfg.containerInfoJson, 'container_info_json') ??
    decodeField(TaskInfoSchema, cfg.taskInfoJson, 'task_info_json')?.container ??
    decodeField(ExecutorInfoSchema, cfg.executorInfoJson, 'executor_info_json')?.container
  );
}


/** The DOCKER_VOLUME volumes of `info`, checked; the same (driver, name) twice in one container is refused (as Mesos). */
export function dockerVolumesOf(info: ContainerInfo | undefined): DockerVolumeRequest[] {
  const out: DockerVolumeRequest[] = [];
  for (const [index, v] of (info?.volumes ?? []).entries()) {
    if (v.source?.type !== 'DOCKER_VOLUME') continue;
    const what = `ContainerInfo.volumes[${index}] (container_path '${v.container_path ?? ''}')`;
    const dv = v.source.docker_volume;
    if (!dv) throw new InvalidError(`${what}: source type DOCKER_VOLUME without source.docker_volume`);
    const driver = dv.driver ?? '';
    if (driver === '') throw new InvalidError(`${what}: source.docker_volume.driver is empty: name the volume plugin (Docker's built-in 'local' driver is part of the Docker daemon, not a plugin)`);
    try {
      checkPluginName(driver);
    } catch (err) {
      throw new InvalidError(`${what}: source.docker_volume.driver: ${(err as Error).message}`);
    }
    if (!dv.name) throw new InvalidError(`${what}: source.docker_volume.name is empty`);
    const options: Record<string, string> = {};
    for (const p of dv.driver_options?.parameter ?? []) {
      if (!p.key) throw new InvalidError(`${what}: source.docker_volume.driver_options has a parameter without a key`);
      options[p.key] = p.value ?? '';
    }
    const target = containerTarget(v.container_path ?? '', what);
    const twin = out.find((o) => o.driver === driver && o.name === dv.name);
    if (twin) throw new InvalidError(`${what}: docker volume '${dv.name}' (driver '${driver}') is already mounted by volumes[${twin.index}]; a container mounts a volume once`);
    if (out.some((o) => o.target === target)) throw new InvalidError(`${what}: another docker volume has the same container_path`);
    out.push({ index, driver, name: dv.name, options, target, readOnly: v.mode === 'RO' });
  }
  return out;
}
