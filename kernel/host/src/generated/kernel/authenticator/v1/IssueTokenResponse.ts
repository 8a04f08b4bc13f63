// Original file: kernel/authenticator/v1/authenticator.proto

import type { Long } from '@grpc/proto-loader';

/**
 * IssueTokenResponse is the signed token.
 */
export interface IssueTokenResponse {
  /**
   * The token, to send as "Authorization: Bearer <token>".
   */
  'token'?: (string);
  /**
   * When it expires, milliseconds since the epoch.
   */
  'expiresAtMs'?: (number | string | Long);
}

/**
 * IssueTokenResponse is the signed token.
 */
export interface IssueTokenResponse__Output {
  /**
   * The token, to send as "Authorization: Bearer <token>".
   */
  'token': (string);
  /**
   * When it expires, milliseconds since the epoch.
   */
  'expiresAtMs': (string);
}
