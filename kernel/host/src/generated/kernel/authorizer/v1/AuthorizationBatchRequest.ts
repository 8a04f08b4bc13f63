// Original file: kernel/authorizer/v1/authorizer.proto

import type { AuthorizationObject as _kernel_authorizer_v1_AuthorizationObject, AuthorizationObject__Output as _kernel_authorizer_v1_AuthorizationObject__Output } from '../../../kernel/authorizer/v1/AuthorizationObject';

/**
 * AuthorizationBatchRequest asks about one subject and action on many objects.
 */
export interface AuthorizationBatchRequest {
  /**
   * Authenticated principal; empty for anonymous callers.
   */
  'principal'?: (string);
  /**
   * Claims of the principal from the authenticator.
   */
  'claims'?: ({[key: string]: string});
  /**
   * Mesos authorization action name.
   */
  'action'?: (string);
  /**
   * The objects, each decided on its own.
   */
  'objects'?: (_kernel_authorizer_v1_AuthorizationObject)[];
}

/**
 * AuthorizationBatchRequest asks about one subject and action on many objects.
 */
export interface AuthorizationBatchRequest__Output {
  /**
   * Authenticated principal; empty for anonymous callers.
   */
  'principal': (string);
  /**
   * Claims of the principal from the authenticator.
   */
  'claims': ({[key: string]: string});
  /**
   * Mesos authorization action name.
   */
  'action': (string);
  /**
   * The objects, each decided on its own.
   */
  'objects': (_kernel_authorizer_v1_AuthorizationObject__Output)[];
}
