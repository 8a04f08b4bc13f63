/**
 * ContainerInfo.DockerInfo as Plateau runs it without a Docker daemon: the image goes through the
 * agent's provisioner and the container through its launcher (runc), so only what has an OCI
 * meaning can be honoured. The names here are shared by the master (TASK_ERROR at ACCEPT for what
 * it can tell from the task alone) and the agent (which translates the rest).
 */
import type { Issue } from './json';
import type { ContainerInfo } from './generated/types';

/**
 * Docker `run` options that have an OCI meaning, by every key a framework may use (the long name
 * or Docker's one-letter flag), to the long name. Any other parameter fails the task.
 */
export const DOCKER_PARAMETERS: Readonly<Record<string, string>> = {
  env: 'env',
  e: 'env',
  user: 'user',
  u: 'user',
  workdir: 'workdir',
  w: 'workdir',
  label: 'label',
  l: 'label',
  memory: 'memory',
  m: 'memory',
  hostname: 'hostname',
  h: 'hostname',
  entrypoint: 'entrypoint',
};

/** The long name of a DockerInfo parameter key ("-e", "--env" and "env" alike), or undefined when it has no OCI meaning here. */
export function dockerParameterName(key: string): string | undefined {
  const bare = key.replace(/^--?/, '');
  return Object.prototype.hasOwnProperty.call(DOCKER_PARAMETERS, bare) ? DOCKER_PARAMETERS[bare] : undefined;
}

/**
 * What the master can tell about a DOCKER container from the task alone: DockerInfo present with an
 * image, no MesosInfo beside it, every parameter known, HOST networking's port mappings identical on
 * both sides (the container shares the host's ports). Privileged and BRIDGE/USER networks depend on
 * the agent and are checked there.
 */
export function validateDockerInfo(container: ContainerInfo | undefined, path: string): Issue[] {
  if (container?.type !== 'DOCKER') return [];
  const out: Issue[] = [];
  const add = (p: string, message: string) => out.push({ path: `${path}${p}`, message });
  const docker = container.docker;
  if (docker === undefined) {
    add('.docker', "'ContainerInfo.docker' must be set when 'ContainerInfo.type' is DOCKER");
    return out;
  }
  if (!docker.image) add('.docker.image', "'DockerInfo.image' must name an image");
  if (container.mesos !== undefined) add('.mesos', "'ContainerInfo.mesos' must not be set when 'ContainerInfo.type' is DOCKER (the image is 'DockerInfo.image')");
  (docker.parameters ?? []).forEach((p, i) => {
    if (dockerParameterName(p.key) === undefined) {
      add(`.docker.parameters[${i}]`, `Docker parameter '${p.key}' has no OCI meaning and is not supported (supported: ${[...new Set(Object.values(DOCKER_PARAMETERS))].join(', ')})`);
    }
  });
  if ((docker.network ?? 'HOST') === 'HOST') {
    (docker.port_mappings ?? []).forEach((m, i) => {
      if (m.host_port !== m.container_port) {
        add(`.docker.port_mappings[${i}]`, `port mapping ${m.host_port}->${m.container_port}${m.protocol ? `/${m.protocol}` : ''}: with HOST networking the container uses the host's ports, so host_port must equal container_port`);
      }
    });
  }
  if (docker.volume_driver) add('.docker.volume_driver', "'DockerInfo.volume_driver' is not supported (use 'ContainerInfo.volumes')");
  return out;
}
