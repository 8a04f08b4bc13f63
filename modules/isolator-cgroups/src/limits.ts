import type { CgroupsConfig } from './config';
import { limitOf, scalarOf, type CgroupSettingsOut, type ResourceIn } from './types';

const MiB = 1024 * 1024;
/** CPU shares per CPU (cgroup v1 convention; runc converts to cpu.weight on v2). */
export const SHARES_PER_CPU = 1024;
/** Smallest CFS quota Mesos writes: one millisecond. */
export const MIN_CFS_QUOTA_US = 1000;

/** The limits of one container in plain numbers; unset = not limited by this isolator. */
export interface Limits {
  /** CPUs requested (reported as cpus_limit when there is no quota). */
  cpus?: number;
  cpuShares?: number;
  /** CFS quota in µs per period; -1 = unlimited. */
  cpuQuotaUs?: number;
  cpuPeriodUs?: number;
  /** Hard memory limit in bytes; -1 = unlimited. */
  memoryLimitBytes?: number;
  /** Soft limit (v1 memory.soft_limit_in_bytes, v2 memory.low) in bytes. */
  memoryReservationBytes?: number;
  /** Memory + swap limit in bytes; -1 = unlimited. */
  memorySwapBytes?: number;
  /** pids.max; -1 = unlimited. */
  pidsLimit?: number;
  blkioWeight?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
}

/** What the host's cgroups can enforce, probed once (see CgroupFs.features). */
export interface Features {
  cpu: boolean;
  cfs: boolean;
  memory: boolean;
  swap: boolean;
  pids: boolean;
  blkioWeight: boolean;
  cpuset: boolean;
}

/**
 * computeLimits: a container's limits from its resources (`cpus`, `mem` in MB), its limits map
 * and the config, keeping only what the host can enforce.
 *
 * - cpu.shares = max(minCpuShares, cpus × 1024).
 * - CFS quota = limit × period when the config map holds a `cpus` limit (+Inf: unlimited), else
 *   cpus × period when `cfsQuota` is on; at least 1 ms.
 * - memory limit = the `mem` limit if given (+Inf: unlimited), else the `mem` request; at least
 *   minMemoryMb. The soft limit is the request. With limitSwap, memory+swap = the memory limit.
 * - pids, blkio weight and cpuset come from the config (the same for every container).
 */
export function computeLimits(
  cfg: CgroupsConfig,
  resources: readonly ResourceIn[] | undefined,
  limits: Record<string, number | string> | undefined,
  features: Features,
): Limits {
  const out: Limits = {};
  const cpus = scalarOf(resources, 'cpus');
  if (features.cpu) {
    if (cpus !== undefined) {
      out.cpus = cpus;
      out.cpuShares = Math.max(cfg.minCpuShares, Math.floor(cpus * SHARES_PER_CPU));
    }
    let cpuLimit = limitOf(limits, 'cpus');
    if (cpuLimit === undefined && cfg.cfsQuota && cpus !== undefined) cpuLimit = cpus;
    if (cpuLimit !== undefined && features.cfs) {
      out.cpuPeriodUs = cfg.cpuPeriodUs;
      out.cpuQuotaUs = Number.isFinite(cpuLimit) ? Math.max(MIN_CFS_QUOTA_US, Math.floor(cpuLimit * cfg.cpuPeriodUs)) : -1;
    }
  }
  if (features.memory) {
    const memRequest = scalarOf(resources, 'mem');
    const memLimit = limitOf(limits, 'mem') ?? memRequest;
    if (memLimit !== undefined) {
      out.memoryLimitBytes = Number.isFinite(memLimit) ? Math.floor(Math.max(memLimit, cfg.minMemoryMb) * MiB) : -1;
      if (cfg.limitSwap && features.swap) out.memorySwapBytes = out.memoryLimitBytes;
    }
    if (memRequest !== undefined) out.memoryReservationBytes = Math.floor(memRequest * MiB);
  }
  if (features.pids) out.pidsLimit = cfg.pidsLimit;
  if (features.blkioWeight && cfg.blkioWeight !== undefined) out.blkioWeight = cfg.blkioWeight;
  if (features.cpuset) {
    if (cfg.cpusetCpus) out.cpusetCpus = cfg.cpusetCpus;
    if (cfg.cpusetMems) out.cpusetMems = cfg.cpusetMems;
  }
  return out;
}

/** The CPUs a container may use, as Mesos reports cpus_limit: the quota if any, else the request. */
export function cpusLimitOf(l: Limits): number | undefined {
  if (l.cpuQuotaUs !== undefined && l.cpuQuotaUs > 0 && l.cpuPeriodUs) return l.cpuQuotaUs / l.cpuPeriodUs;
  return l.cpus;
}

/** Limits as the LaunchInfo's CgroupSettings (64-bit integers as decimal strings). */
export function toSettings(path: string, l: Limits): CgroupSettingsOut {
  const s: CgroupSettingsOut = { path, unified: {} };
  if (l.cpuShares !== undefined) s.cpuShares = l.cpuShares;
  if (l.cpuQuotaUs !== undefined) s.cpuQuotaUs = String(l.cpuQuotaUs);
  if (l.cpuPeriodUs !== undefined) s.cpuPeriodUs = l.cpuPeriodUs;
  if (l.memoryLimitBytes !== undefined) s.memoryLimitBytes = String(l.memoryLimitBytes);
  if (l.memoryReservationBytes !== undefined) s.memoryReservationBytes = String(l.memoryReservationBytes);
  if (l.memorySwapBytes !== undefined) s.memorySwapBytes = String(l.memorySwapBytes);
  if (l.pidsLimit !== undefined) s.pidsLimit = String(l.pidsLimit);
  if (l.blkioWeight !== undefined) s.blkioWeight = l.blkioWeight;
  if (l.cpusetCpus !== undefined) s.cpusetCpus = l.cpusetCpus;
  if (l.cpusetMems !== undefined) s.cpusetMems = l.cpusetMems;
  return s;
}

/** runc's conversion of v1 cpu.shares (2..262144) to v2 cpu.weight (1..10000). */
export function sharesToWeight(shares: number): number {
  return shares <= 0 ? 0 : 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/** runc's conversion of v1 blkio weight (10..1000) to v2 io.weight (1..10000). */
export function blkioToIoWeight(weight: number): number {
  return weight <= 0 ? 0 : 1 + Math.floor(((weight - 10) * 9999) / 990);
}
