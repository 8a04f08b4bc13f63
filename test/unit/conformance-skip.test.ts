import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = resolve(__dirname, '..', '..', '..');
const RUNNER = join(ROOT, 'test', 'lib', 'conformance', 'conformance.test.js');

test('conformance: a module that throws SkipModule shows as skipped with its reason, in every mode', () => {
  const r = spawnSync(process.execPath, [RUNNER], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      PLATEAU_CONFORMANCE_ROOT: join(ROOT, 'test', 'fixtures', 'conformance-root'),
      PLATEAU_CONFORMANCE_SPAWN: '1',
      NO_COLOR: '1',
    },
  });
  const out = `${r.stdout}${r.stderr}`;
  assert.is(r.status, 0, out);
  const skips = out.split('\n').filter((l) => l.startsWith('SKIP '));
  for (const mode of ['inproc', 'grpc', 'spawn']) {
    assert.ok(
      skips.some((l) => l.includes(`[${mode}]`) && l.includes('needs hardware this machine lacks (fixture)')),
      `no SKIP line with the reason for mode ${mode}:\n${out}`,
    );
  }
  assert.not.match(out, /FAIL/);
  // Every test of a skipped module says so, its opening included: as many SKIP lines as tests.
  const total = out.split('\n').reduce((n, l) => n + Number(/^\s*Total:\s+(\d+)/.exec(l)?.[1] ?? 0), 0);
  assert.ok(total > 0, out);
  assert.is(skips.length, total, `${skips.length} SKIP lines for ${total} tests:\n${out}`);
});

test.run();
