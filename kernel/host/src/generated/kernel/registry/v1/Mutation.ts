// Original file: kernel/registry/v1/registry.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Mutation writes or deletes one key, optionally only if its version is as expected.
 */
export interface Mutation {
  /**
   * The key to change.
   */
  'key'?: (string);
  /**
   * The new value; ignored when delete is true.
   */
  'value'?: (Buffer | Uint8Array | string);
  /**
   * Version the key must have for the mutation to apply (0 = must not exist); unset applies unconditionally.
   */
  'expectedVersion'?: (number | string | Long);
  /**
   * Delete the key instead of writing it.
   */
  'delete'?: (boolean);
  '_expectedVersion'?: "expectedVersion";
}

/**
 * Mutation writes or deletes one key, optionally only if its version is as expected.
 */
export interface Mutation__Output {
  /**
   * The key to change.
   */
  'key': (string);
  /**
   * The new value; ignored when delete is true.
   */
  'value': (Buffer);
  /**
   * Version the key must have for the mutation to apply (0 = must not exist); unset applies unconditionally.
   */
  'expectedVersion'?: (string);
  /**
   * Delete the key instead of writing it.
   */
  'delete': (boolean);
  '_expectedVersion'?: "expectedVersion";
}
