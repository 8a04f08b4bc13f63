import 'reflect-metadata';
import { Command } from 'commander';
import { registerConfigCommands } from './config-commands';
import { registerModulesCommands } from './modules-commands';

/** The `plateau` command line. */
export function buildProgram(): Command {
  const program = new Command('plateau')
    .description('Plateau: a datacenter kernel that pools machines and offers their resources to frameworks')
    .version(require('../../package.json').version as string)
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

/** Runs the CLI with `argv` (process.argv form). */
export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
