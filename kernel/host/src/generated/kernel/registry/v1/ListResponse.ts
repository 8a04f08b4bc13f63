// Original file: kernel/registry/v1/registry.proto

import type { Entry as _kernel_registry_v1_Entry, Entry__Output as _kernel_registry_v1_Entry__Output } from '../../../kernel/registry/v1/Entry';

/**
 * ListResponse holds the matching entries.
 */
export interface ListResponse {
  /**
   * Entries sorted by key.
   */
  'entries'?: (_kernel_registry_v1_Entry)[];
}

/**
 * ListResponse holds the matching entries.
 */
export interface ListResponse__Output {
  /**
   * Entries sorted by key.
   */
  'entries': (_kernel_registry_v1_Entry__Output)[];
}
