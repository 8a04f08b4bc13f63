// Original file: kernel/container/v1/container.proto

import type { Long } from '@grpc/proto-loader';

/**
 * ValueRange is an inclusive integer range, e.g. ports 31000-32000.
 */
export interface ValueRange {
  /**
   * First value in the range.
   */
  'begin'?: (number | string | Long);
  /**
   * Last value in the range (inclusive).
   */
  'end'?: (number | string | Long);
}

/**
 * ValueRange is an inclusive integer range, e.g. ports 31000-32000.
 */
export interface ValueRange__Output {
  /**
   * First value in the range.
   */
  'begin': (string);
  /**
   * Last value in the range (inclusive).
   */
  'end': (string);
}
