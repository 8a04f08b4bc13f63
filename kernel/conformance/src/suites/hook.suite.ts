import * as assert from 'uvu/assert';
import { withTempDir } from '../tmp';
import type { ConformanceSuite } from '../harness';

interface Label {
  key: string;
  value?: string;
}

interface EnvVar {
  name: string;
  value?: string;
}

/** kernel.hook.v1.Decoration as the kernel sees it: a set field replaces, null (or absent) keeps. */
interface Decoration {
  labels?: { labels: Label[] } | null;
  environment?: { variables: EnvVar[] } | null;
  resources?: { resources: Array<Record<string, unknown>> } | null;
  attributes?: { attributes: Array<Record<string, unknown>> } | null;
}

type HookMethod = 'masterLaunchTask' | 'agentRunTask' | 'agentPreLaunch' | 'agentTaskStatus' | 'agentResources' | 'agentRemoveExecutor';

export type HookApi = Record<HookMethod, (req: Record<string, unknown>) => Promise<Decoration>>;

const UNSUPPORTED = 'PLT_ERR_UNSUPPORTED';
const METHODS: HookMethod[] = ['masterLaunchTask', 'agentRunTask', 'agentPreLaunch', 'agentTaskStatus', 'agentResources', 'agentRemoveExecutor'];

const taskInfo = JSON.stringify({
  name: 'conformance',
  task_id: { value: 'conformance-task-1' },
  agent_id: { value: 'conformance-agent-1' },
  resources: [{ name: 'cpus', type: 'SCALAR', scalar: { value: 0.5 } }],
  command: { value: 'true' },
});
const frameworkInfo = JSON.stringify({ user: 'root', name: 'conformance', id: { value: 'conformance-framework-1' } });
const agentInfo = JSON.stringify({ hostname: 'localhost', id: { value: 'conformance-agent-1' }, attributes: [{ name: 'rack', type: 'TEXT', text: { value: 'r1' } }] });
const executorInfo = JSON.stringify({ executor_id: { value: 'conformance-task-1' }, framework_id: { value: 'conformance-framework-1' }, name: 'Command Executor (Task: conformance-task-1)', command: { value: 'true' } });
const attributes = () => [
  { name: 'rack', type: 'TEXT', scalar: 0, ranges: [], set: [], text: 'r1' },
  { name: 'level', type: 'SCALAR', scalar: 2, ranges: [], set: [], text: '' },
];
const labels = (): Label[] => [
  { key: 'app', value: 'conformance' },
  { key: 'only-a-key', value: '' },
];
const resources = () => [
  { name: 'cpus', type: 'SCALAR', scalar: 0.5, ranges: [], set: [], role: '*', resourceJson: '' },
  { name: 'mem', type: 'SCALAR', scalar: 128, ranges: [], set: [], role: '*', resourceJson: '' },
  { name: 'ports', type: 'RANGES', scalar: 0, ranges: [{ begin: 31000, end: 32000 }], set: [], role: '*', resourceJson: '' },
];

/** A realistic request for each method, as the master or agent sends it (sandbox: a real temp dir). */
function requestFor(method: HookMethod, sandbox: string): Record<string, unknown> {
  switch (method) {
    case 'masterLaunchTask':
      return { taskInfoJson: taskInfo, frameworkInfoJson: frameworkInfo, agentInfoJson: agentInfo, labels: labels(), resources: resources() };
    case 'agentRunTask':
      return { taskInfoJson: taskInfo, executorInfoJson: '', frameworkInfoJson: frameworkInfo, agentInfoJson: agentInfo, labels: labels(), environment: [{ name: 'APP', value: 'conformance' }] };
    case 'agentPreLaunch':
      return {
        containerId: { value: `conformance-${process.pid}` },
        taskInfoJson: taskInfo,
        executorInfoJson: '',
        directory: sandbox,
        environment: [
          { name: 'PATH', value: '/usr/local/bin:/usr/bin:/bin' },
          { name: 'MESOS_SANDBOX', value: sandbox },
        ],
        labels: labels(),
      };
    case 'agentTaskStatus':
      return {
        frameworkId: 'conformance-framework-1',
        taskStatusJson: JSON.stringify({ task_id: { value: 'conformance-task-1' }, state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR' }),
        labels: labels(),
      };
    case 'agentResources':
      return { agentInfoJson: agentInfo, resources: resources(), attributes: attributes() };
    case 'agentRemoveExecutor':
      return { frameworkId: 'conformance-framework-1', executorInfoJson: executorInfo, containerId: { value: `conformance-${process.pid}` } };
  }
}

type Outcome = { implemented: true; decoration: Decoration } | { implemented: false };

/** Calls `method`; a rejection with PLT_ERR_UNSUPPORTED means "not implemented", any other rejection fails. */
async function outcome(api: HookApi, method: HookMethod, req: Record<string, unknown>): Promise<Outcome> {
  try {
    return { implemented: true, decoration: await api[method](req) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === UNSUPPORTED) return { implemented: false };
    assert.unreachable(`${method} rejected with ${String(code)} (${(err as Error).message}); a hook answers a Decoration or rejects with ${UNSUPPORTED}`);
    throw err;
  }
}

function checkPairs(list: unknown, nameKey: 'key' | 'name', where: string): void {
  assert.ok(Array.isArray(list), `${where} is an array`);
  for (const [i, item] of (list as Array<Record<string, unknown>>).entries()) {
    assert.type(item, 'object', `${where}[${i}] is an object`);
    assert.type(item[nameKey], 'string', `${where}[${i}].${nameKey} is a string`);
    assert.ok((item[nameKey] as string).length > 0, `${where}[${i}].${nameKey} is not empty`);
    if (item.value !== undefined && item.value !== null) assert.type(item.value, 'string', `${where}[${i}].value is a string`);
  }
}

/** Asserts `d` is a Decoration: an object whose set fields hold well-formed replacement lists. */
function checkDecoration(d: unknown, method: HookMethod): void {
  assert.ok(d !== null && typeof d === 'object' && !Array.isArray(d), `${method} answers an object (a Decoration), got ${JSON.stringify(d)}`);
  const dec = d as Decoration;
  if (dec.labels != null) checkPairs(dec.labels.labels, 'key', `${method}: labels.labels`);
  if (dec.environment != null) checkPairs(dec.environment.variables, 'name', `${method}: environment.variables`);
  if (dec.resources != null) {
    const list = dec.resources.resources;
    assert.ok(Array.isArray(list), `${method}: resources.resources is an array`);
    for (const [i, r] of list.entries()) {
      assert.type(r.name, 'string', `${method}: resources.resources[${i}].name is a string`);
      assert.ok((r.name as string).length > 0, `${method}: resources.resources[${i}].name is not empty`);
    }
  }
  if (dec.attributes != null) {
    const list = dec.attributes.attributes;
    assert.ok(Array.isArray(list), `${method}: attributes.attributes is an array`);
    for (const [i, a] of list.entries()) {
      assert.type(a.name, 'string', `${method}: attributes.attributes[${i}].name is a string`);
      assert.ok((a.name as string).length > 0, `${method}: attributes.attributes[${i}].name is not empty`);
      if (a.type != null) assert.ok(['VALUE_TYPE_UNSPECIFIED', 'SCALAR', 'RANGES', 'SET', 'TEXT', 0, 1, 2, 3, 4].includes(a.type as never), `${method}: attributes.attributes[${i}].type is a ValueType`);
    }
  }
}

/**
 * The hook contract: every method answers a well-formed Decoration, or rejects with
 * PLT_ERR_UNSUPPORTED when the module does not implement it; answers depend only on the request.
 */
export const hookSuite: ConformanceSuite<HookApi> = (test) => {
  test('hook: every method answers a well-formed Decoration or is unsupported, and at least one answers', async ({ h }) => {
    await withTempDir('plateau-conf-hook-', async (sandbox) => {
      const answered: HookMethod[] = [];
      for (const method of METHODS) {
        const o = await outcome(h.instance, method, requestFor(method, sandbox));
        if (!o.implemented) continue;
        checkDecoration(o.decoration, method);
        answered.push(method);
      }
      assert.ok(answered.length > 0, `a hook implements at least one of ${METHODS.join(', ')}`);
    });
  });

  test('hook: empty requests are answered (or unsupported), never another error', async ({ h }) => {
    for (const method of METHODS) {
      const o = await outcome(h.instance, method, {});
      if (o.implemented) checkDecoration(o.decoration, method);
    }
  });

  test('hook: the same request twice gets the same answer', async ({ h }) => {
    await withTempDir('plateau-conf-hook-', async (sandbox) => {
      for (const method of METHODS) {
        const first = await outcome(h.instance, method, requestFor(method, sandbox));
        const second = await outcome(h.instance, method, requestFor(method, sandbox));
        assert.is(second.implemented, first.implemented, `${method}: supported both times or neither`);
        if (first.implemented && second.implemented) assert.equal(second.decoration, first.decoration, `${method}: same answer`);
      }
    });
  });

  test('hook: the request is not modified', async ({ h }) => {
    await withTempDir('plateau-conf-hook-', async (sandbox) => {
      for (const method of METHODS) {
        const req = requestFor(method, sandbox);
        await outcome(h.instance, method, req);
        assert.equal(req, requestFor(method, sandbox), `${method} left its request as it was`);
      }
    });
  });

  test('hook: concurrent calls all answer', async ({ h }) => {
    await withTempDir('plateau-conf-hook-', async (sandbox) => {
      const expected = new Map<HookMethod, Outcome>();
      for (const method of METHODS) expected.set(method, await outcome(h.instance, method, requestFor(method, sandbox)));
      const calls = Array.from({ length: 25 }, (_, i) => METHODS[i % METHODS.length]!);
      const got = await Promise.all(calls.map((m) => outcome(h.instance, m, requestFor(m, sandbox))));
      got.forEach((o, i) => assert.equal(o, expected.get(calls[i]!), `${calls[i]} call ${i} answers as it does alone`));
    });
  });
};
