// Original file: kernel/registry/v1/registry.proto

import type { Long } from '@grpc/proto-loader';

/**
 * ApplyResponse reports the key's version after the mutation.
 */
export interface ApplyResponse {
  /**
   * The new version; 0 after a delete.
   */
  'version'?: (number | string | Long);
}

/**
 * ApplyResponse reports the key's version after the mutation.
 */
export interface ApplyResponse__Output {
  /**
   * The new version; 0 after a delete.
   */
  'version': (string);
}
