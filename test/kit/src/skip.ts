/**
 * Tests that cannot run here (a tool, root or a device is missing) say so, one line per test:
 * `SKIP <title>: <why>`. uvu has no run-time skip, so such a test returns and uvu counts it as
 * passed; test/run.js moves one test from passed to skipped for each SKIP line. A test that
 * returns early without its own line would count as a pass, hence: every skip goes through here.
 * Under CI=true the runner fails a skip unless its reason is on test/skip-allow.json.
 */
import { test as uvuTest } from 'uvu';

/** Prints the line the test runner counts as one skipped test. */
export function printSkip(title: string, why: string): void {
  // On its own line: uvu prints its progress marks without a newline.
  process.stdout.write(`\nSKIP ${title}: ${why.replace(/\s*\n\s*/g, ' ')}\n`);
}

/** A uvu test function, with or without a context (suite(...) or the default `test`). */
type AnyTest = (title: string, fn: (ctx: any) => void | Promise<void>) => void;

/**
 * `suite` whose tests print their own SKIP line and return when `skipReason()` gives a reason.
 * The reason is asked for when the test runs, so a `before` hook may find it.
 */
export function testUnless<Ctx = any>(
  skipReason: () => string | undefined,
  suite: AnyTest = uvuTest as unknown as AnyTest,
): (title: string, fn: (ctx: Ctx) => unknown) => void {
  return (title, fn) =>
    suite(title, async (ctx: Ctx) => {
      const why = skipReason();
      if (why) {
        printSkip(title, why);
        return;
      }
      await fn(ctx);
    });
}
