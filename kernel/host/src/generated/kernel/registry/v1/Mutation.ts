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
  /**
   * A leader's LeadershipEvent.fencing_token from the contender of the same module: the mutation
   * applies only while that leadership still holds, checked atomically with the write where the
   * backend allows (etcd: one transaction; ZooKeeper: one multi). Empty: not fenced.
   */
  'fencingToken'?: (string);
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
  /**
   * A leader's LeadershipEvent.fencing_token from the contender of the same module: the mutation
   * applies only while that leadership still holds, checked atomically with the write where the
   * backend allows (etcd: one transaction; ZooKeeper: one multi). Empty: not fenced.
   */
  'fencingToken': (string);
  '_expectedVersion'?: "expectedVersion";
}
