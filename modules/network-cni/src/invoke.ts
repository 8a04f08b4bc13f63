/**
 * Running one CNI plugin (the invocation protocol): the binary found by `type` in the bin dirs,
 * CNI_* variables in its environment, the request on stdin, the result (or a CNI error) on
 * stdout, exit 0 for success. Nothing goes through a shell: the task's input reaches a plugin only
 * inside the JSON on its stdin.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { PlateauError } from '@plateau/kernel';

/** A plugin's answer to ADD: interfaces, addresses, routes, DNS. */
export interface CniResult {
  cniVersion?: string;
  interfaces?: { name: string; mac?: string; sandbox?: string }[];
  ips?: { address: string; gateway?: string; interface?: number }[];
  routes?: { dst: string; gw?: string }[];
  dns?: { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] };
  [key: string]: unknown;
}

/** A plugin failed: its CNI error code, msg and details (or what went wrong running it). */
export class CniError extends PlateauError {
  constructor(
    readonly plugin: string,
    readonly command: string,
    readonly cniCode: number | undefined,
    readonly msg: string,
    readonly details: string,
  ) {
    super('PLT_ERR_CNI', `CNI plugin ${plugin} ${command} failed${cniCode !== undefined ? ` (code ${cniCode})` : ''}: ${msg}${details ? `: ${details}` : ''}`);
  }
}

/** What one run needs. */
export interface PluginRun {
  type: string;
  command: 'ADD' | 'DEL' | 'CHECK' | 'VERSION';
  containerId?: string;
  netns?: string;
  ifname?: string;
  binDirs: readonly string[];
  timeoutMs: number;
  stdin: unknown;
}

/** The plugin binary for `type`, first found in `binDirs`; CniError naming the dirs searched when none is. */
export function findPlugin(type: string, binDirs: readonly string[]): string {
  for (const dir of binDirs) {
    const p = join(dir, type);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  throw new CniError(type, 'lookup', undefined, `plugin binary '${type}' not found`, `searched ${binDirs.join(', ') || '(no binDirs)'}`);
}

/** Runs the plugin; resolves with its parsed stdout (undefined when empty), rejects with a CniError. */
export function runPlugin(r: PluginRun): Promise<CniResult | undefined> {
  const bin = findPlugin(r.type, r.binDirs);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    CNI_COMMAND: r.command,
    CNI_PATH: r.binDirs.join(':'),
  };
  if (r.containerId !== undefined) env.CNI_CONTAINERID = r.containerId;
  if (r.netns !== undefined) env.CNI_NETNS = r.netns;
  if (r.ifname !== undefined) env.CNI_IFNAME = r.ifname;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, r.timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new CniError(r.type, r.command, undefined, `could not run ${bin}: ${e.message}`, ''));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8').trim();
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (timedOut) return reject(new CniError(r.type, r.command, undefined, `did not finish within ${r.timeoutMs} ms`, stderr));
      let parsed: unknown;
      try {
        parsed = stdout === '' ? undefined : JSON.parse(stdout);
      } catch {
        parsed = undefined;
      }
      if (code === 0) {
        if (stdout !== '' && parsed === undefined) return reject(new CniError(r.type, r.command, undefined, 'answered something that is not JSON', stdout.slice(0, 500)));
        return resolve(parsed as CniResult | undefined);
      }
      // The error JSON is on stdout (pkg/skel); stderr is free-form logs.
      const e = (parsed ?? {}) as { code?: unknown; msg?: unknown; details?: unknown };
      const msg = typeof e.msg === 'string' && e.msg !== '' ? e.msg : stderr || stdout || `exited with ${signal ?? `status ${code}`}`;
      reject(new CniError(r.type, r.command, typeof e.code === 'number' ? e.code : undefined, msg, typeof e.details === 'string' ? e.details : ''));
    });
    child.stdin.on('error', () => undefined); // a plugin that exits without reading its stdin
    child.stdin.end(JSON.stringify(r.stdin));
  });
}
