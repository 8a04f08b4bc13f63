// Original file: kernel/container/v1/container.proto

import type { Long } from '@grpc/proto-loader';

/**
 * CgroupSettings are the cgroup limits of a container; unset fields are left to other isolators.
 */
export interface CgroupSettings {
  /**
   * Cgroup path of the container, relative to the cgroup root; unset lets the launcher choose.
   */
  'path'?: (string);
  /**
   * CPU weight in cgroup v1 shares (1024 = one CPU).
   */
  'cpuShares'?: (number);
  /**
   * CFS quota in microseconds per period; -1 means unlimited.
   */
  'cpuQuotaUs'?: (number | string | Long);
  /**
   * CFS period in microseconds (usually 100000).
   */
  'cpuPeriodUs'?: (number);
  /**
   * Hard memory limit in bytes.
   */
  'memoryLimitBytes'?: (number | string | Long);
  /**
   * Soft memory limit (reservation) in bytes.
   */
  'memoryReservationBytes'?: (number | string | Long);
  /**
   * Memory plus swap limit in bytes; -1 means unlimited swap.
   */
  'memorySwapBytes'?: (number | string | Long);
  /**
   * Maximum number of processes; -1 means unlimited.
   */
  'pidsLimit'?: (number | string | Long);
  /**
   * Block IO weight, 10..1000.
   */
  'blkioWeight'?: (number);
  /**
   * CPUs the container may run on, e.g. "0-3,7".
   */
  'cpusetCpus'?: (string);
  /**
   * Memory nodes the container may use, e.g. "0".
   */
  'cpusetMems'?: (string);
  /**
   * Raw cgroup v2 files to write, e.g. {"memory.high": "1073741824"}.
   */
  'unified'?: ({[key: string]: string});
  '_path'?: "path";
  '_cpuShares'?: "cpuShares";
  '_cpuQuotaUs'?: "cpuQuotaUs";
  '_cpuPeriodUs'?: "cpuPeriodUs";
  '_memoryLimitBytes'?: "memoryLimitBytes";
  '_memoryReservationBytes'?: "memoryReservationBytes";
  '_memorySwapBytes'?: "memorySwapBytes";
  '_pidsLimit'?: "pidsLimit";
  '_blkioWeight'?: "blkioWeight";
  '_cpusetCpus'?: "cpusetCpus";
  '_cpusetMems'?: "cpusetMems";
}

/**
 * CgroupSettings are the cgroup limits of a container; unset fields are left to other isolators.
 */
export interface CgroupSettings__Output {
  /**
   * Cgroup path of the container, relative to the cgroup root; unset lets the launcher choose.
   */
  'path'?: (string);
  /**
   * CPU weight in cgroup v1 shares (1024 = one CPU).
   */
  'cpuShares'?: (number);
  /**
   * CFS quota in microseconds per period; -1 means unlimited.
   */
  'cpuQuotaUs'?: (string);
  /**
   * CFS period in microseconds (usually 100000).
   */
  'cpuPeriodUs'?: (number);
  /**
   * Hard memory limit in bytes.
   */
  'memoryLimitBytes'?: (string);
  /**
   * Soft memory limit (reservation) in bytes.
   */
  'memoryReservationBytes'?: (string);
  /**
   * Memory plus swap limit in bytes; -1 means unlimited swap.
   */
  'memorySwapBytes'?: (string);
  /**
   * Maximum number of processes; -1 means unlimited.
   */
  'pidsLimit'?: (string);
  /**
   * Block IO weight, 10..1000.
   */
  'blkioWeight'?: (number);
  /**
   * CPUs the container may run on, e.g. "0-3,7".
   */
  'cpusetCpus'?: (string);
  /**
   * Memory nodes the container may use, e.g. "0".
   */
  'cpusetMems'?: (string);
  /**
   * Raw cgroup v2 files to write, e.g. {"memory.high": "1073741824"}.
   */
  'unified': ({[key: string]: string});
  '_path'?: "path";
  '_cpuShares'?: "cpuShares";
  '_cpuQuotaUs'?: "cpuQuotaUs";
  '_cpuPeriodUs'?: "cpuPeriodUs";
  '_memoryLimitBytes'?: "memoryLimitBytes";
  '_memoryReservationBytes'?: "memoryReservationBytes";
  '_memorySwapBytes'?: "memorySwapBytes";
  '_pidsLimit'?: "pidsLimit";
  '_blkioWeight'?: "blkioWeight";
  '_cpusetCpus'?: "cpusetCpus";
  '_cpusetMems'?: "cpusetMems";
}
