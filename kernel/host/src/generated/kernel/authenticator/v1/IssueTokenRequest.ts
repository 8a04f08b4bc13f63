// Original file: kernel/authenticator/v1/authenticator.proto


/**
 * IssueTokenRequest asks for a token.
 */
export interface IssueTokenRequest {
  /**
   * Principal the token authenticates as; may be empty (an executor is known by its claims).
   */
  'principal'?: (string);
  /**
   * Claims the token carries and Authenticate returns (for executors: "fid", "eid", "cid").
   */
  'claims'?: ({[key: string]: string});
  /**
   * Lifetime in seconds; 0 lets the module choose.
   */
  'ttlSeconds'?: (number);
}

/**
 * IssueTokenRequest asks for a token.
 */
export interface IssueTokenRequest__Output {
  /**
   * Principal the token authenticates as; may be empty (an executor is known by its claims).
   */
  'principal': (string);
  /**
   * Claims the token carries and Authenticate returns (for executors: "fid", "eid", "cid").
   */
  'claims': ({[key: string]: string});
  /**
   * Lifetime in seconds; 0 lets the module choose.
   */
  'ttlSeconds': (number);
}
