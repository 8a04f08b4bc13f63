// Original file: kernel/authorizer/v1/authorizer.proto

import type { AuthorizationObject as _kernel_authorizer_v1_AuthorizationObject, AuthorizationObject__Output as _kernel_authorizer_v1_AuthorizationObject__Output } from '../../../kernel/authorizer/v1/AuthorizationObject';

/**
 * AuthorizationRequest asks whether a subject may perform an action on an object.
 */
export interface AuthorizationRequest {
  /**
   * Authenticated principal; empty for anonymous callers.
   */
  'principal'?: (string);
  /**
   * Claims of the principal from the authenticator.
   */
  'claims'?: ({[key: string]: string});
  /**
   * Mesos authorization action name, e.g. "REGISTER_FRAMEWORK", "RUN_TASK", "VIEW_TASK".
   */
  'action'?: (string);
  /**
   * The object acted on; null for actions without one.
   */
  'object'?: (_kernel_authorizer_v1_AuthorizationObject | null);
}

/**
 * AuthorizationRequest asks whether a subject may perform an action on an object.
 */
export interface AuthorizationRequest__Output {
  /**
   * Authenticated principal; empty for anonymous callers.
   */
  'principal': (string);
  /**
   * Claims of the principal from the authenticator.
   */
  'claims': ({[key: string]: string});
  /**
   * Mesos authorization action name, e.g. "REGISTER_FRAMEWORK", "RUN_TASK", "VIEW_TASK".
   */
  'action': (string);
  /**
   * The object acted on; null for actions without one.
   */
  'object': (_kernel_authorizer_v1_AuthorizationObject__Output | null);
}
