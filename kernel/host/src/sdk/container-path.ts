/**
 * Where a volume's container_path lands in a container, by Mesos's rule: an absolute path as
 * is, a relative one under the sandbox as the container sees it. The agent's own volumes, its
 * secret volumes and volume isolators share this rule, so that one path means one place.
 */
import * as path from 'node:path';
import { InvalidError } from '../contract/errors';

/** Where the sandbox is inside a container (Mesos's MESOS_SANDBOX for containers with an image). */
export const CONTAINER_SANDBOX = '/mnt/mesos/sandbox';

/** The absolute target of `containerPath` in the container; refuses an empty path and a `..` component, naming `what`. */
export function containerTarget(containerPath: string, what: string): string {
  if (!containerPath) throw new InvalidError(`${what}: container_path is empty`);
  if (containerPath.split('/').includes('..')) throw new InvalidError(`${what}: container_path ${JSON.stringify(containerPath)} has a '..' component`);
  const p = path.posix.normalize(containerPath);
  return path.posix.isAbsolute(p) ? p : path.posix.join(CONTAINER_SANDBOX, p);
}
