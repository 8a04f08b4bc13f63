// Health checks, checks and kill policies with real parts: a real master and a real agent (runc
// launcher, busybox image); a Mesos v1 scheduler launches tasks whose health flips healthy →
// unhealthy → killed (a COMMAND check run inside the container, an HTTP check against busybox
// httpd in the task), a TCP check, a check whose check_status changes, kills with and without a
// TERM trap under a grace period, a second KILL that shortens the grace, TASK_KILLING for a
// framework with that capability, max_completion_time, and bad input refused at ACCEPT with
// TASK_ERROR.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerClient } from '../helpers/scheduler-client';
import { acceptNext, busyboxTask, frameworkInfo, launchOp, nextStatus, realCluster } from '../integration/agent-harness';

let killingFw: SchedulerClient;

const cluster = realCluster(test, { framework: 'agent-health', beforeTeardown: () => killingFw?.close() });
const { real } = cluster;

/** A port of the offer's `ports` range (the `i`th), with the resource the task must hold for it. */
function offerPort(offer: any, i: number): { port: number; resource: unknown } {
  const range = offer.resources.find((r: any) => r.name === 'ports').ranges.range[0];
  const port = Number(range.begin) + i;
  return { port, resource: { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: port, end: port }] } } };
}

const secs = (s: number) => ({ nanoseconds: Math.round(s * 1e9) });

/** Acknowledged updates of a task until one in `state`; all of them, in order. */
async function updatesUntil(client: SchedulerClient, taskId: string, state: string, timeoutMs = 30_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  const out: any[] = [];
  for (;;) {
    const s = await nextStatus(client, taskId, { timeoutMs: Math.max(1, deadline - Date.now()) });
    out.push(s);
    if (s.state === state) return out;
    if (['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST'].includes(s.state)) {
      throw new Error(`${taskId} ended ${s.state} before ${state}: ${JSON.stringify(out.map((u) => [u.state, u.reason, u.healthy, u.message]))}`);
    }
  }
}

const summary = (us: any[]) => JSON.stringify(us.map((u) => [u.state, u.reason ?? '', u.healthy ?? null]));

real('a COMMAND health check run inside the container: TASK_RUNNING, healthy, unhealthy, then TASK_KILLED with healthy false', async () => {
  const t = busyboxTask('health-cmd', 'touch /tmp/ok; sleep 1.5; rm /tmp/ok; sleep 600', {
    extra: {
      health_check: { type: 'COMMAND', command: { value: 'test -f /tmp/ok' }, delay_seconds: 0, interval_seconds: 0.3, timeout_seconds: 5, grace_period_seconds: 0, consecutive_failures: 2 },
      kill_policy: { grace_period: secs(0.5) },
    },
  });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  const us = await updatesUntil(cluster.fw, 'health-cmd', 'TASK_KILLED');
  const first = us[0];
  assert.is(first.state, 'TASK_RUNNING', summary(us));
  assert.is(first.healthy, undefined, `a task with a health check is neither healthy nor unhealthy before its first check: ${summary(us)}`);
  const healthy = us.findIndex((u) => u.state === 'TASK_RUNNING' && u.healthy === true && u.reason === 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED');
  const unhealthy = us.findIndex((u) => u.state === 'TASK_RUNNING' && u.healthy === false && u.reason === 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED');
  assert.ok(healthy > 0 && unhealthy > healthy, `healthy, then unhealthy: ${summary(us)}`);
  assert.is(us.filter((u) => u.healthy === false && u.state === 'TASK_RUNNING').length, 2, `one unhealthy update per counted failure, 2 = consecutive_failures: ${summary(us)}`);
  const end = us[us.length - 1];
  assert.is(end.healthy, false, `the terminal update says unhealthy: ${JSON.stringify(end)}`);
  assert.match(end.message, /health check/);
});

real('an HTTP health check against busybox httpd in the task (a port of the offer): healthy, then killed once httpd is gone', async () => {
  await acceptNext(cluster.fw, (offer) => {
    const { port, resource } = offerPort(offer, 0);
    const t = busyboxTask('health-http', `mkdir -p /tmp/www && echo ok > /tmp/www/index.html && timeout 2 httpd -f -p 127.0.0.1:${port} -h /tmp/www; sleep 600`, {
      extra: {
        health_check: { type: 'HTTP', http: { port, path: '/index.html' }, delay_seconds: 0, interval_seconds: 0.3, timeout_seconds: 1, grace_period_seconds: 5, consecutive_failures: 1 },
        kill_policy: { grace_period: secs(0.2) },
      },
    });
    t.resources.push(resource);
    return [launchOp(offer, [t])];
  });
  const us = await updatesUntil(cluster.fw, 'health-http', 'TASK_KILLED');
  assert.ok(us.some((u) => u.healthy === true && u.reason === 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED'), `healthy while httpd serves: ${summary(us)}`);
  assert.ok(us.some((u) => u.healthy === false && u.state === 'TASK_RUNNING'), `unhealthy once it is gone: ${summary(us)}`);
  assert.is(us[us.length - 1].healthy, false);
});

real('a TCP health check: healthy while the task listens; a KILL with a kill_policy override ends it in that grace', async () => {
  let port = 0;
  await acceptNext(cluster.fw, (offer) => {
    const p = offerPort(offer, 1);
    port = p.port;
    // The task ignores TERM (so do its children): only the SIGKILL after the grace ends it.
    const t = busyboxTask('health-tcp', `trap "" TERM; mkdir -p /tmp/www && httpd -p 127.0.0.1:${port} -h /tmp/www; while true; do sleep 0.1; done`, {
      extra: {
        health_check: { type: 'TCP', tcp: { port }, delay_seconds: 0, interval_seconds: 0.3, timeout_seconds: 1, grace_period_seconds: 5 },
        kill_policy: { grace_period: secs(60) },
      },
    });
    t.resources.push(p.resource);
    return [launchOp(offer, [t])];
  });
  const us = await updatesUntil(cluster.fw, 'health-tcp', 'TASK_RUNNING');
  const healthy = await nextStatus(cluster.fw, 'health-tcp');
  assert.is(healthy.state, 'TASK_RUNNING', summary([...us, healthy]));
  assert.is(healthy.healthy, true);
  assert.is(healthy.reason, 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED');
  const started = Date.now();
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'health-tcp' }, agent_id: healthy.agent_id, kill_policy: { grace_period: secs(0.5) } } });
  const end = (await updatesUntil(cluster.fw, 'health-tcp', 'TASK_KILLED', 15_000)).pop();
  const took = Date.now() - started;
  assert.ok(took >= 400 && took < 10_000, `killed after the override's 0.5 s grace, not the task's 60 s (took ${took} ms)`);
  assert.is(end.state, 'TASK_KILLED');
});

real('a check (TaskInfo.check, COMMAND): the initial TASK_RUNNING carries an empty check_status, then each change of exit code is an update', async () => {
  const t = busyboxTask('check-cmd', 'echo 0 > /tmp/code; sleep 1.2; echo 3 > /tmp/code; sleep 1.2; exit 0', {
    extra: { check: { type: 'COMMAND', command: { command: { value: 'exit $(cat /tmp/code)' } }, delay_seconds: 0, interval_seconds: 0.3, timeout_seconds: 5 } },
  });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  const us = await updatesUntil(cluster.fw, 'check-cmd', 'TASK_FINISHED');
  const show = JSON.stringify(us.map((u) => [u.state, u.reason ?? '', u.check_status ?? null]));
  assert.equal(us[0].check_status, { type: 'COMMAND', command: {} }, show);
  const changes = us.filter((u) => u.reason === 'REASON_TASK_CHECK_STATUS_UPDATED').map((u) => u.check_status.command.exit_code ?? 0);
  assert.equal(changes, [0, 3], `one update per change: ${show}`);
  assert.equal(us[us.length - 1].check_status, { type: 'COMMAND', command: { exit_code: 3 } }, `the terminal update carries the latest check_status: ${show}`);
});

real('kill grace: a task trapping TERM gets it and exits within the grace; one that ignores TERM gets KILL after the grace', async () => {
  const trap = busyboxTask('grace-trap', 'trap "echo got-term >> $MESOS_SANDBOX/term.log; exit 0" TERM; while true; do sleep 0.1; done', { extra: { kill_policy: { grace_period: secs(20) } } });
  const deaf = busyboxTask('grace-deaf', 'trap "" TERM; while true; do sleep 0.1; done', { extra: { kill_policy: { grace_period: secs(1) } } });
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [trap, deaf])]);
  const r1 = await nextStatus(cluster.fw, 'grace-trap', { state: 'TASK_RUNNING' });
  const r2 = await nextStatus(cluster.fw, 'grace-deaf', { state: 'TASK_RUNNING' });
  assert.is(r1.healthy, undefined, `a task without a health check carries no healthy (as Mesos): ${JSON.stringify(r1)}`);
  await new Promise((r) => setTimeout(r, 300)); // the trap is set
  let started = Date.now();
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'grace-trap' }, agent_id: r1.agent_id } });
  const trapped = await nextStatus(cluster.fw, 'grace-trap', { timeoutMs: 15_000 });
  assert.is(trapped.state, 'TASK_KILLED');
  assert.ok(Date.now() - started < 10_000, 'the trapping task ended on TERM, well within its 20 s grace');
  const sandbox = cluster.agent.sandbox(r1.agent_id.value, cluster.fw.frameworkId, 'grace-trap', r1.container_status.container_id.value);
  assert.match(fs.readFileSync(path.join(sandbox, 'term.log'), 'utf8'), /got-term/);
  started = Date.now();
  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'grace-deaf' }, agent_id: r2.agent_id } });
  const deafEnd = await nextStatus(cluster.fw, 'grace-deaf', { timeoutMs: 15_000 });
  const took = Date.now() - started;
  assert.is(deafEnd.state, 'TASK_KILLED');
  assert.ok(took >= 900, `SIGKILL only after the 1 s grace (took ${took} ms)`);
});

real('a second KILL while a kill runs: a shorter grace brings the SIGKILL forward, a longer one does not put it back (as Mesos)', async () => {
  // Both tasks trap TERM and keep running: only the SIGKILL after the grace ends them.
  const loop = 'trap "echo got-term >> $MESOS_SANDBOX/term.log" TERM; while true; do sleep 0.1; done';
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('rekill-shorter', loop), busyboxTask('rekill-longer', loop)])]);
  const shorter = await nextStatus(cluster.fw, 'rekill-shorter', { state: 'TASK_RUNNING' });
  const longer = await nextStatus(cluster.fw, 'rekill-longer', { state: 'TASK_RUNNING' });
  await new Promise((r) => setTimeout(r, 300)); // the traps are set
  const kill = (taskId: string, agentId: unknown, grace: number) => cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: taskId }, agent_id: agentId, kill_policy: { grace_period: secs(grace) } } });

  await kill('rekill-shorter', shorter.agent_id, 30);
  await new Promise((r) => setTimeout(r, 500));
  const second = Date.now();
  await kill('rekill-shorter', shorter.agent_id, 0.5);
  const shortEnd = await nextStatus(cluster.fw, 'rekill-shorter', { timeoutMs: 15_000 });
  const tookShort = Date.now() - second;
  assert.is(shortEnd.state, 'TASK_KILLED', JSON.stringify(shortEnd));
  assert.ok(tookShort < 5000, `KILLed about 0.5 s after the second KILL, not after the first one's 30 s (took ${tookShort} ms)`);
  const sandbox = cluster.agent.sandbox(shorter.agent_id.value, cluster.fw.frameworkId, 'rekill-shorter', shorter.container_status.container_id.value);
  assert.match(fs.readFileSync(path.join(sandbox, 'term.log'), 'utf8'), /got-term/, 'the task got TERM before the KILL');

  const first = Date.now();
  await kill('rekill-longer', longer.agent_id, 1);
  await kill('rekill-longer', longer.agent_id, 30);
  const longEnd = await nextStatus(cluster.fw, 'rekill-longer', { timeoutMs: 15_000 });
  const tookLong = Date.now() - first;
  assert.is(longEnd.state, 'TASK_KILLED', JSON.stringify(longEnd));
  assert.ok(tookLong >= 900 && tookLong < 10_000, `KILLed after the first KILL's 1 s grace, the second one's 30 s ignored (took ${tookLong} ms)`);
});

real('max_completion_time: a task still running after it is killed and reported TASK_FAILED REASON_MAX_COMPLETION_TIME_REACHED', async () => {
  const t = busyboxTask('max-time', 'sleep 600', { extra: { max_completion_time: secs(1), kill_policy: { grace_period: secs(0.2) } } });
  const started = Date.now();
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [t])]);
  assert.is((await nextStatus(cluster.fw, 'max-time')).state, 'TASK_RUNNING');
  const end = await nextStatus(cluster.fw, 'max-time', { timeoutMs: 15_000 });
  assert.is(end.state, 'TASK_FAILED', JSON.stringify(end));
  assert.is(end.reason, 'REASON_MAX_COMPLETION_TIME_REACHED');
  assert.ok(Date.now() - started >= 1000);
});

real('bad input is refused at ACCEPT with TASK_ERROR naming the field, and nothing is launched', async () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['bad-interval', { health_check: { type: 'COMMAND', command: { value: 'true' }, interval_seconds: -1 } }, /health_check\.interval_seconds/],
    ['bad-timeout', { health_check: { type: 'TCP', tcp: { port: 80 }, timeout_seconds: -0.5 } }, /health_check\.timeout_seconds/],
    ['bad-delay', { check: { type: 'TCP', tcp: { port: 80 }, delay_seconds: -2 } }, /check\.delay_seconds/],
    ['bad-grace', { health_check: { type: 'TCP', tcp: { port: 80 }, grace_period_seconds: -1 } }, /health_check\.grace_period_seconds/],
    ['zero-port', { health_check: { type: 'HTTP', http: { port: 0, path: '/' } } }, /health_check\.http\.port/],
    ['bad-path', { check: { type: 'HTTP', http: { port: 80, path: 'health' } } }, /check\.http\.path/],
    ['bad-kill-grace', { kill_policy: { grace_period: { nanoseconds: -1 } } }, /kill_policy\.grace_period/],
    ['bad-max-time', { max_completion_time: { nanoseconds: -1 } }, /max_completion_time/],
  ];
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, cases.map(([id, extra]) => busyboxTask(id, 'true', { extra })))]);
  for (const [id, , field] of cases) {
    const s = await nextStatus(cluster.fw, id);
    assert.is(s.state, 'TASK_ERROR', `${id}: ${JSON.stringify(s)}`);
    assert.match(s.message, field, `${id}: ${s.message}`);
  }
  // Without a port at all the call does not parse (port is a required field): 400 naming it, as Mesos answers.
  const offerless = await cluster.fw.call({ type: 'ACCEPT', accept: { offer_ids: [{ value: 'none' }], operations: [launchOp({ agent_id: { value: 'a' } }, [busyboxTask('no-port', 'true', { extra: { health_check: { type: 'HTTP', http: { path: '/' } } } })])] } });
  assert.is(offerless.status, 400);
  assert.match(offerless.body, /health_check\.http\.port: missing required field/);
});

real('a framework with TASK_KILLING_STATE hears TASK_KILLING before TASK_KILLED', async () => {
  // The first framework goes away so that the agent's offers come to this one.
  cluster.fw.close();
  killingFw = await SchedulerClient.subscribe(cluster.master.address, { ...frameworkInfo('agent-health-killing'), capabilities: [{ type: 'MULTI_ROLE' }, { type: 'TASK_KILLING_STATE' }] });
  await acceptNext(killingFw, (offer) => [launchOp(offer, [busyboxTask('killing', 'sleep 600', { extra: { kill_policy: { grace_period: secs(0.3) } } })])]);
  const running = await nextStatus(killingFw, 'killing', { state: 'TASK_RUNNING' });
  await killingFw.mustCall({ type: 'KILL', kill: { task_id: { value: 'killing' }, agent_id: running.agent_id } });
  assert.is((await nextStatus(killingFw, 'killing')).state, 'TASK_KILLING');
  assert.is((await nextStatus(killingFw, 'killing')).state, 'TASK_KILLED');
});

test.run();
