/** Config of the cgroups isolator (the single source of truth is this schema). */
export const CgroupsConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    root: {
      type: 'string',
      pattern: '^[A-Za-z0-9_.-]+$',
      not: { enum: ['.', '..'] },
      default: 'plateau',
      description:
        'Name of the parent cgroup of all containers: a container gets `<root>/<containerId>` under every controller (v1) or under the unified root (v2). Containers found under it at recovery that the agent does not know are removed.',
    },
    mountPoint: {
      type: 'string',
      default: '/sys/fs/cgroup',
      description: 'Where the cgroup filesystems are mounted: the unified hierarchy itself (v2) or a directory of per-controller mounts (v1).',
    },
    version: {
      enum: ['auto', 'v1', 'v2'],
      default: 'auto',
      description: 'cgroup version; `auto` detects it from the filesystem at mountPoint.',
    },
    cfsQuota: {
      type: 'boolean',
      default: false,
      description: 'Also cap CPU time with a CFS quota of `cpus` × period (hard limit); shares alone are a weight. A `cpus` limit in the container config sets a quota regardless.',
    },
    cpuPeriodUs: { type: 'integer', minimum: 1000, maximum: 1000000, default: 100000, description: 'CFS period in microseconds.' },
    minCpuShares: { type: 'integer', minimum: 2, default: 2, description: 'Smallest cpu.shares written (the kernel minimum is 2).' },
    minMemoryMb: {
      type: 'number',
      minimum: 1,
      default: 32,
      description: 'Smallest memory limit in MB; a container asking for less gets this (Mesos MIN_MEMORY).',
    },
    limitSwap: {
      type: 'boolean',
      default: false,
      description: 'Limit memory plus swap to the memory limit, so a container cannot swap (needs swap accounting: memory.memsw.* on v1).',
    },
    pidsLimit: {
      type: 'integer',
      minimum: -1,
      default: 4096,
      description: 'Most processes and threads a container may have (pids.max); -1 for no limit.',
    },
    blkioWeight: {
      type: 'integer',
      minimum: 10,
      maximum: 1000,
      description: 'Block IO weight of every container, 10..1000 (blkio.weight or blkio.bfq.weight on v1, io.weight on v2). Unset writes nothing; ignored with a warning when the host has no weight file.',
    },
    cpusetCpus: { type: 'string', pattern: '^[0-9,-]+$', description: 'CPUs every container is confined to, e.g. "0-3,7".' },
    cpusetMems: { type: 'string', pattern: '^[0-9,-]+$', description: 'Memory nodes every container is confined to, e.g. "0".' },
    watchPollMs: {
      type: 'integer',
      minimum: 10,
      default: 100,
      description: 'How often Watch reads the memory cgroup for OOM kills.',
    },
    removeRootOnStop: {
      type: 'boolean',
      default: false,
      description: 'At stop, also remove the parent cgroup `root` where it is empty (for throwaway roots in tests; containers outlive the agent, so agents keep it).',
    },
    killTimeoutMs: {
      type: 'integer',
      minimum: 100,
      default: 5000,
      description: 'How long Cleanup waits for processes it killed to leave the cgroup before giving up.',
    },
  },
} as const;

/** The cgroups isolator's config, after defaults. */
export interface CgroupsConfig {
  root: string;
  mountPoint: string;
  version: 'auto' | 'v1' | 'v2';
  cfsQuota: boolean;
  cpuPeriodUs: number;
  minCpuShares: number;
  minMemoryMb: number;
  limitSwap: boolean;
  pidsLimit: number;
  blkioWeight?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  watchPollMs: number;
  killTimeoutMs: number;
  removeRootOnStop: boolean;
}

/** The config with every default applied (for callers that build one without the host). */
export function withDefaults(partial: Partial<CgroupsConfig> = {}): CgroupsConfig {
  return {
    root: 'plateau',
    mountPoint: '/sys/fs/cgroup',
    version: 'auto',
    cfsQuota: false,
    cpuPeriodUs: 100000,
    minCpuShares: 2,
    minMemoryMb: 32,
    limitSwap: false,
    pidsLimit: 4096,
    watchPollMs: 100,
    killTimeoutMs: 5000,
    removeRootOnStop: false,
    ...partial,
  };
}
