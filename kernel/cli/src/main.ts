import 'reflect-metadata';
import { Command } from 'commander';
import { registerConfigCommands } from './config-commands';
import { registerModulesCommands } from './modules-commands';
import { takeClientCredentials } from './client/credentials';
import { takeClientTls } from './client/tls';
import { takeGlobalFlags } from './client/global-flags';

/** The `plateau` command line. */
export function buildProgram(): Command {
  const program = new Command('plateau')
    .description('Plateau: a datacenter kernel that pools machines and offers their resources to frameworks')
    .version(require('../package.json').version as string)
    .option('--ca <pem>', 'CA that masters\' and agents\' certificates must chain to; bare HOST:PORT addresses then use https (also PLATEAU_CA)')
    .option('--cert <pem>', 'client certificate for ports that require one (also PLATEAU_CERT)')
    .option('--key <pem>', 'its private key (also PLATEAU_KEY)')
    .option('--principal <name>', 'principal sent to masters and agents as HTTP Basic (also PLATEAU_PRINCIPAL)')
    .option('--secret <secret>', "the principal's secret (also PLATEAU_SECRET; prefer --secret-file, which ps does not show)")
    .option('--secret-file <file>', "file holding the principal's secret, a trailing newline dropped (also PLATEAU_SECRET_FILE)")
    .option('--log-level <level>', `log level of every command: ${['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].join(', ')} (also PLATEAU_LOG_LEVEL)`)
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) })
    // commander's own errors (unknown option, missing argument) are usage errors: exit 2. Set
    // before the commands are added, which copy it from the program when they are created.
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  registerConfigCommands(program);
  registerModulesCommands(program);
  (require('./master-command') as typeof import('./master-command')).registerMasterCommand(program);
  (require('./agent-command') as typeof import('./agent-command')).registerAgentCommand(program);
  (require('./up-command') as typeof import('./up-command')).registerUpCommand(program);
  (require('./sim-command') as typeof import('./sim-command')).registerSimCommand(program);
  (require('./task-commands') as typeof import('./task-commands')).registerTaskCommands(program);
  (require('./cluster-commands') as typeof import('./cluster-commands')).registerClusterCommands(program);
  return program;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * Takes `--log-level LEVEL` (or `--log-level=LEVEL`) from anywhere on the command line, for every
 * command alike, and hands it on as PLATEAU_LOG_LEVEL, which every logger of the CLI reads.
 */
export function takeLogLevel(argv: string[]): string[] {
  return takeGlobalFlags(argv, {
    '--log-level': (level) => {
      if (!level || !LOG_LEVELS.includes(level)) {
        process.stderr.write(`error: --log-level must be one of ${LOG_LEVELS.join(', ')}\n`);
        process.exit(2);
      }
      process.env.PLATEAU_LOG_LEVEL = level;
    },
  });
}

/** Runs the CLI with `argv` (process.argv form). */
export async function main(argv: string[]): Promise<void> {
  let rest: string[];
  try {
    rest = takeClientCredentials(takeClientTls(takeLogLevel(argv)));
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(2);
  }
  await buildProgram().parseAsync(rest);
}
