// Original file: kernel/secret_resolver/v1/secret_resolver.proto


/**
 * ResolveResponse is the secret's bytes.
 */
export interface ResolveResponse {
  /**
   * The resolved bytes (Mesos Secret.Value.data).
   */
  'data'?: (Buffer | Uint8Array | string);
}

/**
 * ResolveResponse is the secret's bytes.
 */
export interface ResolveResponse__Output {
  /**
   * The resolved bytes (Mesos Secret.Value.data).
   */
  'data': (Buffer);
}
