// Launch-time validation of TaskInfo.health_check and TaskInfo.check: each bad field is named.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateCheckInfo, validateHealthCheck } from '@plateau/mesos';

const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

test('a well-formed health check and check have no issues (fractions of a second allowed)', () => {
  assert.equal(validateHealthCheck({ type: 'HTTP', http: { port: 8080, path: '/health', scheme: 'https' }, interval_seconds: 0.2, timeout_seconds: 0.5 }, 'h'), []);
  assert.equal(validateHealthCheck({ type: 'COMMAND', command: { value: 'true' }, delay_seconds: 0 }, 'h'), []);
  assert.equal(validateCheckInfo({ type: 'TCP', tcp: { port: 1 } }, 'c'), []);
});

test('negative or non-finite timings, a missing section, a bad port, scheme or path are named', () => {
  assert.equal(paths(validateHealthCheck({ type: 'TCP', tcp: { port: 1 }, interval_seconds: -1, timeout_seconds: Number.NaN, grace_period_seconds: -0.1 }, 't.health_check')), [
    't.health_check.interval_seconds',
    't.health_check.timeout_seconds',
    't.health_check.grace_period_seconds',
  ]);
  assert.equal(paths(validateHealthCheck({ type: 'HTTP' }, 'h')), ['h.http']);
  assert.equal(paths(validateHealthCheck({ type: 'HTTP', http: { port: 70000, scheme: 'ftp', path: 'x' } }, 'h')), ['h.http.port', 'h.http.scheme', 'h.http.path']);
  assert.equal(paths(validateHealthCheck({}, 'h')), ['h.type']);
  assert.equal(paths(validateCheckInfo({ type: 'COMMAND' }, 'c')), ['c.command']);
  assert.equal(paths(validateCheckInfo({ type: 'HTTP', http: { port: 0 }, delay_seconds: -3 }, 'c')), ['c.delay_seconds', 'c.http.port']);
});

test.run();
