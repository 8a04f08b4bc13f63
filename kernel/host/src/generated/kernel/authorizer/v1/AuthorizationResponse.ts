// Original file: kernel/authorizer/v1/authorizer.proto


/**
 * AuthorizationResponse is the decision.
 */
export interface AuthorizationResponse {
  /**
   * Whether the action is allowed.
   */
  'allowed'?: (boolean);
  /**
   * Which rule decided, for logs; may be empty.
   */
  'reason'?: (string);
}

/**
 * AuthorizationResponse is the decision.
 */
export interface AuthorizationResponse__Output {
  /**
   * Whether the action is allowed.
   */
  'allowed': (boolean);
  /**
   * Which rule decided, for logs; may be empty.
   */
  'reason': (string);
}
