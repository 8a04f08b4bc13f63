// Original file: agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AgentMessage as _kernel_agent_v1_AgentMessage, AgentMessage__Output as _kernel_agent_v1_AgentMessage__Output } from '../../../kernel/agent/v1/AgentMessage';
import type { MasterMessage as _kernel_agent_v1_MasterMessage, MasterMessage__Output as _kernel_agent_v1_MasterMessage__Output } from '../../../kernel/agent/v1/MasterMessage';

/**
 * AgentLink is served by the master.
 */
export interface AgentLinkClient extends grpc.Client {
  /**
   * Connect opens the link. The agent's first message is Register or ReRegister; the master answers
   * Registered or ReRegistered, then both sides send messages as events happen until either closes.
   */
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_kernel_agent_v1_AgentMessage, _kernel_agent_v1_MasterMessage__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_kernel_agent_v1_AgentMessage, _kernel_agent_v1_MasterMessage__Output>;
  /**
   * Connect opens the link. The agent's first message is Register or ReRegister; the master answers
   * Registered or ReRegistered, then both sides send messages as events happen until either closes.
   */
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_kernel_agent_v1_AgentMessage, _kernel_agent_v1_MasterMessage__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_kernel_agent_v1_AgentMessage, _kernel_agent_v1_MasterMessage__Output>;
  
}

/**
 * AgentLink is served by the master.
 */
export interface AgentLinkHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Connect opens the link. The agent's first message is Register or ReRegister; the master answers
   * Registered or ReRegistered, then both sides send messages as events happen until either closes.
   */
  Connect: grpc.handleBidiStreamingCall<_kernel_agent_v1_AgentMessage__Output, _kernel_agent_v1_MasterMessage>;
  
}

export interface AgentLinkDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_kernel_agent_v1_AgentMessage, _kernel_agent_v1_MasterMessage, _kernel_agent_v1_AgentMessage__Output, _kernel_agent_v1_MasterMessage__Output>
}
