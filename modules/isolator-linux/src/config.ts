import { DEFAULT_CAPABILITIES } from './capabilities';

/** Docker's masked paths: hidden under /dev/null (files) or an empty read-only tmpfs (directories). */
export const DEFAULT_MASKED_PATHS = [
  '/proc/acpi',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

/** Paths remounted read-only. */
export const DEFAULT_READONLY_PATHS = ['/proc/asound', '/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

const capabilityList = { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_]+$' } } as const;

const rlimitItem = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', description: 'RLIMIT_NOFILE, RLMT_NOFILE or NOFILE.' },
    soft: { type: ['integer', 'string'], description: 'Soft limit; "unlimited" allowed. Omit both soft and hard for unlimited.' },
    hard: { type: ['integer', 'string'], description: 'Hard limit; "unlimited" allowed.' },
  },
} as const;

/** Config of the linux isolator (the single source of truth is this schema). */
export const LinuxConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    namespaces: {
      type: 'array',
      items: { enum: ['pid', 'ipc', 'uts', 'mount', 'cgroup'] },
      default: ['pid', 'ipc', 'uts', 'mount'],
      description: 'Namespaces every container gets. network belongs to the CNI isolator; user is set by userNamespaces.',
    },
    defaultCapabilities: {
      ...capabilityList,
      default: [...DEFAULT_CAPABILITIES],
      description: 'Effective (and bounding) capabilities of a task that asks for none. Docker\'s 14 without NET_RAW by default.',
    },
    allowedCapabilities: {
      ...capabilityList,
      default: [],
      description: 'Capabilities a task may ask for in ContainerInfo.linux_info beyond defaultCapabilities; any other is refused.',
    },
    seccomp: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        defaultProfile: {
          type: 'string',
          default: 'default',
          description: '"default" (the built-in allow-list after Docker\'s), "unconfined", or the name of a profile in profiles.',
        },
        profiles: {
          type: 'object',
          additionalProperties: { type: 'string' },
          default: {},
          description: 'Named profiles: name → path of an OCI linux.seccomp JSON file (Docker profiles with archMap/includes are resolved). Chosen by linux_info.seccomp.profile_name.',
        },
        allowUnconfined: { type: 'boolean', default: false, description: 'Whether a task may ask for linux_info.seccomp.unconfined.' },
      },
    },
    userNamespaces: {
      type: 'object',
      additionalProperties: false,
      default: { enabled: false },
      properties: {
        enabled: { type: 'boolean', default: false, description: 'Give every container a user namespace: root inside is hostUidStart outside.' },
        hostUidStart: { type: 'integer', minimum: 1, default: 100000, description: 'First host uid of the mapped range.' },
        hostGidStart: { type: 'integer', minimum: 1, description: 'First host gid of the mapped range; defaults to hostUidStart.' },
        size: { type: 'integer', minimum: 1, default: 65536, description: 'Number of ids mapped (container ids 0..size-1).' },
        chownSandbox: { type: 'boolean', default: true, description: 'Give the sandbox directory to the mapped root so the task can write there.' },
        bindSys: {
          type: 'boolean',
          default: true,
          description: 'Bind the host\'s /sys read-only at /sys (a user namespace cannot mount sysfs for a network namespace it does not own).',
        },
      },
    },
    rlimits: { type: 'array', items: rlimitItem, default: [], description: 'Default rlimits; a task\'s ContainerInfo.rlimit_info overrides them by type.' },
    noNewPrivileges: { type: 'boolean', default: true, description: 'Set no_new_privs: setuid binaries and file capabilities grant nothing.' },
    maskedPaths: { type: 'array', items: { type: 'string' }, default: DEFAULT_MASKED_PATHS },
    readonlyPaths: { type: 'array', items: { type: 'string' }, default: DEFAULT_READONLY_PATHS },
    hostname: { type: 'boolean', default: true, description: 'Set the hostname: ContainerInfo.hostname, else the task id, else the container id\'s first 12 characters.' },
    allowAgentPidNamespace: {
      type: 'boolean',
      default: false,
      description: 'Whether a top-level container may set linux_info.share_pid_namespace (share the agent\'s pid namespace).',
    },
    allowAgentIpcNamespace: {
      type: 'boolean',
      default: false,
      description: 'Whether a top-level container may set linux_info.ipc_mode SHARE_PARENT (share the agent\'s ipc namespace).',
    },
  },
} as const;

/** A default rlimit as configured. */
export interface RlimitConfig {
  type: string;
  soft?: number | string;
  hard?: number | string;
}

/** The linux isolator's config, with defaults applied. */
export interface LinuxConfig {
  namespaces: string[];
  defaultCapabilities: string[];
  allowedCapabilities: string[];
  seccomp: { defaultProfile: string; profiles: Record<string, string>; allowUnconfined: boolean };
  userNamespaces: { enabled: boolean; hostUidStart: number; hostGidStart?: number; size: number; chownSandbox: boolean; bindSys: boolean };
  rlimits: RlimitConfig[];
  noNewPrivileges: boolean;
  maskedPaths: string[];
  readonlyPaths: string[];
  hostname: boolean;
  allowAgentPidNamespace: boolean;
  allowAgentIpcNamespace: boolean;
}

/** A partial config, as a user may write it. */
export type LinuxConfigInput = Omit<Partial<LinuxConfig>, 'seccomp' | 'userNamespaces'> & {
  seccomp?: Partial<LinuxConfig['seccomp']>;
  userNamespaces?: Partial<LinuxConfig['userNamespaces']>;
};

/** Fills what the host's schema defaults would; lets the isolator be built directly (tests, tools). */
export function withDefaults(c: LinuxConfigInput = {}): LinuxConfig {
  return {
    namespaces: c.namespaces ?? ['pid', 'ipc', 'uts', 'mount'],
    defaultCapabilities: c.defaultCapabilities ?? [...DEFAULT_CAPABILITIES],
    allowedCapabilities: c.allowedCapabilities ?? [],
    seccomp: {
      defaultProfile: c.seccomp?.defaultProfile ?? 'default',
      profiles: c.seccomp?.profiles ?? {},
      allowUnconfined: c.seccomp?.allowUnconfined ?? false,
    },
    userNamespaces: {
      enabled: c.userNamespaces?.enabled ?? false,
      hostUidStart: c.userNamespaces?.hostUidStart ?? 100000,
      hostGidStart: c.userNamespaces?.hostGidStart,
      size: c.userNamespaces?.size ?? 65536,
      chownSandbox: c.userNamespaces?.chownSandbox ?? true,
      bindSys: c.userNamespaces?.bindSys ?? true,
    },
    rlimits: c.rlimits ?? [],
    noNewPrivileges: c.noNewPrivileges ?? true,
    maskedPaths: c.maskedPaths ?? [...DEFAULT_MASKED_PATHS],
    readonlyPaths: c.readonlyPaths ?? [...DEFAULT_READONLY_PATHS],
    hostname: c.hostname ?? true,
    allowAgentPidNamespace: c.allowAgentPidNamespace ?? false,
    allowAgentIpcNamespace: c.allowAgentIpcNamespace ?? false,
  };
}
