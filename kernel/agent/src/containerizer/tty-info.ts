/**
 * ContainerInfo.tty_info on a task's (or a nested) container: the launcher starts a container's
 * command with its stdout and stderr appended to the sandbox files and no terminal, so a container
 * that asks for one is refused, naming the field, rather than run without it. (A session in a
 * running container, LAUNCH_NESTED_CONTAINER_SESSION, is where the agent gives a terminal.)
 */
import { InvalidError } from '@plateau/kernel';

/** Throws when `container` asks for a terminal. */
export function refuseTtyInfo(container: { tty_info?: unknown } | undefined): void {
  if (container?.tty_info === undefined || container.tty_info === null) return;
  throw new InvalidError(
    'container.tty_info: this agent starts task and nested containers without a terminal (their output goes to the sandbox files); remove tty_info, and use a session for a terminal (plateau task exec -it)',
  );
}
