/**
 * `plateau agent kill N` and `plateau agent restart N`: act on agent N of the `plateau up
 * --agents` that runs with the config's work dir (see run.ts), through its control socket.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadConfig, messageOf } from '@plateau/kernel';
import { ExitCodes } from '../exit';
import { callControl } from './control';

interface ControlOptions {
  config?: string;
  workDir?: string;
}

export function registerUpAgentCommands(program: Command): void {
  const agent = program.commands.find((c) => c.name() === 'agent') ?? program.command('agent');
  for (const [name, what] of [
    ['kill', 'SIGKILL agent N of `plateau up --agents` (as a crash: its containers keep running, the master marks it unreachable)'],
    ['restart', 'start agent N of `plateau up --agents` again (SIGKILL first if it runs); answers once it recovered and re-registered'],
  ] as const) {
    agent
      .command(name)
      .description(what)
      .argument('<n>', 'the agent\'s number (1 to N)')
      .option('--config <file>', 'the config plateau up runs with (default: plateau.yaml found from the working directory)')
      .option('--work-dir <dir>', 'the work dir plateau up runs with (default: workDir of the config, else $PLATEAU_WORK_DIR or ./.plateau)')
      .action(async (n: string, opts: ControlOptions) => {
        process.exitCode = await act(name, n, opts);
      });
  }
}

async function act(what: 'kill' | 'restart', n: string, opts: ControlOptions): Promise<number> {
  if (!/^[1-9]\d*$/.test(n)) {
    process.stderr.write(`error: the agent's number is 1, 2, ..., not '${n}'\n`);
    return ExitCodes.usage;
  }
  try {
    const r = await callControl(await upWorkDir(opts), 'POST', `/agents/${n}/${what}`);
    if (r.status !== 200) {
      process.stderr.write(`error: ${r.body.error ?? JSON.stringify(r.body)}\n`);
      return ExitCodes.failure;
    }
    process.stdout.write(`${r.body.message}\n`);
    return ExitCodes.ok;
  } catch (err) {
    process.stderr.write(`error: ${messageOf(err)}\n`);
    return ExitCodes.failure;
  }
}

/** The work dir of the up to reach: --work-dir, else the config's workDir, else $PLATEAU_WORK_DIR or ./.plateau. */
async function upWorkDir(opts: ControlOptions): Promise<string> {
  if (opts.workDir) return resolve(opts.workDir);
  try {
    return resolve((await loadConfig({ file: opts.config })).config.workDir);
  } catch (err) {
    if (opts.config !== undefined) throw err;
    return resolve(process.env.PLATEAU_WORK_DIR ?? '.plateau');
  }
}
