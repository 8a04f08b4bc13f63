import type { Command } from 'commander';
import { ExitCodes } from '../exit';
import { newModule, ScaffoldError } from './scaffold';

/** `plateau module new NAME --kind KIND [--lang ts|python] [--dir DIR]`. */
export function registerModuleCommand(program: Command): void {
  const module = program.command('module').description('write your own module');
  module
    .command('new <name>')
    .description('write a working module package NAME of KIND (TypeScript or Python) with a plateau.yaml that selects it, for `plateau modules test`')
    .requiredOption('--kind <kind>', 'the kind it serves (authorizer, authenticator, secret-resolver, ...)')
    .option('--lang <lang>', 'ts or python', 'ts')
    .option('--dir <dir>', 'directory to create it in (default: the working directory)')
    .action((name: string, opts: { kind: string; lang: string; dir?: string }) => {
      try {
        const made = newModule({ name, kind: opts.kind, lang: opts.lang, parent: opts.dir });
        process.stdout.write(`wrote ${made.dir}:\n${made.files.filter((f) => !f.startsWith('stubs/') && !f.startsWith('proto/')).map((f) => `  ${f}\n`).join('')}`);
        if (made.files.some((f) => f.startsWith('stubs/'))) process.stdout.write('  proto/, stubs/ (generated with grpc_tools.protoc)\n');
        process.stdout.write(`next:\n${made.next.map((l) => `  ${l}\n`).join('')}`);
      } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exitCode = err instanceof ScaffoldError ? ExitCodes.usage : ExitCodes.failure;
      }
    });
}
