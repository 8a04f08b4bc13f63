import 'reflect-metadata';
import { Command } from 'commander';
import { registerConfigCommands } from './config-commands';
import { registerModulesCommands } from './modules-commands';
import { takeClientCredentials } from './client/credentials';
import { takeClientTls } from './client/tls';
import { takeGlobalFlags } from './client/global-flags';
import { LOG_FORMATS } from './log-format';

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
    .option('--log-format <format>', 'log lines on stderr: pretty (one readable line each; the default on a terminal) or json (the default otherwise) (also PLATEAU_LOG_FORMAT)')
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
  (require('./module-new/command') as typeof import('./module-new/command')).registerModuleCommand(program);
  (require('./master-command') as typeof import('./master-command')).registerMasterCommand(program);
  (require('./agent-command') as typeof import('./agent-command')).registerAgentCommand(program);
  (require('./up-command') as typeof import('./up-command')).registerUpCommand(program);
  (require('./sim-command') as typeof import('./sim-command')).registerSimCommand(program);
  (require('./task-commands') as typeof import('./task-commands')).registerTaskCommands(program);
  (require('./cluster-commands') as typeof import('./cluster-commands')).registerClusterCommands(program);
  (require('./doctor/command') as typeof import('./doctor/command')).registerDoctorCommand(program);
  (require('./systemd-unit') as typeof import('./systemd-unit')).registerSystemdUnitCommand(program);
  (require('./up-agents/commands') as typeof import('./up-agents/commands')).registerUpAgentCommands(program);
  return program;
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * Takes `--log-level LEVEL` and `--log-format FORMAT` (or `--flag=VALUE`) from anywhere on the
 * command line, for every command alike, and hands them on as PLATEAU_LOG_LEVEL and
 * PLATEAU_LOG_FORMAT, which every logger of the CLI reads.
 */
export function takeLogLevel(argv: string[]): string[] {
  const rest = takeGlobalFlags(argv, {
    '--log-level': (level) => {
      if (!level || !LOG_LEVELS.includes(level)) {
        process.stderr.write(`error: --log-level must be one of ${LOG_LEVELS.join(', ')}\n`);
        process.exit(2);
      }
      process.env.PLATEAU_LOG_LEVEL = level;
    },
    '--log-format': (format) => {
      if (!format || !(LOG_FORMATS as readonly string[]).includes(format)) {
        process.stderr.write(`error: --log-format must be one of ${LOG_FORMATS.join(', ')}\n`);
        process.exit(2);
      }
      process.env.PLATEAU_LOG_FORMAT = format;
    },
  });
  const format = process.env.PLATEAU_LOG_FORMAT;
  if (format !== undefined && !(LOG_FORMATS as readonly string[]).includes(format)) {
    process.stderr.write(`error: PLATEAU_LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}, not '${format}'\n`);
    process.exit(2);
  }
  return rest;
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
