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

const idRange = {
  type: 'object',
  additionalProperties: false,
  required: ['start'],
  properties: {
    start: { type: 'integer', minimum: 1, description: 'First host id of the range.' },
    size: { type: 'integer', minimum: 1, default: 65536, description: 'Number of ids.' },
  },
} as const;

/** How a container gets a user namespace. */
export type UserNamespaceMode = 'auto' | 'on' | 'off';

/** A range of host ids. */
export interface IdRange {
  start: number;
  size: number;
}

/** The default range: the first one /etc/subuid conventions hand out (root:100000:65536). */
export const DEFAULT_ID_RANGE: IdRange = { start: 100000, size: 65536 };

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
      description: 'Namespaces every container gets. network belongs to the CNI isolator; user is set by userNamespace.',
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
    userNamespace: {
      enum: ['auto', 'on', 'off'],
      default: 'auto',
      description:
        'User namespace of each container: root inside is uidRange.start outside. auto = on unless the container cannot use it (then it runs without, and the reason is logged once); on = a container that cannot use it fails; off = never.',
    },
    uidRange: { ...idRange, description: 'Host uids the containers map to: container uid 0..size-1 = host start..start+size-1.' },
    gidRange: { ...idRange, description: 'Host gids the containers map to; defaults to uidRange.' },
    rootfsRemapMaxEntries: {
      type: 'integer',
      minimum: 0,
      default: 20000,
      description: 'Largest image rootfs (files, directories and links) whose ownership is shifted into the mapped range at Prepare; a larger one cannot be remapped cheaply.',
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
  userNamespace: UserNamespaceMode;
  uidRange: IdRange;
  gidRange: IdRange;
  rootfsRemapMaxEntries: number;
  rlimits: RlimitConfig[];
  noNewPrivileges: boolean;
  maskedPaths: string[];
  readonlyPaths: string[];
  hostname: boolean;
  allowAgentPidNamespace: boolean;
  allowAgentIpcNamespace: boolean;
}

/** A partial config, as a user may write it. */
export type LinuxConfigInput = Omit<Partial<LinuxConfig>, 'seccomp' | 'uidRange' | 'gidRange'> & {
  seccomp?: Partial<LinuxConfig['seccomp']>;
  uidRange?: Partial<IdRange>;
  gidRange?: Partial<IdRange>;
};

/** Fills what the host's schema defaults would; lets the isolator be built directly (tests, tools). */
export function withDefaults(c: LinuxConfigInput = {}): LinuxConfig {
  const uid = { start: c.uidRange?.start ?? DEFAULT_ID_RANGE.start, size: c.uidRange?.size ?? DEFAULT_ID_RANGE.size };
  return {
    namespaces: c.namespaces ?? ['pid', 'ipc', 'uts', 'mount'],
    defaultCapabilities: c.defaultCapabilities ?? [...DEFAULT_CAPABILITIES],
    allowedCapabilities: c.allowedCapabilities ?? [],
    seccomp: {
      defaultProfile: c.seccomp?.defaultProfile ?? 'default',
      profiles: c.seccomp?.profiles ?? {},
      allowUnconfined: c.seccomp?.allowUnconfined ?? false,
    },
    userNamespace: c.userNamespace ?? 'auto',
    uidRange: uid,
    gidRange: { start: c.gidRange?.start ?? uid.start, size: c.gidRange?.size ?? uid.size },
    rootfsRemapMaxEntries: c.rootfsRemapMaxEntries ?? 20000,
    rlimits: c.rlimits ?? [],
    noNewPrivileges: c.noNewPrivileges ?? true,
    maskedPaths: c.maskedPaths ?? [...DEFAULT_MASKED_PATHS],
    readonlyPaths: c.readonlyPaths ?? [...DEFAULT_READONLY_PATHS],
    hostname: c.hostname ?? true,
    allowAgentPidNamespace: c.allowAgentPidNamespace ?? false,
    allowAgentIpcNamespace: c.allowAgentIpcNamespace ?? false,
  };
}
