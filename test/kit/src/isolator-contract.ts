// The isolator kind's contract lives in @plateau/conformance (kernel/conformance/src/suites/
// isolator.suite.ts), where `plateau modules test` runs it too; module tests keep importing it here.
export { isolatorSuite, type ConformanceSuite, type Harness, type IsolatorApi, type SuiteContext } from '@plateau/conformance';
