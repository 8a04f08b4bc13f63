/** A module under test, reached the way its config says (in-process, spawned, dialed) or a test mode. */
export interface Harness<T = Record<string, unknown>> {
  /** The module instance as the kernel sees it: an object with the kind's methods. */
  instance: T;
  /** How it is reached: `inproc`, `grpc` (served in this process, dialed), `spawn` or `endpoint`. */
  mode: string;
  /** The module's URI, `kind.name`. */
  uri: string;
  /** Stops the module and removes everything it left. */
  close(): Promise<void>;
}

/** Context of every conformance test: the harness, opened before the first test, closed after the last. */
export interface SuiteContext<T = Record<string, unknown>> {
  h: Harness<T>;
  /** Opens another, independent instance of the same module in the same mode (for multi-instance checks). */
  open(): Promise<Harness<T>>;
}

/**
 * What a suite registers its tests on: `test(title, fn)`. uvu's `Test` is one (the project's
 * runner passes it); `runSuite` passes a collector of its own (the CLI's `modules test`).
 */
export type SuiteTest<C> = (title: string, fn: (ctx: C) => void | Promise<void>) => void;

/** A kind's conformance suite: registers its tests on `test`; tests use `ctx.h.instance`. */
export type ConformanceSuite<T = Record<string, unknown>> = (test: SuiteTest<SuiteContext<T>>) => void;
