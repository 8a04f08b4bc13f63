// The agent's HTTP API against a real master and agent (runc launcher, busybox image): a running
// task's container in GET_CONTAINERS with its usage, GET_STATE, GET_HEALTH, GET_VERSION; a nested
// session running `echo hi` in the task's container, streamed as RecordIO ProcessIO records, and
// its exit status from WAIT_CONTAINER; ATTACH_CONTAINER_OUTPUT streaming the task's output; the
// sandbox endpoints /files/browse, /files/read, /files/download, with `..` and symbolic links
// refused; malformed calls answered 400 with a message.

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from '../helpers/scheduler-client';
import {
  acceptNext,
  busyboxTask,
  launchOp,
  nextStatus,
  realCluster,
  waitFor,
} from './agent-harness';

let containerId = '';
let sandbox = '';

const cluster = realCluster(test, { framework: 'agent-api' });
const { real } = cluster;

// A long-running task every test looks at (after the cluster's own `before`).
test.before(async () => {
  if (cluster.skip) return;
  await acceptNext(cluster.fw, (offer) => [launchOp(offer, [busyboxTask('long', 'echo started; echo to-stderr >&2; sleep 600')])]);
  const running = await nextStatus(cluster.fw, 'long');
  assert.is(running.state, 'TASK_RUNNING', JSON.stringify(running));
  containerId = running.container_status.container_id.value;
  sandbox = cluster.agent.sandbox(running.agent_id.value, cluster.fw.frameworkId, 'long', containerId);
  await waitFor(() => fs.existsSync(path.join(sandbox, 'stdout')) && fs.readFileSync(path.join(sandbox, 'stdout'), 'utf8').includes('started'), {
    what: 'the task to write its output',
  });
});

async function call(body: unknown, headers: Record<string, string> = {}) {
  return request(cluster.agent.address, 'POST', '/api/v1', body, { Accept: 'application/json', ...headers });
}

/** A streaming call: the answer's status and headers, its RecordIO records as they come, and a way to hang up. */
function streamCall(body: unknown): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: () => Promise<string>; records: any[]; ended: Promise<void>; close(): void }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const [host, port] = cluster.agent.address.split(':');
    const req = http.request(
      { host, port: Number(port), method: 'POST', path: '/api/v1', headers: { 'Content-Type': 'application/json', Accept: 'application/recordio', 'Message-Accept': 'application/json', 'Content-Length': Buffer.byteLength(data) } },
      (res) => {
        const records: any[] = [];
        let buf = Buffer.alloc(0);
        let raw = '';
        const ended = new Promise<void>((done) => {
          res.on('end', () => done());
          res.on('close', () => done());
          res.on('error', () => done());
        });
        res.on('data', (chunk: Buffer) => {
          raw += chunk.toString('utf8');
          buf = Buffer.concat([buf, chunk]);
          for (;;) {
            const nl = buf.indexOf(0x0a);
            if (nl < 0) break;
            const n = Number(buf.subarray(0, nl).toString('ascii'));
            if (!Number.isFinite(n) || buf.length < nl + 1 + n) break;
            records.push(JSON.parse(buf.subarray(nl + 1, nl + 1 + n).toString('utf8')));
            buf = buf.subarray(nl + 1 + n);
          }
        });
        resolve({ status: res.statusCode ?? 0, headers: res.headers, records, ended, text: async () => (await ended, raw), close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Bytes of the DATA records of one stream, concatenated. */
function output(records: any[], stream: 'STDOUT' | 'STDERR'): string {
  return records
    .filter((r) => r.type === 'DATA' && r.data.type === stream)
    .map((r) => Buffer.from(r.data.data, 'base64').toString('utf8'))
    .join('');
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

real('GET_CONTAINERS lists the running task container with its status and usage', async () => {
  const r = await call({ type: 'GET_CONTAINERS' });
  assert.is(r.status, 200, r.body);
  const body = JSON.parse(r.body);
  assert.is(body.type, 'GET_CONTAINERS');
  const c = body.get_containers.containers.find((x: any) => x.container_id.value === containerId);
  assert.ok(c, `the task's container is listed: ${r.body}`);
  assert.is(c.framework_id.value, cluster.fw.frameworkId);
  assert.is(c.executor_id.value, 'long');
  assert.ok(c.container_status.executor_pid > 0, 'its pid');
  const stats = c.resource_statistics;
  assert.ok(typeof stats.timestamp === 'number', `usage has a timestamp: ${JSON.stringify(stats)}`);
  assert.ok(typeof stats.mem_limit_bytes === 'number' && stats.mem_limit_bytes > 0, `usage has the memory limit: ${JSON.stringify(stats)}`);
  assert.ok(typeof stats.cpus_user_time_secs === 'number' || typeof stats.cpus_system_time_secs === 'number', `usage has cpu times: ${JSON.stringify(stats)}`);
});

real('GET_STATE, GET_HEALTH and GET_VERSION', async () => {
  const s = JSON.parse((await call({ type: 'GET_STATE' })).body);
  assert.is(s.type, 'GET_STATE');
  const task = s.get_state.get_tasks.launched_tasks.find((t: any) => t.task_id.value === 'long');
  assert.ok(task, JSON.stringify(s));
  assert.is(task.state, 'TASK_RUNNING');
  assert.ok(s.get_state.get_frameworks.frameworks.some((f: any) => f.framework_info.id.value === cluster.fw.frameworkId));
  assert.ok(s.get_state.get_executors.executors.some((e: any) => e.executor_info.executor_id.value === 'long'));
  const h = JSON.parse((await call({ type: 'GET_HEALTH' })).body);
  assert.equal(h, { type: 'GET_HEALTH', get_health: { healthy: true } });
  const v = JSON.parse((await call({ type: 'GET_VERSION' })).body);
  assert.ok(v.get_version.version_info.version, JSON.stringify(v));
  const tasks = JSON.parse((await call({ type: 'GET_TASKS' })).body);
  assert.ok(tasks.get_tasks.launched_tasks.some((t: any) => t.task_id.value === 'long'), JSON.stringify(tasks));
  const executors = JSON.parse((await call({ type: 'GET_EXECUTORS' })).body);
  assert.ok(executors.get_executors.executors.some((e: any) => e.executor_info.executor_id.value === 'long'));
  const frameworks = JSON.parse((await call({ type: 'GET_FRAMEWORKS' })).body);
  assert.is(frameworks.get_frameworks.frameworks[0].framework_info.name, 'agent-api');
  const info = JSON.parse((await call({ type: 'GET_AGENT' })).body);
  assert.is(info.get_agent.agent_info.id.value, s.get_state.get_tasks.launched_tasks[0].agent_id.value);
  assert.is(info.get_agent.agent_info.port, cluster.agent.port);
  assert.ok(info.get_agent.agent_info.resources.some((r: any) => r.name === 'cpus' && r.scalar.value === 2));
  const flags = JSON.parse((await call({ type: 'GET_FLAGS' })).body);
  assert.match(flags.get_flags.flags.find((f: any) => f.name === 'isolation').value, /cgroups/);
});

real('GET_CONTAINERS with show_nested lists a running session container under its parent', async () => {
  const id = { value: 'session-listed', parent: { value: containerId } };
  const s = await streamCall({ type: 'LAUNCH_NESTED_CONTAINER_SESSION', launch_nested_container_session: { container_id: id, command: { value: 'echo up; sleep 30' } } });
  await waitFor(() => output(s.records, 'STDOUT').includes('up'), { what: 'the session to start' });
  const nested = JSON.parse((await call({ type: 'GET_CONTAINERS', get_containers: { show_nested: true } })).body).get_containers.containers;
  assert.ok(nested.some((c: any) => c.container_id.value === 'session-listed' && c.container_id.parent.value === containerId), JSON.stringify(nested));
  const top = JSON.parse((await call({ type: 'GET_CONTAINERS' })).body).get_containers.containers;
  assert.not.ok(top.some((c: any) => c.container_id.value === 'session-listed'), 'not without show_nested');
  const k = await call({ type: 'KILL_CONTAINER', kill_container: { container_id: id } });
  assert.is(k.status, 200, k.body);
  await within(s.ended, 20_000, 'the killed session stream to end');
});

real('LAUNCH_NESTED_CONTAINER_SESSION runs `echo hi` in the task container and streams its output; WAIT_CONTAINER gives its exit status', async () => {
  const session = { value: 'session-echo', parent: { value: containerId } };
  const s = await streamCall({
    type: 'LAUNCH_NESTED_CONTAINER_SESSION',
    launch_nested_container_session: { container_id: session, command: { shell: false, value: 'echo', arguments: ['echo', 'hi'] } },
  });
  assert.is(s.status, 200, await s.text());
  assert.is(s.headers['content-type'], 'application/recordio');
  assert.is(s.headers['message-content-type'], 'application/json');
  await within(s.ended, 20_000, 'the session to end');
  assert.is(output(s.records, 'STDOUT'), 'hi\n', JSON.stringify(s.records));
  const w = await call({ type: 'WAIT_CONTAINER', wait_container: { container_id: session } });
  assert.is(w.status, 200, w.body);
  assert.is(JSON.parse(w.body).wait_container.exit_status, 0);

  // A shell command that sees the task's namespaces (its hostname) and fails.
  const failing = { value: 'session-fail', parent: { value: containerId } };
  const f = await streamCall({
    type: 'LAUNCH_NESTED_CONTAINER_SESSION',
    launch_nested_container_session: { container_id: failing, command: { value: 'hostname; echo oops >&2; exit 3' } },
  });
  assert.is(f.status, 200);
  await within(f.ended, 20_000, 'the failing session to end');
  assert.is(output(f.records, 'STDOUT'), 'long\n', 'the session runs in the task container (its uts namespace)');
  assert.is(output(f.records, 'STDERR'), 'oops\n');
  const wf = JSON.parse((await call({ type: 'WAIT_CONTAINER', wait_container: { container_id: failing } })).body);
  assert.is(wf.wait_container.exit_status, 3 << 8, 'the raw wait status of exit 3');
});

real('a session whose connection closes is killed, and nothing of it is left in the container', async () => {
  const id = { value: 'session-hangup', parent: { value: containerId } };
  const s = await streamCall({
    type: 'LAUNCH_NESTED_CONTAINER_SESSION',
    launch_nested_container_session: { container_id: id, command: { value: 'echo ready; sleep 601; echo never' } },
  });
  assert.is(s.status, 200);
  await waitFor(() => output(s.records, 'STDOUT').includes('ready'), { what: 'the session to start' });
  assert.ok(Number(await sleepers()) >= 1, 'the session (its shell and its sleep) runs in the task container');
  s.close();
  const w = await within(call({ type: 'WAIT_CONTAINER', wait_container: { container_id: id } }), 20_000, 'the session to be killed');
  assert.is(w.status, 200, w.body);
  await waitFor(async () => (await sleepers()) === '0\n', { what: 'the session processes to be gone' });
});

/** How many `sleep 601` processes run in the task container (counted from a session there). */
async function sleepers(): Promise<string> {
  const s = await streamCall({
    type: 'LAUNCH_NESTED_CONTAINER_SESSION',
    launch_nested_container_session: { container_id: { value: `session-ps-${Date.now()}`, parent: { value: containerId } }, command: { value: 'ps -o args | grep -c "[s]leep 601"' } },
  });
  await within(s.ended, 20_000, 'ps to end');
  return output(s.records, 'STDOUT');
}

real('ATTACH_CONTAINER_OUTPUT streams the task output', async () => {
  const s = await streamCall({ type: 'ATTACH_CONTAINER_OUTPUT', attach_container_output: { container_id: { value: containerId } } });
  assert.is(s.status, 200);
  await waitFor(() => output(s.records, 'STDOUT').includes('started') && output(s.records, 'STDERR').includes('to-stderr'), { what: 'the task output on the attach stream' });
  assert.is(output(s.records, 'STDOUT'), 'started\n');
  s.close();
});

real('/files/browse lists the sandbox, /files/read reads stdout with an offset, /files/download sends a file', async () => {
  const b = await request(cluster.agent.address, 'GET', `/files/browse?path=${encodeURIComponent(sandbox)}`);
  assert.is(b.status, 200, b.body);
  const entries = JSON.parse(b.body) as any[];
  const stdout = entries.find((e) => e.path === `${sandbox}/stdout`);
  assert.ok(stdout, b.body);
  assert.is(stdout.size, 'started\n'.length);
  assert.match(stdout.mode, /^-rw/);
  assert.ok(entries.some((e) => e.path === `${sandbox}/stderr`));

  const r = await request(cluster.agent.address, 'GET', `/files/read?path=${encodeURIComponent(`${sandbox}/stdout`)}&offset=2&length=3`);
  assert.is(r.status, 200, r.body);
  assert.equal(JSON.parse(r.body), { data: 'art', offset: 2 });
  const all = JSON.parse((await request(cluster.agent.address, 'GET', `/files/read?path=${encodeURIComponent(`${sandbox}/stdout`)}&offset=0`)).body);
  assert.equal(all, { data: 'started\n', offset: 0 });
  const end = JSON.parse((await request(cluster.agent.address, 'GET', `/files/read?path=${encodeURIComponent(`${sandbox}/stdout`)}&offset=-1`)).body);
  assert.equal(end, { data: '', offset: 8 }, 'offset -1 gives the size');

  const d = await request(cluster.agent.address, 'GET', `/files/download?path=${encodeURIComponent(`${sandbox}/stderr`)}`);
  assert.is(d.status, 200);
  assert.is(d.body, 'to-stderr\n');
  assert.is(d.headers['content-type'], 'application/octet-stream');
  assert.match(String(d.headers['content-disposition']), /filename="stderr"/);

  // The Mesos virtual path form.
  const v = await request(cluster.agent.address, 'GET', `/files/read?path=${encodeURIComponent(`/frameworks/${cluster.fw.frameworkId}/executors/long/runs/latest/stdout`)}&offset=0`);
  assert.is(v.status, 200, v.body);
  assert.is(JSON.parse(v.body).data, 'started\n');

  // The v1 forms.
  const l = JSON.parse((await call({ type: 'LIST_FILES', list_files: { path: sandbox } })).body);
  assert.ok(l.list_files.file_infos.some((f: any) => f.path === `${sandbox}/stdout`), JSON.stringify(l));
  const rf = JSON.parse((await call({ type: 'READ_FILE', read_file: { path: `${sandbox}/stdout`, offset: 1, length: 4 } })).body);
  assert.is(Buffer.from(rf.read_file.data, 'base64').toString(), 'tart');
  assert.is(rf.read_file.size, 8);
});

real('sandbox paths cannot escape: `..`, symbolic links out, paths outside sandboxes; missing files are 404', async () => {
  const dotdot = await request(cluster.agent.address, 'GET', `/files/read?path=${encodeURIComponent(`${sandbox}/../../../../../../../../meta/agent.json`)}&offset=0`);
  assert.is(dotdot.status, 403, dotdot.body);
  assert.match(dotdot.body, /'\.\.' is not allowed/);

  fs.symlinkSync('/etc/passwd', path.join(sandbox, 'passwd-link'));
  fs.symlinkSync('/etc', path.join(sandbox, 'etc-link'));
  fs.symlinkSync('stdout', path.join(sandbox, 'inside-link'));
  const link = await request(cluster.agent.address, 'GET', `/files/read?path=${encodeURIComponent(`${sandbox}/passwd-link`)}&offset=0`);
  assert.is(link.status, 403, link.body);
  assert.match(link.body, /symbolic link/);
  const viaDir = await request(cluster.agent.address, 'GET', `/files/download?path=${encodeURIComponent(`${sandbox}/etc-link/passwd`)}`);
  assert.is(viaDir.status, 403, viaDir.body);
  const browseOut = await request(cluster.agent.address, 'GET', `/files/browse?path=${encodeURIComponent(`${sandbox}/etc-link`)}`);
  assert.is(browseOut.status, 403, browseOut.body);
  const inside = await request(cluster.agent.address, 'GET', `/files/read?path=${encodeURIComponent(`${sandbox}/inside-link`)}&offset=0`);
  assert.is(inside.status, 403, 'no link a task made is followed, even one that stays in the sandbox');

  const meta = await request(cluster.agent.address, 'GET', `/files/browse?path=${encodeURIComponent(path.join(cluster.agent.workDir, 'agent', 'meta'))}`);
  assert.is(meta.status, 403, meta.body);
  assert.match(meta.body, /not inside a sandbox/);
  const etc = await request(cluster.agent.address, 'GET', '/files/download?path=/etc/passwd');
  assert.is(etc.status, 403);
  const missing = await request(cluster.agent.address, 'GET', `/files/read?path=${encodeURIComponent(`${sandbox}/nope`)}&offset=0`);
  assert.is(missing.status, 404);
  assert.match(missing.body, /No file or directory/);
  const noPath = await request(cluster.agent.address, 'GET', '/files/read');
  assert.is(noPath.status, 400);
  assert.match(noPath.body, /path/);
  const v1 = await call({ type: 'READ_FILE', read_file: { path: '/etc/passwd', offset: 0 } });
  assert.is(v1.status, 403, v1.body);
});

real('malformed calls are 400 with a message; wrong media types 406/415; unserved calls 501; unknown containers 404', async () => {
  const notJson = await call('{not json');
  assert.is(notJson.status, 400);
  assert.match(notJson.body, /Failed to parse body into JSON/);
  const noType = await call({});
  assert.is(noType.status, 400);
  assert.match(noType.body, /'type'/);
  const badType = await call({ type: 'NO_SUCH_CALL' });
  assert.is(badType.status, 400);
  assert.match(badType.body, /NO_SUCH_CALL/);
  const wrongField = await call({ type: 'GET_CONTAINERS', get_containers: { show_nested: 'maybe' } });
  assert.is(wrongField.status, 400);
  assert.match(wrongField.body, /show_nested/);
  const noBody = await call({ type: 'LAUNCH_NESTED_CONTAINER_SESSION' }, { Accept: 'application/recordio' });
  assert.is(noBody.status, 400);
  assert.match(noBody.body, /launch_nested_container_session/);
  const noParent = await call(
    { type: 'LAUNCH_NESTED_CONTAINER_SESSION', launch_nested_container_session: { container_id: { value: 'x' }, command: { value: 'true' } } },
    { Accept: 'application/recordio' },
  );
  assert.is(noParent.status, 400);
  assert.match(noParent.body, /parent/);
  const unknownParent = await call(
    { type: 'LAUNCH_NESTED_CONTAINER_SESSION', launch_nested_container_session: { container_id: { value: 'x', parent: { value: 'nope' } }, command: { value: 'true' } } },
    { Accept: 'application/recordio' },
  );
  assert.is(unknownParent.status, 404);
  assert.match(unknownParent.body, /nope/);
  const jsonOnly = await call({ type: 'ATTACH_CONTAINER_OUTPUT', attach_container_output: { container_id: { value: containerId } } });
  assert.is(jsonOnly.status, 406, 'a streaming call needs Accept: application/recordio');
  const recordioForState = await call({ type: 'GET_STATE' }, { Accept: 'application/recordio' });
  assert.is(recordioForState.status, 406);
  const noContentType = await request(cluster.agent.address, 'POST', '/api/v1', '{"type":"GET_HEALTH"}', { 'Content-Type': 'text/plain' });
  assert.is(noContentType.status, 415);
  const unserved = await call({ type: 'PRUNE_IMAGES' });
  assert.is(unserved.status, 501);
  assert.match(unserved.body, /PRUNE_IMAGES/);
  const get = await request(cluster.agent.address, 'GET', '/api/v1');
  assert.is(get.status, 405);
  const wait = await call({ type: 'WAIT_CONTAINER', wait_container: { container_id: { value: 'nope' } } });
  assert.is(wait.status, 404);
});

test.run();
