/**
 * Launch-time checks of a task's `health_check` (HealthCheck) and `check` (CheckInfo), as Mesos's
 * common validation has them: a known type with its section, non-negative (and finite) timing
 * fields, a port in 1..65535 for HTTP and TCP, an http(s) scheme and a path starting with '/'.
 */
import type { Issue } from './json';
import type { CheckInfo, HealthCheck } from './generated/types';

const TIMINGS = ['delay_seconds', 'interval_seconds', 'timeout_seconds', 'grace_period_seconds'] as const;

function portIssue(port: number | undefined): string | undefined {
  if (port === undefined || port === 0) return "Expecting 'port' to be set";
  if (!Number.isInteger(port) || port < 1 || port > 65535) return `Expecting 'port' to be in 1..65535, got ${port}`;
  return undefined;
}

function timingIssues(c: Record<string, unknown>, fields: readonly string[], add: (p: string, m: string) => void): void {
  for (const f of fields) {
    const v = c[f];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) add(`.${f}`, `Expecting '${f}' to be non-negative, got ${String(v)}`);
  }
}

function commandIssue(command: { value?: string; shell?: boolean } | undefined): string | undefined {
  if (command === undefined) return undefined;
  if (!command.value) return command.shell === false ? "Expecting 'value' (the executable) to be set" : "Expecting 'value' (the shell command) to be set";
  return undefined;
}

/** Issues of a HealthCheck at `path` (e.g. `task.health_check`). */
export function validateHealthCheck(h: HealthCheck, path: string): Issue[] {
  const out: Issue[] = [];
  const add = (p: string, message: string) => out.push({ path: `${path}${p}`, message });
  timingIssues(h as Record<string, unknown>, TIMINGS, add);
  switch (h.type) {
    case 'COMMAND': {
      if (h.command === undefined) add('.command', "Expecting 'command' to be set for COMMAND health check");
      const bad = commandIssue(h.command);
      if (bad) add('.command', bad);
      break;
    }
    case 'HTTP': {
      if (h.http === undefined) {
        add('.http', "Expecting 'http' to be set for HTTP health check");
        break;
      }
      const bad = portIssue(h.http.port);
      if (bad) add('.http.port', bad);
      if (h.http.scheme !== undefined && h.http.scheme !== 'http' && h.http.scheme !== 'https') add('.http.scheme', `Unsupported HTTP health check scheme: '${h.http.scheme}'`);
      if (h.http.path !== undefined && h.http.path !== '' && !h.http.path.startsWith('/')) add('.http.path', `The path '${h.http.path}' of HTTP health check must start with '/'`);
      if (h.http.protocol === 'IPv6') add('.http.protocol', 'IPv6 health checks are not supported (the task is reached on 127.0.0.1)');
      break;
    }
    case 'TCP': {
      if (h.tcp === undefined) {
        add('.tcp', "Expecting 'tcp' to be set for TCP health check");
        break;
      }
      const bad = portIssue(h.tcp.port);
      if (bad) add('.tcp.port', bad);
      if (h.tcp.protocol === 'IPv6') add('.tcp.protocol', 'IPv6 health checks are not supported (the task is reached on 127.0.0.1)');
      break;
    }
    default:
      add('.type', h.type === undefined ? "HealthCheck must specify 'type'" : `Unsupported health check type: '${String(h.type)}'`);
  }
  return out;
}

/** Issues of a CheckInfo at `path` (e.g. `task.check`). */
export function validateCheckInfo(c: CheckInfo, path: string): Issue[] {
  const out: Issue[] = [];
  const add = (p: string, message: string) => out.push({ path: `${path}${p}`, message });
  timingIssues(c as Record<string, unknown>, TIMINGS.slice(0, 3), add);
  switch (c.type) {
    case 'COMMAND': {
      if (c.command?.command === undefined) add('.command', "Expecting 'command.command' to be set for COMMAND check");
      const bad = commandIssue(c.command?.command);
      if (bad) add('.command.command', bad);
      break;
    }
    case 'HTTP': {
      if (c.http === undefined) {
        add('.http', "Expecting 'http' to be set for HTTP check");
        break;
      }
      const bad = portIssue(c.http.port);
      if (bad) add('.http.port', bad);
      if (c.http.path !== undefined && c.http.path !== '' && !c.http.path.startsWith('/')) add('.http.path', `The path '${c.http.path}' of HTTP check must start with '/'`);
      break;
    }
    case 'TCP': {
      if (c.tcp === undefined) {
        add('.tcp', "Expecting 'tcp' to be set for TCP check");
        break;
      }
      const bad = portIssue(c.tcp.port);
      if (bad) add('.tcp.port', bad);
      break;
    }
    default:
      add('.type', c.type === undefined ? "CheckInfo must specify 'type'" : `Unsupported check type: '${String(c.type)}'`);
  }
  return out;
}
