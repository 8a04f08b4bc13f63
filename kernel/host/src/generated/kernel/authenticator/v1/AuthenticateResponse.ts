// Original file: kernel/authenticator/v1/authenticator.proto


/**
 * AuthenticateResponse is the outcome.
 */
export interface AuthenticateResponse {
  /**
   * Whether the credentials were accepted.
   */
  'authenticated'?: (boolean);
  /**
   * The authenticated principal; empty when refused.
   */
  'principal'?: (string);
  /**
   * Why the credentials were refused, for logs; empty when accepted.
   */
  'reason'?: (string);
  /**
   * Claims of the principal (e.g. JWT claims "fid", "eid", "cid"); passed on to the authorizer.
   */
  'claims'?: ({[key: string]: string});
  /**
   * WWW-Authenticate challenge to send with a 401 when refused, e.g. `Basic realm="mesos"`.
   */
  'challenge'?: (string);
}

/**
 * AuthenticateResponse is the outcome.
 */
export interface AuthenticateResponse__Output {
  /**
   * Whether the credentials were accepted.
   */
  'authenticated': (boolean);
  /**
   * The authenticated principal; empty when refused.
   */
  'principal': (string);
  /**
   * Why the credentials were refused, for logs; empty when accepted.
   */
  'reason': (string);
  /**
   * Claims of the principal (e.g. JWT claims "fid", "eid", "cid"); passed on to the authorizer.
   */
  'claims': ({[key: string]: string});
  /**
   * WWW-Authenticate challenge to send with a 401 when refused, e.g. `Basic realm="mesos"`.
   */
  'challenge': (string);
}
