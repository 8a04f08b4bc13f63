// Original file: kernel/registry/v1/registry.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Entry is one stored key.
 */
export interface Entry {
  /**
   * The key.
   */
  'key'?: (string);
  /**
   * The stored value.
   */
  'value'?: (Buffer | Uint8Array | string);
  /**
   * The key's version.
   */
  'version'?: (number | string | Long);
}

/**
 * Entry is one stored key.
 */
export interface Entry__Output {
  /**
   * The key.
   */
  'key': (string);
  /**
   * The stored value.
   */
  'value': (Buffer);
  /**
   * The key's version.
   */
  'version': (string);
}
