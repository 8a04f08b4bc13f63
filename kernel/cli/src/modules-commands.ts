import type { Command } from 'commander';
import { messageOf, prepareModules } from '@plateau/kernel';
import { ExitCodes, reportError } from './exit';
import { cliLogger } from './logger';
import { formatTable } from './table';
import { registerModulesTestCommand } from './modules-test-command';

const COLUMNS = ['instance', 'kind', 'name', 'version', 'mode', 'state'];

/** `plateau modules list`, `plateau modules check` and `plateau modules test`. */
export function registerModulesCommands(program: Command): void {
  const modules = program.command('modules').description('inspect the modules a config names');
  modules
    .command('list')
    .description('list the configured modules: instance, kind, name, version, mode, state')
    .option('--config <file>', 'config file (default: plateau.yaml found from the working directory)')
    .option('--json', 'print JSON')
    .action(async (opts: { config?: string; json?: boolean }) => {
      try {
        const { host } = await prepareModules({ configFile: opts.config, logger: cliLogger() });
        const rows = host.list();
        process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTable(rows, COLUMNS)}\n`);
      } catch (err) {
        process.exitCode = reportError(err);
      }
    });
  modules
    .command('check')
    .description('boot every module, check its health, stop it; exit 1 if any fails')
    .option('--config <file>', 'config file')
    .option('--work-dir <dir>', 'directory for module state (default: workDir of the config)')
    .option('--json', 'print JSON')
    .action(async (opts: { config?: string; workDir?: string; json?: boolean }) => {
      let prepared;
      try {
        prepared = await prepareModules({ configFile: opts.config, workDir: opts.workDir, logger: cliLogger() });
      } catch (err) {
        process.exitCode = reportError(err);
        return;
      }
      const { host } = prepared;
      let failed = false;
      try {
        await host.start();
        const health = new Map((await host.health()).map((h) => [h.instance, h]));
        const rows = host.list().map((r) => {
          const h = health.get(r.instance);
          if (!h?.ok) failed = true;
          return { ...r, health: h?.ok ? 'ok' : 'FAIL', detail: h?.detail ?? r.detail ?? '' };
        });
        process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatTable(rows, [...COLUMNS, 'health', 'detail'])}\n`);
      } catch (err) {
        failed = true;
        process.stderr.write(`${messageOf(err)}\n`);
      } finally {
        await host.stop(10_000);
      }
      process.exitCode = failed ? ExitCodes.failure : ExitCodes.ok;
    });
  registerModulesTestCommand(modules);
}
