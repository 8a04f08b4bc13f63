import type { Test } from 'uvu';

/** A module under test, reached the way the mode says (in-process, gRPC in-process, spawned). */
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

/** uvu context of every conformance suite: the harness, opened in `before`, closed in `after`. */
export interface SuiteContext<T = Record<string, unknown>> {
  h: Harness<T>;
  /** Opens another, independent instance of the same module in the same mode (for multi-instance checks). */
  open(): Promise<Harness<T>>;
}

/** A kind's conformance suite: registers its tests on `test`; tests use `ctx.h.instance`. */
export type ConformanceSuite<T = Record<string, unknown>> = (test: Test<SuiteContext<T>>) => void;
