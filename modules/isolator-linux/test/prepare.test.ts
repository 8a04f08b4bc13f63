// What isolator-linux's Prepare returns for a container, and its bookkeeping (no container runs
// here; inside.test.ts runs the same LaunchInfo with runc and looks from inside).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorCodes, type Logger } from '@plateau/kernel';
import definition, {
  capabilityMask,
  capabilitiesOfMask,
  DEFAULT_ALLOWED_SYSCALLS,
  defaultSeccompProfile,
  LinuxIsolator,
  RLIM_INFINITY,
  withDefaults,
  type LinuxConfig,
} from '../src/index';
import { tempDir } from './runc';

const log = { debug() {}, info() {}, warn() {}, error() {}, child() { return log; } } as unknown as Logger;
const bounds = { canRaise: true, hard: new Map<string, bigint>(), nrOpen: 1048576n };

/** An isolator on pinned host facts; user namespaces are off unless the test's config says otherwise (user-namespace.test.ts covers them). */
function isolator(config: Parameters<typeof withDefaults>[0] = {}, host: { canRaise?: boolean; hard?: Map<string, bigint> } = {}): LinuxIsolator {
  return new LinuxIsolator(withDefaults({ userNamespace: 'off', ...config }), log, { arch: 'x64', kernel: '6.1.0', rlimitBounds: { ...bounds, ...host }, userNamespaceRefused: undefined });
}

function config(containerInfo?: object, task?: object, extra: Record<string, unknown> = {}) {
  return {
    // The agent writes these with the Mesos codec: whole messages, required fields included.
    containerInfoJson: containerInfo ? JSON.stringify({ type: 'MESOS', ...containerInfo }) : '',
    taskInfoJson: task ? JSON.stringify({ name: 'task', agent_id: { value: 'agent' }, ...task }) : '',
    ...extra,
  };
}

async function rejects(p: Promise<unknown>, code: string, text?: RegExp): Promise<Error> {
  try {
    await p;
  } catch (err) {
    assert.is((err as { code?: string }).code, code, `code of: ${(err as Error).message}`);
    if (text) assert.match((err as Error).message, text);
    return err as Error;
  }
  assert.unreachable(`expected a ${code} error`);
  throw new Error('unreachable');
}

const DOCKER_MASK = '00000000a80425fb';

test('capability masks match /proc: Docker\'s default set is a80425fb', () => {
  assert.is(capabilityMask(['CAP_CHOWN']), '0000000000000001');
  assert.is(
    capabilityMask(['CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE']),
    DOCKER_MASK,
  );
  assert.equal(capabilitiesOfMask('0000000000001001'), ['CAP_CHOWN', 'CAP_NET_ADMIN']);
});

/** Docker's default set without NET_RAW (bit 13): this isolator's default. */
const DEFAULT_MASK = '00000000a80405fb';

test('default LaunchInfo (userNamespace off): pid/ipc/uts/mount namespaces (no network, no user), Docker caps without NET_RAW, seccomp, nnp, masked and read-only paths, hostname from the task id', async () => {
  const iso = isolator();
  const { launchInfo } = await iso.prepare({ containerId: { value: 'c1' }, config: config({ type: 'MESOS' }, { task_id: { value: 'web.1' } }) });
  assert.ok(launchInfo);
  assert.equal(launchInfo.namespaces.map((n) => n.type), ['pid', 'ipc', 'uts', 'mount']);
  assert.ok(launchInfo.namespaces.every((n) => n.path === ''));
  assert.is(capabilityMask(launchInfo.capabilities!.effective), DEFAULT_MASK);
  assert.is(capabilityMask(launchInfo.capabilities!.bounding), DEFAULT_MASK);
  assert.not.ok(launchInfo.capabilities!.effective.includes('CAP_NET_RAW'), 'NET_RAW is not granted by default');
  assert.equal(launchInfo.capabilities!.permitted, launchInfo.capabilities!.effective);
  assert.is(launchInfo.noNewPrivileges, true);
  assert.ok(launchInfo.maskedPaths.includes('/proc/kcore'));
  assert.ok(launchInfo.maskedPaths.includes('/sys/firmware'));
  assert.ok(launchInfo.readonlyPaths.includes('/proc/sys'));
  assert.ok(launchInfo.readonlyPaths.includes('/proc/sysrq-trigger'));
  assert.is(launchInfo.hostname, 'web.1');
  assert.equal(launchInfo.uidMappings, []);
  assert.equal(launchInfo.rlimits, []);
  assert.is(launchInfo.rootfs, '', 'the rootfs is the provisioner\'s');
  assert.is(launchInfo.cgroups, null, 'cgroups are isolator-cgroups\'');
  const seccomp = JSON.parse(launchInfo.seccompProfileJson);
  assert.is(seccomp.defaultAction, 'SCMP_ACT_ERRNO', 'an allow-list: what no rule allows fails');
  assert.is(seccomp.defaultErrnoRet, 1, 'with EPERM');
  assert.equal(seccomp.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  const allowed = allowedNames(seccomp);
  for (const s of ['read', 'write', 'execve', 'openat', 'mmap', 'wait4', 'arch_prctl', 'ptrace', 'chroot']) assert.ok(allowed.has(s), `${s} allowed`);
  for (const s of ['reboot', 'mount', 'umount2', 'kexec_load', 'kexec_file_load', 'init_module', 'finit_module', 'delete_module', 'swapon', 'acct', 'settimeofday', 'keyctl', 'add_key', 'bpf', 'perf_event_open', 'open_by_handle_at', 'unshare', 'setns', 'pivot_root', 'io_uring_setup', 'userfaultfd', 'sethostname', 'clone3', 'vhangup']) {
    assert.not.ok(allowed.has(s), `${s} is not allowed`);
  }
  const clone = seccomp.syscalls.filter((r: { names: string[] }) => r.names.includes('clone'));
  assert.equal(clone, [{ names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] }], 'clone only without CLONE_NEW* flags');
  const clone3 = seccomp.syscalls.find((r: { names: string[] }) => r.names.includes('clone3'));
  assert.is(clone3.errnoRet, 38, 'clone3 → ENOSYS so libc falls back to clone');
  const personality = seccomp.syscalls.filter((r: { names: string[] }) => r.names.includes('personality')).map((r: { args: { value: number; op: string }[] }) => r.args[0]!.value);
  assert.equal(personality, [0, 8, 0x20000, 0x20008, 0xffffffff]);
  assert.equal(seccomp.syscalls.find((r: { names: string[] }) => r.names.includes('socket')).args, [{ index: 0, value: 40, op: 'SCMP_CMP_NE' }]);
});

/** Names a profile allows outright (rules with no argument filter). */
function allowedNames(p: { syscalls: { names: string[]; action: string; args?: unknown }[] }): Set<string> {
  return new Set(p.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args).flatMap((r) => r.names));
}

test('default profile: an allow-list; unlisted syscalls (newer than Docker\'s list, or obscure) are in no rule', () => {
  const p = defaultSeccompProfile({ capabilities: [], arch: 'x64', kernel: '6.8.0' });
  assert.is(p.defaultAction, 'SCMP_ACT_ERRNO');
  const named = new Set(p.syscalls!.flatMap((r) => r.names));
  // cachestat, listmount, statmount, mseal: added to Linux after Docker's list; get_mempolicy only with CAP_SYS_NICE.
  for (const s of ['cachestat', 'listmount', 'statmount', 'mseal', 'get_mempolicy', 'lookup_dcookie', 'nfsservctl', 'uselib', 'vm86']) {
    assert.not.ok(named.has(s), `${s} is in no rule, so it fails with EPERM`);
  }
  assert.not.ok(DEFAULT_ALLOWED_SYSCALLS.some((s) => s.startsWith('io_uring')), 'io_uring stays denied');
  assert.ok(DEFAULT_ALLOWED_SYSCALLS.length > 300);
  assert.equal(p.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  const arm = defaultSeccompProfile({ capabilities: [], arch: 'arm64', kernel: '6.8.0' });
  assert.equal(arm.architectures, ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
  assert.ok(allowedNames(arm as never).has('set_tls'));
  assert.not.ok(allowedNames(arm as never).has('arch_prctl'));
  const old = allowedNames(defaultSeccompProfile({ capabilities: [], arch: 'x64', kernel: '4.4.0' }) as never);
  assert.not.ok(old.has('ptrace'), 'ptrace only from kernel 4.8 without CAP_SYS_PTRACE');
});

test('default profile: capability groups appear only when the container holds the capability', async () => {
  const none = allowedNames(defaultSeccompProfile({ capabilities: [], arch: 'x64', kernel: '6.8.0' }) as never);
  const admin = defaultSeccompProfile({ capabilities: ['CAP_SYS_ADMIN'], arch: 'x64', kernel: '6.8.0' });
  const withAdmin = allowedNames(admin as never);
  const group = ['mount', 'umount2', 'unshare', 'setns', 'clone', 'clone3', 'fsopen', 'move_mount', 'sethostname', 'bpf', 'perf_event_open'];
  for (const s of group) {
    assert.not.ok(none.has(s), `${s} not without CAP_SYS_ADMIN`);
    assert.ok(withAdmin.has(s), `${s} with CAP_SYS_ADMIN`);
  }
  assert.not.ok(admin.syscalls!.some((r) => r.action === 'SCMP_ACT_ERRNO'), 'no clone3 ENOSYS rule with CAP_SYS_ADMIN');
  assert.not.ok(admin.syscalls!.some((r) => r.names.includes('clone') && r.args), 'no clone flag filter with CAP_SYS_ADMIN');
  assert.not.ok(withAdmin.has('reboot'));
  const cases: [string, string[]][] = [
    ['SYS_BOOT', ['reboot']],
    ['SYS_MODULE', ['init_module', 'finit_module', 'delete_module']],
    ['SYS_PTRACE', ['kcmp', 'pidfd_getfd', 'process_madvise']],
    ['SYS_TIME', ['settimeofday', 'clock_settime']],
    ['SYS_NICE', ['get_mempolicy', 'mbind', 'set_mempolicy']],
    ['SYS_RAWIO', ['iopl', 'ioperm']],
    ['SYS_PACCT', ['acct']],
    ['SYS_CHROOT', ['chroot']],
    ['DAC_READ_SEARCH', ['open_by_handle_at']],
    ['SYSLOG', ['syslog']],
  ];
  for (const [cap, names] of cases) {
    const got = allowedNames(defaultSeccompProfile({ capabilities: [cap], arch: 'x64', kernel: '6.8.0' }) as never);
    for (const s of names) {
      assert.not.ok(none.has(s), `${s} not without ${cap}`);
      assert.ok(got.has(s), `${s} with ${cap}`);
    }
    assert.not.ok(got.has('mount'), `mount not with ${cap}`);
  }
  // Through Prepare: the profile follows the task's effective capabilities.
  const iso = isolator({ allowedCapabilities: ['SYS_ADMIN', 'SYS_BOOT'] });
  const r = await iso.prepare({ containerId: { value: 'cap1' }, config: config({ linux_info: { effective_capabilities: { capabilities: ['SYS_ADMIN', 'SYS_BOOT'] } } }) });
  const got = allowedNames(JSON.parse(r.launchInfo!.seccompProfileJson));
  for (const s of ['mount', 'unshare', 'reboot']) assert.ok(got.has(s), `${s} granted with the capability`);
  const plain = allowedNames(JSON.parse((await iso.prepare({ containerId: { value: 'cap2' }, config: config({ type: 'MESOS' }) })).launchInfo!.seccompProfileJson));
  for (const s of ['mount', 'unshare', 'reboot']) assert.not.ok(plain.has(s), `${s} not granted by default`);
});

test('aarch64 hosts get the aarch64 architectures', async () => {
  const iso = new LinuxIsolator(withDefaults(), log, { arch: 'arm64', kernel: '6.1.0', rlimitBounds: bounds });
  const { launchInfo } = await iso.prepare({ containerId: { value: 'a1' }, config: {} });
  assert.equal(JSON.parse(launchInfo!.seccompProfileJson).architectures, ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
});

test('hostname: ContainerInfo.hostname wins; else the container id\'s first 12 characters; invalid hostnames are refused', async () => {
  const iso = isolator();
  let r = await iso.prepare({ containerId: { value: 'h1' }, config: config({ type: 'MESOS', hostname: 'db-0' }, { task_id: { value: 't' } }) });
  assert.is(r.launchInfo!.hostname, 'db-0');
  r = await iso.prepare({ containerId: { value: '0123456789abcdef-uuid' }, config: {} });
  assert.is(r.launchInfo!.hostname, '0123456789ab');
  r = await iso.prepare({ containerId: { value: 'h2' }, config: config(undefined, { task_id: { value: 'my task/1' } }) });
  assert.is(r.launchInfo!.hostname, 'my-task-1');
  await rejects(iso.prepare({ containerId: { value: 'h3' }, config: config({ hostname: 'bad_host!' }) }), ErrorCodes.invalid, /hostname/);
});

test('NET_RAW: not granted by default, refused when a task asks for it, granted when the agent allows it', async () => {
  await rejects(
    isolator().prepare({ containerId: { value: 'n1' }, config: config({ linux_info: { effective_capabilities: { capabilities: ['NET_RAW'] } } }) }),
    ErrorCodes.invalid,
    /CAP_NET_RAW is not allowed/,
  );
  const r = await isolator({ allowedCapabilities: ['NET_RAW'] }).prepare({
    containerId: { value: 'n2' },
    config: config({ linux_info: { effective_capabilities: { capabilities: ['NET_RAW'] } } }),
  });
  assert.equal(r.launchInfo!.capabilities!.effective, ['CAP_NET_RAW']);
});

test('capability grants: linux_info.effective_capabilities within allowedCapabilities, by Mesos names; a name Mesos does not have is refused', async () => {
  const iso = isolator({ allowedCapabilities: ['NET_ADMIN', 'SYS_TIME'] });
  await rejects(
    iso.prepare({ containerId: { value: 'g0' }, config: config({ linux_info: { effective_capabilities: { capabilities: ['CAP_CHOWN'] } } }) }),
    ErrorCodes.invalid,
    /container_info_json\.linux_info\.effective_capabilities\.capabilities\[0\]: unknown value "CAP_CHOWN" for enum mesos\.v1\.CapabilityInfo\.Capability/,
  );
  let r = await iso.prepare({
    containerId: { value: 'g1' },
    config: config({ type: 'MESOS', linux_info: { effective_capabilities: { capabilities: ['NET_ADMIN', 'CHOWN', 'SYS_TIME'] } } }),
  });
  const c = r.launchInfo!.capabilities!;
  assert.equal(c.effective, ['CAP_NET_ADMIN', 'CAP_CHOWN', 'CAP_SYS_TIME']);
  assert.equal(c.permitted, c.effective);
  assert.equal(c.bounding, c.effective, 'bounding defaults to the effective set asked for');
  assert.equal(c.ambient, c.effective, 'ambient so that a non-root task keeps them across exec');

  r = await iso.prepare({
    containerId: { value: 'g2' },
    config: config({ linux_info: { effective_capabilities: { capabilities: ['KILL'] }, bounding_capabilities: { capabilities: ['KILL', 'NET_ADMIN'] } } }),
  });
  assert.equal(r.launchInfo!.capabilities!.effective, ['CAP_KILL']);
  assert.equal(r.launchInfo!.capabilities!.bounding, ['CAP_KILL', 'CAP_NET_ADMIN']);

  // Only a bounding set: effective = defaults within it.
  r = await iso.prepare({ containerId: { value: 'g3' }, config: config({ linux_info: { bounding_capabilities: { capabilities: ['KILL', 'CHOWN', 'NET_ADMIN'] } } }) });
  assert.equal(r.launchInfo!.capabilities!.effective, ['CAP_CHOWN', 'CAP_KILL']);

  // An empty effective set is a real request: no capabilities at all.
  r = await iso.prepare({ containerId: { value: 'g4' }, config: config({ linux_info: { effective_capabilities: {} } }) });
  assert.equal(r.launchInfo!.capabilities!.effective, []);
  assert.equal(r.launchInfo!.capabilities!.bounding, []);
});

test('a capability outside the operator allow-list is an InvalidError naming it', async () => {
  const iso = isolator({ allowedCapabilities: ['NET_ADMIN'] });
  await rejects(
    iso.prepare({ containerId: { value: 'x1' }, config: config({ linux_info: { effective_capabilities: { capabilities: ['SYS_ADMIN'] } } }) }),
    ErrorCodes.invalid,
    /CAP_SYS_ADMIN is not allowed/,
  );
  await rejects(
    iso.prepare({ containerId: { value: 'x2' }, config: config({ linux_info: { bounding_capabilities: { capabilities: ['SYS_MODULE'] } } }) }),
    ErrorCodes.invalid,
    /CAP_SYS_MODULE is not allowed/,
  );
  await rejects(
    iso.prepare({ containerId: { value: 'x3' }, config: config({ linux_info: { effective_capabilities: { capabilities: ['NOT_A_CAP'] } } }) }),
    ErrorCodes.invalid,
    /unknown value "NOT_A_CAP" for enum mesos\.v1\.CapabilityInfo\.Capability/,
  );
  await rejects(
    iso.prepare({
      containerId: { value: 'x4' },
      config: config({ linux_info: { effective_capabilities: { capabilities: ['NET_ADMIN'] }, bounding_capabilities: { capabilities: ['KILL'] } } }),
    }),
    ErrorCodes.invalid,
    /CAP_NET_ADMIN not in bounding_capabilities/,
  );
  // Nothing was recorded for refused containers.
  await rejects(iso.status({ containerId: { value: 'x1' } }), ErrorCodes.notFound);
  assert.throws(() => isolator({ allowedCapabilities: ['WRONG'] }), /allowedCapabilities: unknown capability 'WRONG'/);
});

test('seccomp: named profiles from config chosen by linux_info.seccomp.profile_name; unknown names and unconfined are refused unless allowed', async () => {
  const dir = tempDir('plateau-seccomp-');
  const file = path.join(dir, 'nomkdir.json');
  fs.writeFileSync(file, JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }] }));
  const iso = isolator({ seccomp: { profiles: { nomkdir: file } } });
  const r = await iso.prepare({ containerId: { value: 's1' }, config: config({ linux_info: { seccomp: { profile_name: 'nomkdir' } } }) });
  assert.equal(JSON.parse(r.launchInfo!.seccompProfileJson), { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }] });
  const d = await iso.prepare({ containerId: { value: 's2' }, config: config({ linux_info: { seccomp: { profile_name: 'default' } } }) });
  assert.is(JSON.parse(d.launchInfo!.seccompProfileJson).defaultAction, 'SCMP_ACT_ERRNO');
  await rejects(iso.prepare({ containerId: { value: 's3' }, config: config({ linux_info: { seccomp: { profile_name: 'nope' } } }) }), ErrorCodes.invalid, /unknown seccomp profile 'nope'/);
  await rejects(iso.prepare({ containerId: { value: 's4' }, config: config({ linux_info: { seccomp: { unconfined: true } } }) }), ErrorCodes.invalid, /unconfined is not allowed/);
  const open = isolator({ seccomp: { allowUnconfined: true } });
  const u = await open.prepare({ containerId: { value: 's5' }, config: config({ linux_info: { seccomp: { unconfined: true } } }) });
  assert.is(u.launchInfo!.seccompProfileJson, '', 'no profile');
  assert.throws(() => isolator({ seccomp: { profiles: { broken: path.join(dir, 'missing.json') } } }), /seccomp.profiles.broken: cannot read/);
  assert.throws(() => isolator({ seccomp: { defaultProfile: 'nope' } }), /no profile named 'nope'/);
});

test('seccomp: a Docker (moby) profile is resolved per container: archMap, includes/excludes caps and arches', async () => {
  const dir = tempDir('plateau-seccomp-');
  const file = path.join(dir, 'moby.json');
  fs.writeFileSync(file, JSON.stringify({
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    archMap: [
      { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
      { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
    ],
    syscalls: [
      { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
      { names: ['mount'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'] } },
      { names: ['arch_prctl'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64'] } },
      { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2114060288, op: 'SCMP_CMP_MASKED_EQ' }], excludes: { caps: ['CAP_SYS_ADMIN'] }, comment: 'x' },
    ],
  }));
  const iso = isolator({ seccomp: { profiles: { docker: file } }, allowedCapabilities: ['SYS_ADMIN'] });
  const plain = JSON.parse((await iso.prepare({ containerId: { value: 'm1' }, config: config({ linux_info: { seccomp: { profile_name: 'docker' } } }) })).launchInfo!.seccompProfileJson);
  assert.equal(plain.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
  assert.equal(plain.syscalls.map((s: { names: string[] }) => s.names[0]), ['read', 'arch_prctl', 'clone']);
  assert.not.ok('comment' in plain.syscalls[2]);
  const admin = JSON.parse(
    (await iso.prepare({
      containerId: { value: 'm2' },
      config: config({ linux_info: { seccomp: { profile_name: 'docker' }, effective_capabilities: { capabilities: ['SYS_ADMIN'] } } }),
    })).launchInfo!.seccompProfileJson,
  );
  assert.equal(admin.syscalls.map((s: { names: string[] }) => s.names[0]), ['read', 'mount', 'arch_prctl']);
});

test('rlimits: config defaults, overridden by type by rlimit_info; unset soft and hard = unlimited; bad ones are refused', async () => {
  const iso = isolator({ rlimits: [{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 4096 }, { type: 'core', soft: 0, hard: 0 }] });
  let r = await iso.prepare({ containerId: { value: 'r1' }, config: {} });
  assert.equal(r.launchInfo!.rlimits, [
    { type: 'RLIMIT_NOFILE', soft: '1024', hard: '4096' },
    { type: 'RLIMIT_CORE', soft: '0', hard: '0' },
  ]);
  r = await iso.prepare({
    containerId: { value: 'r2' },
    config: config({ rlimit_info: { rlimits: [{ type: 'RLMT_NOFILE', soft: 100, hard: 200 }, { type: 'RLMT_STACK' }, { type: 'RLMT_NPROC', soft: 50, hard: 60 }] } }),
  });
  assert.equal(r.launchInfo!.rlimits, [
    { type: 'RLIMIT_NOFILE', soft: '100', hard: '200' },
    { type: 'RLIMIT_CORE', soft: '0', hard: '0' },
    { type: 'RLIMIT_STACK', soft: RLIM_INFINITY, hard: RLIM_INFINITY },
    { type: 'RLIMIT_NPROC', soft: '50', hard: '60' },
  ]);
  await rejects(iso.prepare({ containerId: { value: 'r3' }, config: config({ rlimit_info: { rlimits: [{ type: 'RLMT_NOFILE', soft: 10 }] } }) }), ErrorCodes.invalid, /both soft and hard/);
  await rejects(iso.prepare({ containerId: { value: 'r4' }, config: config({ rlimit_info: { rlimits: [{ type: 'RLMT_NOFILE', soft: 10, hard: 5 }] } }) }), ErrorCodes.invalid, /above hard/);
  await rejects(iso.prepare({ containerId: { value: 'r5' }, config: config({ rlimit_info: { rlimits: [{ type: 'RLMT_BOGUS', soft: 1, hard: 1 }] } }) }), ErrorCodes.invalid, /unknown value "RLMT_BOGUS" for enum mesos\.v1\.RLimitInfo\.RLimit\.Type/);
  await rejects(iso.prepare({ containerId: { value: 'r6' }, config: config({ rlimit_info: { rlimits: [{ type: 'RLMT_NOFILE', soft: 1, hard: 2000000 }] } }) }), ErrorCodes.invalid, /fs.nr_open/);
});

test('rlimits: without CAP_SYS_RESOURCE a hard limit above the agent\'s is refused at Prepare (runc would fail with a bare EPERM); config defaults are lowered instead', async () => {
  const hard = new Map([['RLIMIT_NOFILE', 20000n]]);
  const iso = isolator({ rlimits: [{ type: 'NOFILE', soft: 65536, hard: 65536 }] }, { canRaise: false, hard });
  const r = await iso.prepare({ containerId: { value: 'q1' }, config: {} });
  assert.equal(r.launchInfo!.rlimits, [{ type: 'RLIMIT_NOFILE', soft: '20000', hard: '20000' }]);
  await rejects(
    iso.prepare({ containerId: { value: 'q2' }, config: config({ rlimit_info: { rlimits: [{ type: 'RLMT_NOFILE', soft: 100, hard: 30000 }] } }) }),
    ErrorCodes.invalid,
    /above the agent's own \(20000\).*CAP_SYS_RESOURCE/,
  );
});

test('pid and ipc sharing: the agent\'s namespaces only when the operator allows; a nested container joins its parent\'s', async () => {
  const iso = isolator();
  await rejects(iso.prepare({ containerId: { value: 'p1' }, config: config({ linux_info: { share_pid_namespace: true } }) }), ErrorCodes.invalid, /allowAgentPidNamespace/);
  await rejects(iso.prepare({ containerId: { value: 'p1' }, config: config({ linux_info: { ipc_mode: 'SHARE_PARENT' } }) }), ErrorCodes.invalid, /allowAgentIpcNamespace/);
  const open = isolator({ allowAgentPidNamespace: true });
  const r = await open.prepare({ containerId: { value: 'p2' }, config: config({ linux_info: { share_pid_namespace: true } }) });
  assert.equal(r.launchInfo!.namespaces.map((n) => n.type), ['ipc', 'uts', 'mount', 'pid']);
  assert.equal(r.launchInfo!.namespaces.find((n) => n.type === 'pid'), { type: 'pid', path: `/proc/${process.pid}/ns/pid` });

  await iso.prepare({ containerId: { value: 'parent' }, config: {} });
  const child = { value: 'child', parent: { value: 'parent' } };
  await rejects(iso.prepare({ containerId: child, config: config({ linux_info: { share_pid_namespace: true } }) }), ErrorCodes.invalid, /parent container parent has no known pid/);
  await iso.isolate({ containerId: { value: 'parent' }, pid: 4242 });
  const n = await iso.prepare({ containerId: child, config: config({ linux_info: { share_pid_namespace: true, ipc_mode: 'SHARE_PARENT' } }) });
  assert.equal(n.launchInfo!.namespaces, [
    { type: 'uts', path: '' },
    { type: 'mount', path: '' },
    { type: 'pid', path: '/proc/4242/ns/pid' },
    { type: 'ipc', path: '/proc/4242/ns/ipc' },
  ]);
  const shm = await iso.prepare({ containerId: { value: 'shm' }, config: config({ linux_info: { shm_size: 128 } }) });
  assert.equal(shm.launchInfo!.mounts, [{ source: 'shm', target: '/dev/shm', type: 'tmpfs', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=128m'] }]);
});

test('container ids must match ^[A-Za-z0-9_.-]+$; prepare twice is a ConflictError', async () => {
  const iso = isolator();
  await rejects(iso.prepare({ containerId: { value: '../etc' }, config: {} }), ErrorCodes.invalid, /must match/);
  await rejects(iso.prepare({ containerId: { value: '' }, config: {} }), ErrorCodes.invalid);
  await rejects(iso.prepare({ config: {} }), ErrorCodes.invalid, /containerId is required/);
  await iso.prepare({ containerId: { value: 'dup' }, config: {} });
  await rejects(iso.prepare({ containerId: { value: 'dup' }, config: {} }), ErrorCodes.conflict);
});

test('isolate, watch, update, usage, status, cleanup and recover: trivial but correct', async () => {
  const iso = isolator();
  const id = { value: 'life' };
  await iso.prepare({ containerId: id, config: {} });
  await iso.isolate({ containerId: id, pid: 1234 });
  assert.equal(await iso.status({ containerId: id }), { networkInfos: [], executorPid: 1234 });
  await iso.update({ containerId: id, resourceRequests: [] });
  const u = await iso.usage({ containerId: id });
  assert.ok(Math.abs(u.timestamp - Date.now() / 1000) < 60, 'timestamp in seconds');
  assert.equal(Object.keys(u), ['timestamp', 'diskStatistics']);

  const it = iso.watch({ containerId: id })[Symbol.asyncIterator]();
  const next = it.next();
  let settled = false;
  void next.then(() => (settled = true));
  await new Promise((r) => setImmediate(r));
  assert.not.ok(settled, 'watch never yields while the container lives');
  await iso.cleanup({ containerId: id });
  assert.equal(await next, { value: undefined, done: true }, 'the stream ends at cleanup');
  await iso.cleanup({ containerId: id });
  await iso.cleanup({ containerId: { value: 'never-seen' } });
  await rejects(iso.usage({ containerId: id }), ErrorCodes.notFound);
  await rejects(iso.isolate({ containerId: id, pid: 1 }), ErrorCodes.notFound);
  const ended = await iso.watch({ containerId: { value: 'never-seen' } })[Symbol.asyncIterator]().next();
  assert.is(ended.done, true, 'watching an unknown container ends at once');

  const again = isolator();
  await again.recover({ states: [{ containerId: { value: 'r1' }, pid: 77 }], orphans: [{ value: 'o1' }] });
  assert.is((await again.status({ containerId: { value: 'r1' } })).executorPid, 77);
  assert.is((await again.status({ containerId: { value: 'o1' } })).executorPid, 0);
  await again.cleanup({ containerId: { value: 'o1' } });
});

test('module definition: kind isolator, name linux; create applies defaults to a partial config', async () => {
  assert.is(definition.kind, 'isolator');
  assert.is(definition.name, 'linux');
  const iso = await definition.create({ config: { allowedCapabilities: ['NET_ADMIN'] } as unknown as LinuxConfig, deps: { log }, dirs: { state: '/tmp', run: '/tmp' }, log, apiVersion: 'v1' });
  const r = await iso.prepare({ containerId: { value: 'd1' }, config: config({ linux_info: { effective_capabilities: { capabilities: ['NET_ADMIN'] } } }) });
  assert.equal(r.launchInfo!.capabilities!.effective, ['CAP_NET_ADMIN']);
});

test.run();
