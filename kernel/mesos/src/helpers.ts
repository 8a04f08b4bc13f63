/** Small helpers over the generated Mesos v1 types. */
import type { DurationInfo, TaskState, TimeInfo } from './generated/types';

/** Whether a task state is terminal in Mesos's bookkeeping (TASK_LOST and TASK_GONE_BY_OPERATOR included). */
export function isTerminalTaskState(state: TaskState): boolean {
  switch (state) {
    case 'TASK_FINISHED':
    case 'TASK_FAILED':
    case 'TASK_KILLED':
    case 'TASK_ERROR':
    case 'TASK_LOST':
    case 'TASK_DROPPED':
    case 'TASK_GONE':
    case 'TASK_GONE_BY_OPERATOR':
      return true;
    default:
      return false;
  }
}

/** A TimeInfo for a time in milliseconds since the epoch (e.g. `Date.now()`). */
export function timeInfoFromMillis(ms: number): TimeInfo {
  return { nanoseconds: BigInt(Math.round(ms * 1000)) * 1000n };
}

/** A DurationInfo for a number of seconds. */
export function durationFromSeconds(seconds: number): DurationInfo {
  return { nanoseconds: BigInt(Math.round(seconds * 1e6)) * 1000n };
}
