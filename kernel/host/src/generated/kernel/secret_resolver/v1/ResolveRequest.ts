// Original file: kernel/secret_resolver/v1/secret_resolver.proto

import type { Secret as _kernel_secret_resolver_v1_Secret, Secret__Output as _kernel_secret_resolver_v1_Secret__Output } from '../../../kernel/secret_resolver/v1/Secret';

/**
 * ResolveRequest carries the secret to resolve.
 */
export interface ResolveRequest {
  /**
   * The secret, as the task gave it.
   */
  'secret'?: (_kernel_secret_resolver_v1_Secret | null);
}

/**
 * ResolveRequest carries the secret to resolve.
 */
export interface ResolveRequest__Output {
  /**
   * The secret, as the task gave it.
   */
  'secret': (_kernel_secret_resolver_v1_Secret__Output | null);
}
