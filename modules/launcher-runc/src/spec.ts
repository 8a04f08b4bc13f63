/**
 * ociSpec turns a merged LaunchInfo into an OCI runtime config.json (runtime-spec 1.0.2, as runc
 * 1.1 reads it). It is pure apart from reading the rootfs's /etc/passwd and /etc/group when a
 * user is given by name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTAINER_ID_RE, CONTAINER_SANDBOX, InvalidError, type LauncherRequest } from '@plateau/kernel';
import type { HostRoot } from './host-root';

/** The merged isolation of a container, in proto-loader's input shape. */
export type LaunchInfo = NonNullable<LauncherRequest<'launch'>['launchInfo']>;
type Int64 = NonNullable<NonNullable<LaunchInfo['cgroups']>['memoryLimitBytes']>;

export { CONTAINER_ID_RE };

/** Where the sandbox appears inside the container (Mesos's MESOS_SANDBOX). */
export const SANDBOX_TARGET = CONTAINER_SANDBOX;

/** PATH set when neither the image nor an isolator set one. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Capabilities kept when LaunchInfo.capabilities is null (Docker's default set). */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

/** Paths masked when LaunchInfo.maskedPaths is empty (runc's and Docker's usual list). */
export const DEFAULT_MASKED_PATHS = [
  '/proc/acpi', '/proc/asound', '/proc/interrupts', '/proc/kcore', '/proc/keys',
  '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug',
  '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];

/** Paths made read-only when LaunchInfo.readonlyPaths is empty. */
export const DEFAULT_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** Namespaces created when LaunchInfo does not mention them (network only by config or request). */
export const DEFAULT_NAMESPACES = ['pid', 'ipc', 'uts', 'mount'];

const NAMESPACE_TYPES = new Set(['pid', 'network', 'mount', 'ipc', 'uts', 'user', 'cgroup', 'time']);

/** The standard devices every container may use (runc also creates their nodes). */
const STANDARD_DEVICE_RULES: OciDeviceRule[] = [
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' }, // null
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' }, // zero
  { allow: true, type: 'c', major: 1, minor: 7, access: 'rwm' }, // full
  { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' }, // random
  { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' }, // urandom
  { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' }, // tty
  { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' }, // ptmx
  { allow: true, type: 'c', major: 136, access: 'rwm' }, // pts/*
];

/** Options of ociSpec that do not come from LaunchInfo. */
export interface SpecOptions {
  /** The container's id (ContainerID.value); names the default cgroup path and annotations. */
  containerId: string;
  /** Host path of the sandbox, bind-mounted at /mnt/mesos/sandbox; omitted = no sandbox mount. */
  sandbox?: string;
  /** Create a network namespace even when LaunchInfo asks for none (default: share the host's). */
  newNetworkNamespace?: boolean;
  /** Namespaces created by default; DEFAULT_NAMESPACES when omitted. */
  defaultNamespaces?: string[];
  /** Capabilities used when LaunchInfo.capabilities is null; DEFAULT_CAPABILITIES when omitted. */
  defaultCapabilities?: string[];
  /** Root of the container's cgroup when LaunchInfo.cgroups.path is unset (default "plateau"). */
  cgroupParent?: string;
  /** OCI hooks to set (the launcher's start gate is a createRuntime hook). */
  hooks?: OciHooks;
  /** Extra annotations. */
  annotations?: Record<string, string>;
  /**
   * Host path of a static init (tini-static, catatonit) run as the container's pid 1 in front of
   * the command, bind-mounted read-only at INIT_TARGET; used only when the container gets a new
   * pid namespace. Without one, the command is pid 1 and ignores signals it has no handler for.
   */
  init?: string;
  /**
   * For a LaunchInfo without a rootfs (a task without an image): the host's / seen through the
   * empty directory `dir` (see host-root.ts), read-only unless `writable`, with a private /tmp
   * and the sandbox also at its host path. Without it such a LaunchInfo is refused.
   */
  hostRoot?: { dir: string; entries: HostRoot; writable: boolean };
}

/** Where the init binary appears inside the container. */
export const INIT_TARGET = '/dev/.plateau-init';

/** An OCI hook. */
export interface OciHook {
  path: string;
  args?: string[];
  env?: string[];
  timeout?: number;
}

/** OCI hooks by stage. */
export interface OciHooks {
  createRuntime?: OciHook[];
  createContainer?: OciHook[];
  startContainer?: OciHook[];
  poststart?: OciHook[];
  poststop?: OciHook[];
}

/** An OCI mount. */
export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

/** An OCI devices-cgroup rule. */
export interface OciDeviceRule {
  allow: boolean;
  type?: string;
  major?: number;
  minor?: number;
  access?: string;
}

/** An OCI device node. */
export interface OciDevice {
  path: string;
  type: string;
  major: number;
  minor: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

/** The subset of an OCI config.json that ociSpec writes. */
export interface OciSpec {
  ociVersion: string;
  process: {
    terminal: boolean;
    user: { uid: number; gid: number; additionalGids?: number[] };
    args: string[];
    env: string[];
    cwd: string;
    capabilities: { bounding: string[]; effective: string[]; permitted: string[]; inheritable: string[]; ambient: string[] };
    rlimits?: { type: string; soft: bigint; hard: bigint }[];
    noNewPrivileges: boolean;
  };
  root: { path: string; readonly: boolean };
  hostname?: string;
  mounts: OciMount[];
  hooks?: OciHooks;
  annotations?: Record<string, string>;
  linux: {
    namespaces: { type: string; path?: string }[];
    uidMappings?: { containerID: number; hostID: number; size: number }[];
    gidMappings?: { containerID: number; hostID: number; size: number }[];
    devices?: OciDevice[];
    cgroupsPath: string;
    resources: {
      devices: OciDeviceRule[];
      memory?: { limit?: number; reservation?: number; swap?: number };
      cpu?: { shares?: number; quota?: number; period?: number; cpus?: string; mems?: string };
      pids?: { limit: number };
      blockIO?: { weight: number };
      unified?: Record<string, string>;
    };
    seccomp?: unknown;
    maskedPaths: string[];
    readonlyPaths: string[];
    sysctl?: Record<string, string>;
  };
}

/** Default mounts, before LaunchInfo's (a LaunchInfo mount on the same target replaces one). */
function defaultMounts(): OciMount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  ];
}

/** Reads a proto int64 (number, decimal string or Long) as a JS number. */
export function int64(v: Int64 | undefined | null): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'object' ? Number(v.toString()) : Number(v);
  if (!Number.isFinite(n)) throw new InvalidError(`not a number: ${String(v)}`);
  return n;
}

/** A uint64 kept exact (RLIM_INFINITY is 2^64-1, past what a JS number holds). */
export function uint64(v: Int64 | undefined | null): bigint {
  if (v === undefined || v === null || v === '') return 0n;
  const text = typeof v === 'object' ? v.toString() : String(v);
  if (!/^\d+$/.test(text) || BigInt(text) > 0xffffffffffffffffn) throw new InvalidError(`not a uint64: ${text}`);
  return BigInt(text);
}

const U64_MARK = 'plateau-u64:';

/** The spec as config.json text: 64-bit values (rlimits) written as exact JSON numbers. */
export function specJson(spec: unknown): string {
  const text = JSON.stringify(spec, (_key, v: unknown) => (typeof v === 'bigint' ? `${U64_MARK}${v}` : v), 1);
  return text.replace(new RegExp(`"${U64_MARK}(\\d+)"`, 'g'), '$1');
}

/** Quotes one word for /bin/sh. */
export function shQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Looks a user (and optionally a group) up by name in the rootfs's /etc/passwd and /etc/group. */
export function resolveUser(rootfs: string, spec: string): { uid: number; gid: number } {
  const [userName, groupName] = spec.split(':', 2) as [string, string | undefined];
  const read = (f: string): string[][] => {
    try {
      return fs.readFileSync(path.join(rootfs || '/', 'etc', f), 'utf8').split('\n').filter(Boolean).map((l) => l.split(':'));
    } catch {
      return [];
    }
  };
  let uid: number | undefined;
  let gid: number | undefined;
  if (/^\d+$/.test(userName)) uid = Number(userName);
  const pw = read('passwd').find((f) => f[0] === userName || (uid !== undefined && f[2] === String(uid)));
  if (pw) {
    uid = Number(pw[2]);
    gid = Number(pw[3]);
  }
  if (uid === undefined) throw new InvalidError(`user "${userName}" is not in ${path.join(rootfs || '/', 'etc/passwd')}`);
  if (groupName !== undefined) {
    if (/^\d+$/.test(groupName)) gid = Number(groupName);
    else {
      const gr = read('group').find((f) => f[0] === groupName);
      if (!gr) throw new InvalidError(`group "${groupName}" is not in ${path.join(rootfs || '/', 'etc/group')}`);
      gid = Number(gr[2]);
    }
  }
  return { uid, gid: gid ?? 0 };
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

function normalizeTarget(p: string): string {
  return path.posix.normalize(p).replace(/(.)\/$/, '$1');
}

/**
 * Builds the OCI config.json of a container.
 *
 * - init: with `opts.init` and a new pid namespace, argv becomes [INIT_TARGET, '--', ...argv] and
 *   the init binary is bind-mounted read-only at INIT_TARGET.
 * - process: `args` (wrapped in `/bin/sh -c` only when LaunchInfo.preExecCommands is non-empty,
 *   each run in order under `set -e`, then `exec "$@"`), env = PATH default + LaunchInfo.environment
 *   (later entries win) + MESOS_SANDBOX when there is a sandbox, cwd = workingDir or the sandbox
 *   mount or "/", user (uid/gid, or name resolved in the rootfs), capabilities (defaults when null;
 *   permitted/bounding widened to contain effective/ambient), rlimits, noNewPrivileges (default false).
 * - root.path = LaunchInfo.rootfs; without one, `opts.hostRoot`: the host's / bound into an empty
 *   directory (read-only unless writable), /sys bound from the host, a private tmpfs /tmp, and the
 *   sandbox also at its host path.
 * - mounts: proc, /dev tmpfs, devpts, shm, mqueue, sysfs ro, the sandbox at /mnt/mesos/sandbox, then
 *   LaunchInfo.mounts in order; a LaunchInfo mount on a default's target replaces that default.
 * - linux.namespaces: defaults (pid, ipc, uts, mount, + network when configured) merged with
 *   LaunchInfo.namespaces by type (LaunchInfo's path wins); a user namespace is added when id
 *   mappings are given. A new user namespace without a new network namespace gets the host's
 *   /sys bind-mounted read-only instead of a sysfs mount (the kernel refuses that mount).
 * - devices: deny all, allow the standard set, then each LaunchInfo device's rule (major/minor -1 =
 *   any; type "a" = all); devices with a path also get a node.
 * - linux.resources from LaunchInfo.cgroups; linux.cgroupsPath = "/" + cgroups.path, or
 *   "/plateau/<id>" when unset (always absolute: runc reads a relative path against its own cgroup).
 * - seccomp = JSON.parse(seccompProfileJson); masked/readonly paths (runc's usual when empty);
 *   sysctl; hostname.
 */
export function ociSpec(launchInfo: LaunchInfo, args: string[], opts: SpecOptions): OciSpec {
  if (!CONTAINER_ID_RE.test(opts.containerId)) throw new InvalidError(`invalid container id "${opts.containerId}": want ${CONTAINER_ID_RE}`);
  if (!args.length || !args[0]) throw new InvalidError('args must name a command');
  const li = launchInfo;
  const rootfs = li.rootfs ?? '';
  const hostRoot = rootfs ? undefined : opts.hostRoot;
  if (!hostRoot && (!rootfs || !path.isAbsolute(rootfs))) throw new InvalidError(`launchInfo.rootfs must be an absolute host path, got "${rootfs}"`);

  // Environment: later entries override earlier ones, keeping first-seen order.
  const env = new Map<string, string>([['PATH', DEFAULT_PATH]]);
  if (opts.sandbox) env.set('MESOS_SANDBOX', SANDBOX_TARGET);
  for (const e of li.environment ?? []) {
    if (!e.name) throw new InvalidError('environment variable without a name');
    env.set(e.name, e.value ?? '');
  }

  // User.
  let uid = 0;
  let gid = 0;
  const u = li.user;
  if (u) {
    if (u.uid !== undefined && u.uid !== null) {
      uid = u.uid;
      gid = u.gid ?? 0;
    } else if (u.name) {
      ({ uid, gid } = resolveUser(rootfs, u.name));
      if (u.gid !== undefined && u.gid !== null) gid = u.gid;
    } else if (u.gid !== undefined && u.gid !== null) gid = u.gid;
  }
  const user: OciSpec['process']['user'] = { uid, gid };
  if (u?.additionalGids?.length) user.additionalGids = [...u.additionalGids];

  // Capabilities: an explicit set is used as given, widened so that runc can apply it.
  let capabilities: OciSpec['process']['capabilities'];
  if (li.capabilities) {
    const c = li.capabilities;
    const ambient = uniq(c.ambient ?? []);
    const effective = uniq(c.effective ?? []);
    const inheritable = uniq([...(c.inheritable ?? []), ...ambient]);
    const permitted = uniq([...(c.permitted ?? []), ...effective, ...ambient]);
    const bounding = uniq([...(c.bounding ?? []), ...permitted, ...inheritable]);
    capabilities = { bounding, effective, permitted, inheritable, ambient };
  } else {
    const d = opts.defaultCapabilities ?? DEFAULT_CAPABILITIES;
    capabilities = { bounding: [...d], effective: [...d], permitted: [...d], inheritable: [], ambient: [] };
  }

  const rlimits = (li.rlimits ?? []).map((r) => {
    if (!r.type || !/^RLIMIT_[A-Z]+$/.test(r.type)) throw new InvalidError(`invalid rlimit type "${r.type}"`);
    return { type: r.type, soft: uint64(r.soft), hard: uint64(r.hard) };
  });
  const seenRlimits = new Set<string>();
  for (const r of rlimits) {
    if (seenRlimits.has(r.type)) throw new InvalidError(`rlimit ${r.type} given twice`);
    seenRlimits.add(r.type);
  }

  // Pre-exec commands run in the container, in order, before the command (needs /bin/sh there).
  let argv = [...args];
  const pre = (li.preExecCommands ?? []).filter((c) => c.args?.length);
  if (pre.length) {
    const script = ['set -e', ...pre.map((c) => c.args!.map(shQuote).join(' ')), 'exec "$@"'].join('\n');
    argv = ['/bin/sh', '-c', script, 'sh', ...args];
  }

  // The init goes in front of everything so that it reaps and forwards signals as pid 1.
  const pidNs = (li.namespaces ?? []).find((n) => n.type === 'pid');
  const newPidNamespace = pidNs ? !pidNs.path : (opts.defaultNamespaces ?? DEFAULT_NAMESPACES).includes('pid');
  const useInit = Boolean(opts.init) && newPidNamespace;
  if (useInit) argv = [INIT_TARGET, '--', ...argv];

  const cwd = li.workingDir || (opts.sandbox ? SANDBOX_TARGET : '/');
  if (!path.isAbsolute(cwd)) throw new InvalidError(`workingDir must be absolute, got "${cwd}"`);

  // Mounts.
  const mounts = defaultMounts();
  if (hostRoot) {
    // The host's sysfs is already mounted with submounts (cgroups): bind it read-only rather
    // than mount a new one over the host's tree.
    const i = mounts.findIndex((m) => m.type === 'sysfs' && m.destination === '/sys');
    mounts[i] = { destination: '/sys', type: 'none', source: '/sys', options: ['rbind', 'nosuid', 'noexec', 'nodev', 'ro'] };
    mounts.push(...hostRoot.entries.mounts.map((m) => ({ ...m, options: [...(m.options ?? [])] })));
  }
  if (useInit) mounts.push({ destination: INIT_TARGET, type: 'bind', source: opts.init!, options: ['bind', 'ro', 'nosuid', 'nodev'] });
  if (opts.sandbox) mounts.push({ destination: SANDBOX_TARGET, type: 'bind', source: opts.sandbox, options: ['rbind', 'rw'] });
  if (hostRoot) {
    mounts.push({ destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'mode=1777'] });
    // Then the host's work dirs disappear under empty tmpfs (other sandboxes, checkpoints, keys)...
    for (const hidden of li.hiddenHostPaths ?? []) {
      if (!path.isAbsolute(hidden)) throw new InvalidError(`hidden host path must be absolute, got "${hidden}"`);
      mounts.push({ destination: normalizeTarget(hidden), type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'noexec', 'mode=755', 'size=64k'] });
    }
    // ...and after /tmp and those: a sandbox under the host's /tmp or a work dir stays reachable at its own path.
    if (opts.sandbox && normalizeTarget(opts.sandbox) !== SANDBOX_TARGET) mounts.push({ destination: normalizeTarget(opts.sandbox), type: 'bind', source: opts.sandbox, options: ['rbind', 'rw'] });
  }
  for (const m of li.mounts ?? []) {
    if (!m.target || !path.isAbsolute(m.target)) throw new InvalidError(`mount target must be absolute, got "${m.target}"`);
    const mount: OciMount = { destination: m.target, type: m.type || 'none', source: m.source ?? '', options: [...(m.options ?? [])] };
    const i = mounts.findIndex((d) => normalizeTarget(d.destination) === normalizeTarget(m.target!));
    if (i >= 0 && i < defaultMounts().length) mounts[i] = mount;
    else mounts.push(mount);
  }

  // Namespaces, merged by type.
  const ns = new Map<string, { type: string; path?: string }>();
  for (const t of opts.defaultNamespaces ?? DEFAULT_NAMESPACES) ns.set(t, { type: t });
  if (opts.newNetworkNamespace) ns.set('network', { type: 'network' });
  for (const n of li.namespaces ?? []) {
    if (!n.type || !NAMESPACE_TYPES.has(n.type)) throw new InvalidError(`unknown namespace type "${n.type}"`);
    ns.set(n.type, n.path ? { type: n.type, path: n.path } : { type: n.type });
  }
  const mapping = (m: { containerStart?: number; hostStart?: number; size?: number }) => ({
    containerID: m.containerStart ?? 0,
    hostID: m.hostStart ?? 0,
    size: m.size ?? 0,
  });
  const uidMappings = (li.uidMappings ?? []).map(mapping);
  const gidMappings = (li.gidMappings ?? []).map(mapping);
  if ((uidMappings.length || gidMappings.length) && !ns.has('user')) ns.set('user', { type: 'user' });
  if (ns.has('user') && !ns.get('user')!.path && (!uidMappings.length || !gidMappings.length)) {
    throw new InvalidError('a new user namespace needs both uid and gid mappings');
  }
  if (li.hostname && !ns.has('uts')) throw new InvalidError('hostname needs a uts namespace');

  // A new user namespace without its own network namespace may not mount sysfs: bind the host's.
  if (ns.has('user') && !ns.get('user')!.path && !(ns.has('network') && !ns.get('network')!.path)) {
    const i = mounts.findIndex((m) => m.type === 'sysfs' && m.destination === '/sys');
    if (i >= 0) mounts[i] = { destination: '/sys', type: 'none', source: '/sys', options: ['rbind', 'nosuid', 'noexec', 'nodev', 'ro'] };
  }

  // Devices: deny by default, the standard set, then LaunchInfo's.
  const deviceRules: OciDeviceRule[] = [{ allow: false, access: 'rwm' }, ...STANDARD_DEVICE_RULES.map((r) => ({ ...r }))];
  const devices: OciDevice[] = [];
  for (const d of li.devices ?? []) {
    const type = d.type || 'c';
    if (!['c', 'b', 'a'].includes(type)) throw new InvalidError(`device type must be c, b or a, got "${type}"`);
    const access = d.access || 'rwm';
    if (!/^[rwm]+$/.test(access)) throw new InvalidError(`device access must be made of r, w, m, got "${access}"`);
    const rule: OciDeviceRule = { allow: true, type, access };
    if (type !== 'a') {
      if ((d.major ?? 0) >= 0) rule.major = d.major ?? 0;
      if ((d.minor ?? 0) >= 0) rule.minor = d.minor ?? 0;
    }
    deviceRules.push(rule);
    if (d.path) {
      if (type === 'a' || (d.major ?? 0) < 0 || (d.minor ?? 0) < 0) {
        throw new InvalidError(`device node ${d.path} needs a type c or b and a major and minor number`);
      }
      devices.push({
        path: d.path,
        type,
        major: d.major ?? 0,
        minor: d.minor ?? 0,
        fileMode: d.fileMode || 0o666,
        uid: d.uid ?? 0,
        gid: d.gid ?? 0,
      });
    }
  }

  // Cgroups.
  const cg = li.cgroups ?? null;
  const resources: OciSpec['linux']['resources'] = { devices: deviceRules };
  if (cg) {
    const memory = { limit: int64(cg.memoryLimitBytes), reservation: int64(cg.memoryReservationBytes), swap: int64(cg.memorySwapBytes) };
    if (Object.values(memory).some((v) => v !== undefined)) resources.memory = dropUndefined(memory);
    const cpu = {
      shares: cg.cpuShares ?? undefined,
      quota: int64(cg.cpuQuotaUs),
      period: cg.cpuPeriodUs ?? undefined,
      cpus: cg.cpusetCpus || undefined,
      mems: cg.cpusetMems || undefined,
    };
    if (Object.values(cpu).some((v) => v !== undefined)) resources.cpu = dropUndefined(cpu);
    const pids = int64(cg.pidsLimit);
    if (pids !== undefined) resources.pids = { limit: pids };
    if (cg.blkioWeight !== undefined && cg.blkioWeight !== null) resources.blockIO = { weight: cg.blkioWeight };
    if (cg.unified && Object.keys(cg.unified).length) resources.unified = { ...cg.unified };
  }
  const cgPath = cg?.path || path.posix.join(opts.cgroupParent ?? 'plateau', opts.containerId);
  const cgroupsPath = cgPath.startsWith('/') ? cgPath : `/${cgPath}`;

  let seccomp: unknown;
  if (li.seccompProfileJson) {
    try {
      seccomp = JSON.parse(li.seccompProfileJson);
    } catch (e) {
      throw new InvalidError(`seccompProfileJson is not JSON: ${(e as Error).message}`);
    }
    if (!seccomp || typeof seccomp !== 'object' || !('defaultAction' in seccomp)) {
      throw new InvalidError('seccompProfileJson must be an OCI linux.seccomp object with a defaultAction');
    }
  }

  const spec: OciSpec = {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user,
      args: argv,
      env: [...env].map(([k, v]) => `${k}=${v}`),
      cwd,
      capabilities,
      noNewPrivileges: li.noNewPrivileges ?? false,
    },
    root: hostRoot ? { path: hostRoot.dir, readonly: !hostRoot.writable } : { path: rootfs, readonly: false },
    mounts,
    linux: {
      namespaces: [...ns.values()],
      cgroupsPath,
      resources,
      maskedPaths: li.maskedPaths?.length ? [...li.maskedPaths] : [...DEFAULT_MASKED_PATHS],
      readonlyPaths: li.readonlyPaths?.length ? [...li.readonlyPaths] : [...DEFAULT_READONLY_PATHS],
    },
  };
  if (rlimits.length) spec.process.rlimits = rlimits;
  if (li.hostname) spec.hostname = li.hostname;
  if (uidMappings.length) spec.linux.uidMappings = uidMappings;
  if (gidMappings.length) spec.linux.gidMappings = gidMappings;
  if (devices.length) spec.linux.devices = devices;
  if (seccomp) spec.linux.seccomp = seccomp;
  if (li.sysctls && Object.keys(li.sysctls).length) spec.linux.sysctl = { ...li.sysctls };
  if (opts.hooks) spec.hooks = opts.hooks;
  spec.annotations = { 'org.plateau.container-id': opts.containerId, ...(opts.annotations ?? {}) };
  return spec;
}

/**
 * Creates, as the host's root, the missing targets of bind mounts inside the rootfs (a directory,
 * or an empty file for a file source), so that a container whose root is an unprivileged uid (user
 * namespace) can still get them. Targets under /proc, /sys and /dev are left to the runtime, and a
 * target is skipped when any existing component on its path is a symlink (runc resolves those
 * safely inside the rootfs itself).
 */
export function prepareMountTargets(spec: OciSpec): void {
  const root = spec.root.path;
  for (const m of spec.mounts) {
    const bind = m.type === 'bind' || (m.options ?? []).some((o) => o === 'bind' || o === 'rbind');
    if (!bind || !m.source || /^\/(proc|sys|dev)(\/|$)/.test(m.destination)) continue;
    let isDir = true;
    try {
      isDir = fs.statSync(m.source).isDirectory();
    } catch {
      continue; // runc reports a missing source
    }
    const parts = path.posix.normalize(m.destination).split('/').filter(Boolean);
    let cur = root;
    for (let i = 0; i < parts.length; i++) {
      cur = path.join(cur, parts[i]!);
      const last = i === parts.length - 1;
      let st: fs.Stats | undefined;
      try {
        st = fs.lstatSync(cur);
      } catch {
        st = undefined;
      }
      if (st?.isSymbolicLink()) break;
      if (st) continue;
      if (last && !isDir) fs.closeSync(fs.openSync(cur, 'a', 0o644));
      else fs.mkdirSync(cur, { mode: 0o755 });
    }
  }
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
