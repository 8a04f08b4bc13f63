import { PlateauError, UnsupportedError } from '@plateau/kernel';
import type { ExecConfig, HookPoint } from './config';
import type { Decoration } from './decoration';
import { parseAnswer } from './parse-answer';
import { runExec } from './run-exec';

/** Code of a failed run of the exec hook (the kernel logs its message, or fails the launch at AgentPreLaunch). */
export const EXEC_HOOK_FAILED = 'PLT_ERR_HOOK_EXEC';

/**
 * ExecHook: runs the configured executable once per call of a configured point, with
 * `{"point": <method name>, "request": <the request>}` on stdin and PLATEAU_HOOK_POINT in its
 * environment, and answers the Decoration it writes on stdout. A non-zero exit, a signal, bad
 * JSON, too much output or a timeout fails the call with a reason naming the command, what went
 * wrong, the exit code and the first line of stderr. Points not configured answer Unsupported.
 */
export class ExecHook {
  private readonly points: ReadonlySet<HookPoint>;

  constructor(private readonly config: ExecConfig) {
    this.points = new Set(config.points);
  }

  /** One call of `point`. */
  async call(point: HookPoint, request: unknown): Promise<Decoration> {
    if (!this.points.has(point)) throw new UnsupportedError(`the exec hook does not run for ${point} (exec.points)`);
    const name = this.config.command[0]!;
    let stdout: string;
    try {
      ({ stdout } = await runExec({
        command: this.config.command,
        input: JSON.stringify({ point, request: request ?? {} }),
        timeoutMs: this.config.timeoutMs,
        maxOutputBytes: this.config.maxOutputBytes,
        env: { ...process.env, PLATEAU_HOOK_POINT: point },
      }));
    } catch (err) {
      throw new PlateauError(EXEC_HOOK_FAILED, `exec hook ${name} (${point}) ${(err as Error).message}`);
    }
    try {
      return parseAnswer(stdout);
    } catch (err) {
      throw new PlateauError(EXEC_HOOK_FAILED, `exec hook ${name} (${point}) ${(err as Error).message}`);
    }
  }
}
