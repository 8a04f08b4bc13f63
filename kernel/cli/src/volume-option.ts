/**
 * `plateau task run --volume` values as Mesos Volumes:
 * - `HOST:CONTAINER[:ro|rw]`: a host path (legacy `host_path`; a relative HOST is a directory of
 *   the task's sandbox) at CONTAINER;
 * - `DRIVER:NAME:CONTAINER[:ro|rw]`: the Docker volume NAME of the volume plugin DRIVER
 *   (source.type DOCKER_VOLUME; the agent needs the volume-docker isolator), created by the
 *   plugin when missing.
 * Three parts whose last is `ro` or `rw` are the host form; otherwise three or four parts are the
 * Docker form.
 */

const MODES = ['ro', 'rw'];

/** A --volume value in neither form (a usage error). */
export class VolumeOptionError extends Error {}

/** The Mesos v1 Volume (JSON) of one --volume value; VolumeOptionError naming the forms when it is neither. */
export function volumeOption(v: string): Record<string, unknown> {
  const parts = v.split(':');
  const bad = () => new VolumeOptionError(`--volume: expected HOST:CONTAINER[:ro|rw] or DRIVER:NAME:CONTAINER[:ro|rw] (a Docker volume), got '${v}'`);
  if (parts.some((p) => p === '')) throw bad();
  const modeOf = (m: string | undefined) => (m === 'ro' ? 'RO' : 'RW');
  if (parts.length === 2 || (parts.length === 3 && MODES.includes(parts[2]!))) {
    return { host_path: parts[0], container_path: parts[1], mode: modeOf(parts[2]) };
  }
  if (parts.length === 3 || (parts.length === 4 && MODES.includes(parts[3]!))) {
    const [driver, name, container, mode] = parts;
    if (driver!.startsWith('/') || driver!.startsWith('.')) throw bad();
    return { container_path: container, mode: modeOf(mode), source: { type: 'DOCKER_VOLUME', docker_volume: { driver, name } } };
  }
  throw bad();
}
