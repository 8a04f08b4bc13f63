/**
 * One probe of a task, as Mesos's checker library runs them: a command inside the task's
 * container (the launcher's exec, the path of LAUNCH_NESTED_CONTAINER_SESSION), an HTTP(S) GET or
 * a TCP connect to 127.0.0.1:port (a task shares the host's network). Every probe ends within its
 * timeout; a probe that cannot finish in time is aborted (its processes killed) and says so.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { CommandInfo } from '@plateau/mesos';
import { type EnvVar, messageOf } from '@plateau/kernel';
import { commandArgs, environmentOf } from '../containerizer/command';
import { killSessionProcesses } from '../http/agent-api';

/** What a probe found. `ok` is the health verdict; the other fields feed CheckStatusInfo. */
export interface ProbeResult {
  ok: boolean;
  /** COMMAND: the exit code (absent when the command could not run or timed out). */
  exitCode?: number;
  /** HTTP: the response's status code (absent when no response came). */
  statusCode?: number;
  /** TCP: whether the connection was established. */
  connected?: boolean;
  /** Why it failed, for the log. */
  why?: string;
}

/** Runs a command in a running container and yields its output records (the launcher's exec). */
export type ContainerExec = (req: {
  containerId: { value: string };
  args: string[];
  environment: EnvVar[];
  workingDir: string;
  user: null;
}) => AsyncIterable<{ output?: string; exit?: { status?: number; exitCode?: number } | null }>;

/** A COMMAND probe: the command in the task's container; exit code 0 is success. */
export async function commandProbe(exec: ContainerExec, containerId: string, command: CommandInfo, timeoutMs: number): Promise<ProbeResult> {
  // The marker lets a timed-out probe's processes be found and killed, wherever they went.
  const marker = `${containerId}.check-${randomUUID()}`;
  let timer: NodeJS.Timeout | undefined;
  let it: AsyncIterator<{ output?: string; exit?: { status?: number; exitCode?: number } | null }> | undefined;
  const run = (async (): Promise<ProbeResult> => {
    const args = commandArgs(command, null);
    const environment = [...environmentOf(command.environment), { name: 'MESOS_CONTAINER_ID', value: marker }];
    it = exec({ containerId: { value: containerId }, args, environment, workingDir: '', user: null })[Symbol.asyncIterator]();
    for (;;) {
      const r = await it.next();
      if (r.done) return { ok: false, why: 'the command ended without an exit status' };
      if (r.value.output === 'exit') {
        const code = r.value.exit?.exitCode ?? r.value.exit?.status ?? -1;
        return { ok: code === 0, exitCode: code, ...(code === 0 ? {} : { why: `exited with status ${code}` }) };
      }
    }
  })();
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, why: `timed out after ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([run.catch((err: unknown): ProbeResult => ({ ok: false, why: `could not run: ${messageOf(err)}` })), timeout]);
  } finally {
    clearTimeout(timer);
    void it?.return?.();
    void killSessionProcesses(marker).catch(() => 0);
  }
}

/** An HTTP(S) probe: GET scheme://127.0.0.1:port/path; 200..399 is success (Mesos's built-in executors). */
export function httpProbe(scheme: string | undefined, port: number, path: string | undefined, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const https = scheme === 'https';
    const opts = { host: '127.0.0.1', port, path: path || '/', method: 'GET', timeout: timeoutMs, headers: { 'User-Agent': 'plateau-checker' }, ...(https ? { rejectUnauthorized: false } : {}) };
    let done = false;
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = (https ? httpsRequest : httpRequest)(opts, (res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      finish({ ok: code >= 200 && code < 400, statusCode: code, ...(code >= 200 && code < 400 ? {} : { why: `answered ${code}` }) });
    });
    const timer = setTimeout(() => finish({ ok: false, why: `no answer within ${timeoutMs} ms` }), timeoutMs);
    req.on('error', (err) => finish({ ok: false, why: messageOf(err) }));
    req.end();
  });
}

/** A TCP probe: a connection to 127.0.0.1:port is success. */
export function tcpProbe(port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const sock = connect({ host: '127.0.0.1', port });
    const finish = (r: ProbeResult) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, connected: false, why: `no connection within ${timeoutMs} ms` }), timeoutMs);
    sock.once('connect', () => finish({ ok: true, connected: true }));
    sock.once('error', (err) => finish({ ok: false, connected: false, why: messageOf(err) }));
  });
}
