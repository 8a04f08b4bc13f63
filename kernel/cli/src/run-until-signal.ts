import { type Logger, messageOf } from '@plateau/kernel';
import { ExitCodes } from './exit';

/** How long a role has to stop after SIGTERM/SIGINT before it gives up and exits with failure. */
export const STOP_DEADLINE_MS = 30_000;

/**
 * runUntilSignal: keeps a role (master, agent) running until SIGTERM or SIGINT, then runs `stop`
 * once, within STOP_DEADLINE_MS. Resolves with the exit code: ok when it stopped cleanly, failure
 * when stopping threw or ran past the deadline.
 */
export function runUntilSignal(role: string, log: Logger, stop: () => Promise<void>, note = ''): Promise<number> {
  return new Promise<number>((done) => {
    let stopping = false;
    const onSignal = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, `${role} stopping${note}`);
      const late = setTimeout(() => {
        log.error({ deadlineMs: STOP_DEADLINE_MS }, `${role} did not stop within ${STOP_DEADLINE_MS} ms`);
        done(ExitCodes.failure);
      }, STOP_DEADLINE_MS);
      late.unref();
      stop().then(
        () => {
          clearTimeout(late);
          log.info(`${role} stopped`);
          done(ExitCodes.ok);
        },
        (err: unknown) => {
          clearTimeout(late);
          log.error({ err: messageOf(err) }, `${role} did not stop cleanly`);
          done(ExitCodes.failure);
        },
      );
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  });
}
