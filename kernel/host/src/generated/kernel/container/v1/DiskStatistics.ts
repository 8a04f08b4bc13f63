// Original file: kernel/container/v1/container.proto

import type { Long } from '@grpc/proto-loader';

/**
 * DiskStatistics is the usage of one persistent volume of a container (Mesos DiskStatistics).
 */
export interface DiskStatistics {
  /**
   * The volume's persistence id.
   */
  'persistenceId'?: (string);
  /**
   * The volume's size, bytes.
   */
  'limitBytes'?: (number | string | Long);
  /**
   * Disk the volume's directory uses, bytes.
   */
  'usedBytes'?: (number | string | Long);
  '_limitBytes'?: "limitBytes";
  '_usedBytes'?: "usedBytes";
}

/**
 * DiskStatistics is the usage of one persistent volume of a container (Mesos DiskStatistics).
 */
export interface DiskStatistics__Output {
  /**
   * The volume's persistence id.
   */
  'persistenceId': (string);
  /**
   * The volume's size, bytes.
   */
  'limitBytes'?: (string);
  /**
   * Disk the volume's directory uses, bytes.
   */
  'usedBytes'?: (string);
  '_limitBytes'?: "limitBytes";
  '_usedBytes'?: "usedBytes";
}
