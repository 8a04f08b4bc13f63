// Original file: kernel/registry/v1/registry.proto


/**
 * ListRequest selects keys by prefix.
 */
export interface ListRequest {
  /**
   * Key prefix; empty lists every key.
   */
  'prefix'?: (string);
}

/**
 * ListRequest selects keys by prefix.
 */
export interface ListRequest__Output {
  /**
   * Key prefix; empty lists every key.
   */
  'prefix': (string);
}
