// Running `plateau` CLI commands against a test cluster: one command to its end (bounded), with
// its exit code, stdout and stderr.

import { spawn } from 'node:child_process';
import { PLATEAU, REPO } from '../integration/agent-harness';

/** What a finished command left. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `plateau ...args` with PLATEAU_MASTER=master (and `extraEnv`); kills it after `timeoutMs` and says so. */
export function cli(master: string | undefined, args: string[], timeoutMs = 60_000, extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extraEnv };
    if (master === undefined) delete env.PLATEAU_MASTER;
    else env.PLATEAU_MASTER = master;
    const child = spawn(process.execPath, [PLATEAU, ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`plateau ${args.join(' ')} still running after ${timeoutMs} ms; stdout: ${stdout.slice(-2000)} stderr: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A message with a result's output, for assertions. */
export function describe(r: CliResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`;
}
