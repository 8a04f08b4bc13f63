// Original file: kernel/isolator/v1/isolator.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CleanupRequest as _kernel_isolator_v1_CleanupRequest, CleanupRequest__Output as _kernel_isolator_v1_CleanupRequest__Output } from '../../../kernel/isolator/v1/CleanupRequest';
import type { CleanupResponse as _kernel_isolator_v1_CleanupResponse, CleanupResponse__Output as _kernel_isolator_v1_CleanupResponse__Output } from '../../../kernel/isolator/v1/CleanupResponse';
import type { ContainerStatus as _kernel_isolator_v1_ContainerStatus, ContainerStatus__Output as _kernel_isolator_v1_ContainerStatus__Output } from '../../../kernel/isolator/v1/ContainerStatus';
import type { IsolateRequest as _kernel_isolator_v1_IsolateRequest, IsolateRequest__Output as _kernel_isolator_v1_IsolateRequest__Output } from '../../../kernel/isolator/v1/IsolateRequest';
import type { IsolateResponse as _kernel_isolator_v1_IsolateResponse, IsolateResponse__Output as _kernel_isolator_v1_IsolateResponse__Output } from '../../../kernel/isolator/v1/IsolateResponse';
import type { Limitation as _kernel_isolator_v1_Limitation, Limitation__Output as _kernel_isolator_v1_Limitation__Output } from '../../../kernel/isolator/v1/Limitation';
import type { PrepareRequest as _kernel_isolator_v1_PrepareRequest, PrepareRequest__Output as _kernel_isolator_v1_PrepareRequest__Output } from '../../../kernel/isolator/v1/PrepareRequest';
import type { PrepareResponse as _kernel_isolator_v1_PrepareResponse, PrepareResponse__Output as _kernel_isolator_v1_PrepareResponse__Output } from '../../../kernel/isolator/v1/PrepareResponse';
import type { RecoverRequest as _kernel_isolator_v1_RecoverRequest, RecoverRequest__Output as _kernel_isolator_v1_RecoverRequest__Output } from '../../../kernel/isolator/v1/RecoverRequest';
import type { RecoverResponse as _kernel_isolator_v1_RecoverResponse, RecoverResponse__Output as _kernel_isolator_v1_RecoverResponse__Output } from '../../../kernel/isolator/v1/RecoverResponse';
import type { ResourceStatistics as _kernel_container_v1_ResourceStatistics, ResourceStatistics__Output as _kernel_container_v1_ResourceStatistics__Output } from '../../../kernel/container/v1/ResourceStatistics';
import type { StatusRequest as _kernel_isolator_v1_StatusRequest, StatusRequest__Output as _kernel_isolator_v1_StatusRequest__Output } from '../../../kernel/isolator/v1/StatusRequest';
import type { Supported as _kernel_isolator_v1_Supported, Supported__Output as _kernel_isolator_v1_Supported__Output } from '../../../kernel/isolator/v1/Supported';
import type { SupportsRequest as _kernel_isolator_v1_SupportsRequest, SupportsRequest__Output as _kernel_isolator_v1_SupportsRequest__Output } from '../../../kernel/isolator/v1/SupportsRequest';
import type { UpdateRequest as _kernel_isolator_v1_UpdateRequest, UpdateRequest__Output as _kernel_isolator_v1_UpdateRequest__Output } from '../../../kernel/isolator/v1/UpdateRequest';
import type { UpdateResponse as _kernel_isolator_v1_UpdateResponse, UpdateResponse__Output as _kernel_isolator_v1_UpdateResponse__Output } from '../../../kernel/isolator/v1/UpdateResponse';
import type { UsageRequest as _kernel_isolator_v1_UsageRequest, UsageRequest__Output as _kernel_isolator_v1_UsageRequest__Output } from '../../../kernel/isolator/v1/UsageRequest';
import type { WatchRequest as _kernel_isolator_v1_WatchRequest, WatchRequest__Output as _kernel_isolator_v1_WatchRequest__Output } from '../../../kernel/isolator/v1/WatchRequest';

/**
 * Isolator is served by isolator modules. Per container: Prepare (in isolator order), Isolate
 * (all at once, after the process is created and before it runs), Watch, Update/Usage/Status while
 * it runs, Cleanup (reverse order, after every process is gone).
 */
export interface IsolatorClient extends grpc.Client {
  /**
   * Cleanup releases everything held for the container; unknown containers are not an error.
   */
  Cleanup(argument: _kernel_isolator_v1_CleanupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  Cleanup(argument: _kernel_isolator_v1_CleanupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  Cleanup(argument: _kernel_isolator_v1_CleanupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  Cleanup(argument: _kernel_isolator_v1_CleanupRequest, callback: grpc.requestCallback<_kernel_isolator_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Cleanup releases everything held for the container; unknown containers are not an error.
   */
  cleanup(argument: _kernel_isolator_v1_CleanupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  cleanup(argument: _kernel_isolator_v1_CleanupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  cleanup(argument: _kernel_isolator_v1_CleanupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  cleanup(argument: _kernel_isolator_v1_CleanupRequest, callback: grpc.requestCallback<_kernel_isolator_v1_CleanupResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Isolate acts on the created, not yet running process (move into cgroups, CNI ADD in its netns).
   */
  Isolate(argument: _kernel_isolator_v1_IsolateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_IsolateResponse__Output>): grpc.ClientUnaryCall;
  Isolate(argument: _kernel_isolator_v1_IsolateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_IsolateResponse__Output>): grpc.ClientUnaryCall;
  Isolate(argument: _kernel_isolator_v1_IsolateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_IsolateResponse__Output>): grpc.ClientUnaryCall;
  Isolate(argument: _kernel_isolator_v1_IsolateRequest, callback: grpc.requestCallback<_kernel_isolator_v1_IsolateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Isolate acts on the created, not yet running process (move into cgroups, CNI ADD in its netns).
   */
  isolate(argument: _kernel_isolator_v1_IsolateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_IsolateResponse__Output>): grpc.ClientUnaryCall;
  isolate(argument: _kernel_isolator_v1_IsolateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_IsolateResponse__Output>): grpc.ClientUnaryCall;
  isolate(argument: _kernel_isolator_v1_IsolateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_IsolateResponse__Output>): grpc.ClientUnaryCall;
  isolate(argument: _kernel_isolator_v1_IsolateRequest, callback: grpc.requestCallback<_kernel_isolator_v1_IsolateResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Prepare validates and allocates for a new container and returns its part of the LaunchInfo.
   */
  Prepare(argument: _kernel_isolator_v1_PrepareRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_PrepareResponse__Output>): grpc.ClientUnaryCall;
  Prepare(argument: _kernel_isolator_v1_PrepareRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_PrepareResponse__Output>): grpc.ClientUnaryCall;
  Prepare(argument: _kernel_isolator_v1_PrepareRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_PrepareResponse__Output>): grpc.ClientUnaryCall;
  Prepare(argument: _kernel_isolator_v1_PrepareRequest, callback: grpc.requestCallback<_kernel_isolator_v1_PrepareResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Prepare validates and allocates for a new container and returns its part of the LaunchInfo.
   */
  prepare(argument: _kernel_isolator_v1_PrepareRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_PrepareResponse__Output>): grpc.ClientUnaryCall;
  prepare(argument: _kernel_isolator_v1_PrepareRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_PrepareResponse__Output>): grpc.ClientUnaryCall;
  prepare(argument: _kernel_isolator_v1_PrepareRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_PrepareResponse__Output>): grpc.ClientUnaryCall;
  prepare(argument: _kernel_isolator_v1_PrepareRequest, callback: grpc.requestCallback<_kernel_isolator_v1_PrepareResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recover rebuilds in-memory state after an agent restart.
   */
  Recover(argument: _kernel_isolator_v1_RecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _kernel_isolator_v1_RecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _kernel_isolator_v1_RecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  Recover(argument: _kernel_isolator_v1_RecoverRequest, callback: grpc.requestCallback<_kernel_isolator_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recover rebuilds in-memory state after an agent restart.
   */
  recover(argument: _kernel_isolator_v1_RecoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _kernel_isolator_v1_RecoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _kernel_isolator_v1_RecoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  recover(argument: _kernel_isolator_v1_RecoverRequest, callback: grpc.requestCallback<_kernel_isolator_v1_RecoverResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Status reports isolator-specific status, merged into TaskStatus.container_status.
   */
  Status(argument: _kernel_isolator_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_ContainerStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _kernel_isolator_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_ContainerStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _kernel_isolator_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_ContainerStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _kernel_isolator_v1_StatusRequest, callback: grpc.requestCallback<_kernel_isolator_v1_ContainerStatus__Output>): grpc.ClientUnaryCall;
  /**
   * Status reports isolator-specific status, merged into TaskStatus.container_status.
   */
  status(argument: _kernel_isolator_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_ContainerStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _kernel_isolator_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_ContainerStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _kernel_isolator_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_ContainerStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _kernel_isolator_v1_StatusRequest, callback: grpc.requestCallback<_kernel_isolator_v1_ContainerStatus__Output>): grpc.ClientUnaryCall;
  
  /**
   * Supports says which named networks and volume source types this isolator provides, so the
   * agent can refuse a task asking for one nobody provides before anything is launched, and
   * advertise its networks to the master. Asked once, at agent start. UNIMPLEMENTED (a module
   * written before this call existed) reads as an empty answer.
   */
  Supports(argument: _kernel_isolator_v1_SupportsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_Supported__Output>): grpc.ClientUnaryCall;
  Supports(argument: _kernel_isolator_v1_SupportsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_Supported__Output>): grpc.ClientUnaryCall;
  Supports(argument: _kernel_isolator_v1_SupportsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_Supported__Output>): grpc.ClientUnaryCall;
  Supports(argument: _kernel_isolator_v1_SupportsRequest, callback: grpc.requestCallback<_kernel_isolator_v1_Supported__Output>): grpc.ClientUnaryCall;
  /**
   * Supports says which named networks and volume source types this isolator provides, so the
   * agent can refuse a task asking for one nobody provides before anything is launched, and
   * advertise its networks to the master. Asked once, at agent start. UNIMPLEMENTED (a module
   * written before this call existed) reads as an empty answer.
   */
  supports(argument: _kernel_isolator_v1_SupportsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_Supported__Output>): grpc.ClientUnaryCall;
  supports(argument: _kernel_isolator_v1_SupportsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_Supported__Output>): grpc.ClientUnaryCall;
  supports(argument: _kernel_isolator_v1_SupportsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_Supported__Output>): grpc.ClientUnaryCall;
  supports(argument: _kernel_isolator_v1_SupportsRequest, callback: grpc.requestCallback<_kernel_isolator_v1_Supported__Output>): grpc.ClientUnaryCall;
  
  /**
   * Update applies changed resources of a running container.
   */
  Update(argument: _kernel_isolator_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_UpdateResponse__Output>): grpc.ClientUnaryCall;
  Update(argument: _kernel_isolator_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_UpdateResponse__Output>): grpc.ClientUnaryCall;
  Update(argument: _kernel_isolator_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_UpdateResponse__Output>): grpc.ClientUnaryCall;
  Update(argument: _kernel_isolator_v1_UpdateRequest, callback: grpc.requestCallback<_kernel_isolator_v1_UpdateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Update applies changed resources of a running container.
   */
  update(argument: _kernel_isolator_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_UpdateResponse__Output>): grpc.ClientUnaryCall;
  update(argument: _kernel_isolator_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_isolator_v1_UpdateResponse__Output>): grpc.ClientUnaryCall;
  update(argument: _kernel_isolator_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_isolator_v1_UpdateResponse__Output>): grpc.ClientUnaryCall;
  update(argument: _kernel_isolator_v1_UpdateRequest, callback: grpc.requestCallback<_kernel_isolator_v1_UpdateResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Usage reports what this isolator accounts for the container; fields it does not know stay unset.
   */
  Usage(argument: _kernel_isolator_v1_UsageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_container_v1_ResourceStatistics__Output>): grpc.ClientUnaryCall;
  Usage(argument: _kernel_isolator_v1_UsageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_container_v1_ResourceStatistics__Output>): grpc.ClientUnaryCall;
  Usage(argument: _kernel_isolator_v1_UsageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_container_v1_ResourceStatistics__Output>): grpc.ClientUnaryCall;
  Usage(argument: _kernel_isolator_v1_UsageRequest, callback: grpc.requestCallback<_kernel_container_v1_ResourceStatistics__Output>): grpc.ClientUnaryCall;
  /**
   * Usage reports what this isolator accounts for the container; fields it does not know stay unset.
   */
  usage(argument: _kernel_isolator_v1_UsageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_container_v1_ResourceStatistics__Output>): grpc.ClientUnaryCall;
  usage(argument: _kernel_isolator_v1_UsageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_container_v1_ResourceStatistics__Output>): grpc.ClientUnaryCall;
  usage(argument: _kernel_isolator_v1_UsageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_container_v1_ResourceStatistics__Output>): grpc.ClientUnaryCall;
  usage(argument: _kernel_isolator_v1_UsageRequest, callback: grpc.requestCallback<_kernel_container_v1_ResourceStatistics__Output>): grpc.ClientUnaryCall;
  
  /**
   * Watch streams a Limitation when the container hits a limit (the containerizer then kills it);
   * the stream ends without a message when the container is cleaned up.
   */
  Watch(argument: _kernel_isolator_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_isolator_v1_Limitation__Output>;
  Watch(argument: _kernel_isolator_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_isolator_v1_Limitation__Output>;
  /**
   * Watch streams a Limitation when the container hits a limit (the containerizer then kills it);
   * the stream ends without a message when the container is cleaned up.
   */
  watch(argument: _kernel_isolator_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_isolator_v1_Limitation__Output>;
  watch(argument: _kernel_isolator_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_isolator_v1_Limitation__Output>;
  
}

/**
 * Isolator is served by isolator modules. Per container: Prepare (in isolator order), Isolate
 * (all at once, after the process is created and before it runs), Watch, Update/Usage/Status while
 * it runs, Cleanup (reverse order, after every process is gone).
 */
export interface IsolatorHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Cleanup releases everything held for the container; unknown containers are not an error.
   */
  Cleanup: grpc.handleUnaryCall<_kernel_isolator_v1_CleanupRequest__Output, _kernel_isolator_v1_CleanupResponse>;
  
  /**
   * Isolate acts on the created, not yet running process (move into cgroups, CNI ADD in its netns).
   */
  Isolate: grpc.handleUnaryCall<_kernel_isolator_v1_IsolateRequest__Output, _kernel_isolator_v1_IsolateResponse>;
  
  /**
   * Prepare validates and allocates for a new container and returns its part of the LaunchInfo.
   */
  Prepare: grpc.handleUnaryCall<_kernel_isolator_v1_PrepareRequest__Output, _kernel_isolator_v1_PrepareResponse>;
  
  /**
   * Recover rebuilds in-memory state after an agent restart.
   */
  Recover: grpc.handleUnaryCall<_kernel_isolator_v1_RecoverRequest__Output, _kernel_isolator_v1_RecoverResponse>;
  
  /**
   * Status reports isolator-specific status, merged into TaskStatus.container_status.
   */
  Status: grpc.handleUnaryCall<_kernel_isolator_v1_StatusRequest__Output, _kernel_isolator_v1_ContainerStatus>;
  
  /**
   * Supports says which named networks and volume source types this isolator provides, so the
   * agent can refuse a task asking for one nobody provides before anything is launched, and
   * advertise its networks to the master. Asked once, at agent start. UNIMPLEMENTED (a module
   * written before this call existed) reads as an empty answer.
   */
  Supports: grpc.handleUnaryCall<_kernel_isolator_v1_SupportsRequest__Output, _kernel_isolator_v1_Supported>;
  
  /**
   * Update applies changed resources of a running container.
   */
  Update: grpc.handleUnaryCall<_kernel_isolator_v1_UpdateRequest__Output, _kernel_isolator_v1_UpdateResponse>;
  
  /**
   * Usage reports what this isolator accounts for the container; fields it does not know stay unset.
   */
  Usage: grpc.handleUnaryCall<_kernel_isolator_v1_UsageRequest__Output, _kernel_container_v1_ResourceStatistics>;
  
  /**
   * Watch streams a Limitation when the container hits a limit (the containerizer then kills it);
   * the stream ends without a message when the container is cleaned up.
   */
  Watch: grpc.handleServerStreamingCall<_kernel_isolator_v1_WatchRequest__Output, _kernel_isolator_v1_Limitation>;
  
}

export interface IsolatorDefinition extends grpc.ServiceDefinition {
  Cleanup: MethodDefinition<_kernel_isolator_v1_CleanupRequest, _kernel_isolator_v1_CleanupResponse, _kernel_isolator_v1_CleanupRequest__Output, _kernel_isolator_v1_CleanupResponse__Output>
  Isolate: MethodDefinition<_kernel_isolator_v1_IsolateRequest, _kernel_isolator_v1_IsolateResponse, _kernel_isolator_v1_IsolateRequest__Output, _kernel_isolator_v1_IsolateResponse__Output>
  Prepare: MethodDefinition<_kernel_isolator_v1_PrepareRequest, _kernel_isolator_v1_PrepareResponse, _kernel_isolator_v1_PrepareRequest__Output, _kernel_isolator_v1_PrepareResponse__Output>
  Recover: MethodDefinition<_kernel_isolator_v1_RecoverRequest, _kernel_isolator_v1_RecoverResponse, _kernel_isolator_v1_RecoverRequest__Output, _kernel_isolator_v1_RecoverResponse__Output>
  Status: MethodDefinition<_kernel_isolator_v1_StatusRequest, _kernel_isolator_v1_ContainerStatus, _kernel_isolator_v1_StatusRequest__Output, _kernel_isolator_v1_ContainerStatus__Output>
  Supports: MethodDefinition<_kernel_isolator_v1_SupportsRequest, _kernel_isolator_v1_Supported, _kernel_isolator_v1_SupportsRequest__Output, _kernel_isolator_v1_Supported__Output>
  Update: MethodDefinition<_kernel_isolator_v1_UpdateRequest, _kernel_isolator_v1_UpdateResponse, _kernel_isolator_v1_UpdateRequest__Output, _kernel_isolator_v1_UpdateResponse__Output>
  Usage: MethodDefinition<_kernel_isolator_v1_UsageRequest, _kernel_container_v1_ResourceStatistics, _kernel_isolator_v1_UsageRequest__Output, _kernel_container_v1_ResourceStatistics__Output>
  Watch: MethodDefinition<_kernel_isolator_v1_WatchRequest, _kernel_isolator_v1_Limitation, _kernel_isolator_v1_WatchRequest__Output, _kernel_isolator_v1_Limitation__Output>
}
