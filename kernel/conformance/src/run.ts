import type { ConformanceSuite, Harness, SuiteContext } from './harness';
import { Skipped } from './open-entry';
import { noSuiteReason, suiteFor } from './suites';

/** One test of a suite, as it went. */
export interface CaseResult {
  title: string;
  passed: boolean;
  /** Why it failed: the assertion's message or the error. */
  reason?: string;
  ms: number;
}

/** A kind's suite run against one module. */
export interface SuiteRun {
  kind: string;
  /** `no suite` when the kind has none; `skipped` when the module skipped itself; `error` when it could not be opened. */
  outcome: 'passed' | 'failed' | 'no suite' | 'skipped' | 'error';
  cases: CaseResult[];
  /** For no suite, skipped and error: why. */
  detail?: string;
}

export interface RunOptions {
  /** Deadline of each test, ms (default 60 s): a test that hangs fails, naming it. */
  caseTimeoutMs?: number;
  /** Called as each test ends (for progress output). */
  onCase?: (kind: string, result: CaseResult) => void;
  /** The suite to run instead of the kind's own (the project's runner adds the fixture-bound suites). */
  suite?: ConformanceSuite<any>;
}

/**
 * runSuite: runs `kind`'s conformance suite against the module `open` opens: one harness for all
 * its tests (opened first, closed last; `ctx.open()` opens more, closed too), tests in order, each
 * within its deadline. Never throws: what went wrong is in the result.
 */
export async function runSuite(kind: string, open: () => Promise<Harness>, opts: RunOptions = {}): Promise<SuiteRun> {
  const suite = opts.suite ?? suiteFor(kind);
  if (!suite) return { kind, outcome: 'no suite', cases: [], detail: noSuiteReason(kind) };
  const tests: Array<{ title: string; fn: (ctx: SuiteContext) => void | Promise<void> }> = [];
  suite((title, fn) => tests.push({ title, fn }));
  const opened: Harness[] = [];
  let h: Harness;
  try {
    h = await open();
  } catch (err) {
    if (err instanceof Skipped) return { kind, outcome: 'skipped', cases: [], detail: err.message };
    return { kind, outcome: 'error', cases: [], detail: `cannot open the module: ${messageOf(err)}` };
  }
  const ctx: SuiteContext = {
    h,
    open: async () => {
      const more = await open();
      opened.push(more);
      return more;
    },
  };
  const cases: CaseResult[] = [];
  try {
    for (const t of tests) {
      const started = Date.now();
      let result: CaseResult;
      try {
        await within(Promise.resolve().then(() => t.fn(ctx)), opts.caseTimeoutMs ?? 60_000, t.title);
        result = { title: t.title, passed: true, ms: Date.now() - started };
      } catch (err) {
        result = { title: t.title, passed: false, reason: reasonOf(err), ms: Date.now() - started };
      }
      cases.push(result);
      opts.onCase?.(kind, result);
    }
  } finally {
    for (const x of [...opened, h]) await x.close().catch(() => undefined);
  }
  return { kind, outcome: cases.every((c) => c.passed) ? 'passed' : 'failed', cases };
}

/** An assertion's message with what was expected and what came (uvu's Assertion carries both). */
function reasonOf(err: unknown): string {
  const a = err as { code?: unknown; operator?: string; expects?: unknown; actual?: unknown; generated?: boolean };
  const message = messageOf(err);
  if (a.code !== 'ERR_ASSERTION' || !['is', 'equal', 'is.not', 'not.equal', 'type', 'match'].includes(a.operator ?? '')) return message;
  const values = `expected ${shown(a.expects)}, got ${shown(a.actual)}`;
  // uvu's own wording ("Expected values to be strictly equal:") says nothing the values do not.
  return a.generated ? values : `${message} (${values})`;
}

function shown(v: unknown): string {
  let text: string;
  try {
    text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    text = String(v);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
