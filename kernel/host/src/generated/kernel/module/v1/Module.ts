// Original file: kernel/module/v1/module.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConfigureRequest as _kernel_module_v1_ConfigureRequest, ConfigureRequest__Output as _kernel_module_v1_ConfigureRequest__Output } from '../../../kernel/module/v1/ConfigureRequest';
import type { ConfigureResponse as _kernel_module_v1_ConfigureResponse, ConfigureResponse__Output as _kernel_module_v1_ConfigureResponse__Output } from '../../../kernel/module/v1/ConfigureResponse';
import type { DescribeRequest as _kernel_module_v1_DescribeRequest, DescribeRequest__Output as _kernel_module_v1_DescribeRequest__Output } from '../../../kernel/module/v1/DescribeRequest';
import type { DescribeResponse as _kernel_module_v1_DescribeResponse, DescribeResponse__Output as _kernel_module_v1_DescribeResponse__Output } from '../../../kernel/module/v1/DescribeResponse';
import type { StartRequest as _kernel_module_v1_StartRequest, StartRequest__Output as _kernel_module_v1_StartRequest__Output } from '../../../kernel/module/v1/StartRequest';
import type { StartResponse as _kernel_module_v1_StartResponse, StartResponse__Output as _kernel_module_v1_StartResponse__Output } from '../../../kernel/module/v1/StartResponse';
import type { StopRequest as _kernel_module_v1_StopRequest, StopRequest__Output as _kernel_module_v1_StopRequest__Output } from '../../../kernel/module/v1/StopRequest';
import type { StopResponse as _kernel_module_v1_StopResponse, StopResponse__Output as _kernel_module_v1_StopResponse__Output } from '../../../kernel/module/v1/StopResponse';

export interface ModuleClient extends grpc.Client {
  /**
   * Configure hands the module its validated config (JSON). Called once, before Start.
   */
  Configure(argument: _kernel_module_v1_ConfigureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  Configure(argument: _kernel_module_v1_ConfigureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_module_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  Configure(argument: _kernel_module_v1_ConfigureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  Configure(argument: _kernel_module_v1_ConfigureRequest, callback: grpc.requestCallback<_kernel_module_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Configure hands the module its validated config (JSON). Called once, before Start.
   */
  configure(argument: _kernel_module_v1_ConfigureRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  configure(argument: _kernel_module_v1_ConfigureRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_module_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  configure(argument: _kernel_module_v1_ConfigureRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  configure(argument: _kernel_module_v1_ConfigureRequest, callback: grpc.requestCallback<_kernel_module_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Describe returns the module's identity and its config schema.
   */
  Describe(argument: _kernel_module_v1_DescribeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  Describe(argument: _kernel_module_v1_DescribeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_module_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  Describe(argument: _kernel_module_v1_DescribeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  Describe(argument: _kernel_module_v1_DescribeRequest, callback: grpc.requestCallback<_kernel_module_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Describe returns the module's identity and its config schema.
   */
  describe(argument: _kernel_module_v1_DescribeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  describe(argument: _kernel_module_v1_DescribeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_module_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  describe(argument: _kernel_module_v1_DescribeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  describe(argument: _kernel_module_v1_DescribeRequest, callback: grpc.requestCallback<_kernel_module_v1_DescribeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Start brings the module into service; its kind's methods may be called after it returns.
   */
  Start(argument: _kernel_module_v1_StartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  Start(argument: _kernel_module_v1_StartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_module_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  Start(argument: _kernel_module_v1_StartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  Start(argument: _kernel_module_v1_StartRequest, callback: grpc.requestCallback<_kernel_module_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Start brings the module into service; its kind's methods may be called after it returns.
   */
  start(argument: _kernel_module_v1_StartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  start(argument: _kernel_module_v1_StartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_module_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  start(argument: _kernel_module_v1_StartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  start(argument: _kernel_module_v1_StartRequest, callback: grpc.requestCallback<_kernel_module_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Stop releases what the module holds; the process may exit afterwards. The kernel waits
   * deadline_ms for the answer; then a spawned module is sent SIGTERM, and SIGKILL if it stays.
   */
  Stop(argument: _kernel_module_v1_StopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  Stop(argument: _kernel_module_v1_StopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_module_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  Stop(argument: _kernel_module_v1_StopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  Stop(argument: _kernel_module_v1_StopRequest, callback: grpc.requestCallback<_kernel_module_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stop releases what the module holds; the process may exit afterwards. The kernel waits
   * deadline_ms for the answer; then a spawned module is sent SIGTERM, and SIGKILL if it stays.
   */
  stop(argument: _kernel_module_v1_StopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  stop(argument: _kernel_module_v1_StopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_module_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  stop(argument: _kernel_module_v1_StopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_module_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  stop(argument: _kernel_module_v1_StopRequest, callback: grpc.requestCallback<_kernel_module_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ModuleHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Configure hands the module its validated config (JSON). Called once, before Start.
   */
  Configure: grpc.handleUnaryCall<_kernel_module_v1_ConfigureRequest__Output, _kernel_module_v1_ConfigureResponse>;
  
  /**
   * Describe returns the module's identity and its config schema.
   */
  Describe: grpc.handleUnaryCall<_kernel_module_v1_DescribeRequest__Output, _kernel_module_v1_DescribeResponse>;
  
  /**
   * Start brings the module into service; its kind's methods may be called after it returns.
   */
  Start: grpc.handleUnaryCall<_kernel_module_v1_StartRequest__Output, _kernel_module_v1_StartResponse>;
  
  /**
   * Stop releases what the module holds; the process may exit afterwards. The kernel waits
   * deadline_ms for the answer; then a spawned module is sent SIGTERM, and SIGKILL if it stays.
   */
  Stop: grpc.handleUnaryCall<_kernel_module_v1_StopRequest__Output, _kernel_module_v1_StopResponse>;
  
}

export interface ModuleDefinition extends grpc.ServiceDefinition {
  Configure: MethodDefinition<_kernel_module_v1_ConfigureRequest, _kernel_module_v1_ConfigureResponse, _kernel_module_v1_ConfigureRequest__Output, _kernel_module_v1_ConfigureResponse__Output>
  Describe: MethodDefinition<_kernel_module_v1_DescribeRequest, _kernel_module_v1_DescribeResponse, _kernel_module_v1_DescribeRequest__Output, _kernel_module_v1_DescribeResponse__Output>
  Start: MethodDefinition<_kernel_module_v1_StartRequest, _kernel_module_v1_StartResponse, _kernel_module_v1_StartRequest__Output, _kernel_module_v1_StartResponse__Output>
  Stop: MethodDefinition<_kernel_module_v1_StopRequest, _kernel_module_v1_StopResponse, _kernel_module_v1_StopRequest__Output, _kernel_module_v1_StopResponse__Output>
}
