import type { Command } from 'commander';
import { configJsonSchemaText, prepareModules } from '@plateau/kernel';
import { ExitCodes, reportError } from './exit';
import { cliLogger } from './logger';

/** `plateau config validate [FILE]` and `plateau config schema`. */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('check and describe plateau.yaml');
  config
    .command('validate [file]')
    .description('validate a config file and the config of every in-process module it names (exit 2 if invalid)')
    .option('--config <file>', 'config file (same as FILE)')
    .action(async (file: string | undefined, opts: { config?: string }) => {
      try {
        const { loaded, host } = await prepareModules({ configFile: file ?? opts.config, logger: cliLogger() });
        const n = host.handles.size;
        const bases = loaded.bases.length ? `; extends ${loaded.bases.join(', which extends ')}` : '';
        process.stdout.write(`${loaded.displayFile}: valid (${n} module${n === 1 ? '' : 's'}${bases})\n`);
        process.exitCode = ExitCodes.ok;
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
  config
    .command('schema')
    .description('print the JSON Schema of plateau.yaml')
    .action(() => {
      process.stdout.write(configJsonSchemaText());
    });
}
