/**
 * @plateau/conformance: each kind's contract as a conformance suite, and what runs one against a
 * module as a config names it. `plateau modules test` and the project's own conformance runner
 * (test/conformance) both run these.
 */
export type { ConformanceSuite, Harness, SuiteContext, SuiteTest } from './harness';
export { noSuiteReason, SUITES, suiteFor } from './suites';
export { openEntry, Skipped, type OpenEntryOptions, type OpenedModule } from './open-entry';
export { runSuite, type CaseResult, type RunOptions, type SuiteRun } from './run';
export { CONFORMANCE_SECRETS } from './suites/secret-resolver.suite';
export { isolatorSuite, type IsolatorApi } from './suites/isolator.suite';
export { launcherSuite, type LauncherApi } from './suites/launcher.suite';
export { busyboxRootfs, staticBusybox } from './busybox';
export { within } from './within';
