// runSuite, the runner `plateau modules test` and test/conformance share, on suites and harnesses
// made up here (mock harness); test/e2e/module-kit.test.ts runs it on real modules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { noSuiteReason, runSuite, Skipped, type ConformanceSuite, type Harness } from '@plateau/conformance';

function harness(instance: Record<string, unknown>, closed: string[], label = 'h'): Harness {
  return { instance, mode: 'inproc', uri: 'authorizer.mock', close: async () => void closed.push(label) };
}

test('a kind without a suite is "no suite" with why, and nothing is opened (mock harness)', async () => {
  let opened = 0;
  const run = await runSuite('provisioner', async () => (opened++, harness({}, [])));
  assert.is(run.outcome, 'no suite');
  assert.is(run.detail, noSuiteReason('provisioner'));
  assert.match(run.detail!, 'runs in the Plateau repository');
  assert.is(opened, 0);
  assert.match(noSuiteReason('nope'), "no conformance suite for kind 'nope'");
});

test('each test runs in order on one harness; a failure names expected and got; all harnesses close (mock harness)', async () => {
  const closed: string[] = [];
  const suite: ConformanceSuite = (t) => {
    t('passes', () => undefined);
    t('fails an assertion', async ({ h }) => {
      const { is } = await import('uvu/assert');
      is(h.instance.answer, 42, 'the answer');
    });
    t('opens another', async ({ open }) => void (await open()));
    t('fails without a message', async ({ h }) => {
      const { is } = await import('uvu/assert');
      is(h.instance.answer, 42);
    });
  };
  let n = 0;
  const run = await runSuite('authorizer', async () => harness({ answer: 41 }, closed, `h${++n}`), { suite });
  assert.is(run.outcome, 'failed');
  assert.equal(run.cases.map((c) => [c.title, c.passed]), [['passes', true], ['fails an assertion', false], ['opens another', true], ['fails without a message', false]]);
  assert.is(run.cases[1]!.reason, 'the answer (expected 42, got 41)');
  assert.is(run.cases[3]!.reason, 'expected 42, got 41');
  assert.equal(closed.sort(), ['h1', 'h2']);
});

test('a test that hangs fails at its deadline, naming it; the next still runs (mock harness)', async () => {
  const suite: ConformanceSuite = (t) => {
    t('hangs', () => new Promise(() => undefined));
    t('after', () => undefined);
  };
  const run = await runSuite('authorizer', async () => harness({}, []), { suite, caseTimeoutMs: 50 });
  assert.is(run.cases[0]!.reason, 'hangs: did not finish within 50 ms');
  assert.is(run.cases[1]!.passed, true);
});

test('a module that cannot open is an error; one that skips itself is skipped, with why (mock harness)', async () => {
  const suite: ConformanceSuite = (t) => t('never runs', () => assert.unreachable());
  const failed = await runSuite('authorizer', async () => Promise.reject(new Error('exited before its handshake')), { suite });
  assert.is(failed.outcome, 'error');
  assert.is(failed.detail, 'cannot open the module: exited before its handshake');
  const skipped = await runSuite('authorizer', async () => Promise.reject(new Skipped('no GPU here')), { suite });
  assert.is(skipped.outcome, 'skipped');
  assert.is(skipped.detail, 'no GPU here');
});

test.run();
