// Secrets of tasks on a real master and agent (runc launcher, busybox image) with the file secret
// resolver: a task whose environment variables (a REFERENCE with and without a key, a VALUE) and
// file volumes (relative and absolute container paths) come from secrets prints them; the files
// are 0400 and read-only in the container; the master's /master/state, its operator GET_STATE and
// GET_TASKS, and the agent's /state and GET_STATE hold no byte of any secret (raw or base64)
// while the task runs; the per-container secrets tmpfs is gone once the task is killed; and a
// missing secret fails the task with a reason naming the variable and the secret.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeTempDir } from '@plateau/testkit/tmp';
import { operatorCall, request } from '../helpers/scheduler-client';
import {
  acceptNext,
  busyboxTask,
  launchOp,
  mountsUnder,
  nextStatus,
  realCluster,
  untilState,
  waitFor,
} from '../integration/agent-harness';

// Unique, recognisable secret bytes: any of them in a state answer is a leak.
const token = (what: string) => `${what}-${randomBytes(12).toString('hex')}`;
const PASSWORD = token('pw');
const USER = token('user');
const BY_VALUE = token('value');
const ALL = [PASSWORD, USER, BY_VALUE];

const cluster = realCluster(test, {
  framework: 'agent-secrets',
  agentSetup: () => {
    const root = makeTempDir('plateau-secret-store-');
    fs.mkdirSync(path.join(root, 'app'), { mode: 0o700 });
    fs.writeFileSync(path.join(root, 'app', 'db-password'), PASSWORD, { mode: 0o600 });
    fs.writeFileSync(path.join(root, 'app', 'creds.yaml'), `user: ${USER}\nother: x\n`, { mode: 0o600 });
    return {
      agentLines: ['  secretResolver: secrets'],
      moduleLines: [`  secrets: { use: secret-resolver-file, config: { root: ${JSON.stringify(root)} } }`],
    };
  },
});
const { real } = cluster;

const ref = (name: string, key?: string) => ({ type: 'REFERENCE', reference: { name, ...(key ? { key } : {}) } });

/** Every representation of the secrets that must not appear: raw, and base64 (bytes fields). */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const s of ALL) {
    for (const form of [s, Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64').slice(0, 16)]) if (text.includes(form)) found.push(form);
  }
  return found;
}

real('env variables and file volumes from secrets reach the task; no state endpoint shows their bytes', async () => {
  const cmd = [
    'echo "ENV_PASSWORD=$DB_PASSWORD"',
    'echo "ENV_USER=$DB_USER"',
    'echo "ENV_VALUE=$BY_VALUE"',
    'echo "FILE_REL=$(cat "$MESOS_SANDBOX/secrets/db-password")"',
    'echo "FILE_ABS=$(cat /etc/app/user)"',
    'echo "MODE=$(stat -c %a /etc/app/user)"',
    '(echo overwritten > /etc/app/user) 2>/dev/null && echo WRITE=yes || echo WRITE=no',
    'echo done',
    'sleep 600',
  ].join('; ');
  const task = busyboxTask('with-secrets', cmd);
  task.command.environment = {
    variables: [
      { name: 'PLAIN', value: 'plain' },
      { name: 'DB_PASSWORD', type: 'SECRET', secret: ref('app/db-password') },
      { name: 'DB_USER', type: 'SECRET', secret: ref('app/creds.yaml', 'user') },
      { name: 'BY_VALUE', type: 'SECRET', secret: { type: 'VALUE', value: { data: Buffer.from(BY_VALUE).toString('base64') } } },
    ],
  };
  task.container.volumes = [
    { mode: 'RO', container_path: 'secrets/db-password', source: { type: 'SECRET', secret: ref('app/db-password') } },
    { mode: 'RO', container_path: '/etc/app/user', source: { type: 'SECRET', secret: ref('app/creds.yaml', 'user') } },
  ];
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [task])]);
  const running = await nextStatus(cluster.fw, 'with-secrets');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  const containerId = running.container_status.container_id.value;
  const stdout = path.join(cluster.agent.sandbox(running.agent_id.value, cluster.fw.frameworkId, 'with-secrets', containerId), 'stdout');
  await waitFor(() => fs.existsSync(stdout) && fs.readFileSync(stdout, 'utf8').includes('done'), { what: 'the task to print its secrets', timeoutMs: 20_000 });
  const out = fs.readFileSync(stdout, 'utf8');
  assert.match(out, `ENV_PASSWORD=${PASSWORD}\n`);
  assert.match(out, `ENV_USER=${USER}\n`);
  assert.match(out, `ENV_VALUE=${BY_VALUE}\n`);
  assert.match(out, `FILE_REL=${PASSWORD}\n`);
  assert.match(out, `FILE_ABS=${USER}\n`);
  assert.match(out, 'MODE=400\n');
  assert.match(out, 'WRITE=no\n');

  // The secret files live on a tmpfs of the container's own while it runs.
  const secretsDir = path.join(cluster.agent.workDir, 'agent', 'secrets', containerId);
  assert.ok(mountsUnder(secretsDir).includes(secretsDir), `a tmpfs at ${secretsDir}`);

  const answers: Record<string, string> = {
    '/master/state': (await request(cluster.master.address, 'GET', '/master/state')).body,
    'master GET_STATE': JSON.stringify(await operatorCall(cluster.master.address, { type: 'GET_STATE' })),
    'master GET_TASKS': JSON.stringify(await operatorCall(cluster.master.address, { type: 'GET_TASKS' })),
    'master GET_EXECUTORS': JSON.stringify(await operatorCall(cluster.master.address, { type: 'GET_EXECUTORS' })),
    'agent /state': (await request(cluster.agent.address, 'GET', '/state')).body,
    'agent GET_STATE': JSON.stringify(await operatorCall(cluster.agent.address, { type: 'GET_STATE' })),
    'agent GET_TASKS': JSON.stringify(await operatorCall(cluster.agent.address, { type: 'GET_TASKS' })),
  };
  for (const [where, text] of Object.entries(answers)) {
    if (!where.endsWith('GET_EXECUTORS')) assert.ok(text.includes('with-secrets'), `${where} shows the task`);
    assert.equal(leaks(text), [], `${where} holds secret bytes`);
  }
  // The reference stays visible, as in Mesos.
  assert.ok(answers['master GET_TASKS']!.includes('app/creds.yaml'), 'the master keeps the reference');
  assert.ok(answers['agent /state']!.includes('app/db-password'), 'the agent keeps the reference');
  // Nor does the agent's log.
  assert.equal(leaks(cluster.agent.proc!.output()), [], 'the agent log holds secret bytes');

  await cluster.fw.mustCall({ type: 'KILL', kill: { task_id: { value: 'with-secrets' }, agent_id: running.agent_id } });
  const killed = await untilState(cluster.fw, 'with-secrets', 'TASK_KILLED');
  assert.is(killed.state, 'TASK_KILLED');
  await waitFor(() => !fs.existsSync(secretsDir), { what: 'the secrets directory to go with the container', timeoutMs: 20_000 });
  assert.equal(mountsUnder(secretsDir), [], 'the secrets tmpfs is unmounted');
});

real('a secret that cannot be resolved fails the task, naming the variable and the secret', async () => {
  const task = busyboxTask('missing-secret', 'echo should-not-run');
  task.command.environment = { variables: [{ name: 'MISSING_TOKEN', type: 'SECRET', secret: ref('app/nope') }] };
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [task])]);
  const failed = await untilState(cluster.fw, 'missing-secret', 'TASK_FAILED');
  assert.is(failed.reason, 'REASON_CONTAINER_LAUNCH_FAILED', JSON.stringify(failed));
  assert.match(failed.message, /environment variable MISSING_TOKEN, secret "app\/nope"/);
  assert.match(failed.message, /not found/);

  const volume = busyboxTask('missing-volume-secret', 'echo should-not-run');
  volume.container.volumes = [{ mode: 'RO', container_path: 'tls/key', source: { type: 'SECRET', secret: ref('tls/server-key') } }];
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [volume])]);
  const failedVolume = await untilState(cluster.fw, 'missing-volume-secret', 'TASK_FAILED');
  assert.is(failedVolume.reason, 'REASON_CONTAINER_LAUNCH_FAILED');
  assert.match(failedVolume.message, /volume 0 \("tls\/key"\), secret "tls\/server-key"/);
});

test.run();
