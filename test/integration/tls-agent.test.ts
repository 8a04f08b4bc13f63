// Real agents linking to a real master over TLS with mutual TLS required (master.tls.clientAuth:
// require; certificates made by openssl at test time). An agent with agent.tls (its certificate
// also its client certificate on the link) and agent.masterCa registers, and serves its own API
// over HTTPS; an agent that trusts the master but has no client certificate is refused in the
// handshake and never registers; one that does not trust the master's CA never registers either.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTestPki, type CertFiles, type TestPki } from '@plateau/testkit/tls';
import { makeTempDir } from '@plateau/testkit/tmp';
import { cleanupLeftovers, PLATEAU, REPO } from './agent-harness';
import { type MasterProcess, startMaster } from './master-harness';
import { httpsGet } from './tls-https';

const dir = makeTempDir('plateau-tls-agent-');
let pki: TestPki;
let other: TestPki;
let agentCert: CertFiles;
let master: MasterProcess | undefined;
const agents: StartedProcess[] = [];
let agentPort = 0;

/** Starts `plateau agent` named `name` linking to the master with `tlsLines` under `agent:`. */
async function startAgent(name: string, port: number, tlsLines: string[]): Promise<StartedProcess> {
  const config = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(
    config,
    [
      'cluster: test',
      'agent:',
      `  listen: 127.0.0.1:${port}`,
      `  master: 127.0.0.1:${master!.port}`,
      '  launcher: posix',
      '  resources: "cpus:1;mem:256;disk:100"',
      ...tlsLines,
      'modules:',
      '  posix: { use: launcher-posix }',
      '',
    ].join('\n'),
  );
  const p = startProcess(process.execPath, [PLATEAU, 'agent', '--config', config, '--work-dir', path.join(dir, name), '--registration-backoff', '100ms'], {
    cwd: REPO,
    name,
    tailLines: 2000,
  });
  agents.push(p);
  return p;
}

async function registeredAgents(): Promise<any[]> {
  const r = await httpsGet(master!.address, '/master/state', { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
  assert.is(r.status, 200, String(r.error?.message));
  return JSON.parse(r.body!).slaves;
}

test.before(async () => {
  pki = makeTestPki();
  other = makeTestPki('other-ca');
  agentCert = pki.issue('agent');
  master = await startMaster({
    masterLines: [`  tls: { cert: ${JSON.stringify(pki.server.cert)}, key: ${JSON.stringify(pki.server.key)}, ca: ${JSON.stringify(pki.ca.cert)}, clientAuth: require }`],
  });
});

test.after(async () => {
  for (const a of agents) await a.stop('SIGKILL', 1000);
  await master?.stop();
  for (const name of ['good', 'no-cert', 'wrong-ca']) cleanupLeftovers(path.join(dir, name, 'agent'), 'none');
  pki?.remove();
  other?.remove();
});

test('the master refuses an HTTPS client without a certificate in the handshake', async () => {
  const r = await httpsGet(master!.address, '/master/state', { ca: pki.ca.cert });
  assert.match(String(r.error?.message), /certificate required/);
});

test('an agent with a client certificate registers over mutual TLS', async () => {
  agentPort = await freePort();
  const agent = await startAgent('good', agentPort, [
    `  tls: { cert: ${JSON.stringify(agentCert.cert)}, key: ${JSON.stringify(agentCert.key)}, ca: ${JSON.stringify(pki.ca.cert)} }`,
    `  masterCa: ${JSON.stringify(pki.ca.cert)}`,
  ]);
  await agent.waitForLine(/"agent registered"/, 30_000);
  const slaves = await registeredAgents();
  assert.is(slaves.length, 1);
  assert.is(slaves[0].port, agentPort);
});

test("the agent's API speaks HTTPS: 200 with the CA, refused without it", async () => {
  const ok = await httpsGet(`127.0.0.1:${agentPort}`, '/state', { ca: pki.ca.cert });
  assert.is(ok.status, 200, String(ok.error?.message));
  assert.ok(JSON.parse(ok.body!).id, 'the agent state has its id');
  const none = await httpsGet(`127.0.0.1:${agentPort}`, '/state');
  // The agent sends its CA along (it has agent.tls.ca): either way the chain ends in an untrusted CA.
  assert.match(String(none.error?.code), /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)$/, String(none.error?.message));
});

test('an agent without a client certificate is refused in the handshake and never registers', async () => {
  const agent = await startAgent('no-cert', await freePort(), [`  masterCa: ${JSON.stringify(pki.ca.cert)}`]);
  // Several attempts at 100 ms backoff, each refused.
  await agent.waitForLine(/"agent link down"/, 30_000);
  await new Promise((r) => setTimeout(r, 1500));
  assert.not.match(agent.output(), /"agent registered"/);
  assert.is((await registeredAgents()).length, 1, 'still only the agent with a certificate');
});

test("an agent that does not trust the master's CA never registers", async () => {
  const agent = await startAgent('wrong-ca', await freePort(), [
    `  tls: { cert: ${JSON.stringify(agentCert.cert)}, key: ${JSON.stringify(agentCert.key)} }`,
    `  masterCa: ${JSON.stringify(other.ca.cert)}`,
  ]);
  await agent.waitForLine(/"agent link down"/, 30_000);
  await new Promise((r) => setTimeout(r, 1500));
  assert.not.match(agent.output(), /"agent registered"/);
  assert.is((await registeredAgents()).length, 1, 'still only the agent with a certificate');
});

test.run();
