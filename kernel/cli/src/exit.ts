import { ConfigError, messageOf } from '@plateau/kernel';

/** Exit codes of the `plateau` command. */
export const ExitCodes = {
  ok: 0,
  /** Something failed at run time (a module would not start, a check failed). */
  failure: 1,
  /** The config (or the command line) is invalid. */
  usage: 2,
} as const;

/** What the command line asked for cannot be meant as given (a name that matches two tasks): exit 2. */
export class CommandLineError extends Error {}

/** Prints an error the way the CLI does (one line per problem on stderr) and returns its exit code. */
export function reportError(err: unknown): number {
  process.stderr.write(`${messageOf(err)}\n`);
  return err instanceof ConfigError || err instanceof CommandLineError ? ExitCodes.usage : ExitCodes.failure;
}
