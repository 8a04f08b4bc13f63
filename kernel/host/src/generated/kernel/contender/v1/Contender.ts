// Original file: kernel/contender/v1/contender.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ContendRequest as _kernel_contender_v1_ContendRequest, ContendRequest__Output as _kernel_contender_v1_ContendRequest__Output } from '../../../kernel/contender/v1/ContendRequest';
import type { LeadershipEvent as _kernel_contender_v1_LeadershipEvent, LeadershipEvent__Output as _kernel_contender_v1_LeadershipEvent__Output } from '../../../kernel/contender/v1/LeadershipEvent';
import type { WithdrawRequest as _kernel_contender_v1_WithdrawRequest, WithdrawRequest__Output as _kernel_contender_v1_WithdrawRequest__Output } from '../../../kernel/contender/v1/WithdrawRequest';
import type { WithdrawResponse as _kernel_contender_v1_WithdrawResponse, WithdrawResponse__Output as _kernel_contender_v1_WithdrawResponse__Output } from '../../../kernel/contender/v1/WithdrawResponse';

/**
 * Contender is served by contender modules, one candidacy per contending master.
 */
export interface ContenderClient extends grpc.Client {
  /**
   * Contend enters the election for the given master and streams its standing: the first event
   * comes once candidacy is obtained, then one per change. The stream ends after Withdraw, or with
   * an error when the backend fails for good. A leader whose candidacy is lost must stop leading.
   * While a master leads, the stream also carries proofs: an event with elected true (nothing
   * else changed) each time the backend confirms the candidacy alive (a ZooKeeper heartbeat
   * answered, an etcd keep-alive acknowledged, the lock found still held), so that the master can
   * fence its writes on valid_for_ms. A master_info without an id is INVALID_ARGUMENT.
   */
  Contend(argument: _kernel_contender_v1_ContendRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_contender_v1_LeadershipEvent__Output>;
  Contend(argument: _kernel_contender_v1_ContendRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_contender_v1_LeadershipEvent__Output>;
  /**
   * Contend enters the election for the given master and streams its standing: the first event
   * comes once candidacy is obtained, then one per change. The stream ends after Withdraw, or with
   * an error when the backend fails for good. A leader whose candidacy is lost must stop leading.
   * While a master leads, the stream also carries proofs: an event with elected true (nothing
   * else changed) each time the backend confirms the candidacy alive (a ZooKeeper heartbeat
   * answered, an etcd keep-alive acknowledged, the lock found still held), so that the master can
   * fence its writes on valid_for_ms. A master_info without an id is INVALID_ARGUMENT.
   */
  contend(argument: _kernel_contender_v1_ContendRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_contender_v1_LeadershipEvent__Output>;
  contend(argument: _kernel_contender_v1_ContendRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_contender_v1_LeadershipEvent__Output>;
  
  /**
   * Withdraw gives up the candidacy of a master and ends its Contend stream.
   */
  Withdraw(argument: _kernel_contender_v1_WithdrawRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_contender_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  Withdraw(argument: _kernel_contender_v1_WithdrawRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_contender_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  Withdraw(argument: _kernel_contender_v1_WithdrawRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_contender_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  Withdraw(argument: _kernel_contender_v1_WithdrawRequest, callback: grpc.requestCallback<_kernel_contender_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Withdraw gives up the candidacy of a master and ends its Contend stream.
   */
  withdraw(argument: _kernel_contender_v1_WithdrawRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_contender_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  withdraw(argument: _kernel_contender_v1_WithdrawRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kernel_contender_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  withdraw(argument: _kernel_contender_v1_WithdrawRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kernel_contender_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  withdraw(argument: _kernel_contender_v1_WithdrawRequest, callback: grpc.requestCallback<_kernel_contender_v1_WithdrawResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Contender is served by contender modules, one candidacy per contending master.
 */
export interface ContenderHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Contend enters the election for the given master and streams its standing: the first event
   * comes once candidacy is obtained, then one per change. The stream ends after Withdraw, or with
   * an error when the backend fails for good. A leader whose candidacy is lost must stop leading.
   * While a master leads, the stream also carries proofs: an event with elected true (nothing
   * else changed) each time the backend confirms the candidacy alive (a ZooKeeper heartbeat
   * answered, an etcd keep-alive acknowledged, the lock found still held), so that the master can
   * fence its writes on valid_for_ms. A master_info without an id is INVALID_ARGUMENT.
   */
  Contend: grpc.handleServerStreamingCall<_kernel_contender_v1_ContendRequest__Output, _kernel_contender_v1_LeadershipEvent>;
  
  /**
   * Withdraw gives up the candidacy of a master and ends its Contend stream.
   */
  Withdraw: grpc.handleUnaryCall<_kernel_contender_v1_WithdrawRequest__Output, _kernel_contender_v1_WithdrawResponse>;
  
}

export interface ContenderDefinition extends grpc.ServiceDefinition {
  Contend: MethodDefinition<_kernel_contender_v1_ContendRequest, _kernel_contender_v1_LeadershipEvent, _kernel_contender_v1_ContendRequest__Output, _kernel_contender_v1_LeadershipEvent__Output>
  Withdraw: MethodDefinition<_kernel_contender_v1_WithdrawRequest, _kernel_contender_v1_WithdrawResponse, _kernel_contender_v1_WithdrawRequest__Output, _kernel_contender_v1_WithdrawResponse__Output>
}
