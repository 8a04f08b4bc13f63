// The master's web UI in headless Chromium (Debian's chromium driven by playwright-core) against a
// real master and a real runc agent, with a running command task (printing to stdout and stderr
// and writing a file in its sandbox) and a pod (a task nested in its executor's container):
// - the overview, agent, framework, task and roles pages render the cluster's data;
// - every link on each page leads to the page it names (agent, framework, task, role, sandbox);
// - the agent page shows resources, attributes and the containers as a tree (the pod's task
//   nested under its executor's container, from GET_CONTAINERS show_nested via the master);
// - the task page shows the status history (with reasons), health, container, and its
//   stdout/stderr tails grow as the task prints;
// - the sandbox browser lists the task's sandbox, opens a file and downloads it;
// - the pages follow the SUBSCRIBE stream (a new task appears without a reload), and with
//   SUBSCRIBE refused they poll.
// With PLATEAU_UI_SHOTS=<dir> (npm run screenshots) each page's screenshot is written there; no
// assertion depends on pixels.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../helpers/scheduler-client';
import { makeTempDir } from '@plateau/testkit/tmp';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, realCluster, untilState } from '../integration/agent-harness';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 30_000 };
const SHOTS = process.env.PLATEAU_UI_SHOTS;

const cluster = realCluster(test, {
  framework: { ...frameworkInfo('ui-test'), roles: ['ui-role'] },
  agentSetup: { agentLines: ['  attributes: { rack: r1, zone: 3 }'] },
  beforeTeardown: () => browser?.close().catch(() => undefined),
  // A browser beside the cluster loads the machine: leadership proofs that hold 1.5 s, not 150 ms.
  masterConfig: { contenderPollMs: 500 },
  dumpAs: 'ui-browser',
});
let browser: BrowserContext | undefined;
let agentId = '';
let frameworkId = '';
let podParent = '';
let podChild = '';

const real = (name: string, fn: () => Promise<void>) =>
  cluster.real(name, async () => {
    if (!fs.existsSync(CHROMIUM)) return console.log(`skipped: no ${CHROMIUM} (apt-get install chromium)`);
    await fn();
  });

async function operator(call: unknown): Promise<any> {
  const r = await request(cluster.master.address, 'POST', '/api/v1', call, { Accept: 'application/json' });
  assert.ok(r.status === 200 || r.status === 202, `${JSON.stringify(call)}: ${r.status} ${r.body}`);
  return r.body ? JSON.parse(r.body) : undefined;
}

const podExecutor = { type: 'DEFAULT', executor_id: { value: 'ui-pod' }, resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }, { name: 'mem', type: 'SCALAR', scalar: { value: 32 } }] };

test.before(async () => {
  if (cluster.skip || !fs.existsSync(CHROMIUM)) return;
  await operator({ type: 'UPDATE_WEIGHTS', update_weights: { weight_infos: [{ role: 'ui-role', weight: 2.5 }] } });
  await operator({ type: 'UPDATE_QUOTA', update_quota: { quota_configs: [{ role: 'ui-role', guarantees: { cpus: { value: 0.5 } }, limits: { cpus: { value: 8 } } }] } });
  const ticker = busyboxTask('ticker', 'echo kept-in-the-sandbox > "$MESOS_SANDBOX/notes.txt"; i=0; while true; do echo tick-$i; echo tock-$i >&2; i=$((i+1)); sleep 0.3; done', {
    cpus: 0.5,
    mem: 128,
    extra: { health_check: { type: 'COMMAND', command: { value: 'true' }, delay_seconds: 0, interval_seconds: 0.5, timeout_seconds: 5, grace_period_seconds: 0 } },
  });
  const inPod = busyboxTask('in-pod', 'echo pod-says-hi; sleep 600', { cpus: 0.2, mem: 64 });
  const offer = await acceptNext(cluster.fw, (o) => [launchOp(o, [ticker]), { type: 'LAUNCH_GROUP', launch_group: { executor: podExecutor, task_group: { tasks: [{ ...inPod, agent_id: o.agent_id }] } } }]);
  agentId = offer.agent_id.value;
  frameworkId = offer.framework_id.value;
  await untilState(cluster.fw, 'ticker', 'TASK_RUNNING', 60_000);
  const pod = await untilState(cluster.fw, 'in-pod', 'TASK_RUNNING', 60_000);
  podChild = pod.container_status.container_id.value;
  podParent = pod.container_status.container_id.parent.value;
  const { chromium } = await import('playwright-core');
  // A fresh profile every run (launchPersistentContext passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(makeTempDir('plateau-ui-profile-'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 }, timeout: 30_000 });
});

/**
 * Whether a browser message is a 503 of a master whose leadership proof lapsed for a moment
 * under load ("retry"): the page retries those, so they are not errors of the page.
 */
const retried = (message: string) => /status of 503|: 503 Leadership not proven/.test(message);

/** A new page with its script errors collected. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !retried(msg.text())) errors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('response', async (r) => {
    if (r.status() < 400) return;
    const said = `${r.request().method()} ${r.url()}: ${r.status()} ${await r.text().catch(() => '')}`;
    if (!retried(said)) errors.push(said);
  });
  return { page, errors };
}

/** Opens `hash` of the UI and waits for the live stream and for `ready` to show. */
async function go(page: Page, hash: string, ready: string): Promise<void> {
  if (page.url().startsWith(`http://${cluster.master.address}/`)) await page.evaluate((h) => ((globalThis as any).location.hash = h), hash);
  else await page.goto(`http://${cluster.master.address}/${hash}`, WAIT);
  await page.waitForSelector('#live[data-mode="live"]', WAIT);
  await page.waitForSelector(ready, WAIT);
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText(WAIT);

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the text of `selector` matches `re`. */
async function until(page: Page, selector: string, re: RegExp): Promise<void> {
  try {
    await page.waitForFunction(([s, src, flags]) => new RegExp(src!, flags).test((globalThis as any).document.querySelector(s!)?.textContent ?? ''), [selector, re.source, re.flags], WAIT);
  } catch {
    assert.unreachable(`${selector} never matched ${re}: ${await page.locator(selector).first().textContent().catch(() => '(absent)')}`);
  }
}

/**
 * Every in-page link of the page now shown leads where it says: the page kind its hash names,
 * showing the agent, framework, task or role named (checked by following each in turn).
 */
async function linksLeadWhereTheySay(page: Page): Promise<number> {
  const from = await page.evaluate(() => (globalThis as any).location.hash);
  const hrefs: string[] = [...new Set(await page.locator('#view a[href^="#/"]').evaluateAll((as) => as.map((a: any) => a.getAttribute('href'))))];
  for (const h of hrefs) {
    const m = /^#\/(agents|frameworks|tasks|roles)?\/?([^/?]*)\/?([^/?]*)?\/?(browse)?(?:\?(.*))?$/.exec(h);
    assert.ok(m, `link ${h} has a known form`);
    const [, kind, a, b, browse, query] = m!.map((x) => (x === undefined ? x : decodeURIComponent(x)));
    await page.evaluate((x) => ((globalThis as any).location.hash = x), h);
    const page_ = { agents: 'agent', frameworks: 'framework', tasks: 'task', roles: 'roles' }[kind ?? ''] ?? 'overview';
    await page.waitForSelector(`#view[data-page="${page_}"]`, WAIT);
    const where = `link ${h} (on ${from})`;
    if (kind === 'agents') {
      assert.is(await text(page, '#agent-id'), a, where);
      if (browse) await page.waitForSelector(`#sandbox[data-path="${new URLSearchParams(query).get('path')}"] #files, #sandbox .file-view`, WAIT);
    } else if (kind === 'frameworks') {
      assert.match(await text(page, '#framework-facts'), /ROLES|Roles/, where);
      assert.is(await page.locator('#view h2 .mono').first().innerText(), a, where);
    } else if (kind === 'tasks') {
      assert.is(await text(page, '#task-id'), b, where);
      assert.is(a, frameworkId, where);
    } else if (kind === 'roles') {
      const role = new URLSearchParams(query).get('role');
      if (role) await page.waitForSelector(`#roles tr.chosen[data-role="${role}"]`, WAIT);
    } else await page.waitForSelector('#tasks', WAIT);
    assert.is(await page.locator('#view .error').count(), 0, `${where}: ${await page.locator('#view .error').allInnerTexts()}`);
    assert.not.match(await text(page, '#view'), /\b(null|undefined|NaN|\[object Object\])\b/, `${where}: no placeholder text`);
  }
  await page.evaluate((x) => ((globalThis as any).location.hash = x), from);
  return hrefs.length;
}

real('the master serves the page and its modules; the agent proxies refuse requests without an agent', async () => {
  for (const [p, type] of [
    ['/', 'text/html'],
    ['/ui/app.js', 'text/javascript'],
    ['/ui/page-task.js', 'text/javascript'],
    ['/ui/style.css', 'text/css'],
  ] as const) {
    const r = await request(cluster.master.address, 'GET', p);
    assert.is(r.status, 200, `${p}: ${r.status}`);
    assert.match(String(r.headers['content-type']), type);
  }
  for (const p of ['/proxy/agent/files/read?path=/x', '/proxy/agent/files/browse?path=/x', '/proxy/agent/files/download?path=/x', '/proxy/agent/containers']) {
    assert.is((await request(cluster.master.address, 'GET', p)).status, 400, p);
  }
  assert.is((await request(cluster.master.address, 'GET', '/proxy/agent/containers?agent=nope')).status, 404);
});

real('overview: resources, tasks, agents, frameworks and roles; its links lead where they say', async () => {
  const { page, errors } = await openPage();
  try {
    await go(page, '#/', '#tasks tr[data-task-id="ticker"] .state.TASK_RUNNING');
    assert.match(await text(page, '#agents tbody'), new RegExp(cluster.agent.address.replace(/\./g, '\\.')));
    assert.match(await text(page, '#frameworks tbody'), /ui-test/);
    assert.match(await text(page, '#tasks tr[data-task-id="in-pod"]'), /in-pod/);
    await until(page, '[data-resource="cpus"]', /0\.8 \/ 2/);
    await shot(page, 'overview');
    assert.ok((await linksLeadWhereTheySay(page)) >= 5, 'links followed');
    assert.equal(errors, [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

real('agent page: resources, attributes, tasks and the container tree with the pod nested; its links lead where they say', async () => {
  const { page, errors } = await openPage();
  try {
    await go(page, `#/agents/${agentId}`, '#containers li');
    assert.match(await text(page, '#agent-facts'), new RegExp(cluster.agent.address.replace(/\./g, '\\.')));
    // The agent's own API, at /master/state's slaves[].url.
    await page.waitForSelector('#agent-url', WAIT);
    assert.is(await page.locator('#agent-url').getAttribute('href'), `http://${cluster.agent.address}/state`);
    assert.match(await text(page, '#resources tr[data-resource="cpus"]'), /^cpus\s+2\s+0\.8/);
    assert.match(await text(page, '#resources tr[data-resource="ports"]'), /31000-32000/);
    assert.match(await text(page, '#attributes tr[data-attribute="rack"]'), /r1/);
    assert.match(await text(page, '#attributes tr[data-attribute="zone"]'), /3/);
    assert.match(await text(page, '#agent-tasks tbody'), /ticker[\s\S]*in-pod|in-pod[\s\S]*ticker/);
    // The pod's task is nested under its executor's container.
    const child = page.locator(`#containers li[data-container-id="${podParent}"] > ul > li[data-container-id="${podChild}"]`);
    await child.waitFor(WAIT);
    assert.match(await child.innerText(), /in-pod/);
    assert.match(await text(page, '#containers'), /ticker/);
    await shot(page, 'agent');
    assert.ok((await linksLeadWhereTheySay(page)) >= 4, 'links followed');
    assert.equal(errors, [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

real('task page: status history, container, and stdout/stderr tails that grow as the task prints; its links lead where they say', async () => {
  const { page, errors } = await openPage();
  try {
    await go(page, `#/tasks/${frameworkId}/ticker`, '#statuses tr[data-state="TASK_RUNNING"]');
    assert.match(await text(page, '#task-facts'), /ui-test/);
    assert.match(await text(page, '#task-framework'), /ui-test/);
    assert.ok((await text(page, '#task-container')).length > 0, 'container id shown');
    // Its health check passes: an update with healthy set (TASK_HEALTH_CHECK_STATUS_UPDATED).
    await page.waitForSelector('#task-health.healthy', WAIT);
    assert.is(await text(page, '#task-health'), 'healthy (command check)');
    assert.match(await text(page, '#statuses tbody'), /RUNNING\s+executor\s+TASK_HEALTH_CHECK_STATUS_UPDATED\s+(\S.*)?yes/);
    // The history is the master's, in order (GET_TASKS's statuses).
    const tasks = (await operator({ type: 'GET_TASKS' })).get_tasks.tasks as any[];
    const states = tasks.find((t) => t.task_id.value === 'ticker').statuses.map((x: any) => x.state);
    assert.equal(await page.locator('#statuses tbody tr').evaluateAll((rows) => rows.map((r: any) => r.dataset.state)), states);
    assert.match(await text(page, '#statuses tr[data-state="TASK_RUNNING"]'), /RUNNING\s+executor/);
    await until(page, '#stdout', /tick-\d+/);
    await until(page, '#stderr', /tock-\d+/);
    const ticks = async () => Math.max(...(await text(page, '#stdout')).match(/tick-(\d+)/g)!.map((x) => Number(x.slice(5))));
    const before = await ticks();
    await until(page, '#stdout', new RegExp(`tick-${before + 3}\\b`));
    assert.ok((await ticks()) >= before + 3, 'the tail grew');
    await shot(page, 'task');
    // The container links to the agent page, where it is marked in the tree.
    const container = await text(page, '#task-container');
    await page.locator('#task-container').click();
    await page.waitForSelector(`#containers li.chosen[data-container-id="${container}"]`, WAIT);
    await go(page, `#/tasks/${frameworkId}/ticker`, '#stdout');
    assert.ok((await linksLeadWhereTheySay(page)) >= 4, 'links followed');
    // The pod's task: its own sandbox (nested under the executor's) and output.
    await go(page, `#/tasks/${frameworkId}/in-pod`, '#statuses tr[data-state="TASK_RUNNING"]');
    await until(page, '#stdout', /pod-says-hi/);
    assert.equal(errors, [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

real('sandbox browser: lists the task\'s sandbox, opens a file and downloads it', async () => {
  const { page, errors } = await openPage();
  try {
    await go(page, `#/tasks/${frameworkId}/ticker`, '#task-sandbox');
    await page.locator('#task-sandbox').click();
    await until(page, '#sandbox', /notes\.txt/);
    const listing = await text(page, '#files tbody');
    for (const f of ['stdout', 'stderr', 'notes.txt']) assert.match(listing, new RegExp(`^${f.replace('.', '\\.')}\\b`, 'm'), listing);
    await shot(page, 'sandbox');
    await page.locator('#files tr[data-path$="/notes.txt"] a.file').click();
    await until(page, '#sandbox .file-view', /kept-in-the-sandbox/);
    assert.match(await page.evaluate(() => (globalThis as any).location.hash), /browse\?path=.*notes\.txt$/);
    const href = await page.locator('#sandbox a.download').getAttribute('href');
    const got = await page.evaluate(async (h) => {
      const r = await fetch(h!);
      return { status: r.status, disposition: r.headers.get('content-disposition'), body: await r.text() };
    }, href);
    assert.equal(got, { status: 200, disposition: 'attachment; filename="notes.txt"', body: 'kept-in-the-sandbox\n' });
    await shot(page, 'sandbox-file');
    // Up through the breadcrumbs to the sandbox's root.
    await page.locator('#sandbox .crumb').first().click();
    await page.waitForSelector('#sandbox #files tr[data-path$="/stdout"]', WAIT);
    assert.equal(errors, [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

real('framework page: roles, tasks and offers outstanding (as GET_FRAMEWORKS has them); its links lead where they say', async () => {
  const { page, errors } = await openPage();
  try {
    await go(page, `#/frameworks/${frameworkId}`, '#framework-tasks tr[data-task-id="ticker"]');
    assert.is(await text(page, '#framework-name'), 'ui-test');
    assert.match(await text(page, '#framework-roles'), /ui-role/);
    assert.match(await text(page, '#framework-tasks tbody'), /in-pod/);
    // The scheduler leaves the offers that follow the launch unanswered: they are outstanding.
    await cluster.fw.mustCall({ type: 'REVIVE', revive: {} });
    await page.waitForSelector('#offers tr[data-offer-id]', WAIT);
    const fws = (await operator({ type: 'GET_FRAMEWORKS' })).get_frameworks.frameworks as any[];
    const offers = (fws.find((f) => f.framework_info.id.value === frameworkId).offers ?? []) as any[];
    assert.ok(offers.length > 0, 'GET_FRAMEWORKS lists offers');
    for (const o of offers) await page.waitForSelector(`#offers tr[data-offer-id="${o.id.value}"]`, WAIT);
    await shot(page, 'framework');
    assert.ok((await linksLeadWhereTheySay(page)) >= 4, 'links followed');
    assert.equal(errors, [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

real('roles page: weight, quota guarantee and limit, frameworks; its links lead where they say', async () => {
  const { page, errors } = await openPage();
  try {
    await go(page, '#/roles?role=ui-role', '#roles tr.chosen[data-role="ui-role"]');
    const row = page.locator('#roles tr[data-role="ui-role"]');
    assert.is(await row.locator('td.weight').innerText(), '2.5');
    assert.is(await row.locator('td.guarantee').innerText(), 'cpus 0.5');
    assert.is(await row.locator('td.limit').innerText(), 'cpus 8');
    assert.match(await row.innerText(), /ui-test/);
    await shot(page, 'roles');
    assert.ok((await linksLeadWhereTheySay(page)) >= 1, 'links followed');
    assert.equal(errors, [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

real('live: a task launched while the framework page is open appears there without a reload', async () => {
  const { page, errors } = await openPage();
  try {
    await go(page, `#/frameworks/${frameworkId}`, '#framework-tasks tr[data-task-id="ticker"]');
    await acceptNext(cluster.fw, (o) => [launchOp(o, [busyboxTask('late', 'echo late; sleep 600')])], { cpus: 0.1, mem: 64 });
    await page.locator('#framework-tasks tr[data-task-id="late"]').waitFor(WAIT);
    // The agent sends RUNNING once the scheduler acknowledged STARTING.
    await untilState(cluster.fw, 'late', 'TASK_RUNNING', 60_000);
    await page.locator('#framework-tasks tr[data-task-id="late"] .state.TASK_RUNNING').waitFor(WAIT);
    assert.equal(errors, [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

real('a task that fails: its page shows the failure with reason and message and its stderr; the overview lists it among completed tasks', async () => {
  const { page, errors } = await openPage();
  try {
    await acceptNext(cluster.fw, (o) => [launchOp(o, [busyboxTask('fails', 'echo about-to-fail >&2; exit 3')])], { cpus: 0.1, mem: 64 });
    const failed = await untilState(cluster.fw, 'fails', 'TASK_FAILED', 60_000);
    await go(page, `#/tasks/${frameworkId}/fails`, '#statuses tr[data-state="TASK_FAILED"]');
    const row = await text(page, '#statuses tr[data-state="TASK_FAILED"]');
    assert.ok(row.includes(String(failed.reason ?? '').replace(/^REASON_/, '')), `${row} names the reason ${failed.reason}`);
    assert.ok(failed.message && row.includes(failed.message), `${row} has the message ${failed.message}`);
    await until(page, '#stderr', /about-to-fail/);
    await go(page, '#/', '#show-completed');
    await page.locator('#show-completed').check();
    await page.locator('#tasks tr[data-task-id="fails"] .state.TASK_FAILED').waitFor(WAIT);
    assert.equal(errors, [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

real('without the event stream (SUBSCRIBE refused) the pages poll GET_STATE', async () => {
  const { page, errors } = await openPage();
  try {
    await page.route('**/api/v1', async (route) => {
      if (JSON.parse(route.request().postData() ?? '{}').type === 'SUBSCRIBE') await route.fulfill({ status: 501, body: 'refused by the test' });
      else await route.continue();
    });
    await page.goto(`http://${cluster.master.address}/#/tasks/${frameworkId}/ticker`, WAIT);
    await page.waitForSelector('#live[data-mode="polling"]', WAIT);
    await page.waitForSelector('#statuses tr[data-state="TASK_RUNNING"]', WAIT);
    await until(page, '#stdout', /tick-\d+/);
    assert.equal(errors.filter((e) => !/501/.test(e)), [], errors.join('\n'));
  } finally {
    await page.close();
  }
});

test.run();
