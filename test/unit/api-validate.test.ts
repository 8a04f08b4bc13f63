// Call validation (kernel/mesos/src/validate.ts) and reading calls (read-call.ts): every rule reports the path of the field it concerns.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Call,
  type Call_Type,
  checkBodySize,
  checkStreamId,
  type FrameworkInfo,
  frameworkRoles,
  idIssue,
  type MasterCall,
  type MasterCall_Type,
  MAX_BODY_BYTES,
  type Offer_Operation,
  parseMasterCall,
  parseSchedulerCall,
  readCall,
  type ReadCall,
  roleIssue,
  type TaskInfo,
  validateFrameworkInfo,
  validateMasterCall,
  validateOfferOperation,
  validateSchedulerCall,
  validateTaskInfo,
} from '@plateau/mesos';

const fw = { value: 'fw-1' };
const agent = { value: 'S0' };
const uuid = new Uint8Array(16).fill(1);
const cpus = { name: 'cpus', type: 'SCALAR' as const, scalar: { value: 1 } };
const task = (over: Partial<TaskInfo> = {}): TaskInfo => ({
  name: 't',
  task_id: { value: 't-1' },
  agent_id: agent,
  resources: [cpus],
  command: { value: 'sleep 1' },
  ...over,
});

/** One valid call of each type. */
const VALID: Record<Exclude<Call_Type, 'UNKNOWN'>, Call> = {
  SUBSCRIBE: { type: 'SUBSCRIBE', subscribe: { framework_info: { user: 'root', name: 'fw' } } },
  TEARDOWN: { type: 'TEARDOWN', framework_id: fw },
  ACCEPT: {
    type: 'ACCEPT',
    framework_id: fw,
    accept: { offer_ids: [{ value: 'O1' }], operations: [{ type: 'LAUNCH', launch: { task_infos: [task()] } }] },
  },
  DECLINE: { type: 'DECLINE', framework_id: fw, decline: { offer_ids: [{ value: 'O1' }] } },
  ACCEPT_INVERSE_OFFERS: { type: 'ACCEPT_INVERSE_OFFERS', framework_id: fw, accept_inverse_offers: { inverse_offer_ids: [{ value: 'I' }] } },
  DECLINE_INVERSE_OFFERS: { type: 'DECLINE_INVERSE_OFFERS', framework_id: fw, decline_inverse_offers: { inverse_offer_ids: [{ value: 'I' }] } },
  REVIVE: { type: 'REVIVE', framework_id: fw },
  KILL: { type: 'KILL', framework_id: fw, kill: { task_id: { value: 't-1' } } },
  SHUTDOWN: { type: 'SHUTDOWN', framework_id: fw, shutdown: { executor_id: { value: 'e' }, agent_id: agent } },
  ACKNOWLEDGE: { type: 'ACKNOWLEDGE', framework_id: fw, acknowledge: { agent_id: agent, task_id: { value: 't-1' }, uuid } },
  ACKNOWLEDGE_OPERATION_STATUS: {
    type: 'ACKNOWLEDGE_OPERATION_STATUS',
    framework_id: fw,
    acknowledge_operation_status: { agent_id: agent, uuid, operation_id: { value: 'op' } },
  },
  RECONCILE: { type: 'RECONCILE', framework_id: fw, reconcile: {} },
  RECONCILE_OPERATIONS: { type: 'RECONCILE_OPERATIONS', framework_id: fw, reconcile_operations: {} },
  MESSAGE: { type: 'MESSAGE', framework_id: fw, message: { agent_id: agent, executor_id: { value: 'e' }, data: new Uint8Array([1]) } },
  REQUEST: { type: 'REQUEST', framework_id: fw, request: { requests: [] } },
  SUPPRESS: { type: 'SUPPRESS', framework_id: fw, suppress: { roles: ['eng'] } },
  UPDATE_FRAMEWORK: {
    type: 'UPDATE_FRAMEWORK',
    framework_id: fw,
    update_framework: { framework_info: { user: 'root', name: 'fw', id: fw } },
  },
};

/** Body field each type needs; REVIVE / SUPPRESS / TEARDOWN need none. */
const BODY: Partial<Record<Call_Type, keyof Call>> = {
  SUBSCRIBE: 'subscribe',
  ACCEPT: 'accept',
  DECLINE: 'decline',
  ACCEPT_INVERSE_OFFERS: 'accept_inverse_offers',
  DECLINE_INVERSE_OFFERS: 'decline_inverse_offers',
  KILL: 'kill',
  SHUTDOWN: 'shutdown',
  ACKNOWLEDGE: 'acknowledge',
  ACKNOWLEDGE_OPERATION_STATUS: 'acknowledge_operation_status',
  RECONCILE: 'reconcile',
  RECONCILE_OPERATIONS: 'reconcile_operations',
  MESSAGE: 'message',
  REQUEST: 'request',
  UPDATE_FRAMEWORK: 'update_framework',
};

const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

// ---------------------------------------------------------------------------------------------
// Scheduler calls

test('a valid call of every type passes', () => {
  for (const [type, call] of Object.entries(VALID)) assert.equal(validateSchedulerCall(call), [], type);
});

test('type is required', () => {
  assert.equal(validateSchedulerCall({ framework_id: fw }), [{ path: 'call.type', message: "Expecting 'type' to be present" }]);
});

test('framework_id is required for every call but SUBSCRIBE', () => {
  for (const [type, call] of Object.entries(VALID)) {
    const without = { ...call };
    delete without.framework_id;
    const issues = validateSchedulerCall(without);
    if (type === 'SUBSCRIBE') assert.equal(issues, [], type);
    else assert.equal(issues, [{ path: 'call.framework_id', message: "Expecting 'framework_id' to be present" }], type);
  }
});

test('each type with a body needs it; REVIVE, SUPPRESS and TEARDOWN do not', () => {
  for (const [type, call] of Object.entries(VALID)) {
    const field = BODY[type as Call_Type];
    const without = { ...call } as Record<string, unknown>;
    if (field) delete without[field];
    delete without.revive;
    delete without.suppress;
    const issues = validateSchedulerCall(without as Call);
    if (field === undefined) assert.equal(issues, [], type);
    else assert.equal(issues, [{ path: `call.${field}`, message: `Expecting '${field}' to be present` }], type);
  }
});

test('SUBSCRIBE: framework_info with user and name; framework_id must equal framework_info.id', () => {
  assert.equal(paths(validateSchedulerCall({ type: 'SUBSCRIBE', subscribe: {} as never })), ['call.subscribe.framework_info']);
  assert.equal(validateSchedulerCall({ type: 'SUBSCRIBE', subscribe: { framework_info: { name: 'x' } as FrameworkInfo } }), [
    { path: 'call.subscribe.framework_info.user', message: 'missing required field' },
  ]);
  assert.equal(paths(validateSchedulerCall({ type: 'SUBSCRIBE', subscribe: { framework_info: { user: 'u' } as FrameworkInfo } })), [
    'call.subscribe.framework_info.name',
  ]);
  const info = { user: 'u', name: 'n', id: fw };
  assert.equal(validateSchedulerCall({ type: 'SUBSCRIBE', framework_id: fw, subscribe: { framework_info: info } }), []);
  const mismatch = [{ path: 'call.framework_id', message: "'framework_id' differs from 'subscribe.framework_info.id'" }];
  assert.equal(validateSchedulerCall({ type: 'SUBSCRIBE', framework_id: { value: 'other' }, subscribe: { framework_info: info } }), mismatch);
  assert.equal(validateSchedulerCall({ type: 'SUBSCRIBE', subscribe: { framework_info: info } }), mismatch);
  assert.equal(validateSchedulerCall({ type: 'SUBSCRIBE', framework_id: fw, subscribe: { framework_info: { user: 'u', name: 'n' } } }), mismatch);
});

test('ACCEPT: offer ids and operations, each operation with a type and its body', () => {
  const accept = (a: Call['accept']): Call => ({ type: 'ACCEPT', framework_id: fw, accept: a });
  assert.equal(validateSchedulerCall(accept({ operations: [{ type: 'LAUNCH', launch: {} }] })), [
    { path: 'call.accept.offer_ids', message: 'Expecting at least one offer id' },
  ]);
  assert.equal(validateSchedulerCall(accept({ offer_ids: [{ value: 'O' }], operations: [] })), [
    { path: 'call.accept.operations', message: 'Expecting at least one operation' },
  ]);
  const ops: Offer_Operation[] = [{ launch: {} }, { type: 'LAUNCH' }, { type: 'RESERVE', reserve: {} }, { type: 'UNKNOWN' }, { type: 'LAUNCH_GROUP', launch: {} }];
  assert.equal(validateSchedulerCall(accept({ offer_ids: [{ value: 'O' }], operations: ops })), [
    { path: 'call.accept.operations[0].type', message: "Expecting 'type' to be present" },
    { path: 'call.accept.operations[1].launch', message: "Expecting 'launch' to be present" },
    { path: 'call.accept.operations[3].type', message: "Unknown operation type 'UNKNOWN'" },
    { path: 'call.accept.operations[4].launch_group', message: "Expecting 'launch_group' to be present" },
  ]);
});

test('DECLINE and inverse offer calls need ids', () => {
  assert.equal(paths(validateSchedulerCall({ type: 'DECLINE', framework_id: fw, decline: { offer_ids: [] } })), ['call.decline.offer_ids']);
  assert.equal(paths(validateSchedulerCall({ type: 'ACCEPT_INVERSE_OFFERS', framework_id: fw, accept_inverse_offers: {} })), [
    'call.accept_inverse_offers.inverse_offer_ids',
  ]);
  assert.equal(paths(validateSchedulerCall({ type: 'DECLINE_INVERSE_OFFERS', framework_id: fw, decline_inverse_offers: {} })), [
    'call.decline_inverse_offers.inverse_offer_ids',
  ]);
});

test('KILL needs task_id (agent_id is optional); SHUTDOWN needs executor_id and agent_id', () => {
  assert.equal(validateSchedulerCall({ type: 'KILL', framework_id: fw, kill: {} as never }), [
    { path: 'call.kill.task_id', message: "Expecting 'task_id' to be present" },
  ]);
  assert.equal(paths(validateSchedulerCall({ type: 'SHUTDOWN', framework_id: fw, shutdown: {} as never })), [
    'call.shutdown.executor_id',
    'call.shutdown.agent_id',
  ]);
});

test('ACKNOWLEDGE: agent_id, task_id and a 16-byte uuid', () => {
  assert.equal(paths(validateSchedulerCall({ type: 'ACKNOWLEDGE', framework_id: fw, acknowledge: {} as never })), [
    'call.acknowledge.agent_id',
    'call.acknowledge.task_id',
    'call.acknowledge.uuid',
  ]);
  assert.equal(
    validateSchedulerCall({ type: 'ACKNOWLEDGE', framework_id: fw, acknowledge: { agent_id: agent, task_id: { value: 't' }, uuid: new Uint8Array(3) } }),
    [{ path: 'call.acknowledge.uuid', message: 'Invalid UUID: expected 16 bytes, got 3' }],
  );
});

test('ACKNOWLEDGE_OPERATION_STATUS: uuid, operation_id, and agent_id or resource_provider_id', () => {
  assert.equal(
    validateSchedulerCall({
      type: 'ACKNOWLEDGE_OPERATION_STATUS',
      framework_id: fw,
      acknowledge_operation_status: { uuid: new Uint8Array(15), operation_id: { value: 'op' } },
    }),
    [
      { path: 'call.acknowledge_operation_status.uuid', message: 'Invalid UUID: expected 16 bytes, got 15' },
      { path: 'call.acknowledge_operation_status', message: "Expecting 'agent_id' or 'resource_provider_id' to be present" },
    ],
  );
  const rpOnly = {
    type: 'ACKNOWLEDGE_OPERATION_STATUS' as const,
    framework_id: fw,
    acknowledge_operation_status: { resource_provider_id: { value: 'rp' }, uuid, operation_id: { value: 'op' } },
  };
  assert.equal(validateSchedulerCall(rpOnly), []);
});

test('RECONCILE entries need task ids; MESSAGE needs agent, executor and data', () => {
  assert.equal(paths(validateSchedulerCall({ type: 'RECONCILE', framework_id: fw, reconcile: { tasks: [{ task_id: { value: 'a' } }, {} as never] } })), [
    'call.reconcile.tasks[1].task_id',
  ]);
  assert.equal(paths(validateSchedulerCall({ type: 'MESSAGE', framework_id: fw, message: { agent_id: agent } as never })), [
    'call.message.executor_id',
    'call.message.data',
  ]);
});

test('UPDATE_FRAMEWORK: framework_info.id must equal framework_id', () => {
  const call: Call = { type: 'UPDATE_FRAMEWORK', framework_id: fw, update_framework: { framework_info: { user: 'u', name: 'n', id: { value: 'x' } } } };
  assert.equal(validateSchedulerCall(call), [
    { path: 'call.update_framework.framework_info.id', message: "'framework_id' differs from 'update_framework.framework_info.id'" },
  ]);
});

test('the root name is configurable', () => {
  assert.equal(paths(validateSchedulerCall({ type: 'KILL', kill: { task_id: { value: 't' } } }, 'request')), ['request.framework_id']);
});

// ---------------------------------------------------------------------------------------------
// The whole chain: body → answer

test('parseSchedulerCall: a good body gives the decoded call', () => {
  const r = parseSchedulerCall('{"type":"KILL","framework_id":{"value":"fw-1"},"kill":{"task_id":{"value":"t"}}}');
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.call, { type: 'KILL', framework_id: fw, kill: { task_id: { value: 't' } } });
});

test('parseSchedulerCall: bad JSON, type errors and validation failures are 400s naming the field', () => {
  const bad = parseSchedulerCall('{"type":"KILL",');
  assert.not.ok(bad.ok);
  if (!bad.ok) {
    assert.is(bad.answer.status, 400);
    assert.match(bad.answer.body, /^Failed to parse body into JSON: /);
    assert.is(bad.answer.headers['Content-Type'], 'text/plain; charset=utf-8');
  }
  const typed = parseSchedulerCall('{"type":"KILL","framework_id":{"value":"f"},"kill":{"task_id":{"value":7}}}');
  assert.not.ok(typed.ok);
  if (!typed.ok) {
    assert.is(typed.answer.status, 400);
    assert.is(typed.answer.body, 'Failed to convert JSON into Call protobuf: call.kill.task_id.value: expected string');
    assert.equal(typed.issues, [{ path: 'call.kill.task_id.value', message: 'expected string' }]);
  }
  const invalid = parseSchedulerCall('{"type":"DECLINE","decline":{"offer_ids":[{"value":"O"}]}}');
  assert.not.ok(invalid.ok);
  if (!invalid.ok) assert.is(invalid.answer.body, "Failed to validate scheduler::Call: call.framework_id: Expecting 'framework_id' to be present");
});

test('parseSchedulerCall: an unknown type name is named in the 400; type UNKNOWN is 501', () => {
  const r = parseSchedulerCall('{"type":"TELEPORT","framework_id":{"value":"f"}}');
  assert.not.ok(r.ok);
  if (!r.ok) assert.is(r.answer.body, 'Failed to validate scheduler::Call: call.type: unknown value "TELEPORT" for enum mesos.v1.scheduler.Call.Type');
  const u = parseSchedulerCall('{"type":"UNKNOWN","framework_id":{"value":"f"}}');
  assert.not.ok(u.ok);
  if (!u.ok) {
    assert.is(u.answer.status, 501);
    assert.is(u.answer.body, "Received an unexpected 'UNKNOWN' call");
  }
});

test('parseSchedulerCall reads bytes too', () => {
  const r = parseSchedulerCall(Buffer.from('{"type":"TEARDOWN","framework_id":{"value":"fw-ü"}}', 'utf8'));
  assert.ok(r.ok && r.call.framework_id!.value === 'fw-ü');
});

// ---------------------------------------------------------------------------------------------
// Stream id

test('Mesos-Stream-Id: absent on SUBSCRIBE, present and current on everything else', () => {
  assert.is(checkStreamId('SUBSCRIBE', undefined, undefined), undefined);
  assert.match(checkStreamId('SUBSCRIBE', 'abc', undefined)!.body, /should not include the 'Mesos-Stream-Id' header/);
  assert.is(checkStreamId('KILL', 'abc', 'abc'), undefined);
  const missing = checkStreamId('KILL', undefined, 'abc')!;
  assert.is(missing.status, 400);
  assert.match(missing.body, /should include the 'Mesos-Stream-Id' header/);
  const wrong = checkStreamId('ACCEPT', 'old', 'new', 'fw-1')!;
  assert.is(wrong.status, 400);
  assert.is(wrong.body, "The stream ID 'old' included in this request didn't match the stream ID currently associated with framework ID fw-1");
});

// ---------------------------------------------------------------------------------------------
// Subscription validation

test('roleIssue follows Mesos role rules', () => {
  for (const ok of ['*', 'eng', 'eng/front_end', 'a.b', 'team-1']) assert.is(roleIssue(ok), undefined, ok);
  const bad: [string, RegExp][] = [
    ['', /Empty/],
    ['/eng', /start with a slash/],
    ['eng/', /end with a slash/],
    ['a//b', /adjacent slashes/],
    ['a/./b', /'\.' as a component/],
    ['..', /'\.\.' as a component/],
    ['a/*', /'\*' as a component/],
    ['-eng', /starts with a dash/],
    ['e ng', /whitespace/],
    ['e\tng', /whitespace/],
  ];
  for (const [role, why] of bad) assert.match(roleIssue(role) ?? '', why, JSON.stringify(role));
});

test('idIssue follows Mesos id rules', () => {
  assert.is(idIssue('fw-1.2_3'), undefined);
  assert.match(idIssue('')!, /empty/);
  assert.match(idIssue('..')!, /reserved/);
  assert.match(idIssue('a b')!, /printable ASCII/);
  assert.match(idIssue('a/b')!, /slashes/);
  assert.match(idIssue('tâche')!, /printable ASCII/);
});

test('validateFrameworkInfo: roles per MULTI_ROLE, suppressed roles and offer filters within roles', () => {
  const multi = [{ type: 'MULTI_ROLE' as const }];
  assert.equal(validateFrameworkInfo({ user: 'u', name: 'n', roles: ['a', 'b'], capabilities: multi }, 'framework_info', ['b']), []);
  assert.equal(paths(validateFrameworkInfo({ user: 'u', name: 'n', roles: ['a'] })), ['framework_info.roles']);
  assert.equal(paths(validateFrameworkInfo({ user: 'u', name: 'n', role: 'a', capabilities: multi })), ['framework_info.role']);
  assert.equal(validateFrameworkInfo({ user: 'u', name: 'n', roles: ['a', 'a', '/x'], capabilities: multi }), [
    { path: 'framework_info.roles[1]', message: "'FrameworkInfo.roles' contains duplicate item 'a'" },
    { path: 'framework_info.roles[2]', message: "Role '/x' cannot start with a slash" },
  ]);
  assert.equal(paths(validateFrameworkInfo({ user: 'u', name: 'n', role: 'bad role' })), ['framework_info.role']);
  assert.equal(validateFrameworkInfo({ user: 'u', name: 'n' }, 'framework_info', ['eng']), [
    { path: 'suppressed_roles', message: "Suppressed role 'eng' is not contained in the list of roles" },
  ]);
  assert.equal(paths(validateFrameworkInfo({ user: 'u', name: 'n', roles: ['a'], capabilities: multi, offer_filters: { b: {} } })), [
    'framework_info.offer_filters.b',
  ]);
  assert.equal(paths(validateFrameworkInfo({ user: 'u', name: 'n', id: { value: 'a/b' } })), ['framework_info.id.value']);
  assert.equal(paths(validateFrameworkInfo({ user: 'u', name: 'n', failover_timeout: Infinity })), ['framework_info.failover_timeout']);
  assert.equal(frameworkRoles({ user: 'u', name: 'n' }), ['*']);
  assert.equal(frameworkRoles({ user: 'u', name: 'n', roles: ['x'], capabilities: multi }), ['x']);
});

// ---------------------------------------------------------------------------------------------
// Launch validation

test('validateTaskInfo: executor xor command, resources, non-negative durations, cpus/mem limits only', () => {
  assert.equal(validateTaskInfo(task()), []);
  assert.equal(paths(validateTaskInfo(task({ command: undefined }))), ['task']);
  assert.equal(paths(validateTaskInfo(task({ executor: { executor_id: { value: 'e' }, command: { value: 'x' } } }))), ['task']);
  assert.equal(paths(validateTaskInfo(task({ resources: [] }))), ['task.resources']);
  assert.equal(paths(validateTaskInfo(task({ task_id: { value: 'a/b' } }))), ['task.task_id']);
  assert.equal(paths(validateTaskInfo(task({ kill_policy: { grace_period: { nanoseconds: -1n } } }))), ['task.kill_policy.grace_period']);
  assert.equal(paths(validateTaskInfo(task({ max_completion_time: { nanoseconds: -5n } }))), ['task.max_completion_time']);
  assert.equal(paths(validateTaskInfo(task({ limits: { cpus: { value: 2 }, disk: { value: 1 } } }))), ['task.limits.disk']);
  assert.equal(paths(validateTaskInfo(task({ container: { type: 'MESOS', docker: { image: 'x' } } }))), ['task.container.docker']);
});

test('validateOfferOperation: no id on launches, LAUNCH_GROUP rules, resources for reservations', () => {
  assert.equal(validateOfferOperation({ type: 'LAUNCH', launch: { task_infos: [task()] } }), []);
  assert.equal(paths(validateOfferOperation({ type: 'LAUNCH', id: { value: 'op' }, launch: { task_infos: [task()] } })), ['operation.id']);
  assert.equal(paths(validateOfferOperation({ type: 'LAUNCH', launch: { task_infos: [task({ resources: [] })] } })), [
    'operation.launch.task_infos[0].resources',
  ]);
  const group: Offer_Operation = {
    type: 'LAUNCH_GROUP',
    launch_group: {
      executor: { executor_id: { value: 'ex' }, command: { value: 'x' } },
      task_group: {
        tasks: [
          task({ container: { type: 'MESOS', network_infos: [{ name: 'n' }] } }),
          task({ command: undefined, executor: { executor_id: { value: 'other' } } }),
        ],
      },
    },
  };
  assert.equal(paths(validateOfferOperation(group)), [
    'operation.launch_group.executor.type',
    'operation.launch_group.task_group.tasks[0].container.network_infos',
    'operation.launch_group.task_group.tasks[1].executor',
  ]);
  const defaultWithCommand: Offer_Operation = {
    type: 'LAUNCH_GROUP',
    launch_group: { executor: { type: 'DEFAULT', executor_id: { value: 'ex' }, command: { value: 'x' } }, task_group: { tasks: [task()] } },
  };
  assert.equal(paths(validateOfferOperation(defaultWithCommand)), ['operation.launch_group.executor.command']);
  const dockerInGroup: Offer_Operation = {
    type: 'LAUNCH_GROUP',
    launch_group: {
      executor: { type: 'DEFAULT', executor_id: { value: 'ex' }, container: { type: 'MESOS', docker: { image: 'x' } } },
      task_group: {
        tasks: [
          task({ container: { type: 'DOCKER', docker: { image: 'busybox' } } }),
          task({ limits: { mem: { value: 64 } } }),
          task({ limits: { mem: { value: 64 } }, container: { type: 'MESOS', linux_info: { share_cgroups: false } } }),
        ],
      },
    },
  };
  assert.equal(paths(validateOfferOperation(dockerInGroup)), [
    'operation.launch_group.executor.container.docker',
    'operation.launch_group.task_group.tasks[0].container.type',
    'operation.launch_group.task_group.tasks[1].limits',
  ]);
  assert.equal(paths(validateOfferOperation({ type: 'RESERVE', reserve: { resources: [] } })), ['operation.reserve.resources']);
  assert.equal(paths(validateOfferOperation({ type: 'DESTROY', destroy: {} })), ['operation.destroy.volumes']);
  assert.equal(paths(validateOfferOperation({ type: 'CREATE' })), ['operation.create']);
});

// ---------------------------------------------------------------------------------------------
// Operator calls

test('validateMasterCall: type present, and the body of each type that needs one', () => {
  const needs: Partial<Record<MasterCall_Type, string>> = {
    SET_LOGGING_LEVEL: 'set_logging_level',
    READ_FILE: 'read_file',
    RESERVE_RESOURCES: 'reserve_resources',
    UPDATE_QUOTA: 'update_quota',
    DRAIN_AGENT: 'drain_agent',
    TEARDOWN: 'teardown',
    MARK_AGENT_GONE: 'mark_agent_gone',
  };
  for (const [type, field] of Object.entries(needs)) {
    assert.equal(validateMasterCall({ type } as MasterCall), [{ path: `call.${field}`, message: `Expecting '${field}' to be present` }], type);
  }
  for (const type of ['GET_HEALTH', 'GET_STATE', 'GET_METRICS', 'SUBSCRIBE', 'UNKNOWN'] as const) assert.equal(validateMasterCall({ type }), [], type);
  assert.equal(paths(validateMasterCall({})), ['call.type']);
});

test('parseMasterCall: 400 naming the field, 501 for UNKNOWN, the call otherwise', () => {
  const ok = parseMasterCall('{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":"S0"}}}');
  assert.ok(ok.ok && ok.call.mark_agent_gone!.agent_id.value === 'S0');
  const missing = parseMasterCall('{"type":"TEARDOWN"}');
  assert.not.ok(missing.ok);
  if (!missing.ok) assert.is(missing.answer.body, "Failed to validate master::Call: call.teardown: Expecting 'teardown' to be present");
  const typed = parseMasterCall('{"type":"READ_FILE","read_file":{"path":"/x","offset":-1}}');
  assert.not.ok(typed.ok);
  if (!typed.ok) assert.equal(typed.issues, [{ path: 'call.read_file.offset', message: 'out of range for uint64' }]);
  const unknown = parseMasterCall('{"type":"UNKNOWN"}');
  assert.ok(!unknown.ok && unknown.answer.status === 501);
});

// ---------------------------------------------------------------------------------------------
// Body size

test('checkBodySize: 413 over the limit, 400 for a bad length, nothing otherwise', () => {
  assert.is(MAX_BODY_BYTES, 16 * 1024 * 1024);
  assert.is(checkBodySize(undefined), undefined);
  assert.is(checkBodySize('1024'), undefined);
  assert.is(checkBodySize(MAX_BODY_BYTES), undefined);
  const big = checkBodySize(String(MAX_BODY_BYTES + 1))!;
  assert.is(big.status, 413);
  assert.is(big.body, `Request body exceeds the limit of ${MAX_BODY_BYTES} bytes`);
  assert.is(checkBodySize('10', 5)!.status, 413);
  assert.is(checkBodySize('ten')!.status, 400);
  assert.is(checkBodySize('-1')!.status, 400);
});

test('readCall over real HTTP: a chunked JSON call is parsed; a body past the limit is 413 and the connection closes; another Content-Type is 415', async () => {
  const seen: ReadCall<unknown>[] = [];
  const server = createServer((req, res) => {
    void readCall(req, res, parseSchedulerCall, 4500).then((r) => {
      seen.push(r);
      res.writeHead(r.ok ? 200 : r.answer.status, { 'Content-Type': 'text/plain' });
      res.end(r.ok ? r.format : r.answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const send = (headers: Record<string, string>, chunks: (string | Buffer)[]) =>
    new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/scheduler', headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
      });
      req.on('error', reject);
      for (const c of chunks) req.write(c);
      req.end();
    });
  try {
    const call = '{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"f"}}}';
    const ok = await send({ 'Content-Type': 'application/json' }, [call.slice(0, 10), call.slice(10)]);
    assert.is(ok.status, 200, ok.body);
    assert.is(ok.body, 'json');
    assert.is((seen[0] as { call: { type: string } }).call.type, 'SUBSCRIBE');
    const big = await send({ 'Content-Type': 'application/json' }, Array.from({ length: 10 }, () => Buffer.alloc(1000, 32)));
    assert.is(big.status, 413);
    assert.is(big.connection, 'close');
    const other = await send({ 'Content-Type': 'text/plain' }, ['x']);
    assert.is(other.status, 415);
    assert.match(other.body, /application\/json or application\/x-protobuf/);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test.run();
