// The master's web UI in headless Chromium (Debian's chromium driven by playwright-core) against a
// real master and a real agent: the page follows the operator SUBSCRIBE stream, a task launched
// by a scheduler shows up with its agent, framework and resources, its sandbox stdout and stderr
// are shown through the master's /proxy/agent/files/read; with SUBSCRIBE refused the page polls.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request, SchedulerClient } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import {
  acceptNext,
  busyboxTask,
  frameworkInfo,
  launchOp,
  type MasterProc,
  nextStatus,
  realContainersMissing,
  startMaster,
  TestAgent,
  testUnless,
} from '../integration/agent-harness';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let skip: string | undefined;
let master: MasterProc;
let agent: TestAgent;
let fw: SchedulerClient;
let browser: BrowserContext | undefined;
let shots: string;

test.before(async () => {
  skip = (await realContainersMissing()) ?? (fs.existsSync(CHROMIUM) ? undefined : `no ${CHROMIUM} (apt-get install chromium)`);
  if (skip) return;
  master = await startMaster();
  agent = new TestAgent(master.address);
  await agent.start();
  fw = await SchedulerClient.subscribe(master.address, { ...frameworkInfo('ui-test'), roles: ['ui-role'] });
  const { chromium } = await import('playwright-core');
  shots = makeTempDir('plateau-ui-shots-');
  // A fresh profile every run (launchPersistentContext passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(makeTempDir('plateau-ui-profile-'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 }, timeout: 30_000 });
});

test.after(async () => {
  await browser?.close().catch(() => undefined);
  fw?.close();
  await agent?.destroy();
  await master?.stop();
});

const real = testUnless(() => skip);

/** A new page with its console errors collected. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return { page, errors };
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText({ timeout: 30_000 });

real('the master serves the page, its script and stylesheet; followers of the route table answer 404 for other paths', async () => {
  for (const [p, type] of [
    ['/', 'text/html'],
    ['/ui/app.js', 'text/javascript'],
    ['/ui/style.css', 'text/css'],
  ] as const) {
    const r = await request(master.address, 'GET', p);
    assert.is(r.status, 200, `${p}: ${r.status}`);
    assert.match(String(r.headers['content-type']), type);
  }
  const proxy = await request(master.address, 'GET', '/proxy/agent/files/read?path=/x&offset=0');
  assert.is(proxy.status, 400);
  const unknown = await request(master.address, 'GET', '/proxy/agent/files/read?agent=nope&path=/x&offset=0');
  assert.is(unknown.status, 404);
});

real('live page: a launched task appears with its agent, framework, role and resources; then its stdout and stderr', async () => {
  const { page, errors } = await openPage();
  try {
    await page.goto(`http://${master.address}/`, { timeout: 30_000 });
    await page.waitForSelector('#live[data-mode="live"]', { timeout: 30_000 });
    await page.waitForSelector(`#agents tr[data-agent-id]`, { timeout: 30_000 });
    assert.match(await text(page, '#agents tbody'), new RegExp(agent.address.replace(/\./g, '\\.')));
    assert.match(await text(page, '#frameworks tbody'), /ui-test/);

    const t = busyboxTask('ui-task', 'echo hello-from-the-ui-task; echo complaint-on-stderr >&2; sleep 600', { cpus: 0.5, mem: 128 });
    await acceptNext(fw, (offer) => [launchOp(offer, [t])]);
    assert.is((await nextStatus(fw, 'ui-task')).state, 'TASK_RUNNING');

    // The page learns of it from the event stream (no reload).
    const row = page.locator('#tasks tr[data-task-id="ui-task"]');
    await row.locator('.state.TASK_RUNNING').waitFor({ timeout: 30_000 });
    const rowText = await row.innerText();
    assert.match(rowText, /ui-task/);
    assert.match(rowText, /ui-test/, 'the framework by name');
    assert.match(rowText, /0\.5/);
    assert.match(rowText, /128 MB/);
    await page.waitForFunction(() => /0\.5 \/ 2/.test((globalThis as any).document.querySelector('[data-resource="cpus"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.match(await text(page, '[data-resource="mem"]'), /128 MB \/ 2\.0 GB/);
    // A role's allocation is what its frameworks hold: the task's, and offers not answered yet.
    const roleRow = await text(page, '#roles tr[data-role="ui-role"]');
    assert.match(roleRow, /^ui-role\s+1\s+cpus [\d.]+, mem [\d.]+ [MG]B/, roleRow);

    await row.locator('button.logs-button').click();
    await page.waitForFunction(() => /hello-from-the-ui-task/.test((globalThis as any).document.querySelector('#logs-text')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.is(await text(page, '#logs-task'), 'ui-task');
    await page.locator('#logs .tabs button[data-file="stderr"]').click();
    await page.waitForFunction(() => /complaint-on-stderr/.test((globalThis as any).document.querySelector('#logs-text')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const shot = path.join(shots, 'ui-live.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
    if (process.env.PLATEAU_UI_SHOT) fs.copyFileSync(shot, process.env.PLATEAU_UI_SHOT);

    // A kill shows up as the new state.
    await fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'ui-task' }, agent_id: (await nextStatusOrNull()) ?? undefined } });
    await page.locator('#show-completed').check();
    await page.locator('#tasks tr[data-task-id="ui-task"] .state.TASK_KILLED').waitFor({ timeout: 30_000 });
    assert.equal(errors, [], `no script errors: ${errors.join('\n')}`);
  } finally {
    await page.close();
  }
});

/** The agent id of the running task, from the master (the KILL call names it). */
async function nextStatusOrNull(): Promise<{ value: string } | null> {
  const r = await request(master.address, 'POST', '/api/v1', { type: 'GET_TASKS' }, { Accept: 'application/json' });
  const tasks = JSON.parse(r.body).get_tasks.tasks as any[];
  return tasks.find((x) => x.task_id.value === 'ui-task')?.agent_id ?? null;
}

real('without the event stream (SUBSCRIBE refused) the page polls GET_STATE and still shows new tasks', async () => {
  const { page, errors } = await openPage();
  try {
    await page.route('**/api/v1', async (route) => {
      if (JSON.parse(route.request().postData() ?? '{}').type === 'SUBSCRIBE') await route.fulfill({ status: 501, body: 'refused by the test' });
      else await route.continue();
    });
    await page.goto(`http://${master.address}/`, { timeout: 30_000 });
    await page.waitForSelector('#live[data-mode="polling"]', { timeout: 30_000 });
    await acceptNext(fw, (offer) => [launchOp(offer, [busyboxTask('polled', 'echo polled-output; sleep 600')])]);
    assert.is((await nextStatus(fw, 'polled')).state, 'TASK_RUNNING');
    await page.locator('#tasks tr[data-task-id="polled"] .state.TASK_RUNNING').waitFor({ timeout: 30_000 });
    await page.locator('#tasks tr[data-task-id="polled"] button.logs-button').click();
    await page.waitForFunction(() => /polled-output/.test((globalThis as any).document.querySelector('#logs-text')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.equal(errors.filter((e) => !/501/.test(e)), [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

test.run();
