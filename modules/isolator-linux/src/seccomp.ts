import { InvalidError } from '@plateau/kernel';
import { release } from 'node:os';
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
 * Syscalls the default profile allows whatever the container's capabilities: Docker's default
 * profile's unconditional list (moby profiles/seccomp/default.json), less io_uring_setup,
 * io_uring_enter and io_uring_register, which stay denied (io_uring submits work this filter
 * never sees). Every syscall not allowed by DEFAULT_SECCOMP_RULES fails with EPERM.
 */
export const DEFAULT_ALLOWED_SYSCALLS: readonly string[] = [
  'accept', 'accept4', 'access', 'adjtimex', 'alarm', 'bind', 'brk', 'capget', 'capset', 'chdir', 'chmod',
  'chown', 'chown32', 'clock_adjtime', 'clock_adjtime64', 'clock_getres', 'clock_getres_time64',
  'clock_gettime', 'clock_gettime64', 'clock_nanosleep', 'clock_nanosleep_time64', 'close', 'close_range',
  'connect', 'copy_file_range', 'creat', 'dup', 'dup2', 'dup3', 'epoll_create', 'epoll_create1', 'epoll_ctl',
  'epoll_ctl_old', 'epoll_pwait', 'epoll_pwait2', 'epoll_wait', 'epoll_wait_old', 'eventfd', 'eventfd2',
  'execve', 'execveat', 'exit', 'exit_group', 'faccessat', 'faccessat2', 'fadvise64', 'fadvise64_64',
  'fallocate', 'fanotify_mark', 'fchdir', 'fchmod', 'fchmodat', 'fchown', 'fchown32', 'fchownat', 'fcntl',
  'fcntl64', 'fdatasync', 'fgetxattr', 'flistxattr', 'flock', 'fork', 'fremovexattr', 'fsetxattr', 'fstat',
  'fstat64', 'fstatat64', 'fstatfs', 'fstatfs64', 'fsync', 'ftruncate', 'ftruncate64', 'futex', 'futex_time64',
  'futex_waitv', 'futimesat', 'getcpu', 'getcwd', 'getdents', 'getdents64', 'getegid', 'getegid32', 'geteuid',
  'geteuid32', 'getgid', 'getgid32', 'getgroups', 'getgroups32', 'getitimer', 'getpeername', 'getpgid',
  'getpgrp', 'getpid', 'getppid', 'getpriority', 'getrandom', 'getresgid', 'getresgid32', 'getresuid',
  'getresuid32', 'getrlimit', 'get_robust_list', 'getrusage', 'getsid', 'getsockname', 'getsockopt',
  'get_thread_area', 'gettid', 'gettimeofday', 'getuid', 'getuid32', 'getxattr', 'inotify_add_watch',
  'inotify_init', 'inotify_init1', 'inotify_rm_watch', 'io_cancel', 'ioctl', 'io_destroy', 'io_getevents',
  'io_pgetevents', 'io_pgetevents_time64', 'ioprio_get', 'ioprio_set', 'io_setup', 'io_submit', 'ipc', 'kill',
  'landlock_add_rule', 'landlock_create_ruleset', 'landlock_restrict_self', 'lchown', 'lchown32', 'lgetxattr',
  'link', 'linkat', 'listen', 'listxattr', 'llistxattr', '_llseek', 'lremovexattr', 'lseek', 'lsetxattr',
  'lstat', 'lstat64', 'madvise', 'membarrier', 'memfd_create', 'memfd_secret', 'mincore', 'mkdir', 'mkdirat',
  'mknod', 'mknodat', 'mlock', 'mlock2', 'mlockall', 'mmap', 'mmap2', 'mprotect', 'mq_getsetattr', 'mq_notify',
  'mq_open', 'mq_timedreceive', 'mq_timedreceive_time64', 'mq_timedsend', 'mq_timedsend_time64', 'mq_unlink',
  'mremap', 'msgctl', 'msgget', 'msgrcv', 'msgsnd', 'msync', 'munlock', 'munlockall', 'munmap',
  'name_to_handle_at', 'nanosleep', 'newfstatat', '_newselect', 'open', 'openat', 'openat2', 'pause',
  'pidfd_open', 'pidfd_send_signal', 'pipe', 'pipe2', 'pkey_alloc', 'pkey_free', 'pkey_mprotect', 'poll',
  'ppoll', 'ppoll_time64', 'prctl', 'pread64', 'preadv', 'preadv2', 'prlimit64', 'process_mrelease',
  'pselect6', 'pselect6_time64', 'pwrite64', 'pwritev', 'pwritev2', 'read', 'readahead', 'readlink',
  'readlinkat', 'readv', 'recv', 'recvfrom', 'recvmmsg', 'recvmmsg_time64', 'recvmsg', 'remap_file_pages',
  'removexattr', 'rename', 'renameat', 'renameat2', 'restart_syscall', 'rmdir', 'rseq', 'rt_sigaction',
  'rt_sigpending', 'rt_sigprocmask', 'rt_sigqueueinfo', 'rt_sigreturn', 'rt_sigsuspend', 'rt_sigtimedwait',
  'rt_sigtimedwait_time64', 'rt_tgsigqueueinfo', 'sched_getaffinity', 'sched_getattr', 'sched_getparam',
  'sched_get_priority_max', 'sched_get_priority_min', 'sched_getscheduler', 'sched_rr_get_interval',
  'sched_rr_get_interval_time64', 'sched_setaffinity', 'sched_setattr', 'sched_setparam', 'sched_setscheduler',
  'sched_yield', 'seccomp', 'select', 'semctl', 'semget', 'semop', 'semtimedop', 'semtimedop_time64', 'send',
  'sendfile', 'sendfile64', 'sendmmsg', 'sendmsg', 'sendto', 'setfsgid', 'setfsgid32', 'setfsuid',
  'setfsuid32', 'setgid', 'setgid32', 'setgroups', 'setgroups32', 'setitimer', 'setpgid', 'setpriority',
  'setregid', 'setregid32', 'setresgid', 'setresgid32', 'setresuid', 'setresuid32', 'setreuid', 'setreuid32',
  'setrlimit', 'set_robust_list', 'setsid', 'setsockopt', 'set_thread_area', 'set_tid_address', 'setuid',
  'setuid32', 'setxattr', 'shmat', 'shmctl', 'shmdt', 'shmget', 'shutdown', 'sigaltstack', 'signalfd',
  'signalfd4', 'sigprocmask', 'sigreturn', 'socketcall', 'socketpair', 'splice', 'stat', 'stat64', 'statfs',
  'statfs64', 'statx', 'symlink', 'symlinkat', 'sync', 'sync_file_range', 'syncfs', 'sysinfo', 'tee', 'tgkill',
  'time', 'timer_create', 'timer_delete', 'timer_getoverrun', 'timer_gettime', 'timer_gettime64',
  'timer_settime', 'timer_settime64', 'timerfd_create', 'timerfd_gettime', 'timerfd_gettime64',
  'timerfd_settime', 'timerfd_settime64', 'times', 'tkill', 'truncate', 'truncate64', 'ugetrlimit', 'umask',
  'uname', 'unlink', 'unlinkat', 'utime', 'utimensat', 'utimensat_time64', 'utimes', 'vfork', 'vmsplice',
  'wait4', 'waitid', 'waitpid', 'write', 'writev',
];

/** One rule of the default profile's table, with the condition under which it applies. */
export interface DefaultSeccompRule {
  names: readonly string[];
  /** SCMP_ACT_ALLOW unless given. */
  action?: string;
  errnoRet?: number;
  args?: SeccompRule['args'];
  /** Applies only when the container holds every one of these capabilities. */
  caps?: readonly string[];
  /** Dropped when the container holds any of these capabilities. */
  unlessCaps?: readonly string[];
  /** Applies only on these architectures (Go names, as in Docker profiles: amd64, arm64, ...). */
  arches?: readonly string[];
  /** Dropped on these architectures. */
  unlessArches?: readonly string[];
  /** Applies only on kernels at least this release. */
  minKernel?: string;
}

/** Every CLONE_NEW* flag (NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET): 0x7E020000. */
const CLONE_NAMESPACE_MASK = 0x7e020000;
const AF_VSOCK = 40;

/** The personality(2) values Docker allows: PER_LINUX, PER_LINUX32, UNAME26, UNAME26 | PER_LINUX32, and 0xffffffff (query). */
const PERSONALITIES = [0x0, 0x0008, 0x20000, 0x20008, 0xffffffff];

/**
 * The default profile as a table, after Docker's: the unconditional list, argument-filtered
 * socket/personality/clone, architecture-specific calls, and the groups a capability unlocks.
 * Rules whose condition does not hold for a container are dropped when its profile is built.
 */
export const DEFAULT_SECCOMP_RULES: readonly DefaultSeccompRule[] = [
  { names: DEFAULT_ALLOWED_SYSCALLS },
  { names: ['process_vm_readv', 'process_vm_writev', 'ptrace'], minKernel: '4.8' },
  // Any socket family but AF_VSOCK (host/guest sockets).
  { names: ['socket'], args: [{ index: 0, value: AF_VSOCK, op: 'SCMP_CMP_NE' }] },
  ...PERSONALITIES.map((value) => ({ names: ['personality'], args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }] })),
  // Architecture-specific calls.
  { names: ['sync_file_range2', 'swapcontext'], arches: ['ppc64le'] },
  { names: ['arm_fadvise64_64', 'arm_sync_file_range', 'sync_file_range2', 'breakpoint', 'cacheflush', 'set_tls'], arches: ['arm', 'arm64'] },
  { names: ['arch_prctl'], arches: ['amd64', 'x32'] },
  { names: ['modify_ldt'], arches: ['amd64', 'x32', 'x86', '386'] },
  { names: ['s390_pci_mmio_read', 's390_pci_mmio_write', 's390_runtime_instr'], arches: ['s390', 's390x'] },
  { names: ['riscv_flush_icache'], arches: ['riscv64'] },
  // clone(2) without CLONE_NEW* flags; clone3 passes its flags in memory, so it fails with ENOSYS
  // and libc falls back to clone. With CAP_SYS_ADMIN both are allowed whole (below).
  { names: ['clone'], args: [{ index: 0, value: CLONE_NAMESPACE_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }], unlessCaps: ['CAP_SYS_ADMIN'], unlessArches: ['s390', 's390x'] },
  { names: ['clone'], args: [{ index: 1, value: CLONE_NAMESPACE_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }], unlessCaps: ['CAP_SYS_ADMIN'], arches: ['s390', 's390x'] },
  { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, unlessCaps: ['CAP_SYS_ADMIN'] },
  // What each capability unlocks.
  { names: ['open_by_handle_at'], caps: ['CAP_DAC_READ_SEARCH'] },
  {
    names: [
      'bpf', 'clone', 'clone3', 'fanotify_init', 'fsconfig', 'fsmount', 'fsopen', 'fspick', 'lookup_dcookie', 'mount',
      'mount_setattr', 'move_mount', 'open_tree', 'perf_event_open', 'quotactl', 'quotactl_fd', 'setdomainname',
      'sethostname', 'setns', 'syslog', 'umount', 'umount2', 'unshare',
    ],
    caps: ['CAP_SYS_ADMIN'],
  },
  { names: ['reboot'], caps: ['CAP_SYS_BOOT'] },
  { names: ['chroot'], caps: ['CAP_SYS_CHROOT'] },
  { names: ['delete_module', 'init_module', 'finit_module'], caps: ['CAP_SYS_MODULE'] },
  { names: ['acct'], caps: ['CAP_SYS_PACCT'] },
  { names: ['kcmp', 'pidfd_getfd', 'process_madvise', 'process_vm_readv', 'process_vm_writev', 'ptrace'], caps: ['CAP_SYS_PTRACE'] },
  { names: ['iopl', 'ioperm'], caps: ['CAP_SYS_RAWIO'] },
  { names: ['settimeofday', 'stime', 'clock_settime', 'clock_settime64'], caps: ['CAP_SYS_TIME'] },
  { names: ['vhangup'], caps: ['CAP_SYS_TTY_CONFIG'] },
  { names: ['get_mempolicy', 'mbind', 'set_mempolicy', 'set_mempolicy_home_node'], caps: ['CAP_SYS_NICE'] },
  { names: ['syslog'], caps: ['CAP_SYSLOG'] },
  { names: ['bpf'], caps: ['CAP_BPF'] },
  { names: ['perf_event_open'], caps: ['CAP_PERFMON'] },
];

/**
 * The default profile for a container: an allow-list (`defaultAction: SCMP_ACT_ERRNO`, EPERM)
 * built from DEFAULT_SECCOMP_RULES for the container's effective capabilities, the host's
 * architecture and kernel. A syscall no rule allows — reboot, mount, kexec, module loading,
 * keyrings, io_uring, and any syscall newer than the list — fails.
 */
export function defaultSeccompProfile(ctx: Partial<ProfileContext> = {}): SeccompProfile {
  const moby = {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: EPERM,
    syscalls: DEFAULT_SECCOMP_RULES.map((r) => ({
      names: [...r.names],
      action: r.action ?? 'SCMP_ACT_ALLOW',
      ...(r.errnoRet !== undefined ? { errnoRet: r.errnoRet } : {}),
      ...(r.args ? { args: r.args.map((a) => ({ ...a })) } : {}),
      includes: { caps: r.caps ? [...r.caps] : undefined, arches: r.arches ? [...r.arches] : undefined, minKernel: r.minKernel },
      excludes: { caps: r.unlessCaps ? [...r.unlessCaps] : undefined, arches: r.unlessArches ? [...r.unlessArches] : undefined },
    })),
  };
  const arch = ctx.arch ?? process.arch;
  const profile = resolveSeccompProfile(moby, { capabilities: ctx.capabilities ?? [], arch, kernel: ctx.kernel ?? release() }, 'default seccomp profile');
  profile.architectures = seccompArchitectures(arch);
  return profile;
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
