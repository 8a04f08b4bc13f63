/**
 * A task's check (TaskInfo.check), as Mesos's Checker: it never kills; each probe gives a
 * CheckStatusInfo (exit code, HTTP status code, or whether TCP connected; empty when the probe
 * could not produce one, e.g. a timeout), and a result that differs from the last is reported.
 */
import type { CheckInfo, CheckStatusInfo } from '@plateau/mesos';
import { type ContainerExec, commandProbe, httpProbe, type ProbeResult, tcpProbe } from './probe';
import { ProbeLoop, secondsMs } from './schedule';

/** The check status before any probe ran: the type, no result (Mesos's initial TASK_RUNNING). */
export function emptyCheckStatus(c: CheckInfo): CheckStatusInfo {
  switch (c.type) {
    case 'COMMAND':
      return { type: 'COMMAND', command: {} };
    case 'HTTP':
      return { type: 'HTTP', http: {} };
    case 'TCP':
      return { type: 'TCP', tcp: {} };
    default:
      return { type: c.type };
  }
}

/** A probe's result as a CheckStatusInfo. */
export function checkStatusOf(c: CheckInfo, r: ProbeResult): CheckStatusInfo {
  switch (c.type) {
    case 'COMMAND':
      return { type: 'COMMAND', command: r.exitCode === undefined ? {} : { exit_code: r.exitCode } };
    case 'HTTP':
      return { type: 'HTTP', http: r.statusCode === undefined ? {} : { status_code: r.statusCode } };
    case 'TCP':
      return { type: 'TCP', tcp: { succeeded: r.connected === true } };
    default:
      return { type: c.type };
  }
}

function checkProbe(c: CheckInfo, exec: ContainerExec, containerId: string): () => Promise<ProbeResult> {
  const timeoutMs = secondsMs(c.timeout_seconds, 20);
  switch (c.type) {
    case 'COMMAND':
      return () => commandProbe(exec, containerId, c.command!.command, timeoutMs);
    case 'HTTP':
      return () => httpProbe('http', c.http!.port, c.http!.path, timeoutMs);
    case 'TCP':
      return () => tcpProbe(c.tcp!.port, timeoutMs);
    default:
      return () => Promise.resolve({ ok: false, why: `unsupported check type '${String(c.type)}'` });
  }
}

export class Checker {
  private readonly loop: ProbeLoop<ProbeResult>;
  private last: string;

  constructor(
    private readonly check: CheckInfo,
    exec: ContainerExec,
    containerId: string,
    private readonly report: (s: CheckStatusInfo) => void,
  ) {
    this.last = JSON.stringify(emptyCheckStatus(check));
    this.loop = new ProbeLoop(checkProbe(check, exec, containerId), (r) => this.onResult(r), secondsMs(check.delay_seconds, 15), secondsMs(check.interval_seconds, 10));
  }

  start(): void {
    this.loop.start();
  }

  stop(): void {
    this.loop.stop();
  }

  private onResult(r: ProbeResult): void {
    const s = checkStatusOf(this.check, r);
    const key = JSON.stringify(s);
    if (key === this.last) return;
    this.last = key;
    this.report(s);
  }
}
