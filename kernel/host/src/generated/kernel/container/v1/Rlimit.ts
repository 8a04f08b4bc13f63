// Original file: kernel/container/v1/container.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Rlimit is one POSIX resource limit.
 */
export interface Rlimit {
  /**
   * Limit name, e.g. "RLIMIT_NOFILE".
   */
  'type'?: (string);
  /**
   * Soft limit.
   */
  'soft'?: (number | string | Long);
  /**
   * Hard limit.
   */
  'hard'?: (number | string | Long);
}

/**
 * Rlimit is one POSIX resource limit.
 */
export interface Rlimit__Output {
  /**
   * Limit name, e.g. "RLIMIT_NOFILE".
   */
  'type': (string);
  /**
   * Soft limit.
   */
  'soft': (string);
  /**
   * Hard limit.
   */
  'hard': (string);
}
