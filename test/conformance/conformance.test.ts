/**
 * Conformance runner: finds every module package (modules/*, examples/* with a `kernel` field in
 * package.json) and runs its kinds' suites in every mode: in-process, over gRPC in this process,
 * and spawned as its own binary (when PLATEAU_CONFORMANCE_SPAWN=1, which `npm test` sets).
 * Non-TypeScript modules run spawned only. A module that skips itself shows as skipped, with why.
 * The suites and the module opener are @plateau/conformance's, which `plateau modules test` runs.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverModules, execOf, type FoundModule } from './discover';
import { openModule, type Mode } from './open';
import { runSuite, SUITES as PORTABLE_SUITES, type ConformanceSuite, type SuiteRun } from '@plateau/conformance';
import { testUnless } from '@plateau/testkit/skip';
import { provisionerSuite } from './provisioner.suite';

// The suites `plateau modules test` runs (@plateau/conformance), and the provisioner's, which
// needs an OCI image built by this repository's test kit.
const SUITES: Record<string, ConformanceSuite<any>> = {
  ...PORTABLE_SUITES,
  provisioner: provisionerSuite,
};

const only = process.env.PLATEAU_CONFORMANCE_ONLY; // e.g. "contender-standalone"
/** Deadline of each test: the launcher and isolator suites run real containers. */
const CASE_TIMEOUT_MS = 120_000;

function modesOf(m: FoundModule): Mode[] {
  const spawn = process.env.PLATEAU_CONFORMANCE_SPAWN === '1' && execOf(m) ? (['spawn'] as Mode[]) : [];
  return m.main ? ['inproc', 'grpc', ...spawn] : spawn;
}

async function main(): Promise<void> {
  const modules = discoverModules().filter((m) => !only || m.dir.includes(only));
  if (modules.length === 0) throw new Error('conformance: no module packages found');
  for (const m of modules) {
    const kinds = [m.meta.kind, ...(m.meta.provides ?? [])];
    for (const mode of modesOf(m)) {
      for (const kind of kinds) register(m, mode, kind);
    }
  }
}

function register(m: FoundModule, mode: Mode, kind: string): void {
  const name = `${m.packageName} ${kind} [${mode}]`;
  const s = suite(name);
  const body = SUITES[kind];
  if (!body) {
    s(`${name}: has a conformance suite`, () => assert.unreachable(`no conformance suite for kind '${kind}'`));
    s.run();
    return;
  }
  // The suite runs through runSuite, as `plateau modules test` runs it; each of its tests is a
  // uvu test here, reporting how it went. Its titles are known without opening the module.
  const titles: string[] = [];
  body((title) => titles.push(title));
  let run: SuiteRun | undefined;
  s.before(async () => {
    run = await runSuite(kind, () => openModule(m, mode), { suite: body, caseTimeoutMs: CASE_TIMEOUT_MS });
  });
  // A module that skips itself turns every test, its opening included, into a skip that says why.
  const real = testUnless(() => (run!.outcome === 'skipped' ? run!.detail ?? 'the module skipped itself' : undefined), s);
  real(`${name}: opens through the module host`, () => {
    if (run!.outcome === 'error') assert.unreachable(run!.detail);
  });
  titles.forEach((title, i) =>
    real(`${name} › ${title}`, () => {
      const c = run!.cases[i];
      // A test that did not run is no pass: not opened (the test above says why), or never reached.
      if (!c) assert.unreachable(`not run: ${run!.outcome === 'error' ? `the module did not open: ${run!.detail}` : 'the suite ended before it'}`);
      assert.is(c.title, title);
      if (!c.passed) assert.unreachable(c.reason);
    }),
  );
  s.run();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
