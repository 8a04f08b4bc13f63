/**
 * The process of a pod's executor container. The default executor's container only has to hold
 * the pod's namespaces (network, ipc, uts, and user when it has one) and its cgroup, which every
 * task of the pod joins as a nested container; the agent itself does the executor's work
 * (launching, waiting on and killing the tasks), so the container runs a shell from the host
 * filesystem that waits until it is told to stop (SIGTERM or SIGINT: exit 0).
 */
import type { CommandInfo } from '@plateau/mesos';

/** `sleep` in the background and `wait`: the shell runs its trap as soon as the signal arrives. */
export const PAUSE_SCRIPT = "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done";

/** CommandInfo of the executor container. */
export function pauseCommand(): CommandInfo {
  return { shell: false, value: '/bin/sh', arguments: ['sh', '-c', PAUSE_SCRIPT] };
}

/** Grace period of the executor container's stop once its last task ended, ms. */
export const POD_STOP_GRACE_MS = 2000;
