// Original file: kernel/provisioner/v1/provisioner.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DestroyRequest as _kernel_provisioner_v1_DestroyRequest, DestroyRequest__Output as _kernel_provisioner_v1_DestroyRequest__Output } from '../../../kernel/provisioner/v1/DestroyRequest';
import type { DestroyResponse as _kernel_provisioner_v1_DestroyResponse, DestroyResponse__Output as _kernel_provisioner_v1_DestroyResponse__Output } from '../../../kernel/provisioner/v1/DestroyResponse';
import type { ProgressRequest as _kernel_provisioner_v1_ProgressRequest, ProgressRequest__Output as _kernel_provisioner_v1_ProgressRequest__Output } from '../../../kernel/provisioner/v1/ProgressRequest';
import type { ProvisionRequest as _kernel_provisioner_v1_ProvisionRequest, ProvisionRequest__Output as _kernel_provisioner_v1_ProvisionRequest__Output } from '../../../kernel/provisioner/v1/ProvisionRequest';
import type { ProvisionResponse as _kernel_provisioner_v1_ProvisionResponse, ProvisionResponse__Output as _kernel_provisioner_v1_ProvisionResponse__Output } from '../../../kernel/provisioner/v1/ProvisionResponse';
import type { PullProgress as _kernel_provisioner_v1_PullProgress, PullProgress__Output as _kernel_provisioner_v1_PullProgress__Output } from '../../../kernel/provisioner/v1/PullProgress';
import type { RecoverRequest as _kernel_provisioner_v1_RecoverRequest, RecoverRequest__Output as _kernel_provisioner_v1_RecoverRequest__Output } from '../../../kernel/provisioner/v1/RecoverRequest';
import type { RecoverResponse as _kernel_provisioner_v1_RecoverResponse, RecoverResponse__Output as _kernel_provisioner_v1_RecoverResponse__Output } from '../../../kernel/provisioner/v1/RecoverResponse';

/**
 * Provisioner is served by provisioner modules.
 */
export interface ProvisionerClient extends grpc.Client {
  /**
   * Destroy removes the rootfs of a container; unknown containers are not an error.
   */
  Destroy(argument: _kernel_provisioner_v1_DestroyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  Destroy(argument: _kernel_provisioner_v1_DestroyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_provisioner_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  Destroy(argument: _kernel_provisioner_v1_DestroyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  Destroy(argument: _kernel_provisioner_v1_DestroyRequest, callback: grpc.requestCallback<_kernel_provisioner_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Destroy removes the rootfs of a container; unknown containers are not an error.
   */
  destroy(argument: _kernel_provisioner_v1_DestroyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  destroy(argument: _kernel_provisioner_v1_DestroyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_provisioner_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  destroy(argument: _kernel_provisioner_v1_DestroyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  destroy(argument: _kernel_provisioner_v1_DestroyRequest, callback: grpc.requestCallback<_kernel_provisioner_v1_DestroyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Progress streams how a container's Provision pulls its image: on opening, the latest event of
   * each layer so far, then one event per change (throttled by the module). It may be opened
   * before Provision is called. It ends when that container's Provision returns (whether it
   * succeeded or not), at once when no Provision of the container is in flight and its rootfs
   * exists, or when the caller cancels. A malformed container id is INVALID_ARGUMENT. Optional:
   * a module without it answers UNIMPLEMENTED and callers show no progress.
   */
  Progress(argument: _kernel_provisioner_v1_ProgressRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_provisioner_v1_PullProgress__Output>;
  Progress(argument: _kernel_provisioner_v1_ProgressRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_provisioner_v1_PullProgress__Output>;
  /**
   * Progress streams how a container's Provision pulls its image: on opening, the latest event of
   * each layer so far, then one event per change (throttled by the module). It may be opened
   * before Provision is called. It ends when that container's Provision returns (whether it
   * succeeded or not), at once when no Provision of the container is in flight and its rootfs
   * exists, or when the caller cancels. A malformed container id is INVALID_ARGUMENT. Optional:
   * a module without it answers UNIMPLEMENTED and callers show no progress.
   */
  progress(argument: _kernel_provisioner_v1_ProgressRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_provisioner_v1_PullProgress__Output>;
  progress(argument: _kernel_provisioner_v1_ProgressRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_provisioner_v1_PullProgress__Output>;
  
  /**
   * Provision fetches the image (or uses its cached layers) and builds a rootfs for a container.
   * An image that does not exist is NOT_FOUND; a malformed container id INVALID_ARGUMENT.
   */
  Provision(argument: _kernel_provisioner_v1_ProvisionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_ProvisionResponse__Output>): grpc.ClientUnaryCall;
  Provision(argument: _kernel_provisioner_v1_ProvisionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_provisioner_v1_ProvisionResponse__Output>): grpc.ClientUnaryCall;
  Provision(argument: _kernel_provisioner_v1_ProvisionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_ProvisionResponse__Output>): grpc.ClientUnaryCall;
  Provision(argument: _kernel_provisioner_v1_ProvisionRequest, callback: grpc.requestCallback<_kernel_provisioner_v1_ProvisionResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Provision fetches the image (or uses its cached layers) and builds a rootfs for a container.
   * An image that does not exist is NOT_FOUND; a malformed container id INVALID_ARGUMENT.
   */
  provision(argument: _kernel_provisioner_v1_ProvisionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_ProvisionResponse__Output>): grpc.ClientUnaryCall;
  provision(argument: _kernel_provisioner_v1_ProvisionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_provisioner_v1_ProvisionResponse__Output>): grpc.ClientUnaryCall;
  provision(argument: _kernel_provisioner_v1_ProvisionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_ProvisionResponse__Output>): grpc.ClientUnaryCall;
  provision(argument: _kernel_provisioner_v1_ProvisionRequest, callback: grpc.requestCallback<_kernel_provisioner_v1_ProvisionResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recover rebuilds state after an agent restart; rootfses of containers not listed are destroyed.
   */
  Recover(argument: _kernel_provisioner_v1_RecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _kernel_provisioner_v1_RecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_provisioner_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _kernel_provisioner_v1_RecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _kernel_provisioner_v1_RecoverRequest, callback: grpc.requestCallback<_kernel_provisioner_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recover rebuilds state after an agent restart; rootfses of containers not listed are destroyed.
   */
  recover(argument: _kernel_provisioner_v1_RecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _kernel_provisioner_v1_RecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_provisioner_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _kernel_provisioner_v1_RecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_provisioner_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _kernel_provisioner_v1_RecoverRequest, callback: grpc.requestCallback<_kernel_provisioner_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Provisioner is served by provisioner modules.
 */
export interface ProvisionerHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Destroy removes the rootfs of a container; unknown containers are not an error.
   */
  Destroy: grpc.handleUnaryCall<_kernel_provisioner_v1_DestroyRequest__Output, _kernel_provisioner_v1_DestroyResponse>;
  
  /**
   * Progress streams how a container's Provision pulls its image: on opening, the latest event of
   * each layer so far, then one event per change (throttled by the module). It may be opened
   * before Provision is called. It ends when that container's Provision returns (whether it
   * succeeded or not), at once when no Provision of the container is in flight and its rootfs
   * exists, or when the caller cancels. A malformed container id is INVALID_ARGUMENT. Optional:
   * a module without it answers UNIMPLEMENTED and callers show no progress.
   */
  Progress: grpc.handleServerStreamingCall<_kernel_provisioner_v1_ProgressRequest__Output, _kernel_provisioner_v1_PullProgress>;
  
  /**
   * Provision fetches the image (or uses its cached layers) and builds a rootfs for a container.
   * An image that does not exist is NOT_FOUND; a malformed container id INVALID_ARGUMENT.
   */
  Provision: grpc.handleUnaryCall<_kernel_provisioner_v1_ProvisionRequest__Output, _kernel_provisioner_v1_ProvisionResponse>;
  
  /**
   * Recover rebuilds state after an agent restart; rootfses of containers not listed are destroyed.
   */
  Recover: grpc.handleUnaryCall<_kernel_provisioner_v1_RecoverRequest__Output, _kernel_provisioner_v1_RecoverResponse>;
  
}

export interface ProvisionerDefinition extends grpc.ServiceDefinition {
  Destroy: MethodDefinition<_kernel_provisioner_v1_DestroyRequest, _kernel_provisioner_v1_DestroyResponse, _kernel_provisioner_v1_DestroyRequest__Output, _kernel_provisioner_v1_DestroyResponse__Output>
  Progress: MethodDefinition<_kernel_provisioner_v1_ProgressRequest, _kernel_provisioner_v1_PullProgress, _kernel_provisioner_v1_ProgressRequest__Output, _kernel_provisioner_v1_PullProgress__Output>
  Provision: MethodDefinition<_kernel_provisioner_v1_ProvisionRequest, _kernel_provisioner_v1_ProvisionResponse, _kernel_provisioner_v1_ProvisionRequest__Output, _kernel_provisioner_v1_ProvisionResponse__Output>
  Recover: MethodDefinition<_kernel_provisioner_v1_RecoverRequest, _kernel_provisioner_v1_RecoverResponse, _kernel_provisioner_v1_RecoverRequest__Output, _kernel_provisioner_v1_RecoverResponse__Output>
}
