// Original file: kernel/authorizer/v1/authorizer.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuthorizationBatchRequest as _kernel_authorizer_v1_AuthorizationBatchRequest, AuthorizationBatchRequest__Output as _kernel_authorizer_v1_AuthorizationBatchRequest__Output } from '../../../kernel/authorizer/v1/AuthorizationBatchRequest';
import type { AuthorizationBatchResponse as _kernel_authorizer_v1_AuthorizationBatchResponse, AuthorizationBatchResponse__Output as _kernel_authorizer_v1_AuthorizationBatchResponse__Output } from '../../../kernel/authorizer/v1/AuthorizationBatchResponse';
import type { AuthorizationRequest as _kernel_authorizer_v1_AuthorizationRequest, AuthorizationRequest__Output as _kernel_authorizer_v1_AuthorizationRequest__Output } from '../../../kernel/authorizer/v1/AuthorizationRequest';
import type { AuthorizationResponse as _kernel_authorizer_v1_AuthorizationResponse, AuthorizationResponse__Output as _kernel_authorizer_v1_AuthorizationResponse__Output } from '../../../kernel/authorizer/v1/AuthorizationResponse';

/**
 * Authorizer is served by authorizer modules.
 */
export interface AuthorizerClient extends grpc.Client {
  /**
   * Authorized answers whether the request is allowed; a denial is an answer, not an error. A
   * request without an action is INVALID_ARGUMENT.
   */
  Authorized(argument: _kernel_authorizer_v1_AuthorizationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationResponse__Output>): grpc.ClientUnaryCall;
  Authorized(argument: _kernel_authorizer_v1_AuthorizationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationResponse__Output>): grpc.ClientUnaryCall;
  Authorized(argument: _kernel_authorizer_v1_AuthorizationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationResponse__Output>): grpc.ClientUnaryCall;
  Authorized(argument: _kernel_authorizer_v1_AuthorizationRequest, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Authorized answers whether the request is allowed; a denial is an answer, not an error. A
   * request without an action is INVALID_ARGUMENT.
   */
  authorized(argument: _kernel_authorizer_v1_AuthorizationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationResponse__Output>): grpc.ClientUnaryCall;
  authorized(argument: _kernel_authorizer_v1_AuthorizationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationResponse__Output>): grpc.ClientUnaryCall;
  authorized(argument: _kernel_authorizer_v1_AuthorizationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationResponse__Output>): grpc.ClientUnaryCall;
  authorized(argument: _kernel_authorizer_v1_AuthorizationRequest, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * AuthorizedMany answers one action by one subject on many objects at once (used to filter
   * state views: VIEW_FRAMEWORK, VIEW_TASK, ...). UNIMPLEMENTED lets the kernel ask Authorized
   * for each object instead. A request without an action is INVALID_ARGUMENT.
   */
  AuthorizedMany(argument: _kernel_authorizer_v1_AuthorizationBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationBatchResponse__Output>): grpc.ClientUnaryCall;
  AuthorizedMany(argument: _kernel_authorizer_v1_AuthorizationBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationBatchResponse__Output>): grpc.ClientUnaryCall;
  AuthorizedMany(argument: _kernel_authorizer_v1_AuthorizationBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationBatchResponse__Output>): grpc.ClientUnaryCall;
  AuthorizedMany(argument: _kernel_authorizer_v1_AuthorizationBatchRequest, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationBatchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * AuthorizedMany answers one action by one subject on many objects at once (used to filter
   * state views: VIEW_FRAMEWORK, VIEW_TASK, ...). UNIMPLEMENTED lets the kernel ask Authorized
   * for each object instead. A request without an action is INVALID_ARGUMENT.
   */
  authorizedMany(argument: _kernel_authorizer_v1_AuthorizationBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationBatchResponse__Output>): grpc.ClientUnaryCall;
  authorizedMany(argument: _kernel_authorizer_v1_AuthorizationBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationBatchResponse__Output>): grpc.ClientUnaryCall;
  authorizedMany(argument: _kernel_authorizer_v1_AuthorizationBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationBatchResponse__Output>): grpc.ClientUnaryCall;
  authorizedMany(argument: _kernel_authorizer_v1_AuthorizationBatchRequest, callback: grpc.requestCallback<_kernel_authorizer_v1_AuthorizationBatchResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Authorizer is served by authorizer modules.
 */
export interface AuthorizerHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Authorized answers whether the request is allowed; a denial is an answer, not an error. A
   * request without an action is INVALID_ARGUMENT.
   */
  Authorized: grpc.handleUnaryCall<_kernel_authorizer_v1_AuthorizationRequest__Output, _kernel_authorizer_v1_AuthorizationResponse>;
  
  /**
   * AuthorizedMany answers one action by one subject on many objects at once (used to filter
   * state views: VIEW_FRAMEWORK, VIEW_TASK, ...). UNIMPLEMENTED lets the kernel ask Authorized
   * for each object instead. A request without an action is INVALID_ARGUMENT.
   */
  AuthorizedMany: grpc.handleUnaryCall<_kernel_authorizer_v1_AuthorizationBatchRequest__Output, _kernel_authorizer_v1_AuthorizationBatchResponse>;
  
}

export interface AuthorizerDefinition extends grpc.ServiceDefinition {
  Authorized: MethodDefinition<_kernel_authorizer_v1_AuthorizationRequest, _kernel_authorizer_v1_AuthorizationResponse, _kernel_authorizer_v1_AuthorizationRequest__Output, _kernel_authorizer_v1_AuthorizationResponse__Output>
  AuthorizedMany: MethodDefinition<_kernel_authorizer_v1_AuthorizationBatchRequest, _kernel_authorizer_v1_AuthorizationBatchResponse, _kernel_authorizer_v1_AuthorizationBatchRequest__Output, _kernel_authorizer_v1_AuthorizationBatchResponse__Output>
}
