import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeLaunchInfo } from '@plateau/agent';

const conflict = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (err) {
    assert.is((err as { code?: string }).code, 'PLT_ERR_CONFLICT');
    return err as Error;
  }
  throw new Error('expected a conflict');
};

test('merge: parts from different isolators combine', () => {
  const { info, origin } = mergeLaunchInfo([
    { source: 'isolator.cgroups', info: { cgroups: { path: 'plateau/c1', cpuShares: 1024, memoryLimitBytes: '134217728' } } },
    {
      source: 'isolator.linux',
      info: {
        namespaces: [{ type: 'pid' }, { type: 'mount' }],
        capabilities: { effective: ['CAP_KILL'] },
        maskedPaths: ['/proc/kcore'],
        noNewPrivileges: true,
        environment: [{ name: 'A', value: '1' }],
      },
    },
    { source: 'isolator.gpu', info: { devices: [{ path: '/dev/nvidia0', type: 'c', major: 195, minor: 0, access: 'rwm' }], environment: [{ name: 'NVIDIA_VISIBLE_DEVICES', value: '0' }] } },
    { source: 'isolator.disk', info: null },
  ]);
  assert.is(info.cgroups?.cpuShares, 1024);
  assert.equal(info.namespaces?.map((n) => n.type), ['pid', 'mount']);
  assert.equal(info.environment?.map((e) => e.name), ['A', 'NVIDIA_VISIBLE_DEVICES']);
  assert.is(info.devices?.length, 1);
  assert.is(info.noNewPrivileges, true);
  assert.is(origin.get('capabilities'), 'isolator.linux');
  assert.is(origin.get('cgroups.memoryLimitBytes'), 'isolator.cgroups');
});

test('merge: the same value from two parts is not a conflict', () => {
  const { info } = mergeLaunchInfo([
    { source: 'a', info: { environment: [{ name: 'X', value: '1' }], hostname: 'h', maskedPaths: ['/p'] } },
    { source: 'b', info: { environment: [{ name: 'X', value: '1' }], hostname: 'h', maskedPaths: ['/p', '/q'] } },
  ]);
  assert.is(info.environment?.length, 1);
  assert.equal(info.maskedPaths, ['/p', '/q']);
});

test('merge: conflicts name both modules and the field', () => {
  let e = conflict(() =>
    mergeLaunchInfo([
      { source: 'isolator.cgroups', info: { cgroups: { memoryLimitBytes: '100' } } },
      { source: 'isolator.in-house', info: { cgroups: { memoryLimitBytes: '200' } } },
    ]),
  );
  assert.match(e.message, /memoryLimitBytes: set by isolator\.cgroups and by isolator\.in-house/);
  e = conflict(() =>
    mergeLaunchInfo([
      { source: 'a', info: { environment: [{ name: 'X', value: '1' }] } },
      { source: 'b', info: { environment: [{ name: 'X', value: '2' }] } },
    ]),
  );
  assert.match(e.message, /environment variable 'X': set by a and by b/);
  e = conflict(() =>
    mergeLaunchInfo([
      { source: 'a', info: { mounts: [{ source: '/x', target: '/data' }] } },
      { source: 'b', info: { mounts: [{ source: '/y', target: '/data' }] } },
    ]),
  );
  assert.match(e.message, /mount target '\/data'/);
  e = conflict(() =>
    mergeLaunchInfo([
      { source: 'a', info: { seccompProfileJson: '{"defaultAction":"SCMP_ACT_ALLOW"}' } },
      { source: 'b', info: { seccompProfileJson: '{"defaultAction":"SCMP_ACT_ERRNO"}' } },
    ]),
  );
  assert.match(e.message, /seccompProfileJson: set by a and by b/);
  e = conflict(() =>
    mergeLaunchInfo([
      { source: 'a', info: { namespaces: [{ type: 'network', path: '/var/run/netns/x' }] } },
      { source: 'b', info: { namespaces: [{ type: 'network' }] } },
    ]),
  );
  assert.match(e.message, /namespace 'network'/);
});

test.run();
