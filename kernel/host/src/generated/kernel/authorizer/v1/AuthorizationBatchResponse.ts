// Original file: kernel/authorizer/v1/authorizer.proto

import type { AuthorizationResponse as _kernel_authorizer_v1_AuthorizationResponse, AuthorizationResponse__Output as _kernel_authorizer_v1_AuthorizationResponse__Output } from '../../../kernel/authorizer/v1/AuthorizationResponse';

/**
 * AuthorizationBatchResponse holds one decision per object, in the request's order.
 */
export interface AuthorizationBatchResponse {
  /**
   * The decisions.
   */
  'decisions'?: (_kernel_authorizer_v1_AuthorizationResponse)[];
}

/**
 * AuthorizationBatchResponse holds one decision per object, in the request's order.
 */
export interface AuthorizationBatchResponse__Output {
  /**
   * The decisions.
   */
  'decisions': (_kernel_authorizer_v1_AuthorizationResponse__Output)[];
}
