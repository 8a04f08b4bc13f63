import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AgentLinkClient as _kernel_agent_v1_AgentLinkClient, AgentLinkDefinition as _kernel_agent_v1_AgentLinkDefinition } from './kernel/agent/v1/AgentLink';
import type { AgentMessage as _kernel_agent_v1_AgentMessage, AgentMessage__Output as _kernel_agent_v1_AgentMessage__Output } from './kernel/agent/v1/AgentMessage';
import type { CheckpointResources as _kernel_agent_v1_CheckpointResources, CheckpointResources__Output as _kernel_agent_v1_CheckpointResources__Output } from './kernel/agent/v1/CheckpointResources';
import type { ExecutorMessage as _kernel_agent_v1_ExecutorMessage, ExecutorMessage__Output as _kernel_agent_v1_ExecutorMessage__Output } from './kernel/agent/v1/ExecutorMessage';
import type { FrameworkMessage as _kernel_agent_v1_FrameworkMessage, FrameworkMessage__Output as _kernel_agent_v1_FrameworkMessage__Output } from './kernel/agent/v1/FrameworkMessage';
import type { KillTask as _kernel_agent_v1_KillTask, KillTask__Output as _kernel_agent_v1_KillTask__Output } from './kernel/agent/v1/KillTask';
import type { MasterMessage as _kernel_agent_v1_MasterMessage, MasterMessage__Output as _kernel_agent_v1_MasterMessage__Output } from './kernel/agent/v1/MasterMessage';
import type { Ping as _kernel_agent_v1_Ping, Ping__Output as _kernel_agent_v1_Ping__Output } from './kernel/agent/v1/Ping';
import type { Pong as _kernel_agent_v1_Pong, Pong__Output as _kernel_agent_v1_Pong__Output } from './kernel/agent/v1/Pong';
import type { ReRegister as _kernel_agent_v1_ReRegister, ReRegister__Output as _kernel_agent_v1_ReRegister__Output } from './kernel/agent/v1/ReRegister';
import type { ReRegistered as _kernel_agent_v1_ReRegistered, ReRegistered__Output as _kernel_agent_v1_ReRegistered__Output } from './kernel/agent/v1/ReRegistered';
import type { Register as _kernel_agent_v1_Register, Register__Output as _kernel_agent_v1_Register__Output } from './kernel/agent/v1/Register';
import type { Registered as _kernel_agent_v1_Registered, Registered__Output as _kernel_agent_v1_Registered__Output } from './kernel/agent/v1/Registered';
import type { RunTask as _kernel_agent_v1_RunTask, RunTask__Output as _kernel_agent_v1_RunTask__Output } from './kernel/agent/v1/RunTask';
import type { RunTaskGroup as _kernel_agent_v1_RunTaskGroup, RunTaskGroup__Output as _kernel_agent_v1_RunTaskGroup__Output } from './kernel/agent/v1/RunTaskGroup';
import type { ShutdownAgent as _kernel_agent_v1_ShutdownAgent, ShutdownAgent__Output as _kernel_agent_v1_ShutdownAgent__Output } from './kernel/agent/v1/ShutdownAgent';
import type { ShutdownExecutor as _kernel_agent_v1_ShutdownExecutor, ShutdownExecutor__Output as _kernel_agent_v1_ShutdownExecutor__Output } from './kernel/agent/v1/ShutdownExecutor';
import type { ShutdownFramework as _kernel_agent_v1_ShutdownFramework, ShutdownFramework__Output as _kernel_agent_v1_ShutdownFramework__Output } from './kernel/agent/v1/ShutdownFramework';
import type { StatusUpdate as _kernel_agent_v1_StatusUpdate, StatusUpdate__Output as _kernel_agent_v1_StatusUpdate__Output } from './kernel/agent/v1/StatusUpdate';
import type { StatusUpdateAck as _kernel_agent_v1_StatusUpdateAck, StatusUpdateAck__Output as _kernel_agent_v1_StatusUpdateAck__Output } from './kernel/agent/v1/StatusUpdateAck';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kernel: {
    agent: {
      v1: {
        /**
         * AgentLink is served by the master.
         */
        AgentLink: SubtypeConstructor<typeof grpc.Client, _kernel_agent_v1_AgentLinkClient> & { service: _kernel_agent_v1_AgentLinkDefinition }
        AgentMessage: MessageTypeDefinition<_kernel_agent_v1_AgentMessage, _kernel_agent_v1_AgentMessage__Output>
        CheckpointResources: MessageTypeDefinition<_kernel_agent_v1_CheckpointResources, _kernel_agent_v1_CheckpointResources__Output>
        ExecutorMessage: MessageTypeDefinition<_kernel_agent_v1_ExecutorMessage, _kernel_agent_v1_ExecutorMessage__Output>
        FrameworkMessage: MessageTypeDefinition<_kernel_agent_v1_FrameworkMessage, _kernel_agent_v1_FrameworkMessage__Output>
        KillTask: MessageTypeDefinition<_kernel_agent_v1_KillTask, _kernel_agent_v1_KillTask__Output>
        MasterMessage: MessageTypeDefinition<_kernel_agent_v1_MasterMessage, _kernel_agent_v1_MasterMessage__Output>
        Ping: MessageTypeDefinition<_kernel_agent_v1_Ping, _kernel_agent_v1_Ping__Output>
        Pong: MessageTypeDefinition<_kernel_agent_v1_Pong, _kernel_agent_v1_Pong__Output>
        ReRegister: MessageTypeDefinition<_kernel_agent_v1_ReRegister, _kernel_agent_v1_ReRegister__Output>
        ReRegistered: MessageTypeDefinition<_kernel_agent_v1_ReRegistered, _kernel_agent_v1_ReRegistered__Output>
        Register: MessageTypeDefinition<_kernel_agent_v1_Register, _kernel_agent_v1_Register__Output>
        Registered: MessageTypeDefinition<_kernel_agent_v1_Registered, _kernel_agent_v1_Registered__Output>
        RunTask: MessageTypeDefinition<_kernel_agent_v1_RunTask, _kernel_agent_v1_RunTask__Output>
        RunTaskGroup: MessageTypeDefinition<_kernel_agent_v1_RunTaskGroup, _kernel_agent_v1_RunTaskGroup__Output>
        ShutdownAgent: MessageTypeDefinition<_kernel_agent_v1_ShutdownAgent, _kernel_agent_v1_ShutdownAgent__Output>
        ShutdownExecutor: MessageTypeDefinition<_kernel_agent_v1_ShutdownExecutor, _kernel_agent_v1_ShutdownExecutor__Output>
        ShutdownFramework: MessageTypeDefinition<_kernel_agent_v1_ShutdownFramework, _kernel_agent_v1_ShutdownFramework__Output>
        StatusUpdate: MessageTypeDefinition<_kernel_agent_v1_StatusUpdate, _kernel_agent_v1_StatusUpdate__Output>
        StatusUpdateAck: MessageTypeDefinition<_kernel_agent_v1_StatusUpdateAck, _kernel_agent_v1_StatusUpdateAck__Output>
      }
    }
  }
}

