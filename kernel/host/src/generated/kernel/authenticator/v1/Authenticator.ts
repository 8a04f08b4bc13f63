// Original file: kernel/authenticator/v1/authenticator.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuthenticateRequest as _kernel_authenticator_v1_AuthenticateRequest, AuthenticateRequest__Output as _kernel_authenticator_v1_AuthenticateRequest__Output } from '../../../kernel/authenticator/v1/AuthenticateRequest';
import type { AuthenticateResponse as _kernel_authenticator_v1_AuthenticateResponse, AuthenticateResponse__Output as _kernel_authenticator_v1_AuthenticateResponse__Output } from '../../../kernel/authenticator/v1/AuthenticateResponse';
import type { IssueTokenRequest as _kernel_authenticator_v1_IssueTokenRequest, IssueTokenRequest__Output as _kernel_authenticator_v1_IssueTokenRequest__Output } from '../../../kernel/authenticator/v1/IssueTokenRequest';
import type { IssueTokenResponse as _kernel_authenticator_v1_IssueTokenResponse, IssueTokenResponse__Output as _kernel_authenticator_v1_IssueTokenResponse__Output } from '../../../kernel/authenticator/v1/IssueTokenResponse';

/**
 * Authenticator is served by authenticator modules; several are tried in order, first success wins.
 */
export interface AuthenticatorClient extends grpc.Client {
  /**
   * Authenticate checks credentials; a refusal is an answer with authenticated = false, not an error.
   */
  Authenticate(argument: _kernel_authenticator_v1_AuthenticateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authenticator_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  Authenticate(argument: _kernel_authenticator_v1_AuthenticateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_authenticator_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  Authenticate(argument: _kernel_authenticator_v1_AuthenticateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authenticator_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  Authenticate(argument: _kernel_authenticator_v1_AuthenticateRequest, callback: grpc.requestCallback<_kernel_authenticator_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Authenticate checks credentials; a refusal is an answer with authenticated = false, not an error.
   */
  authenticate(argument: _kernel_authenticator_v1_AuthenticateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authenticator_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _kernel_authenticator_v1_AuthenticateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_authenticator_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _kernel_authenticator_v1_AuthenticateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authenticator_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  authenticate(argument: _kernel_authenticator_v1_AuthenticateRequest, callback: grpc.requestCallback<_kernel_authenticator_v1_AuthenticateResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * IssueToken signs a bearer token carrying claims (Mesos's executor secrets: claims "fid", "eid",
   * "cid"), which Authenticate later accepts as "Bearer <token>" until it expires.
   * UNIMPLEMENTED when the module issues no tokens.
   */
  IssueToken(argument: _kernel_authenticator_v1_IssueTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authenticator_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _kernel_authenticator_v1_IssueTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_authenticator_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _kernel_authenticator_v1_IssueTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authenticator_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  IssueToken(argument: _kernel_authenticator_v1_IssueTokenRequest, callback: grpc.requestCallback<_kernel_authenticator_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  /**
   * IssueToken signs a bearer token carrying claims (Mesos's executor secrets: claims "fid", "eid",
   * "cid"), which Authenticate later accepts as "Bearer <token>" until it expires.
   * UNIMPLEMENTED when the module issues no tokens.
   */
  issueToken(argument: _kernel_authenticator_v1_IssueTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authenticator_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _kernel_authenticator_v1_IssueTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_authenticator_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _kernel_authenticator_v1_IssueTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authenticator_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  issueToken(argument: _kernel_authenticator_v1_IssueTokenRequest, callback: grpc.requestCallback<_kernel_authenticator_v1_IssueTokenResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Authenticator is served by authenticator modules; several are tried in order, first success wins.
 */
export interface AuthenticatorHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Authenticate checks credentials; a refusal is an answer with authenticated = false, not an error.
   */
  Authenticate: grpc.handleUnaryCall<_kernel_authenticator_v1_AuthenticateRequest__Output, _kernel_authenticator_v1_AuthenticateResponse>;
  
  /**
   * IssueToken signs a bearer token carrying claims (Mesos's executor secrets: claims "fid", "eid",
   * "cid"), which Authenticate later accepts as "Bearer <token>" until it expires.
   * UNIMPLEMENTED when the module issues no tokens.
   */
  IssueToken: grpc.handleUnaryCall<_kernel_authenticator_v1_IssueTokenRequest__Output, _kernel_authenticator_v1_IssueTokenResponse>;
  
}

export interface AuthenticatorDefinition extends grpc.ServiceDefinition {
  Authenticate: MethodDefinition<_kernel_authenticator_v1_AuthenticateRequest, _kernel_authenticator_v1_AuthenticateResponse, _kernel_authenticator_v1_AuthenticateRequest__Output, _kernel_authenticator_v1_AuthenticateResponse__Output>
  IssueToken: MethodDefinition<_kernel_authenticator_v1_IssueTokenRequest, _kernel_authenticator_v1_IssueTokenResponse, _kernel_authenticator_v1_IssueTokenRequest__Output, _kernel_authenticator_v1_IssueTokenResponse__Output>
}
