// The launcher kind's contract lives in @plateau/conformance (kernel/conformance/src/suites/
// launcher.suite.ts), where `plateau modules test` runs it too; module tests may import it here.
export { launcherSuite, type LauncherApi } from '@plateau/conformance';
