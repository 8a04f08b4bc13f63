// The pod file of `plateau task run --pod`: the LAUNCH_GROUP it becomes (a DEFAULT executor, the
// tasks with their commands, images, resources, limits, environment and volumes), the example in
// examples/pod-producer-consumer, and refusals naming the field.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { podLaunchOf, podNeeds } from '@plateau/cli';
import { validateOfferOperation } from '@plateau/mesos';

const ROOT = path.resolve(__dirname, '..', '..', '..');

test('a pod file becomes a DEFAULT executor and its task group', () => {
  const pod = podLaunchOf(
    `
tasks:
  - name: web
    image: busybox
    command: [httpd, -f, -p, "8080"]
    resources: {cpus: 0.2, mem: 64}
    limits: {mem: 128}
    env: {A: 1}
    kill_grace_seconds: 2
    volumes:
      - {container_path: /shared, sandbox_path: shared}
      - {container_path: tmp, sandbox_path: tmp, type: self, mode: ro}
      - {container_path: /etc/hosts2, host_path: /etc/hosts, mode: ro}
  - name: side
    command: echo hi
    resources: {cpus: 0.1, mem: 16}
`,
    'run-1',
  );
  assert.equal(pod.executor, { type: 'DEFAULT', executor_id: { value: 'run-1' }, name: 'pod run-1', resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.1 } }, { name: 'mem', type: 'SCALAR', scalar: { value: 32 } }] });
  assert.equal(pod.tasks.length, 2);
  const web = pod.tasks[0] as any;
  assert.equal(web.task_id, { value: 'run-1.web' });
  assert.equal(web.command, { shell: false, value: 'httpd', arguments: ['httpd', '-f', '-p', '8080'], environment: { variables: [{ name: 'A', type: 'VALUE', value: '1' }] } });
  assert.equal(web.limits, { mem: { value: 128 } });
  assert.equal(web.kill_policy, { grace_period: { nanoseconds: 2e9 } });
  assert.equal(web.container.mesos, { image: { type: 'DOCKER', docker: { name: 'busybox' } } });
  assert.equal(web.container.linux_info, { share_cgroups: false });
  assert.equal(web.container.volumes, [
    { container_path: '/shared', mode: 'RW', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'PARENT', path: 'shared' } } },
    { container_path: 'tmp', mode: 'RO', source: { type: 'SANDBOX_PATH', sandbox_path: { type: 'SELF', path: 'tmp' } } },
    { container_path: '/etc/hosts2', mode: 'RO', source: { type: 'HOST_PATH', host_path: { path: '/etc/hosts' } } },
  ]);
  assert.equal((pod.tasks[1] as any).command, { shell: true, value: 'echo hi' });
  assert.equal((pod.tasks[1] as any).container, undefined);
  const needs = podNeeds(pod);
  assert.ok(Math.abs(needs.cpus! - 0.4) < 1e-9 && needs.mem === 112, JSON.stringify(needs));
});

test('the example pod file is a valid LAUNCH_GROUP', () => {
  const text = fs.readFileSync(path.join(ROOT, 'examples', 'pod-producer-consumer', 'pod.yaml'), 'utf8');
  const pod = podLaunchOf(text, 'ex-1');
  assert.equal(pod.tasks.map((t) => (t.task_id as any).value), ['ex-1.producer', 'ex-1.consumer']);
  const op = { type: 'LAUNCH_GROUP', launch_group: { executor: pod.executor, task_group: { tasks: pod.tasks.map((t) => ({ ...t, agent_id: { value: 'a' } })) } } };
  assert.equal(validateOfferOperation(JSON.parse(JSON.stringify(op))), []);
});

test('refusals name the file and the field', () => {
  const bad = (text: string, re: RegExp) => {
    try {
      podLaunchOf(text, 'r', 'p.yaml');
    } catch (err) {
      assert.match((err as Error).message, re);
      return;
    }
    assert.unreachable(`expected ${re}`);
  };
  bad('tasks: []', /p\.yaml: tasks: expected a list of at least one task/);
  bad('tasks: [{name: a, command: x, resources: {cpus: 1}, colour: red}]', /tasks\[0\]: unknown key 'colour'/);
  bad('tasks: [{name: a, command: x, resources: {cpus: -1}}]', /tasks\[0\]\.resources\.cpus: expected a positive number/);
  bad('tasks: [{name: a, command: x, resources: {cpus: 1}, volumes: [{container_path: /x, sandbox_path: s, type: OTHER}]}]', /volumes\[0\]\.type: expected PARENT or SELF/);
  bad('tasks: [{name: a, command: x, resources: {cpus: 1}, volumes: [{container_path: /x}]}]', /exactly one of sandbox_path and host_path/);
  bad('tasks: [{name: a, command: x, resources: {cpus: 1}}, {name: a, command: y, resources: {cpus: 1}}]', /two tasks are named 'a'/);
  bad('tasks: [{name: a, resources: {cpus: 1}}]', /tasks\[0\]\.command: expected a command string/);
  bad('executor: {cpus: 1}\ntasks: [{name: a, command: x, resources: {cpus: 1}}]', /executor: unknown key 'cpus'/);
  bad('{', /not YAML or JSON/);
});

test.run();
