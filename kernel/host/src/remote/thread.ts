import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ErrorCodes, PlateauError, messageOf } from '../contract/errors';
import type { Logger } from '../contract/services';
import { formatHandshake, parseHandshake, type Handshake } from './handshake';
import { forwardLine } from './spawn';

/** What a module thread is started with (its workerData). */
export interface ThreadData {
  /** The module file the host resolved for `use:`. */
  modulePath: string;
  socketDir: string;
  apiVersions: string[];
  logLevel?: string;
}

/** Messages a module thread posts to the host. */
export type ThreadMessage =
  | { type: 'handshake'; api: string; network: 'unix'; address: string }
  | { type: 'log'; line: string };

/** A started module thread that has completed its handshake (the shape of a SpawnedModule). */
export interface ThreadModule {
  worker: Worker;
  handshake: Handshake;
  /** Resolves with the thread's exit code once it has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the thread still runs. */
  readonly alive: boolean;
  /** SIGTERM asks the thread to close its server and end; SIGKILL terminates it where it is. */
  kill(signal: NodeJS.Signals): void;
}

/** The compiled entry every module thread runs. */
const THREAD_MAIN = join(__dirname, 'thread-main.js');

/**
 * startThread: runs the module file `modulePath` in a worker thread of this process, served over
 * gRPC on a unix socket in `socketDir`, and waits for its handshake message. Its log records go
 * to `log`. No handshake in time, or a thread that fails or ends first, fail with
 * PLT_ERR_MODULE_HANDSHAKE naming why; the thread is terminated first.
 */
export function startThread(opts: {
  uri: string;
  modulePath: string;
  apiVersions: readonly string[];
  socketDir: string;
  log: Logger;
  timeoutMs?: number;
}): Promise<ThreadModule> {
  const { uri, log } = opts;
  const data: ThreadData = {
    modulePath: opts.modulePath,
    socketDir: opts.socketDir,
    apiVersions: [...opts.apiVersions],
    logLevel: (log as { level?: string }).level,
  };
  const worker = new Worker(THREAD_MAIN, { workerData: data, name: uri });
  let alive = true;
  let lastError: string | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    worker.once('exit', (code) => {
      alive = false;
      resolve({ code, signal: null });
    }),
  );
  // An uncaught exception in the thread ends it; 'exit' follows and the supervisor restarts it.
  worker.on('error', (err) => {
    lastError = messageOf(err);
    log.error({ err: lastError }, `module ${uri}: thread failed`);
  });
  const kill = (signal: NodeJS.Signals) => {
    if (!alive) return;
    if (signal === 'SIGKILL') void worker.terminate();
    else worker.postMessage({ type: 'stop' });
  };
  const timeoutMs = opts.timeoutMs ?? 10_000;

  return new Promise<ThreadModule>((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      reject(new PlateauError(ErrorCodes.moduleHandshake, `module ${uri} (thread, ${opts.modulePath}): ${why}`));
    };
    const timer = setTimeout(() => fail(`no handshake within ${timeoutMs} ms`), timeoutMs);
    void exited.then(({ code }) => fail(`thread ended before its handshake (code ${code}${lastError ? `: ${lastError}` : ''})`));
    worker.on('message', (m: ThreadMessage) => {
      if (m.type === 'log') return forwardLine(log, m.line, 'thread');
      if (m.type !== 'handshake' || settled) return;
      let handshake: Handshake;
      try {
        handshake = parseHandshake(formatHandshake(m));
      } catch (err) {
        return fail(messageOf(err));
      }
      settled = true;
      clearTimeout(timer);
      resolve({
        worker,
        handshake,
        exited,
        kill,
        get alive() {
          return alive;
        },
      });
    });
  });
}
