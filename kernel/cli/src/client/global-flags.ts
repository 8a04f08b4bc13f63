/**
 * Flags every command takes alike, from anywhere on its command line (`--flag VALUE` or
 * `--flag=VALUE`, never after `--`): taken out of argv before commander sees it, and handed on
 * through the environment, which every client and logger reads.
 */

/** What to do with one flag's value; throws (with a message for the user) on a bad value. */
export type FlagTaker = (value: string | undefined, flag: string) => void;

/** argv without the flags in `takers`, each of whose values was handed to its taker, in order. */
export function takeGlobalFlags(argv: readonly string[], takers: Readonly<Record<string, FlagTaker>>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const take = Object.prototype.hasOwnProperty.call(takers, flag) ? takers[flag] : undefined;
    if (take === undefined) {
      out.push(a);
      continue;
    }
    take(eq > 0 ? a.slice(eq + 1) : argv[++i], flag);
  }
  return out;
}
