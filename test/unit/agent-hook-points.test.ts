// The agent's side of AgentResources and AgentRunTask: Mesos attributes to the hook kind's form
// and back, and a task's labels and command environment decorated by in-process hooks (a
// decorated environment keeps the SECRET variables, which hooks are not shown).
import pino from 'pino';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandExecutorInfo, containerAttribute, decorateAdvertised, decorateRunTask, mesosAttribute } from '@plateau/agent';
import type { Hook, NamedHook } from '@plateau/kernel';

const log = pino({ level: 'silent' });
const empty = { labels: null, environment: null, resources: null, attributes: null };
const named = (label: string, module: Partial<Hook>): NamedHook => ({ label, module: module as Hook });

test('attributes go to the hook kind and back unchanged, for every Mesos type', () => {
  const attrs = [
    { name: 'rack', type: 'TEXT' as const, text: { value: 'r1' } },
    { name: 'level', type: 'SCALAR' as const, scalar: { value: 2.5 } },
    { name: 'slots', type: 'RANGES' as const, ranges: { range: [{ begin: 1, end: 4 }] } },
    { name: 'zones', type: 'SET' as const, set: { item: ['a', 'b'] } },
  ];
  const typed = attrs.map(containerAttribute);
  const back = typed.map((a) => mesosAttribute({ name: a.name!, type: a.type as never, scalar: Number(a.scalar ?? 0), ranges: (a.ranges ?? []).map((r) => ({ begin: String(r.begin), end: String(r.end) })), set: a.set ?? [], text: a.text ?? '' }));
  assert.equal(back, attrs);
});

test('a hook answering a bad range is skipped: the agent advertises what it had', async () => {
  const before = { resources: [], attributes: [{ name: 'rack', type: 'TEXT' as const, text: { value: 'r1' } }] };
  const bad = named('bad', {
    agentResources: async () => ({ ...empty, attributes: { attributes: [{ name: 'slots', type: 'RANGES', scalar: 0, ranges: [{ begin: '5', end: '1' }], set: [], text: '' }] } }),
  });
  const good = named('good', {
    agentResources: async (req) => ({ ...empty, attributes: { attributes: [...(req.attributes ?? []).map((a) => ({ name: a.name!, type: 'TEXT' as const, scalar: 0, ranges: [], set: [], text: a.text ?? '' })), { name: 'zone', type: 'TEXT', scalar: 0, ranges: [], set: [], text: 'eu' }] } }),
  });
  const out = await decorateAdvertised([bad, good], { hostname: 'h', id: { value: 'a1' } } as never, before, { log });
  assert.equal(out.attributes, [
    { name: 'rack', type: 'TEXT', text: { value: 'r1' } },
    { name: 'zone', type: 'TEXT', text: { value: 'eu' } },
  ]);
  assert.is(out.resources, before.resources, 'resources kept');
});

test("AgentRunTask: labels and the command task's environment replaced; SECRET variables kept and not shown", async () => {
  let shown: unknown;
  const hook = named('env', {
    agentRunTask: async (req) => {
      shown = req.environment;
      return { ...empty, labels: { labels: [...(req.labels ?? []).map((l) => ({ key: l.key!, value: l.value ?? '' })), { key: 'seen', value: 'yes' }] }, environment: { variables: [...(req.environment ?? []).map((v) => ({ name: v.name!, value: v.value ?? '' })), { name: 'ADDED', value: '1' }] } };
    },
  });
  const task: any = {
    name: 't',
    task_id: { value: 't1' },
    agent_id: { value: 'a1' },
    labels: { labels: [{ key: 'app', value: 'web' }] },
    command: { value: 'true', environment: { variables: [{ name: 'A', value: 'x' }, { name: 'TOKEN', type: 'SECRET', secret: { type: 'REFERENCE', reference: { name: 'tok' } } }] } },
  };
  await decorateRunTask([hook], task, { frameworkInfo: { user: 'root', name: 'f', id: { value: 'f1' } }, executor: undefined, agentInfo: { hostname: 'h' } as never }, { log });
  assert.equal(shown, [{ name: 'A', value: 'x' }]);
  assert.equal(task.labels.labels, [{ key: 'app', value: 'web' }, { key: 'seen', value: 'yes' }]);
  assert.equal(task.command.environment.variables, [
    { name: 'A', value: 'x' },
    { name: 'ADDED', value: '1' },
    { name: 'TOKEN', type: 'SECRET', secret: { type: 'REFERENCE', reference: { name: 'tok' } } },
  ]);
});

test("AgentRunTask: a custom executor's command gets the environment; an unchanged answer leaves the task alone", async () => {
  const task: any = { name: 't', task_id: { value: 't1' }, agent_id: { value: 'a1' }, executor: { executor_id: { value: 'e1' }, command: { value: './exec' } } };
  const add = named('add', { agentRunTask: async () => ({ ...empty, environment: { variables: [{ name: 'X', value: '1' }] } }) });
  await decorateRunTask([add], task, { frameworkInfo: { user: 'root', name: 'f' }, executor: undefined, agentInfo: { hostname: 'h' } as never }, { log });
  assert.equal(task.executor.command, { value: './exec', environment: { variables: [{ name: 'X', value: '1' }] } });
  assert.is(task.command, undefined);
  const plain: any = { name: 't', task_id: { value: 't2' }, agent_id: { value: 'a1' }, command: { value: 'true' } };
  const copy = structuredClone(plain);
  await decorateRunTask([named('none', { agentRunTask: async () => empty })], plain, { frameworkInfo: { user: 'root', name: 'f' }, executor: undefined, agentInfo: { hostname: 'h' } as never }, { log });
  assert.equal(plain, copy);
});

test('the command executor a command task is removed with', () => {
  assert.equal(commandExecutorInfo('f1', 't1', { name: 't', task_id: { value: 't1' }, agent_id: { value: 'a1' }, command: { value: 'true' } } as never), {
    executor_id: { value: 't1' },
    framework_id: { value: 'f1' },
    name: 'Command Executor (Task: t1)',
    command: { value: 'true' },
  });
});

test.run();
