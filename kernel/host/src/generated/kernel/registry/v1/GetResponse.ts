// Original file: kernel/registry/v1/registry.proto

import type { Long } from '@grpc/proto-loader';

/**
 * GetResponse is a key's value and version.
 */
export interface GetResponse {
  /**
   * Whether the key exists.
   */
  'found'?: (boolean);
  /**
   * The stored value; empty when not found.
   */
  'value'?: (Buffer | Uint8Array | string);
  /**
   * The key's version: 1 after creation, +1 per write; 0 when not found.
   */
  'version'?: (number | string | Long);
}

/**
 * GetResponse is a key's value and version.
 */
export interface GetResponse__Output {
  /**
   * Whether the key exists.
   */
  'found': (boolean);
  /**
   * The stored value; empty when not found.
   */
  'value': (Buffer);
  /**
   * The key's version: 1 after creation, +1 per write; 0 when not found.
   */
  'version': (string);
}
