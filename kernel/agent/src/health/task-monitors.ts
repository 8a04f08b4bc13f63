/**
 * What the agent watches over a running task on its own, as Mesos's built-in executors do: its
 * health check, its check, and its max_completion_time. Results become TASK_RUNNING updates
 * (REASON_TASK_HEALTH_CHECK_STATUS_UPDATED with `healthy`, REASON_TASK_CHECK_STATUS_UPDATED with
 * `check_status`); a task whose health check failed `consecutive_failures` times, or that ran past
 * its max_completion_time, is killed. Every later update of the task carries the latest
 * `check_status`, and `healthy` once known.
 */
import type { CheckStatusInfo, TaskStatus, TaskStatus_Reason } from '@plateau/mesos';
import type { Logger } from '@plateau/kernel';
import type { AgentTask } from '../state';
import { Checker, emptyCheckStatus } from './checker';
import { HealthChecker, healthProbe } from './health-checker';
import type { ContainerExec } from './probe';

/** What the monitors need from the agent. */
export interface TaskMonitorHost {
  exec: ContainerExec;
  log: Logger;
  /** A TASK_RUNNING update of the task with the monitors' latest fields, for `reason`. */
  running(t: AgentTask, reason: TaskStatus_Reason, message?: string): void;
  /** Kills the task (its kill policy applies), recording why. */
  kill(t: AgentTask, cause: NonNullable<AgentTask['killCause']>): void;
}

interface Monitors {
  health?: HealthChecker;
  check?: Checker;
  deadline?: NodeJS.Timeout;
  healthy?: boolean;
  checkStatus?: CheckStatusInfo;
}

const key = (t: AgentTask) => `${t.frameworkId} ${t.taskId}`;

export class TaskMonitors {
  private readonly byTask = new Map<string, Monitors>();

  constructor(private readonly host: TaskMonitorHost) {}

  /**
   * Starts the monitors of a task whose container runs (`startedAt`: when it was launched, for the
   * max_completion_time deadline across agent restarts). Tasks of custom executors are theirs.
   */
  start(t: AgentTask, containerId: string, startedAt: number): void {
    if (t.info.executor !== undefined || this.byTask.has(key(t))) return;
    const m: Monitors = {};
    const info = t.info;
    if (info.check) m.checkStatus = emptyCheckStatus(info.check);
    if (info.max_completion_time !== undefined) {
      const ms = Number(info.max_completion_time.nanoseconds) / 1e6 - (Date.now() - startedAt);
      m.deadline = setTimeout(() => {
        this.host.log.info({ taskId: t.taskId, maxCompletionMs: Number(info.max_completion_time!.nanoseconds) / 1e6 }, 'task reached its max_completion_time: killing it');
        this.host.kill(t, 'max_completion_time');
      }, Math.max(0, ms));
      m.deadline.unref();
    }
    if (info.health_check) {
      const h = info.health_check;
      m.health = new HealthChecker(h, healthProbe(h, this.host.exec, containerId), (r) => {
        m.healthy = r.healthy;
        this.host.log.info({ taskId: t.taskId, healthy: r.healthy, consecutiveFailures: r.consecutiveFailures, why: r.why }, 'task health changed');
        this.host.running(t, 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED', r.healthy ? undefined : `Health check failed${r.why ? `: ${r.why}` : ''}`);
        if (r.kill) {
          this.host.log.warn({ taskId: t.taskId, consecutiveFailures: r.consecutiveFailures }, 'task failed its health check too many times in a row: killing it');
          this.stopProbes(m);
          this.host.kill(t, 'health_check');
        }
      });
    }
    if (info.check) {
      m.check = new Checker(info.check, this.host.exec, containerId, (s) => {
        m.checkStatus = s;
        this.host.running(t, 'REASON_TASK_CHECK_STATUS_UPDATED');
      });
    }
    if (!m.health && !m.check && !m.deadline) return;
    this.byTask.set(key(t), m);
    m.health?.start();
    m.check?.start();
  }

  /** Stops a task's monitors (it is being killed or has ended); its latest results stay for its last updates. */
  stop(t: AgentTask): void {
    const m = this.byTask.get(key(t));
    if (m) this.stopProbes(m);
  }

  /** Forgets a task (its terminal update is out). */
  forget(t: AgentTask): void {
    this.stop(t);
    this.byTask.delete(key(t));
  }

  /** Stops everything (the agent stops). */
  stopAll(): void {
    for (const m of this.byTask.values()) this.stopProbes(m);
  }

  /**
   * Adds the monitors' fields to an update of the task (as Mesos's executors carry them on every
   * update). Only a task with a health check ever carries `healthy`, as in Mesos.
   */
  decorate(t: AgentTask, status: TaskStatus): void {
    const m = this.byTask.get(key(t));
    const check = m?.checkStatus ?? (t.info.check && t.info.executor === undefined ? emptyCheckStatus(t.info.check) : undefined);
    if (check) status.check_status = check;
    if (t.info.health_check && t.info.executor === undefined) {
      // A task with a health check is neither healthy nor unhealthy until its first result.
      if (status.state === 'TASK_RUNNING') {
        if (m?.healthy === undefined) delete status.healthy;
        else status.healthy = m.healthy;
      }
      // Killed for failing its health check: the terminal update says unhealthy (Mesos's executors).
      if (t.killCause === 'health_check' && status.state !== 'TASK_RUNNING') status.healthy = false;
    }
  }

  private stopProbes(m: Monitors): void {
    m.health?.stop();
    m.check?.stop();
    clearTimeout(m.deadline);
  }
}
