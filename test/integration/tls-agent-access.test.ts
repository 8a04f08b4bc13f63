// Reaching agents that serve HTTPS, over real TLS (certificates made by openssl at test time): a
// master with master.tls, master.agentCa and master.agentCredential, and two agents with
// agent.tls and authn-basic as agent.authenticator:
// - "mtls" requires client certificates and knows the master's principal;
// - "strict" takes clients without certificates and does not know the master's principal.
// Offers and /master/state name each agent's https URL; the web UI's log proxy reads a sandbox
// file from "mtls" (master.tls's certificate as client certificate, the credential as HTTP
// Basic) and answers "strict"'s refusal with a message naming master.agentCredential; a custom
// executor (test/fixtures/executor) learns PLATEAU_AGENT_SCHEME and PLATEAU_AGENT_CA_PEM and
// reaches "strict"'s executor API over HTTPS.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import bcrypt from 'bcryptjs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '@plateau/testkit/ports';
import { startProcess, type StartedProcess } from '@plateau/testkit/proc';
import { makeTestPki, type CertFiles, type TestPki } from '@plateau/testkit/tls';
import { makeTempDir } from '@plateau/testkit/tmp';
import { cleanupLeftovers, frameworkInfo, PLATEAU, REPO, taskResources, waitFor } from './agent-harness';
import { type MasterProcess, startMaster } from './master-harness';
import { httpsGet } from './tls-https';
import { TlsScheduler } from './tls-scheduler';

const EXECUTOR = path.join(REPO, 'test/lib/fixtures/executor/executor.js');
const dir = makeTempDir('plateau-tls-access-');
let pki: TestPki;
let masterCert: CertFiles;
let agentCert: CertFiles;
let master: MasterProcess | undefined;
const procs: StartedProcess[] = [];
const agents: Record<'mtls' | 'strict', { port: number; id: string; workDir: string }> = {
  mtls: { port: 0, id: '', workDir: path.join(dir, 'mtls') },
  strict: { port: 0, id: '', workDir: path.join(dir, 'strict') },
};
let fw: TlsScheduler | undefined;
/** Offers held by agent port, taken by the tests that launch. */
const offers = new Map<number, any>();

/** authn-basic with inline credentials (bcrypt hashes) of `users`. */
function authnLines(users: Record<string, string>): string[] {
  const credentials = Object.entries(users).map(([principal, secret]) => `{ principal: ${principal}, secret: ${JSON.stringify(bcrypt.hashSync(secret, 4))} }`);
  return [`  authn: { use: authn-basic, config: { credentials: [${credentials.join(', ')}] } }`];
}

async function startAgent(name: 'mtls' | 'strict', clientAuth: string, users: Record<string, string>): Promise<void> {
  const a = agents[name];
  a.port = await freePort();
  const config = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(
    config,
    [
      'cluster: test',
      'agent:',
      `  listen: 127.0.0.1:${a.port}`,
      `  master: 127.0.0.1:${master!.port}`,
      '  launcher: posix',
      '  isolation: []',
      '  resources: "cpus:1;mem:256;disk:100"',
      '  authenticator: authn',
      `  tls: { cert: ${JSON.stringify(agentCert.cert)}, key: ${JSON.stringify(agentCert.key)}, ca: ${JSON.stringify(pki.ca.cert)}, clientAuth: ${clientAuth} }`,
      'modules:',
      '  posix: { use: launcher-posix }',
      ...authnLines(users),
      '',
    ].join('\n'),
  );
  const p = startProcess(process.execPath, [PLATEAU, 'agent', '--config', config, '--work-dir', a.workDir, '--registration-backoff', '100ms'], { cwd: REPO, name, tailLines: 2000 });
  procs.push(p);
  await p.waitForLine(/"agent registered"/, 30_000);
  a.id = /"agentId":"([^"]+)"/.exec(p.output())?.[1] ?? '';
}

/** The held offer of the agent on `port`, waiting for OFFERS events until it comes. */
async function offerOf(port: number): Promise<any> {
  const deadline = Date.now() + 20_000;
  while (!offers.has(port)) {
    const e = await fw!.next('OFFERS', Math.max(1, deadline - Date.now()));
    for (const o of e.offers.offers) offers.set(o.url.address.port, o);
  }
  const o = offers.get(port);
  offers.delete(port);
  return o;
}

const caOnly = () => ({ ca: pki.ca.cert });

test.before(async () => {
  pki = makeTestPki();
  masterCert = pki.issue('master'); // serverAuth and clientAuth: also the proxy's client certificate
  agentCert = pki.issue('agent');
  master = await startMaster({
    masterLines: [
      `  tls: { cert: ${JSON.stringify(masterCert.cert)}, key: ${JSON.stringify(masterCert.key)} }`,
      `  agentCa: ${JSON.stringify(pki.ca.cert)}`,
      '  agentCredential: { principal: ops, secret: ops-secret }',
    ],
  });
  await startAgent('mtls', 'require', { ops: 'ops-secret' });
  await startAgent('strict', 'none', { viewer: 'view' });
  fw = await TlsScheduler.subscribe(master.address, caOnly(), frameworkInfo('tls-access'));
});

test.after(async () => {
  fw?.close();
  for (const p of procs) await p.stop('SIGKILL', 1000);
  await master?.stop();
  for (const a of Object.values(agents)) cleanupLeftovers(path.join(a.workDir, 'agent'), 'none');
  pki?.remove();
});

test("offers and /master/state name each agent's https URL", async () => {
  for (const a of Object.values(agents)) {
    const o = await offerOf(a.port);
    assert.equal(o.url, { scheme: 'https', address: { hostname: '127.0.0.1', port: a.port }, path: '/slave(1)' });
    offers.set(a.port, o);
  }
  const r = await httpsGet(master!.address, '/master/state', caOnly());
  assert.is(r.status, 200, String(r.error?.message));
  const urls = (JSON.parse(r.body!).slaves as any[]).map((s) => s.url).sort();
  assert.equal(urls, [`https://127.0.0.1:${agents.mtls.port}`, `https://127.0.0.1:${agents.strict.port}`].sort());
});

test("the log proxy reads a sandbox file from an agent that requires client certificates and credentials", async () => {
  // The agent really requires both: no certificate fails the handshake, no credential is a 401.
  const noCert = await httpsGet(`127.0.0.1:${agents.mtls.port}`, '/state', caOnly());
  assert.match(String(noCert.error?.message), /certificate required/);
  const noCredential = await httpsGet(`127.0.0.1:${agents.mtls.port}`, '/state', { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
  assert.is(noCredential.status, 401);

  const offer = await offerOf(agents.mtls.port);
  const task = { name: 'hello', task_id: { value: 'hello-tls' }, agent_id: offer.agent_id, resources: taskResources(0.1, 32), command: { shell: true, value: 'echo hello-over-tls' } };
  await fw!.call({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: [{ type: 'LAUNCH', launch: { task_infos: [task] } }], filters: { refuse_seconds: 0 } } });
  let s = await fw!.nextStatus('hello-tls');
  if (s.state !== 'TASK_FINISHED') s = await fw!.nextStatus('hello-tls');
  assert.is(s.state, 'TASK_FINISHED', JSON.stringify(s));

  const file = `/frameworks/${fw!.frameworkId}/executors/hello-tls/runs/latest/stdout`;
  const q = new URLSearchParams({ agent: agents.mtls.id, path: file, offset: '0' });
  let read: any;
  await waitFor(
    async () => {
      const r = await httpsGet(master!.address, `/proxy/agent/files/read?${q}`, caOnly());
      assert.is(r.status, 200, `${r.status} ${r.body ?? r.error?.message}`);
      read = JSON.parse(r.body!);
      return String(read.data).includes('hello-over-tls');
    },
    { what: "the task's stdout through the master's proxy" },
  );
  assert.is(read.offset, 0);
});

test("a custom executor reaches the TLS agent's executor API with PLATEAU_AGENT_SCHEME and PLATEAU_AGENT_CA_PEM", async () => {
  const offer = await offerOf(agents.strict.port);
  const executor = {
    type: 'CUSTOM',
    executor_id: { value: 'exec-tls' },
    command: { shell: false, value: process.execPath, arguments: [process.execPath, EXECUTOR] },
    resources: (taskResources(0.1, 32) as Record<string, unknown>[]).map((r) => ({ ...r, allocation_info: { role: '*' } })),
  };
  const task = { name: 'ce', task_id: { value: 'ce-tls' }, agent_id: offer.agent_id, resources: taskResources(0.1, 32), executor, data: Buffer.from('finish').toString('base64') };
  await fw!.call({ type: 'ACCEPT', accept: { offer_ids: [offer.id], operations: [{ type: 'LAUNCH', launch: { task_infos: [task] } }], filters: { refuse_seconds: 0 } } });
  const running = await fw!.nextStatus('ce-tls');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  assert.is(running.source, 'SOURCE_EXECUTOR', 'the executor itself reported it, over HTTPS');
  const done = await fw!.nextStatus('ce-tls');
  assert.is(done.state, 'TASK_FINISHED', JSON.stringify(done));

  const stdout = path.join(agents.strict.workDir, 'agent', 'slaves', agents.strict.id, 'frameworks', fw!.frameworkId, 'executors', 'exec-tls', 'runs', running.container_status.container_id.value, 'stdout');
  const env = JSON.parse(fs.readFileSync(stdout, 'utf8').split('\n')[0]!).executorEnv;
  assert.is(env.MESOS_AGENT_ENDPOINT, `127.0.0.1:${agents.strict.port}`);
  assert.is(env.PLATEAU_AGENT_SCHEME, 'https');
  assert.is(env.PLATEAU_AGENT_CA_PEM, fs.readFileSync(pki.ca.cert, 'utf8'));
});

test("the log proxy answers an agent's refusal of the master's credential with a message naming it", async () => {
  const file = `/frameworks/${fw!.frameworkId}/executors/exec-tls/runs/latest/stdout`;
  const q = new URLSearchParams({ agent: agents.strict.id, path: file, offset: '0' });
  const r = await httpsGet(master!.address, `/proxy/agent/files/read?${q}`, caOnly());
  assert.is(r.status, 502, `${r.status} ${r.body ?? r.error?.message}`);
  assert.match(r.body!, `agent ${agents.strict.id} refused the master's credential (master.agentCredential, principal 'ops')`);
});

test('master.agentCa that holds no certificate and master.agentCredential without a readable secret are config errors naming the key', () => {
  const run = (lines: string[]) => {
    const config = path.join(dir, 'bad-master.yaml');
    fs.writeFileSync(
      config,
      ['cluster: t', 'master:', '  listen: 127.0.0.1:0', '  contender: standalone', ...lines, 'modules:', `  standalone: { use: contender-standalone, config: { dir: ${JSON.stringify(path.join(dir, 'bad-sa'))} } }`, ''].join('\n'),
    );
    return spawnSync(process.execPath, [PLATEAU, 'master', '--config', config, '--work-dir', path.join(dir, 'bad-work')], { cwd: REPO, encoding: 'utf8', timeout: 20_000 });
  };
  const garbage = path.join(dir, 'garbage.pem');
  fs.writeFileSync(garbage, 'not a certificate\n');
  const ca = run([`  agentCa: ${JSON.stringify(garbage)}`]);
  assert.is.not(ca.status, 0, ca.stderr);
  assert.ok(ca.stderr.includes(`master.agentCa: ${garbage} holds no PEM certificate`), ca.stderr);
  const missing = path.join(dir, 'no-such.secret');
  const cred = run([`  agentCredential: { principal: master, secretFile: ${JSON.stringify(missing)} }`]);
  assert.is.not(cred.status, 0, cred.stderr);
  assert.ok(cred.stderr.includes(`master.agentCredential.secretFile: cannot read '${missing}'`), cred.stderr);
});

test.run();
