// The web UI on a secured cluster, in headless Chromium: a real master and runc agent that both
// authenticate (modules/authn-basic) and authorize (modules/authz-acl), the master reaching the
// agent with master.agentCredential. The static files open without credentials; the data calls
// carry the browser's Basic credentials (given here as the context's HTTP credentials, as a user
// types them into the browser's prompt): with `ops`'s the task page shows its history and output
// and the agent page its container and sandbox, all through the authenticated operator API and
// the master's agent proxy; with credentials the master refuses the page says that it needs them.

import * as fs from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, type MasterProc, realContainersMissing, startMaster, TestAgent, testUnless, untilState } from '../integration/agent-harness';
import { basic, realAuthModules, USERS } from '../integration/auth-modules';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 30_000 };
const OPS = basic('ops', USERS.ops);

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
let fw: SchedulerClient;
let frameworkId = '';
let agentId = '';
const browsers: Array<{ close(): Promise<void> }> = [];

test.before(async () => {
  skip = (await realContainersMissing()) ?? (fs.existsSync(CHROMIUM) ? undefined : `no ${CHROMIUM} (apt-get install chromium)`);
  if (skip) return;
  try {
    await setUp();
  } catch (err) {
    // uvu reports a failing hook without its error: say it here.
    console.error('set-up failed:', err);
    throw err;
  }
});

async function setUp(): Promise<void> {
  const auth = realAuthModules();
  master = await startMaster([], { masterLines: [...auth.roleLines, `  agentCredential: { principal: ops, secret: ${USERS.ops} }`], moduleLines: auth.moduleLines, contenderPollMs: 500 });
  agent = new TestAgent(master.address, { agentLines: [...auth.roleLines, `  credential: { principal: agent, secret: ${USERS.agent} }`], moduleLines: auth.moduleLines });
  await agent.start();
  fw = await SchedulerClient.subscribe(master.address, { ...frameworkInfo('ui-secured'), principal: 'ops' }, { headers: OPS });
  // Every scheduler call of this framework (accept, acknowledge) as ops.
  const call = fw.call.bind(fw);
  fw.call = (c, headers = {}) => call(c, { ...OPS, ...headers });
  const offer = await acceptNext(fw, (o) => [launchOp(o, [busyboxTask('guarded', 'echo guarded-output; sleep 600')])]);
  frameworkId = offer.framework_id.value;
  agentId = offer.agent_id.value;
  await untilState(fw, 'guarded', 'TASK_RUNNING', 60_000);
}

test.after(async () => {
  for (const b of browsers) await b.close().catch(() => undefined);
  fw?.close();
  await agent?.destroy();
  await master?.stop();
});

const real = testUnless(() => skip);

/** A browser context, with `credentials` answering the master's Basic challenges when given. */
async function context(credentials?: { username: string; password: string }) {
  const { chromium } = await import('playwright-core');
  const b = await chromium.launchPersistentContext(makeTempDir('plateau-ui-profile-'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 }, timeout: 30_000, httpCredentials: credentials });
  browsers.push(b);
  return b;
}

real('the static files are open; the data routes and the agent proxies want credentials', async () => {
  assert.is((await request(master.address, 'GET', '/ui/page-agent.js')).status, 200);
  for (const p of ['/proxy/agent/containers', '/proxy/agent/files/browse']) {
    const r = await request(master.address, 'GET', `${p}?agent=${agentId}&path=/x`);
    assert.is(r.status, 401, p);
    assert.match(String(r.headers['www-authenticate']), /^Basic realm="mesos-master-readonly"/);
  }
});

real("with ops's credentials: the task page shows history and output, the agent page its container and sandbox", async () => {
  const b = await context({ username: 'ops', password: USERS.ops });
  const page = await b.newPage();
  await page.goto(`http://${master.address}/#/tasks/${frameworkId}/guarded`, WAIT);
  await page.waitForSelector('#live[data-mode="live"]', WAIT);
  await page.waitForSelector('#statuses tr[data-state="TASK_RUNNING"]', WAIT);
  await page.waitForFunction(() => /guarded-output/.test((globalThis as any).document.querySelector('#stdout')?.textContent ?? ''), undefined, WAIT);
  await page.locator('#task-agent').click();
  await page.waitForSelector('#containers li .task-link', WAIT);
  assert.match(await page.locator('#containers').innerText(), /guarded/);
  await page.locator('#containers li .sandbox-link').first().click();
  await page.waitForSelector('#sandbox #files tr[data-path$="/stdout"]', WAIT);
});

real('with credentials the master refuses (the prompt answered wrongly, or cancelled) the page opens and says that it needs them', async () => {
  const b = await context({ username: 'ops', password: 'wrong' });
  const page = await b.newPage();
  await page.goto(`http://${master.address}/#/`, WAIT);
  try {
    await page.waitForSelector('#live[data-mode="unauthorized"]', WAIT);
  } catch {
    assert.unreachable(`the pill says ${await page.locator('#live').evaluate((e: any) => `${e.dataset.mode}: ${e.title}`)}`);
  }
  assert.match(await page.locator('#live').innerText(), /credentials needed/);
});

test.run();
