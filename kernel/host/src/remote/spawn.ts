import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ErrorCodes, PlateauError } from '../contract/errors';
import type { Logger } from '../contract/services';
import { API_VERSIONS_KEY, COOKIE_KEY, COOKIE_VALUE, SOCKET_DIR_KEY, parseHandshake, type Handshake } from './handshake';

/** How to start a module binary. */
export interface ExecSpec {
  path: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** A started module process that has completed its handshake. */
export interface SpawnedModule {
  child: ChildProcess;
  handshake: Handshake;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signals the whole process group (the module and anything it started). */
  kill(signal: NodeJS.Signals): void;
}

const TAIL_LINES = 20;
/** Environment passed through to modules; everything else is left behind (a clean environment). */
const PASSED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER'];

/**
 * spawnModule: starts a module binary in its own process group with the cookie in a clean
 * environment, and waits for its one handshake line on stdout. Later stdout and all stderr
 * go to `log`. No line in time, a bad line, or an early exit fail with
 * PLT_ERR_MODULE_HANDSHAKE carrying the stderr tail; the process group is killed first.
 */
export function spawnModule(opts: {
  uri: string;
  exec: ExecSpec;
  apiVersions: readonly string[];
  socketDir: string;
  log: Logger;
  timeoutMs?: number;
}): Promise<SpawnedModule> {
  const { uri, exec, log } = opts;
  const env: Record<string, string> = {};
  for (const k of PASSED_ENV) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  Object.assign(env, exec.env, {
    [COOKIE_KEY]: COOKIE_VALUE,
    [API_VERSIONS_KEY]: opts.apiVersions.join(','),
    [SOCKET_DIR_KEY]: opts.socketDir,
  });
  const child = spawn(exec.path, exec.args ?? [], { cwd: exec.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const tail: string[] = [];
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  createInterface({ input: child.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    forwardLine(log, line, 'stderr');
  });
  const stdout = createInterface({ input: child.stdout! });
  const timeoutMs = opts.timeoutMs ?? 10_000;

  return new Promise<SpawnedModule>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      kill('SIGKILL');
      // Let stderr drain so the tail holds the module's last words.
      setTimeout(() => {
        const last = tail.length ? `; stderr: ${tail.slice(-5).join(' | ')}` : '';
        reject(new PlateauError(ErrorCodes.moduleHandshake, `module ${uri} (${exec.path}): ${why}${last}`));
      }, 50);
    };
    const timer = setTimeout(() => fail(`no handshake line within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (err) => fail(`cannot start: ${err.message}`));
    child.once('exit', (code, signal) => fail(`exited before its handshake (${signal ?? `code ${code}`})`));
    stdout.once('line', (line) => {
      if (settled) return;
      let handshake: Handshake;
      try {
        handshake = parseHandshake(line);
      } catch (err) {
        return fail((err as Error).message);
      }
      settled = true;
      clearTimeout(timer);
      stdout.on('line', (l) => forwardLine(log, l, 'stdout'));
      resolve({ child, handshake, exited, kill });
    });
  });
}

const LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal',
};

/** Forwards one line of module output into the host log; pino JSON lines keep their level. */
export function forwardLine(log: Logger, line: string, stream: 'stdout' | 'stderr' | 'thread'): void {
  if (!line.trim()) return;
  if (line.startsWith('{')) {
    try {
      const rec = JSON.parse(line) as { level?: number; msg?: string; time?: number; pid?: number; hostname?: string };
      const level = LEVELS[rec.level ?? 30] ?? 'info';
      const { msg, level: _l, time: _t, pid: _p, hostname: _h, ...fields } = rec;
      log[level]({ ...fields, stream }, msg ?? '');
      return;
    } catch {
      /* not JSON: forward as text */
    }
  }
  log.info({ stream }, line);
}
