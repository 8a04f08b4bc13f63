import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes } from '@plateau/kernel';
import { DEFAULT_MASKED_PATHS, INIT_TARGET, SANDBOX_TARGET, ociSpec, specJson } from '../src/spec';

const base = { rootfs: '/var/lib/x/rootfs' };

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

test('spec: defaults: namespaces without network, standard mounts, sandbox, env, cgroup path, masked paths', () => {
  const s = ociSpec(base, ['sh', '-c', 'true'], { containerId: 'c1', sandbox: '/sb' });
  assert.equal(s.linux.namespaces.map((n) => n.type).sort(), ['ipc', 'mount', 'pid', 'uts']);
  assert.equal(s.mounts.map((m) => m.destination), ['/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue', '/sys', SANDBOX_TARGET]);
  assert.equal(s.mounts.at(-1), { destination: SANDBOX_TARGET, type: 'bind', source: '/sb', options: ['rbind', 'rw'] });
  assert.ok(s.process.env.includes(`MESOS_SANDBOX=${SANDBOX_TARGET}`));
  assert.ok(s.process.env.some((e) => e.startsWith('PATH=')));
  assert.is(s.process.cwd, SANDBOX_TARGET);
  assert.is(s.linux.cgroupsPath, '/plateau/c1');
  assert.equal(s.linux.maskedPaths, DEFAULT_MASKED_PATHS);
  assert.equal(s.linux.resources.devices[0], { allow: false, access: 'rwm' });
  assert.is(s.root.path, base.rootfs);
  assert.is(s.process.user.uid, 0);
  assert.is(s.process.capabilities.effective.includes('CAP_SYS_ADMIN'), false);
  assert.is(s.process.noNewPrivileges, false);
});

test('spec: LaunchInfo namespaces, mappings, hostname, network by config', () => {
  const s = ociSpec(
    { ...base, namespaces: [{ type: 'network', path: '/run/netns/p1' }], uidMappings: [{ containerStart: 0, hostStart: 100000, size: 65536 }], gidMappings: [{ containerStart: 0, hostStart: 100000, size: 65536 }], hostname: 'h' },
    ['true'],
    { containerId: 'c1' },
  );
  assert.equal(s.linux.namespaces.find((n) => n.type === 'network'), { type: 'network', path: '/run/netns/p1' });
  assert.ok(s.linux.namespaces.find((n) => n.type === 'user'));
  assert.equal(s.linux.uidMappings, [{ containerID: 0, hostID: 100000, size: 65536 }]);
  assert.is(s.hostname, 'h');
  const n = ociSpec(base, ['true'], { containerId: 'c1', newNetworkNamespace: true });
  assert.equal(n.linux.namespaces.find((x) => x.type === 'network'), { type: 'network' });
  assert.is(code(() => ociSpec({ ...base, uidMappings: [{ containerStart: 0, hostStart: 1, size: 1 }] }, ['true'], { containerId: 'c' })), ErrorCodes.invalid);
  // A new user namespace in a network namespace it does not own (the host's, or one joined)
  // binds /sys: the kernel refuses a sysfs mount there.
  assert.is(s.mounts.find((m) => m.destination === '/sys')!.type, 'none', 'joined netns: bind');
  const m = [{ containerStart: 0, hostStart: 1, size: 1 }];
  const hostNet = ociSpec({ ...base, uidMappings: m, gidMappings: m }, ['true'], { containerId: 'c' });
  assert.is(hostNet.mounts.find((x) => x.destination === '/sys')!.type, 'none');
  const ownNet = ociSpec({ ...base, uidMappings: m, gidMappings: m }, ['true'], { containerId: 'c', newNetworkNamespace: true });
  assert.is(ownNet.mounts.find((x) => x.destination === '/sys')!.type, 'sysfs');
});

test('spec: cgroups, devices, rlimits, seccomp, capabilities, user, sysctls', () => {
  const s = ociSpec(
    {
      ...base,
      cgroups: { path: 'plateau/c2', memoryLimitBytes: '67108864', cpuShares: 512, cpuQuotaUs: '50000', cpuPeriodUs: 100000, pidsLimit: '64', blkioWeight: 500, cpusetCpus: '0' },
      devices: [{ path: '/dev/nvidia0', type: 'c', major: 195, minor: 0, access: 'rw' }, { type: 'c', major: 195, minor: -1, access: 'rw' }],
      rlimits: [{ type: 'RLIMIT_NOFILE', soft: '1024', hard: '4096' }],
      seccompProfileJson: JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] }),
      capabilities: { effective: ['CAP_KILL'], ambient: ['CAP_NET_BIND_SERVICE'] },
      user: { uid: 1000, gid: 1000, additionalGids: [5] },
      sysctls: { 'net.ipv4.ip_forward': '1' },
      noNewPrivileges: true,
      workingDir: '/work',
    },
    ['true'],
    { containerId: 'c2' },
  );
  assert.is(s.linux.cgroupsPath, '/plateau/c2');
  assert.equal(s.linux.resources.memory, { limit: 67108864 });
  assert.equal(s.linux.resources.cpu, { shares: 512, quota: 50000, period: 100000, cpus: '0' });
  assert.equal(s.linux.resources.pids, { limit: 64 });
  assert.equal(s.linux.resources.blockIO, { weight: 500 });
  assert.equal(s.linux.devices, [{ path: '/dev/nvidia0', type: 'c', major: 195, minor: 0, fileMode: 0o666, uid: 0, gid: 0 }]);
  assert.equal(s.linux.resources.devices.at(-2), { allow: true, type: 'c', major: 195, minor: 0, access: 'rw' });
  assert.equal(s.linux.resources.devices.at(-1), { allow: true, type: 'c', major: 195, access: 'rw' });
  assert.equal(s.process.rlimits, [{ type: 'RLIMIT_NOFILE', soft: 1024n, hard: 4096n }]);
  assert.equal(s.linux.seccomp, { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] });
  assert.equal(s.process.capabilities.ambient, ['CAP_NET_BIND_SERVICE']);
  assert.ok(s.process.capabilities.permitted.includes('CAP_KILL') && s.process.capabilities.permitted.includes('CAP_NET_BIND_SERVICE'));
  assert.ok(s.process.capabilities.bounding.includes('CAP_NET_BIND_SERVICE'));
  assert.equal(s.process.user, { uid: 1000, gid: 1000, additionalGids: [5] });
  assert.equal(s.linux.sysctl, { 'net.ipv4.ip_forward': '1' });
  assert.is(s.process.noNewPrivileges, true);
  assert.is(s.process.cwd, '/work');
});

test('spec: a LaunchInfo mount on a default target replaces it; others are appended in order', () => {
  const s = ociSpec({ ...base, mounts: [{ source: 'tmpfs', target: '/dev/shm', type: 'tmpfs', options: ['size=1g'] }, { source: '/data', target: '/data', type: 'bind', options: ['rbind', 'ro'] }] }, ['true'], { containerId: 'c' });
  assert.equal(s.mounts.filter((m) => m.destination === '/dev/shm'), [{ destination: '/dev/shm', type: 'tmpfs', source: 'tmpfs', options: ['size=1g'] }]);
  assert.equal(s.mounts.at(-1), { destination: '/data', type: 'bind', source: '/data', options: ['rbind', 'ro'] });
});

test('spec: pre-exec commands wrap the command in sh; the init goes first with a pid namespace only', () => {
  const s = ociSpec({ ...base, preExecCommands: [{ args: ['mkdir', '-p', "/a b"] }] }, ['echo', 'x'], { containerId: 'c', init: '/usr/bin/tini-static' });
  assert.equal(s.process.args.slice(0, 4), [INIT_TARGET, '--', '/bin/sh', '-c']);
  assert.match(s.process.args[4]!, /mkdir -p '\/a b'\nexec "\$@"/);
  assert.equal(s.process.args.slice(5), ['sh', 'echo', 'x']);
  assert.ok(s.mounts.find((m) => m.destination === INIT_TARGET));
  const shared = ociSpec({ ...base, namespaces: [{ type: 'pid', path: '/proc/1/ns/pid' }] }, ['echo'], { containerId: 'c', init: '/usr/bin/tini-static' });
  assert.equal(shared.process.args, ['echo']);
});

test('spec: invalid input is InvalidError', () => {
  assert.is(code(() => ociSpec(base, ['true'], { containerId: 'a/b' })), ErrorCodes.invalid);
  assert.is(code(() => ociSpec(base, [], { containerId: 'a' })), ErrorCodes.invalid);
  assert.is(code(() => ociSpec({}, ['true'], { containerId: 'a' })), ErrorCodes.invalid);
  assert.is(code(() => ociSpec({ ...base, seccompProfileJson: '{' }, ['true'], { containerId: 'a' })), ErrorCodes.invalid);
  assert.is(code(() => ociSpec({ ...base, namespaces: [{ type: 'bogus' }] }, ['true'], { containerId: 'a' })), ErrorCodes.invalid);
  assert.is(code(() => ociSpec({ ...base, rlimits: [{ type: 'RLIMIT_NOFILE', soft: 1, hard: 1 }, { type: 'RLIMIT_NOFILE', soft: 1, hard: 1 }] }, ['true'], { containerId: 'a' })), ErrorCodes.invalid);
});

test('spec: an unlimited rlimit (2^64-1) is written to config.json exactly', () => {
  const s = ociSpec({ ...base, rlimits: [{ type: 'RLIMIT_CORE', soft: '18446744073709551615', hard: '18446744073709551615' }] }, ['true'], { containerId: 'a' });
  const json = specJson(s);
  assert.match(json, /"soft": 18446744073709551615/);
  assert.match(json, /"hard": 18446744073709551615/);
  assert.is(code(() => ociSpec({ ...base, rlimits: [{ type: 'RLIMIT_CORE', soft: '18446744073709551616', hard: '1' }] }, ['true'], { containerId: 'a' })), ErrorCodes.invalid);
});

test.run();
