// The `plateau` CLI against a real master and a real agent that both authenticate with
// modules/authn-basic and authorize with modules/authz-acl: without credentials a command says
// which URL needs them and which flags to pass; wrong ones say whose were refused; --principal
// with --secret or --secret-file (or PLATEAU_PRINCIPAL/PLATEAU_SECRET) work for the master's
// operator and scheduler APIs and the agent's; a 403 prints the server's reason (the agent
// refuses /monitor/statistics to `viewer`, who may view agents but GET no endpoint).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type MasterProc, realContainersMissing, startMaster, TestAgent, testUnless } from '../integration/agent-harness';
import { realAuthModules, USERS } from '../integration/auth-modules';
import { cli, describe } from './cli-helpers';

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
let secretFile = '';

const OPS = ['--principal', 'ops', '--secret', USERS.ops];

test.before(async () => {
  skip = await realContainersMissing();
  if (skip) return;
  // `viewer` may view agents here (ahead of its NONE rules), so `top` reaches the agent and its 403.
  const auth = realAuthModules({ view_agents: [{ principals: { values: ['viewer'] }, agents: { type: 'ANY' } }] });
  secretFile = path.join(auth.dir, 'ops.secret');
  fs.writeFileSync(secretFile, `${USERS.ops}\n`, { mode: 0o600 });
  master = await startMaster([], { masterLines: auth.roleLines, moduleLines: auth.moduleLines });
  agent = new TestAgent(master.address, { agentLines: [...auth.roleLines, `  credential: { principal: agent, secret: ${USERS.agent} }`], moduleLines: auth.moduleLines });
  await agent.start();
});

test.after(async () => {
  await agent?.destroy();
  await master?.stop();
});

const real = testUnless(() => skip);

real('without credentials: names the URL and the flags; exit 1', async () => {
  const r = await cli(master.address, ['agent', 'list']);
  assert.is(r.code, 1, describe(r));
  assert.ok(r.stderr.includes(`http://${master.address}/api/v1 needs credentials: pass --principal/--secret or set PLATEAU_PRINCIPAL/PLATEAU_SECRET`), describe(r));
});

real('wrong credentials: says whose were refused', async () => {
  const r = await cli(master.address, ['framework', 'list', '--principal', 'ops', '--secret', 'nope']);
  assert.is(r.code, 1, describe(r));
  assert.match(r.stderr, new RegExp(`credentials for ops were refused by http://${master.address}/api/v1`), describe(r));
  const unknown = await cli(master.address, ['agent', 'list'], 60_000, { PLATEAU_PRINCIPAL: 'nobody', PLATEAU_SECRET: 'x' });
  assert.match(unknown.stderr, /credentials for nobody were refused/, describe(unknown));
});

real('a principal without a secret, or a secret without a principal, is an error saying what is missing', async () => {
  const noSecret = await cli(master.address, ['agent', 'list', '--principal', 'ops']);
  assert.is(noSecret.code, 1, describe(noSecret));
  assert.match(noSecret.stderr, /principal 'ops' needs a secret: pass --secret or --secret-file/, describe(noSecret));
  const noPrincipal = await cli(master.address, ['agent', 'list', '--secret-file', secretFile]);
  assert.match(noPrincipal.stderr, /a secret needs a principal: pass --principal/, describe(noPrincipal));
  const missing = await cli(master.address, ['agent', 'list', '--principal', 'ops', '--secret-file', '/nonexistent/secret']);
  assert.match(missing.stderr, /cannot read \/nonexistent\/secret \(--secret-file \/ PLATEAU_SECRET_FILE\)/, describe(missing));
});

real('right credentials by flag, by secret file and by environment: the cluster views work', async () => {
  const byFlag = await cli(master.address, ['agent', 'list', '--json', ...OPS]);
  assert.is(byFlag.code, 0, describe(byFlag));
  assert.is(JSON.parse(byFlag.stdout).length, 1, describe(byFlag));
  // Flags before the command work too, as --ca does.
  const byFile = await cli(master.address, ['--principal=ops', `--secret-file=${secretFile}`, 'framework', 'list', '--json']);
  assert.is(byFile.code, 0, describe(byFile));
  const byEnv = await cli(master.address, ['top', '--once', '--interval', '0.2', '--json'], 60_000, { PLATEAU_PRINCIPAL: 'ops', PLATEAU_SECRET: USERS.ops });
  assert.is(byEnv.code, 0, describe(byEnv));
});

real('task run and task logs as ops: the scheduler API, the operator API and the agent API all take the credentials', async () => {
  const run = await cli(master.address, ['task', 'run', '--name', 'authed', '--image', 'busybox', ...OPS, '--', 'echo authed-output']);
  assert.is(run.code, 0, describe(run));
  assert.match(run.stderr, /TASK_FINISHED/, describe(run));
  const id = /task (authed-[0-9a-f]{8}) launched/.exec(run.stderr)?.[1];
  assert.ok(id, describe(run));
  const logs = await cli(master.address, ['task', 'logs', id!, ...OPS]);
  assert.is(logs.code, 0, describe(logs));
  assert.match(logs.stdout, /authed-output/, describe(logs));
});

real("a refusal (403) prints the server's reason; viewer may not subscribe a framework", async () => {
  const top = await cli(master.address, ['top', '--once', '--interval', '0.2', '--principal', 'viewer', '--secret', USERS.viewer]);
  assert.is(top.code, 1, describe(top));
  assert.match(top.stderr, /http:\/\/127\.0\.0\.1:\d+\/monitor\/statistics refused GET to viewer: .*GET_ENDPOINT_WITH_PATH.*acls\.get_endpoints\[\d\]/, describe(top));
  const run = await cli(master.address, ['task', 'run', '--name', 'denied', '--image', 'busybox', '--principal', 'viewer', '--secret', USERS.viewer, '--', 'true']);
  assert.is(run.code, 1, describe(run));
  assert.match(run.stderr, /Not authorized to use role '\*'.*acls\.register_frameworks/, describe(run));
});

test.run();
