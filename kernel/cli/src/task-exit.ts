/**
 * What `plateau task run` makes of a task's terminal status: its exit status (the command's own,
 * as the agent's status message reports it) and, for the failures a user can fix, one line
 * saying what went wrong and what to do.
 */

/** The exit status of a terminal task: 0 finished, its command's exit code, 128 + a signal, 137 killed, else 1. */
export function taskExitCode(status: { state?: string; message?: string }): number {
  if (status.state === 'TASK_FINISHED') return 0;
  const message = String(status.message ?? '');
  const exited = /exited with status (\d+)/.exec(message);
  if (exited) return Number(exited[1]) || 1;
  const signal = /signal (\d+)/.exec(message);
  if (signal) return 128 + Number(signal[1]);
  if (status.state === 'TASK_KILLED') return 128 + 9;
  return 1;
}

/** The exit status of a pod: the first task's that did not finish, else 0. */
export function podExitCode(statuses: Array<{ state?: string; message?: string }>): number {
  for (const s of statuses) {
    const code = taskExitCode(s);
    if (code !== 0) return code;
  }
  return 0;
}

/** One line saying what to do about a failed task, when its status says something a user can fix. */
export function failureHint(status: { state?: string; reason?: string; message?: string }, image: string | undefined): string | undefined {
  const message = String(status.message ?? '');
  const code = /exited with status (\d+)/.exec(message)?.[1];
  if (code === '127') return "the container has no such command: check its spelling and that the image has it on its PATH (one argument runs under 'sh -c')";
  if (code === '126') return 'the container found the command but cannot execute it (not executable, or a directory): check the path and its mode in the image';
  if (status.reason === 'REASON_CONTAINER_LAUNCH_FAILED') {
    if (/provision|image|pull|manifest|registry/i.test(message)) {
      return `the image${image ? ` '${image}'` : ''} could not be provided: check its name and tag (plateau task run --image NAME[:TAG]) and that the agent's image store or registry has it`;
    }
    return 'the agent could not start the container: the message above says which step failed';
  }
  return undefined;
}
