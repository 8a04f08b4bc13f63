// Original file: kernel/container/v1/container.proto

import type { DiskStatistics as _kernel_container_v1_DiskStatistics, DiskStatistics__Output as _kernel_container_v1_DiskStatistics__Output } from '../../../kernel/container/v1/DiskStatistics';
import type { Long } from '@grpc/proto-loader';

/**
 * ResourceStatistics is a container's usage (Mesos ResourceStatistics); unset fields are unknown.
 */
export interface ResourceStatistics {
  /**
   * When the sample was taken, seconds since the epoch.
   */
  'timestamp'?: (number | string);
  /**
   * Number of processes in the container.
   */
  'processes'?: (number);
  /**
   * Number of threads in the container.
   */
  'threads'?: (number);
  /**
   * CPU time spent in user mode, seconds.
   */
  'cpusUserTimeSecs'?: (number | string);
  /**
   * CPU time spent in kernel mode, seconds.
   */
  'cpusSystemTimeSecs'?: (number | string);
  /**
   * CPU limit of the container, in CPUs.
   */
  'cpusLimit'?: (number | string);
  /**
   * Number of CFS periods elapsed.
   */
  'cpusNrPeriods'?: (number);
  /**
   * Number of CFS periods in which the container was throttled.
   */
  'cpusNrThrottled'?: (number);
  /**
   * Total time the container was throttled, seconds.
   */
  'cpusThrottledTimeSecs'?: (number | string);
  /**
   * Total memory charged to the container, bytes.
   */
  'memTotalBytes'?: (number | string | Long);
  /**
   * Total memory plus swap charged to the container, bytes.
   */
  'memTotalMemswBytes'?: (number | string | Long);
  /**
   * Hard memory limit, bytes.
   */
  'memLimitBytes'?: (number | string | Long);
  /**
   * Soft memory limit, bytes.
   */
  'memSoftLimitBytes'?: (number | string | Long);
  /**
   * Page cache, bytes.
   */
  'memCacheBytes'?: (number | string | Long);
  /**
   * Resident anonymous memory (RSS), bytes.
   */
  'memRssBytes'?: (number | string | Long);
  /**
   * Memory-mapped files, bytes.
   */
  'memMappedFileBytes'?: (number | string | Long);
  /**
   * Swap in use, bytes.
   */
  'memSwapBytes'?: (number | string | Long);
  /**
   * Unevictable memory, bytes.
   */
  'memUnevictableBytes'?: (number | string | Long);
  /**
   * File-backed memory, bytes.
   */
  'memFileBytes'?: (number | string | Long);
  /**
   * Anonymous memory, bytes.
   */
  'memAnonBytes'?: (number | string | Long);
  /**
   * Disk quota of the sandbox, bytes.
   */
  'diskLimitBytes'?: (number | string | Long);
  /**
   * Disk used by the sandbox, bytes.
   */
  'diskUsedBytes'?: (number | string | Long);
  /**
   * Packets received.
   */
  'netRxPackets'?: (number | string | Long);
  /**
   * Bytes received.
   */
  'netRxBytes'?: (number | string | Long);
  /**
   * Receive errors.
   */
  'netRxErrors'?: (number | string | Long);
  /**
   * Received packets dropped.
   */
  'netRxDropped'?: (number | string | Long);
  /**
   * Packets sent.
   */
  'netTxPackets'?: (number | string | Long);
  /**
   * Bytes sent.
   */
  'netTxBytes'?: (number | string | Long);
  /**
   * Send errors.
   */
  'netTxErrors'?: (number | string | Long);
  /**
   * Sent packets dropped.
   */
  'netTxDropped'?: (number | string | Long);
  /**
   * Usage of the container's persistent volumes, one per volume (Mesos disk_statistics).
   */
  'diskStatistics'?: (_kernel_container_v1_DiskStatistics)[];
  '_processes'?: "processes";
  '_threads'?: "threads";
  '_cpusUserTimeSecs'?: "cpusUserTimeSecs";
  '_cpusSystemTimeSecs'?: "cpusSystemTimeSecs";
  '_cpusLimit'?: "cpusLimit";
  '_cpusNrPeriods'?: "cpusNrPeriods";
  '_cpusNrThrottled'?: "cpusNrThrottled";
  '_cpusThrottledTimeSecs'?: "cpusThrottledTimeSecs";
  '_memTotalBytes'?: "memTotalBytes";
  '_memTotalMemswBytes'?: "memTotalMemswBytes";
  '_memLimitBytes'?: "memLimitBytes";
  '_memSoftLimitBytes'?: "memSoftLimitBytes";
  '_memCacheBytes'?: "memCacheBytes";
  '_memRssBytes'?: "memRssBytes";
  '_memMappedFileBytes'?: "memMappedFileBytes";
  '_memSwapBytes'?: "memSwapBytes";
  '_memUnevictableBytes'?: "memUnevictableBytes";
  '_memFileBytes'?: "memFileBytes";
  '_memAnonBytes'?: "memAnonBytes";
  '_diskLimitBytes'?: "diskLimitBytes";
  '_diskUsedBytes'?: "diskUsedBytes";
  '_netRxPackets'?: "netRxPackets";
  '_netRxBytes'?: "netRxBytes";
  '_netRxErrors'?: "netRxErrors";
  '_netRxDropped'?: "netRxDropped";
  '_netTxPackets'?: "netTxPackets";
  '_netTxBytes'?: "netTxBytes";
  '_netTxErrors'?: "netTxErrors";
  '_netTxDropped'?: "netTxDropped";
}

/**
 * ResourceStatistics is a container's usage (Mesos ResourceStatistics); unset fields are unknown.
 */
export interface ResourceStatistics__Output {
  /**
   * When the sample was taken, seconds since the epoch.
   */
  'timestamp': (number);
  /**
   * Number of processes in the container.
   */
  'processes'?: (number);
  /**
   * Number of threads in the container.
   */
  'threads'?: (number);
  /**
   * CPU time spent in user mode, seconds.
   */
  'cpusUserTimeSecs'?: (number);
  /**
   * CPU time spent in kernel mode, seconds.
   */
  'cpusSystemTimeSecs'?: (number);
  /**
   * CPU limit of the container, in CPUs.
   */
  'cpusLimit'?: (number);
  /**
   * Number of CFS periods elapsed.
   */
  'cpusNrPeriods'?: (number);
  /**
   * Number of CFS periods in which the container was throttled.
   */
  'cpusNrThrottled'?: (number);
  /**
   * Total time the container was throttled, seconds.
   */
  'cpusThrottledTimeSecs'?: (number);
  /**
   * Total memory charged to the container, bytes.
   */
  'memTotalBytes'?: (string);
  /**
   * Total memory plus swap charged to the container, bytes.
   */
  'memTotalMemswBytes'?: (string);
  /**
   * Hard memory limit, bytes.
   */
  'memLimitBytes'?: (string);
  /**
   * Soft memory limit, bytes.
   */
  'memSoftLimitBytes'?: (string);
  /**
   * Page cache, bytes.
   */
  'memCacheBytes'?: (string);
  /**
   * Resident anonymous memory (RSS), bytes.
   */
  'memRssBytes'?: (string);
  /**
   * Memory-mapped files, bytes.
   */
  'memMappedFileBytes'?: (string);
  /**
   * Swap in use, bytes.
   */
  'memSwapBytes'?: (string);
  /**
   * Unevictable memory, bytes.
   */
  'memUnevictableBytes'?: (string);
  /**
   * File-backed memory, bytes.
   */
  'memFileBytes'?: (string);
  /**
   * Anonymous memory, bytes.
   */
  'memAnonBytes'?: (string);
  /**
   * Disk quota of the sandbox, bytes.
   */
  'diskLimitBytes'?: (string);
  /**
   * Disk used by the sandbox, bytes.
   */
  'diskUsedBytes'?: (string);
  /**
   * Packets received.
   */
  'netRxPackets'?: (string);
  /**
   * Bytes received.
   */
  'netRxBytes'?: (string);
  /**
   * Receive errors.
   */
  'netRxErrors'?: (string);
  /**
   * Received packets dropped.
   */
  'netRxDropped'?: (string);
  /**
   * Packets sent.
   */
  'netTxPackets'?: (string);
  /**
   * Bytes sent.
   */
  'netTxBytes'?: (string);
  /**
   * Send errors.
   */
  'netTxErrors'?: (string);
  /**
   * Sent packets dropped.
   */
  'netTxDropped'?: (string);
  /**
   * Usage of the container's persistent volumes, one per volume (Mesos disk_statistics).
   */
  'diskStatistics': (_kernel_container_v1_DiskStatistics__Output)[];
  '_processes'?: "processes";
  '_threads'?: "threads";
  '_cpusUserTimeSecs'?: "cpusUserTimeSecs";
  '_cpusSystemTimeSecs'?: "cpusSystemTimeSecs";
  '_cpusLimit'?: "cpusLimit";
  '_cpusNrPeriods'?: "cpusNrPeriods";
  '_cpusNrThrottled'?: "cpusNrThrottled";
  '_cpusThrottledTimeSecs'?: "cpusThrottledTimeSecs";
  '_memTotalBytes'?: "memTotalBytes";
  '_memTotalMemswBytes'?: "memTotalMemswBytes";
  '_memLimitBytes'?: "memLimitBytes";
  '_memSoftLimitBytes'?: "memSoftLimitBytes";
  '_memCacheBytes'?: "memCacheBytes";
  '_memRssBytes'?: "memRssBytes";
  '_memMappedFileBytes'?: "memMappedFileBytes";
  '_memSwapBytes'?: "memSwapBytes";
  '_memUnevictableBytes'?: "memUnevictableBytes";
  '_memFileBytes'?: "memFileBytes";
  '_memAnonBytes'?: "memAnonBytes";
  '_diskLimitBytes'?: "diskLimitBytes";
  '_diskUsedBytes'?: "diskUsedBytes";
  '_netRxPackets'?: "netRxPackets";
  '_netRxBytes'?: "netRxBytes";
  '_netRxErrors'?: "netRxErrors";
  '_netRxDropped'?: "netRxDropped";
  '_netTxPackets'?: "netTxPackets";
  '_netTxBytes'?: "netTxBytes";
  '_netTxErrors'?: "netTxErrors";
  '_netTxDropped'?: "netTxDropped";
}
