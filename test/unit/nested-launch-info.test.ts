// The LaunchInfo of a nested container (kernel/agent containerizer/nested.ts), from a merged
// LaunchInfo and a parent whose /proc entries are pinned: the parent's network, ipc and uts
// namespaces joined by path, mount and pid its own, the user namespace joined with the parent's
// id maps when it has one and none otherwise, no hostname of its own, the cgroup under the
// parent's, network sysctls refused; depth and sandbox layout. The real namespaces are checked on
// runc containers in test/e2e/agent-nested-containers.test.ts.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { depthOf, MAX_NESTING_DEPTH, nestedRefusal, nestedSandbox, nestLaunchInfo, type NamespaceReader, parseIdMap } from '@plateau/agent';

const inUserNs: NamespaceReader = {
  userNamespace: (pid) => (pid === 'self' ? 'user:[1]' : 'user:[2]'),
  idMap: () => '         0     100000      65536\n',
};
const noUserNs: NamespaceReader = { userNamespace: () => 'user:[1]', idMap: () => '' };

const merged = () => ({
  namespaces: [
    { type: 'pid', path: '' },
    { type: 'ipc', path: '' },
    { type: 'uts', path: '' },
    { type: 'mount', path: '' },
    { type: 'user', path: '' },
  ],
  uidMappings: [{ containerStart: 0, hostStart: 100000, size: 65536 }],
  gidMappings: [{ containerStart: 0, hostStart: 100000, size: 65536 }],
  hostname: 'child-task',
  cgroups: { cpuShares: 102 },
});

test('joins the parent network, ipc, uts and user namespaces; mount and pid its own', () => {
  const li = nestLaunchInfo(merged(), { id: 'parent', pid: 42, cgroupPath: 'plateau/parent' }, 'child', inUserNs);
  const byType = new Map((li.namespaces ?? []).map((n) => [n.type, n.path]));
  assert.is(byType.get('network'), '/proc/42/ns/net');
  assert.is(byType.get('ipc'), '/proc/42/ns/ipc');
  assert.is(byType.get('uts'), '/proc/42/ns/uts');
  assert.is(byType.get('user'), '/proc/42/ns/user');
  assert.is(byType.get('mount'), '');
  assert.is(byType.get('pid'), '');
  assert.is((li.namespaces ?? []).length, 6, 'one entry per type');
  assert.equal(li.uidMappings, [{ containerStart: 0, hostStart: 100000, size: 65536 }]);
  assert.is(li.hostname, '', "the parent's hostname, not one of its own");
  assert.equal(li.cgroups, { cpuShares: 102, path: 'plateau/parent/child' });
});

test('a parent without a user namespace: the nested container has none either', () => {
  const li = nestLaunchInfo(merged(), { id: 'parent', pid: 42 }, 'child', noUserNs);
  assert.not.ok((li.namespaces ?? []).some((n) => n.type === 'user'));
  assert.equal(li.uidMappings, []);
  assert.equal(li.gidMappings, []);
  assert.equal(li.cgroups, { cpuShares: 102 }, 'no parent cgroup path known: left to the isolators');
});

test("an isolator's cgroup path and pid namespace join are kept", () => {
  const base = merged();
  base.namespaces[0] = { type: 'pid', path: '/proc/42/ns/pid' };
  const li = nestLaunchInfo({ ...base, cgroups: { path: 'cg/root/parent/child' } }, { id: 'parent', pid: 42, cgroupPath: 'other' }, 'child', noUserNs);
  assert.is((li.namespaces ?? []).find((n) => n.type === 'pid')?.path, '/proc/42/ns/pid');
  assert.is(li.cgroups?.path, 'cg/root/parent/child');
});

test('network sysctls and a parent without a process are refused, naming them', () => {
  assert.throws(() => nestLaunchInfo({ ...merged(), sysctls: { 'net.ipv4.ip_forward': '1' } }, { id: 'parent', pid: 42 }, 'child', noUserNs), /net\.ipv4\.ip_forward would change the network namespace shared with the parent container 'parent'/);
  assert.throws(() => nestLaunchInfo(merged(), { id: 'parent', pid: 0 }, 'child', noUserNs), /'parent' has no known process/);
  assert.throws(() => nestLaunchInfo(merged(), { id: 'parent', pid: 42 }, 'child', { ...inUserNs, idMap: () => '' }), /has no id mappings/);
});

test('ipc_mode PRIVATE: an ipc namespace of its own; networks and a hostname of its own are refused', () => {
  const li = nestLaunchInfo(merged(), { id: 'parent', pid: 42 }, 'child', noUserNs, { privateIpc: true });
  assert.is((li.namespaces ?? []).find((n) => n.type === 'ipc')?.path, '', 'a new ipc namespace');
  assert.is((li.namespaces ?? []).find((n) => n.type === 'network')?.path, '/proc/42/ns/net');
  assert.match(String(nestedRefusal({ network_infos: [{ name: 'cni-net' }] })), /container\.network_infos: a nested container joins its parent's network namespace/);
  assert.match(String(nestedRefusal({ hostname: 'mine' })), /container\.hostname/);
  assert.is(nestedRefusal({}), undefined);
  assert.is(nestedRefusal(undefined), undefined);
});

test('id maps, depth and sandbox layout', () => {
  assert.equal(parseIdMap('  0 100000 65536\n 65536 200000 10\n'), [
    { containerStart: 0, hostStart: 100000, size: 65536 },
    { containerStart: 65536, hostStart: 200000, size: 10 },
  ]);
  assert.is(depthOf({ value: 'a' }), 0);
  assert.is(depthOf({ value: 'c', parent: { value: 'b', parent: { value: 'a' } } }), 2);
  assert.is(MAX_NESTING_DEPTH, 32);
  assert.is(nestedSandbox('/w/runs/top', 'c1'), '/w/runs/top/containers/c1');
});

test.run();
