// Module call latency: a master whose contender (with its detector and registry) runs out of
// process shows every call to it on `/metrics` as plateau_module_call_seconds, by module,
// method and outcome.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { request } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { find, parsePrometheus } from './metrics-prometheus';

const REPO = path.resolve(__dirname, '../../..');
const dir = makeTempDir('plateau-metrics-modules-');
let master: StartedProcess | undefined;

test.after(async () => {
  await master?.stop('SIGTERM', 5000);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('calls to an out-of-process module are timed by module, method and outcome', async () => {
  const port = await freePort();
  const config = path.join(dir, 'plateau.yaml');
  const main = path.join(REPO, 'modules/contender-standalone/lib/src/main.js');
  fs.writeFileSync(
    config,
    [
      'cluster: test',
      'master:',
      `  listen: 127.0.0.1:${port}`,
      '  contender: standalone',
      'modules:',
      `  standalone: { kind: contender, exec: { path: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(main)}] }, config: { dir: ${JSON.stringify(path.join(dir, 'standalone'))}, pollMs: 50 } }`,
      '',
    ].join('\n'),
  );
  master = startProcess(process.execPath, [path.join(REPO, 'bin/plateau.js'), 'master', '--config', config, '--work-dir', path.join(dir, 'work')], { cwd: REPO, name: 'master', tailLines: 2000 });
  await master.waitForLine(/leading: serving/, 30_000);
  const quota = { role: 'q', guarantees: { cpus: { value: 0 } }, limits: { cpus: { value: 1 } } };
  const r = await request(`127.0.0.1:${port}`, 'POST', '/api/v1', { type: 'UPDATE_QUOTA', update_quota: { quota_configs: [quota] } });
  assert.is(r.status, 200, r.body);
  const e = parsePrometheus((await request(`127.0.0.1:${port}`, 'GET', '/metrics')).body);
  assert.is(e.types.get('plateau_module_call_seconds'), 'histogram');
  const gets = find(e, 'plateau_module_call_seconds_count', { module: 'standalone', method: 'Get', outcome: 'ok' });
  assert.ok(gets.length === 1 && gets[0]!.value >= 1, 'registry reads at election');
  const applies = find(e, 'plateau_module_call_seconds_count', { module: 'standalone', method: 'Apply', outcome: 'ok' });
  assert.ok(applies.length === 1 && applies[0]!.value >= 1, 'the quota write');
  assert.ok(find(e, 'plateau_master_elected')[0]!.value === 1, 'the master series are there too');
});

test.run();
