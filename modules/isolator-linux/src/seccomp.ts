import { InvalidError } from '@plateau/kernel';
import { normalizeCapability } from './capabilities';

/** One syscall rule of an OCI `linux.seccomp` profile. */
export interface SeccompRule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: { index: number; value: number; valueTwo?: number; op: string }[];
}

/** An OCI `linux.seccomp` object (runtime-spec config-linux.md), as runc reads it. */
export interface SeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: SeccompRule[];
}

const EPERM = 1;
const ENOSYS = 38;

/** Seccomp architectures of a host, by Node's `process.arch`: the native one and those it also runs. */
export function seccompArchitectures(arch: string = process.arch): string[] {
  switch (arch) {
    case 'x64':
      return ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'];
    case 'arm64':
      return ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'];
    case 'ia32':
      return ['SCMP_ARCH_X86'];
    case 'arm':
      return ['SCMP_ARCH_ARM'];
    default:
      return [];
  }
}

/**
 * The default deny list: the usual dangerous set of Docker's and Mesos's profiles. Every call
 * here fails with EPERM whatever capabilities the container holds (a task that needs one, e.g.
 * mount with CAP_SYS_ADMIN, asks for another profile by name).
 */
export const DEFAULT_DENIED_SYSCALLS = [
  // reboot and kexec
  'reboot', 'kexec_load', 'kexec_file_load',
  // mounts, the new mount API, pivot_root
  'mount', 'umount', 'umount2', 'pivot_root', 'mount_setattr', 'move_mount', 'open_tree', 'fsopen',
  'fsconfig', 'fsmount', 'fspick',
  // namespaces (clone with CLONE_NEW* flags is denied by argument below)
  'unshare', 'setns',
  // kernel modules
  'init_module', 'finit_module', 'delete_module', 'create_module', 'get_kernel_syms', 'query_module',
  // swap, accounting, quotas, clocks
  'swapon', 'swapoff', 'acct', 'quotactl', 'quotactl_fd', 'settimeofday', 'stime', 'clock_settime',
  'clock_settime64',
  // kernel keyrings
  'keyctl', 'add_key', 'request_key',
  // tracing, bpf, handles, raw io, logs
  'bpf', 'perf_event_open', 'open_by_handle_at', 'lookup_dcookie', 'fanotify_init', 'syslog', 'iopl',
  'ioperm', 'kcmp', 'pidfd_getfd', 'process_madvise', 'userfaultfd',
  // io_uring (bypasses this filter)
  'io_uring_setup', 'io_uring_enter', 'io_uring_register',
  // obsolete
  'nfsservctl', 'uselib', 'ustat', 'sysfs', '_sysctl', 'vm86', 'vm86old',
  // uts names are the isolator's to set
  'sethostname', 'setdomainname',
];

/** CLONE_NEW* flags: clone(2) creating a namespace is denied like unshare(2). */
const CLONE_NAMESPACE_FLAGS = [
  0x00020000, // CLONE_NEWNS
  0x02000000, // CLONE_NEWCGROUP
  0x04000000, // CLONE_NEWUTS
  0x08000000, // CLONE_NEWIPC
  0x10000000, // CLONE_NEWUSER
  0x20000000, // CLONE_NEWPID
  0x40000000, // CLONE_NEWNET
];

/**
 * The default profile: allow everything except DEFAULT_DENIED_SYSCALLS, which fail with EPERM,
 * and clone(2) with any CLONE_NEW* flag (EPERM). clone3 fails with ENOSYS, so that libc falls
 * back to clone(2), whose flags a filter can check (clone3 passes them in memory).
 */
export function defaultSeccompProfile(arch: string = process.arch): SeccompProfile {
  const syscalls: SeccompRule[] = [
    { names: [...DEFAULT_DENIED_SYSCALLS], action: 'SCMP_ACT_ERRNO', errnoRet: EPERM },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS },
  ];
  for (const flag of CLONE_NAMESPACE_FLAGS) {
    syscalls.push({
      names: ['clone'],
      action: 'SCMP_ACT_ERRNO',
      errnoRet: EPERM,
      args: [{ index: 0, value: flag, valueTwo: flag, op: 'SCMP_CMP_MASKED_EQ' }],
    });
  }
  return { defaultAction: 'SCMP_ACT_ALLOW', architectures: seccompArchitectures(arch), syscalls };
}

/** Facts about the host and the container that a Docker-style profile's conditions refer to. */
export interface ProfileContext {
  /** Effective capabilities of the container (`CAP_*`). */
  capabilities: readonly string[];
  /** Node's process.arch of the host. */
  arch?: string;
  /** Kernel release (uname -r), for `minKernel`. */
  kernel?: string;
}

interface MobyCondition {
  caps?: string[];
  arches?: string[];
  minKernel?: string;
}

interface MobyRule {
  name?: string;
  names?: string[];
  action: string;
  errnoRet?: number;
  args?: SeccompRule['args'] | null;
  comment?: string;
  includes?: MobyCondition;
  excludes?: MobyCondition;
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', s390x: 's390x', ppc64: 'ppc64le', riscv64: 'riscv64' };

function kernelAtLeast(release: string, min: string): boolean {
  const parse = (v: string) => (/^(\d+)\.(\d+)/.exec(v) ?? [, '0', '0']).slice(1, 3).map(Number);
  const [a, b] = parse(release);
  const [c, d] = parse(min);
  return a! > c! || (a === c && b! >= d!);
}

/**
 * Turns a profile file into the OCI object runc reads. A plain OCI `linux.seccomp` object passes
 * through; a Docker (moby) profile is resolved as dockerd does: `archMap` becomes the host's
 * architectures, and rules whose `includes`/`excludes` (caps, arches, minKernel) do not hold for
 * this container are dropped. `where` names the profile in errors.
 */
export function resolveSeccompProfile(raw: unknown, ctx: ProfileContext, where: string): SeccompProfile {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidError(`${where}: a seccomp profile must be a JSON object`);
  const p = raw as Record<string, unknown>;
  if (typeof p.defaultAction !== 'string' || !p.defaultAction.startsWith('SCMP_ACT_')) {
    throw new InvalidError(`${where}: defaultAction must be an SCMP_ACT_* action`);
  }
  const arch = ctx.arch ?? process.arch;
  const held = new Set(ctx.capabilities.map((c) => normalizeCapability(c)));
  const goArch = GO_ARCH[arch] ?? arch;
  const kernel = ctx.kernel ?? '0.0';
  const holds = (c: MobyCondition | undefined, want: boolean): boolean => {
    if (!c) return true;
    const tests: boolean[] = [];
    if (c.caps?.length) tests.push(want ? c.caps.every((x) => held.has(normalizeCapability(x))) : c.caps.some((x) => held.has(normalizeCapability(x))));
    if (c.arches?.length) tests.push(want ? c.arches.includes(goArch) : c.arches.includes(goArch));
    if (c.minKernel) tests.push(kernelAtLeast(kernel, c.minKernel));
    return want ? tests.every(Boolean) : !tests.some(Boolean);
  };

  const out: SeccompProfile = { defaultAction: p.defaultAction };
  if (typeof p.defaultErrnoRet === 'number') out.defaultErrnoRet = p.defaultErrnoRet;
  if (Array.isArray(p.architectures)) out.architectures = p.architectures.map(String);
  else if (Array.isArray(p.archMap)) {
    const native = seccompArchitectures(arch)[0];
    const entry = (p.archMap as { architecture: string; subArchitectures?: string[] }[]).find((m) => m.architecture === native);
    out.architectures = entry ? [entry.architecture, ...(entry.subArchitectures ?? [])] : seccompArchitectures(arch);
  }
  if (Array.isArray(p.flags)) out.flags = p.flags.map(String);
  if (typeof p.listenerPath === 'string') out.listenerPath = p.listenerPath;
  if (typeof p.listenerMetadata === 'string') out.listenerMetadata = p.listenerMetadata;
  if (p.syscalls !== undefined && !Array.isArray(p.syscalls)) throw new InvalidError(`${where}: syscalls must be an array`);
  out.syscalls = [];
  for (const [i, r] of ((p.syscalls as MobyRule[] | undefined) ?? []).entries()) {
    const names = r.names ?? (r.name ? [r.name] : []);
    if (names.length === 0 || typeof r.action !== 'string') throw new InvalidError(`${where}: syscalls[${i}] needs names and an action`);
    if (!holds(r.includes, true) || !holds(r.excludes, false)) continue;
    const rule: SeccompRule = { names, action: r.action };
    if (typeof r.errnoRet === 'number') rule.errnoRet = r.errnoRet;
    if (r.args && r.args.length) rule.args = r.args;
    out.syscalls.push(rule);
  }
  return out;
}
