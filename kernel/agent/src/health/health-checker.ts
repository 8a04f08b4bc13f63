/**
 * A task's health check (TaskInfo.health_check), as Mesos's HealthChecker decides:
 * - failures within `grace_period_seconds` of the task's start are ignored until the first success
 *   (after which the grace period no longer applies);
 * - every counted failure is reported unhealthy; `consecutive_failures` of them in a row ask for the
 *   task to be killed (and the checker stops);
 * - the first success, and the first success after failures, are reported healthy.
 */
import type { HealthCheck } from '@plateau/mesos';
import { type ContainerExec, commandProbe, httpProbe, type ProbeResult, tcpProbe } from './probe';
import { ProbeLoop, secondsMs } from './schedule';

/** A change of health to report. */
export interface HealthReport {
  healthy: boolean;
  /** The failures in a row reached `consecutive_failures`: the task is to be killed. */
  kill: boolean;
  consecutiveFailures: number;
  why?: string;
}

/** The probe a HealthCheck describes, against a task's container. */
export function healthProbe(h: HealthCheck, exec: ContainerExec, containerId: string): () => Promise<ProbeResult> {
  const timeoutMs = secondsMs(h.timeout_seconds, 20);
  switch (h.type) {
    case 'COMMAND':
      return () => commandProbe(exec, containerId, h.command!, timeoutMs);
    case 'HTTP':
      return () => httpProbe(h.http!.scheme, h.http!.port, h.http!.path, timeoutMs);
    case 'TCP':
      return () => tcpProbe(h.tcp!.port, timeoutMs);
    default:
      // The master refuses such a task at ACCEPT; a probe that always fails names why.
      return () => Promise.resolve({ ok: false, why: `unsupported health check type '${String(h.type)}'` });
  }
}

export class HealthChecker {
  private readonly loop: ProbeLoop<ProbeResult>;
  private readonly startedAt = Date.now();
  private initializing = true;
  private failures = 0;
  private reportedHealthy = false;

  constructor(
    private readonly check: HealthCheck,
    probe: () => Promise<ProbeResult>,
    private readonly report: (r: HealthReport) => void,
  ) {
    this.loop = new ProbeLoop(probe, (r) => this.onResult(r), secondsMs(check.delay_seconds, 15), secondsMs(check.interval_seconds, 10));
  }

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
  }

  private onResult(r: ProbeResult): void {
    if (r.ok) {
      this.initializing = false;
      const changed = !this.reportedHealthy || this.failures > 0;
      this.failures = 0;
      this.reportedHealthy = true;
      if (changed) this.report({ healthy: true, kill: false, consecutiveFailures: 0 });
      return;
    }
    const graceMs = secondsMs(this.check.grace_period_seconds, 10);
    if (this.initializing && graceMs > 0 && Date.now() - this.startedAt <= graceMs) return;
    this.failures++;
    this.reportedHealthy = false;
    const kill = this.failures >= (this.check.consecutive_failures ?? 3);
    if (kill) this.stop();
    this.report({ healthy: false, kill, consecutiveFailures: this.failures, why: r.why });
  }
}
