// Original file: kernel/secret_resolver/v1/secret_resolver.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ResolveRequest as _kernel_secret_resolver_v1_ResolveRequest, ResolveRequest__Output as _kernel_secret_resolver_v1_ResolveRequest__Output } from '../../../kernel/secret_resolver/v1/ResolveRequest';
import type { ResolveResponse as _kernel_secret_resolver_v1_ResolveResponse, ResolveResponse__Output as _kernel_secret_resolver_v1_ResolveResponse__Output } from '../../../kernel/secret_resolver/v1/ResolveResponse';

/**
 * SecretResolver is served by secret-resolver modules; the agent names one in agent.secretResolver.
 */
export interface SecretResolverClient extends grpc.Client {
  /**
   * Resolve returns the bytes of a secret. A REFERENCE the module cannot find is NOT_FOUND; a
   * secret it refuses (bad name, bad key) is INVALID_ARGUMENT. Messages name the secret's name
   * and key, never its bytes.
   */
  Resolve(argument: _kernel_secret_resolver_v1_ResolveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_secret_resolver_v1_ResolveResponse__Output>): grpc.ClientUnaryCall;
  Resolve(argument: _kernel_secret_resolver_v1_ResolveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_secret_resolver_v1_ResolveResponse__Output>): grpc.ClientUnaryCall;
  Resolve(argument: _kernel_secret_resolver_v1_ResolveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_secret_resolver_v1_ResolveResponse__Output>): grpc.ClientUnaryCall;
  Resolve(argument: _kernel_secret_resolver_v1_ResolveRequest, callback: grpc.requestCallback<_kernel_secret_resolver_v1_ResolveResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Resolve returns the bytes of a secret. A REFERENCE the module cannot find is NOT_FOUND; a
   * secret it refuses (bad name, bad key) is INVALID_ARGUMENT. Messages name the secret's name
   * and key, never its bytes.
   */
  resolve(argument: _kernel_secret_resolver_v1_ResolveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_secret_resolver_v1_ResolveResponse__Output>): grpc.ClientUnaryCall;
  resolve(argument: _kernel_secret_resolver_v1_ResolveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_secret_resolver_v1_ResolveResponse__Output>): grpc.ClientUnaryCall;
  resolve(argument: _kernel_secret_resolver_v1_ResolveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_secret_resolver_v1_ResolveResponse__Output>): grpc.ClientUnaryCall;
  resolve(argument: _kernel_secret_resolver_v1_ResolveRequest, callback: grpc.requestCallback<_kernel_secret_resolver_v1_ResolveResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * SecretResolver is served by secret-resolver modules; the agent names one in agent.secretResolver.
 */
export interface SecretResolverHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Resolve returns the bytes of a secret. A REFERENCE the module cannot find is NOT_FOUND; a
   * secret it refuses (bad name, bad key) is INVALID_ARGUMENT. Messages name the secret's name
   * and key, never its bytes.
   */
  Resolve: grpc.handleUnaryCall<_kernel_secret_resolver_v1_ResolveRequest__Output, _kernel_secret_resolver_v1_ResolveResponse>;
  
}

export interface SecretResolverDefinition extends grpc.ServiceDefinition {
  Resolve: MethodDefinition<_kernel_secret_resolver_v1_ResolveRequest, _kernel_secret_resolver_v1_ResolveResponse, _kernel_secret_resolver_v1_ResolveRequest__Output, _kernel_secret_resolver_v1_ResolveResponse__Output>
}
