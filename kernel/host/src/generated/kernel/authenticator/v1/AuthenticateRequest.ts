// Original file: kernel/authenticator/v1/authenticator.proto


/**
 * AuthenticateRequest carries credentials, either as a principal and secret or as an HTTP header.
 */
export interface AuthenticateRequest {
  /**
   * Principal claimed by the caller; empty when the credentials are in authorization.
   */
  'principal'?: (string);
  /**
   * Secret of the principal (password or token).
   */
  'secret'?: (string);
  /**
   * Value of the HTTP Authorization header ("Basic ...", "Bearer ..."); empty when not over HTTP.
   */
  'authorization'?: (string);
  /**
   * Realm of the endpoint being reached, e.g. "mesos-master-scheduler".
   */
  'realm'?: (string);
}

/**
 * AuthenticateRequest carries credentials, either as a principal and secret or as an HTTP header.
 */
export interface AuthenticateRequest__Output {
  /**
   * Principal claimed by the caller; empty when the credentials are in authorization.
   */
  'principal': (string);
  /**
   * Secret of the principal (password or token).
   */
  'secret': (string);
  /**
   * Value of the HTTP Authorization header ("Basic ...", "Bearer ..."); empty when not over HTTP.
   */
  'authorization': (string);
  /**
   * Realm of the endpoint being reached, e.g. "mesos-master-scheduler".
   */
  'realm': (string);
}
