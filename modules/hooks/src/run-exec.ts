import { spawn } from 'node:child_process';

/** What one run of an executable gave back. */
export interface ExecResult {
  stdout: string;
}

/** What to run and under which limits. */
export interface ExecSpec {
  command: readonly string[];
  input: string;
  timeoutMs: number;
  maxOutputBytes: number;
  env?: NodeJS.ProcessEnv;
}

/** A run that failed: its reason says how (exit code, signal, timeout, output too large) with the first line of stderr. */
export class ExecFailure extends Error {}

/** How much of stderr is kept: enough for its first line. */
const STDERR_KEEP = 4096;

/**
 * Runs `command` with `input` on stdin in a process group of its own and resolves with its stdout
 * once it exited with 0 and closed its output. It fails on a non-zero exit or a signal, when stdout
 * grows past `maxOutputBytes`, or when the whole run takes longer than `timeoutMs`; in the last two
 * cases the whole process group is killed (SIGKILL), so a child the command left behind goes too.
 */
export function runExec(spec: ExecSpec): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = spec.command;
    const child = spawn(file!, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: spec.env ?? process.env });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = Buffer.alloc(0);
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* the group is gone already */
      }
    };
    const firstLine = () => {
      const line = err.toString('utf8').split('\n').find((l) => l.trim() !== '');
      return line ? `: ${line.trim()}` : '';
    };
    const finish = (failure: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (failure !== undefined) reject(new ExecFailure(failure));
      else resolve({ stdout: Buffer.concat(out).toString('utf8') });
    };

    const timer = setTimeout(() => {
      killGroup();
      finish(`${exit ? 'left its output open' : 'did not finish'} within ${spec.timeoutMs} ms (process group killed)${firstLine()}`);
    }, spec.timeoutMs);

    child.on('error', (e) => finish(`could not be started: ${e.message}`));
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > spec.maxOutputBytes) {
        killGroup();
        finish(`wrote more than ${spec.maxOutputBytes} bytes on stdout (process group killed)`);
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < STDERR_KEEP) err = Buffer.concat([err, chunk]).subarray(0, STDERR_KEEP);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
    });
    // 'close' comes once the process exited and its stdio closed (children holding them included).
    child.on('close', (code, signal) => {
      const c = exit?.code ?? code;
      const s = exit?.signal ?? signal;
      if (s) finish(`was killed by ${s}${firstLine()}`);
      else if (c !== 0) finish(`exited with code ${c}${firstLine()}`);
      else finish(undefined);
    });

    // A command that does not read its stdin closes the pipe: EPIPE is not its failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(spec.input);
  });
}
