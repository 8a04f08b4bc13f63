// Original file: kernel/registry/v1/registry.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApplyResponse as _kernel_registry_v1_ApplyResponse, ApplyResponse__Output as _kernel_registry_v1_ApplyResponse__Output } from '../../../kernel/registry/v1/ApplyResponse';
import type { GetRequest as _kernel_registry_v1_GetRequest, GetRequest__Output as _kernel_registry_v1_GetRequest__Output } from '../../../kernel/registry/v1/GetRequest';
import type { GetResponse as _kernel_registry_v1_GetResponse, GetResponse__Output as _kernel_registry_v1_GetResponse__Output } from '../../../kernel/registry/v1/GetResponse';
import type { ListRequest as _kernel_registry_v1_ListRequest, ListRequest__Output as _kernel_registry_v1_ListRequest__Output } from '../../../kernel/registry/v1/ListRequest';
import type { ListResponse as _kernel_registry_v1_ListResponse, ListResponse__Output as _kernel_registry_v1_ListResponse__Output } from '../../../kernel/registry/v1/ListResponse';
import type { Mutation as _kernel_registry_v1_Mutation, Mutation__Output as _kernel_registry_v1_Mutation__Output } from '../../../kernel/registry/v1/Mutation';

/**
 * Registry is served by registry modules; keys are strings, values opaque bytes.
 */
export interface RegistryClient extends grpc.Client {
  /**
   * Apply writes or deletes one key. When expected_version is set and differs from the key's
   * current version the mutation is refused with ALREADY_EXISTS (PLT_ERR_CONFLICT) and nothing changes. When
   * fencing_token is set and the leadership it names no longer holds, the mutation is refused with
   * a Fenced error (PLT_ERR_FENCED, gRPC ABORTED) and nothing changes.
   */
  Apply(argument: _kernel_registry_v1_Mutation, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_ApplyResponse__Output>): grpc.ClientUnaryCall;
  Apply(argument: _kernel_registry_v1_Mutation, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_registry_v1_ApplyResponse__Output>): grpc.ClientUnaryCall;
  Apply(argument: _kernel_registry_v1_Mutation, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_ApplyResponse__Output>): grpc.ClientUnaryCall;
  Apply(argument: _kernel_registry_v1_Mutation, callback: grpc.requestCallback<_kernel_registry_v1_ApplyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Apply writes or deletes one key. When expected_version is set and differs from the key's
   * current version the mutation is refused with ALREADY_EXISTS (PLT_ERR_CONFLICT) and nothing changes. When
   * fencing_token is set and the leadership it names no longer holds, the mutation is refused with
   * a Fenced error (PLT_ERR_FENCED, gRPC ABORTED) and nothing changes.
   */
  apply(argument: _kernel_registry_v1_Mutation, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_ApplyResponse__Output>): grpc.ClientUnaryCall;
  apply(argument: _kernel_registry_v1_Mutation, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_registry_v1_ApplyResponse__Output>): grpc.ClientUnaryCall;
  apply(argument: _kernel_registry_v1_Mutation, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_ApplyResponse__Output>): grpc.ClientUnaryCall;
  apply(argument: _kernel_registry_v1_Mutation, callback: grpc.requestCallback<_kernel_registry_v1_ApplyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Get reads one key. An empty key is INVALID_ARGUMENT.
   */
  Get(argument: _kernel_registry_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _kernel_registry_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_registry_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _kernel_registry_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _kernel_registry_v1_GetRequest, callback: grpc.requestCallback<_kernel_registry_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Get reads one key. An empty key is INVALID_ARGUMENT.
   */
  get(argument: _kernel_registry_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _kernel_registry_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_registry_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _kernel_registry_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _kernel_registry_v1_GetRequest, callback: grpc.requestCallback<_kernel_registry_v1_GetResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * List reads every key under a prefix, sorted by key.
   */
  List(argument: _kernel_registry_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _kernel_registry_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_registry_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _kernel_registry_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _kernel_registry_v1_ListRequest, callback: grpc.requestCallback<_kernel_registry_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  /**
   * List reads every key under a prefix, sorted by key.
   */
  list(argument: _kernel_registry_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _kernel_registry_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_registry_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _kernel_registry_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_registry_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _kernel_registry_v1_ListRequest, callback: grpc.requestCallback<_kernel_registry_v1_ListResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Registry is served by registry modules; keys are strings, values opaque bytes.
 */
export interface RegistryHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Apply writes or deletes one key. When expected_version is set and differs from the key's
   * current version the mutation is refused with ALREADY_EXISTS (PLT_ERR_CONFLICT) and nothing changes. When
   * fencing_token is set and the leadership it names no longer holds, the mutation is refused with
   * a Fenced error (PLT_ERR_FENCED, gRPC ABORTED) and nothing changes.
   */
  Apply: grpc.handleUnaryCall<_kernel_registry_v1_Mutation__Output, _kernel_registry_v1_ApplyResponse>;
  
  /**
   * Get reads one key. An empty key is INVALID_ARGUMENT.
   */
  Get: grpc.handleUnaryCall<_kernel_registry_v1_GetRequest__Output, _kernel_registry_v1_GetResponse>;
  
  /**
   * List reads every key under a prefix, sorted by key.
   */
  List: grpc.handleUnaryCall<_kernel_registry_v1_ListRequest__Output, _kernel_registry_v1_ListResponse>;
  
}

export interface RegistryDefinition extends grpc.ServiceDefinition {
  Apply: MethodDefinition<_kernel_registry_v1_Mutation, _kernel_registry_v1_ApplyResponse, _kernel_registry_v1_Mutation__Output, _kernel_registry_v1_ApplyResponse__Output>
  Get: MethodDefinition<_kernel_registry_v1_GetRequest, _kernel_registry_v1_GetResponse, _kernel_registry_v1_GetRequest__Output, _kernel_registry_v1_GetResponse__Output>
  List: MethodDefinition<_kernel_registry_v1_ListRequest, _kernel_registry_v1_ListResponse, _kernel_registry_v1_ListRequest__Output, _kernel_registry_v1_ListResponse__Output>
}
