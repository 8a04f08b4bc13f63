import { ConfigError, messageOf } from '@plateau/kernel';

/** Exit codes of the `plateau` command. */
export const ExitCodes = {
  ok: 0,
  /** Something failed at run time (a module would not start, a check failed). */
  failure: 1,
  /** The config (or the command line) is invalid. */
  usage: 2,
} as const;

/** Prints an error the way the CLI does (one line per problem on stderr) and returns its exit code. */
export function reportError(err: unknown): number {
  process.stderr.write(`${messageOf(err)}\n`);
  return err instanceof ConfigError ? ExitCodes.usage : ExitCodes.failure;
}
