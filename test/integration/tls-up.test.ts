// `plateau up` with TLS everywhere (certificates made by openssl at test time): the master
// requires client certificates, the agent serves HTTPS and links over mutual TLS, and the demo
// framework takes its CA (agent.masterCa) and client certificate (agent.tls's) from the config:
// its task runs, the banner names https URLs, and Ctrl-C stops everything. The posix launcher
// keeps it independent of runc and images.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess } from '@plateau/testkit/proc';
import { makeTestPki } from '@plateau/testkit/tls';
import { makeTempDir } from '@plateau/testkit/tmp';
import { cleanupLeftovers, PLATEAU, REPO } from './agent-harness';
import { httpsGet } from './tls-https';

test("plateau up's demo framework reaches a TLS master with the config's CA and certificate", async () => {
  const pki = makeTestPki();
  const master = pki.issue('master', { usage: 'serverAuth' });
  const agent = pki.issue('agent');
  const dir = makeTempDir('plateau-tls-up-');
  const workDir = path.join(dir, 'work');
  const [masterPort, agentPort] = [await freePort(), await freePort()];
  const config = path.join(dir, 'plateau.yaml');
  const q = JSON.stringify;
  fs.writeFileSync(
    config,
    [
      'cluster: tls-up',
      `workDir: ${q(workDir)}`,
      'master:',
      `  listen: 127.0.0.1:${masterPort}`,
      '  contender: standalone',
      `  tls: { cert: ${q(master.cert)}, key: ${q(master.key)}, ca: ${q(pki.ca.cert)}, clientAuth: require }`,
      'agent:',
      `  listen: 127.0.0.1:${agentPort}`,
      '  detector: standalone',
      '  launcher: posix',
      '  isolation: []',
      '  resources: "cpus:1;mem:256;disk:100"',
      `  tls: { cert: ${q(agent.cert)}, key: ${q(agent.key)} }`,
      `  masterCa: ${q(pki.ca.cert)}`,
      'modules:',
      '  standalone: { use: contender-standalone }',
      '  posix: { use: launcher-posix }',
      '',
    ].join('\n'),
  );
  const up = startProcess(process.execPath, [PLATEAU, 'up', '--config', config], { cwd: REPO, name: 'up', tailLines: 3000 });
  try {
    await up.waitForLine(/demo task +demo-1 is TASK_RUNNING/, 60_000);
    assert.match(up.stdout(), `web UI     https://127.0.0.1:${masterPort}/`);
    assert.match(up.stdout(), `agent      https://127.0.0.1:${agentPort}`);
    assert.match(up.stdout(), `curl -s --cacert ${pki.ca.cert} https://127.0.0.1:${masterPort}/master/state`);
    const r = await httpsGet(`127.0.0.1:${masterPort}`, '/master/state', { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
    assert.is(r.status, 200, String(r.error?.message));
    const tasks = JSON.parse(r.body!).frameworks.flatMap((f: any) => f.tasks);
    assert.equal(tasks.map((t: any) => [t.id, t.state]), [['demo-1', 'TASK_RUNNING']]);

    process.kill(-up.pid, 'SIGINT');
    const exit = await up.waitForExit(60_000);
    assert.is(exit.code, 0, up.output());
    assert.match(up.output(), /stopped: no container left behind/);
  } finally {
    await up.stop('SIGKILL', 1000).catch(() => undefined);
    cleanupLeftovers(workDir, 'none');
    pki.remove();
  }
});

test.run();
