import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = resolve(__dirname, '..', '..', '..');

test('config validate: top-level and module-config problems are reported together, located', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'plateau.js'), 'config', 'validate', 'test/fixtures/cli/mixed-errors.yaml'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.is(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n'), [
    'test/fixtures/cli/mixed-errors.yaml:2:11 logLevel: must be one of: trace, debug, info, warn, error, fatal',
    "test/fixtures/cli/mixed-errors.yaml:6:3 master.colour: unknown key 'colour'",
    'test/fixtures/cli/mixed-errors.yaml:10:23 modules.standalone.config.pollMs: must be >= 10',
    "test/fixtures/cli/mixed-errors.yaml:10:26 modules.standalone.config.bogus: unknown key 'bogus'",
  ]);
});

test.run();
