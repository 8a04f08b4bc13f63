import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Attribute as _kernel_container_v1_Attribute, Attribute__Output as _kernel_container_v1_Attribute__Output } from './kernel/container/v1/Attribute';
import type { Capabilities as _kernel_container_v1_Capabilities, Capabilities__Output as _kernel_container_v1_Capabilities__Output } from './kernel/container/v1/Capabilities';
import type { CgroupSettings as _kernel_container_v1_CgroupSettings, CgroupSettings__Output as _kernel_container_v1_CgroupSettings__Output } from './kernel/container/v1/CgroupSettings';
import type { Command as _kernel_container_v1_Command, Command__Output as _kernel_container_v1_Command__Output } from './kernel/container/v1/Command';
import type { ContainerConfig as _kernel_container_v1_ContainerConfig, ContainerConfig__Output as _kernel_container_v1_ContainerConfig__Output } from './kernel/container/v1/ContainerConfig';
import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from './kernel/container/v1/ContainerID';
import type { ContainerState as _kernel_container_v1_ContainerState, ContainerState__Output as _kernel_container_v1_ContainerState__Output } from './kernel/container/v1/ContainerState';
import type { Device as _kernel_container_v1_Device, Device__Output as _kernel_container_v1_Device__Output } from './kernel/container/v1/Device';
import type { DiskStatistics as _kernel_container_v1_DiskStatistics, DiskStatistics__Output as _kernel_container_v1_DiskStatistics__Output } from './kernel/container/v1/DiskStatistics';
import type { EnvVar as _kernel_container_v1_EnvVar, EnvVar__Output as _kernel_container_v1_EnvVar__Output } from './kernel/container/v1/EnvVar';
import type { IdMapping as _kernel_container_v1_IdMapping, IdMapping__Output as _kernel_container_v1_IdMapping__Output } from './kernel/container/v1/IdMapping';
import type { ImageConfig as _kernel_container_v1_ImageConfig, ImageConfig__Output as _kernel_container_v1_ImageConfig__Output } from './kernel/container/v1/ImageConfig';
import type { Label as _kernel_container_v1_Label, Label__Output as _kernel_container_v1_Label__Output } from './kernel/container/v1/Label';
import type { LaunchInfo as _kernel_container_v1_LaunchInfo, LaunchInfo__Output as _kernel_container_v1_LaunchInfo__Output } from './kernel/container/v1/LaunchInfo';
import type { Mount as _kernel_container_v1_Mount, Mount__Output as _kernel_container_v1_Mount__Output } from './kernel/container/v1/Mount';
import type { Namespace as _kernel_container_v1_Namespace, Namespace__Output as _kernel_container_v1_Namespace__Output } from './kernel/container/v1/Namespace';
import type { PersistentVolume as _kernel_container_v1_PersistentVolume, PersistentVolume__Output as _kernel_container_v1_PersistentVolume__Output } from './kernel/container/v1/PersistentVolume';
import type { Resource as _kernel_container_v1_Resource, Resource__Output as _kernel_container_v1_Resource__Output } from './kernel/container/v1/Resource';
import type { ResourceStatistics as _kernel_container_v1_ResourceStatistics, ResourceStatistics__Output as _kernel_container_v1_ResourceStatistics__Output } from './kernel/container/v1/ResourceStatistics';
import type { Rlimit as _kernel_container_v1_Rlimit, Rlimit__Output as _kernel_container_v1_Rlimit__Output } from './kernel/container/v1/Rlimit';
import type { User as _kernel_container_v1_User, User__Output as _kernel_container_v1_User__Output } from './kernel/container/v1/User';
import type { ValueRange as _kernel_container_v1_ValueRange, ValueRange__Output as _kernel_container_v1_ValueRange__Output } from './kernel/container/v1/ValueRange';
import type { AgentPreLaunchRequest as _kernel_hook_v1_AgentPreLaunchRequest, AgentPreLaunchRequest__Output as _kernel_hook_v1_AgentPreLaunchRequest__Output } from './kernel/hook/v1/AgentPreLaunchRequest';
import type { AgentRemoveExecutorRequest as _kernel_hook_v1_AgentRemoveExecutorRequest, AgentRemoveExecutorRequest__Output as _kernel_hook_v1_AgentRemoveExecutorRequest__Output } from './kernel/hook/v1/AgentRemoveExecutorRequest';
import type { AgentResourcesRequest as _kernel_hook_v1_AgentResourcesRequest, AgentResourcesRequest__Output as _kernel_hook_v1_AgentResourcesRequest__Output } from './kernel/hook/v1/AgentResourcesRequest';
import type { AgentRunTaskRequest as _kernel_hook_v1_AgentRunTaskRequest, AgentRunTaskRequest__Output as _kernel_hook_v1_AgentRunTaskRequest__Output } from './kernel/hook/v1/AgentRunTaskRequest';
import type { AgentTaskStatusRequest as _kernel_hook_v1_AgentTaskStatusRequest, AgentTaskStatusRequest__Output as _kernel_hook_v1_AgentTaskStatusRequest__Output } from './kernel/hook/v1/AgentTaskStatusRequest';
import type { AttributeList as _kernel_hook_v1_AttributeList, AttributeList__Output as _kernel_hook_v1_AttributeList__Output } from './kernel/hook/v1/AttributeList';
import type { Decoration as _kernel_hook_v1_Decoration, Decoration__Output as _kernel_hook_v1_Decoration__Output } from './kernel/hook/v1/Decoration';
import type { Environment as _kernel_hook_v1_Environment, Environment__Output as _kernel_hook_v1_Environment__Output } from './kernel/hook/v1/Environment';
import type { HookClient as _kernel_hook_v1_HookClient, HookDefinition as _kernel_hook_v1_HookDefinition } from './kernel/hook/v1/Hook';
import type { LabelList as _kernel_hook_v1_LabelList, LabelList__Output as _kernel_hook_v1_LabelList__Output } from './kernel/hook/v1/LabelList';
import type { MasterLaunchTaskRequest as _kernel_hook_v1_MasterLaunchTaskRequest, MasterLaunchTaskRequest__Output as _kernel_hook_v1_MasterLaunchTaskRequest__Output } from './kernel/hook/v1/MasterLaunchTaskRequest';
import type { ResourceList as _kernel_hook_v1_ResourceList, ResourceList__Output as _kernel_hook_v1_ResourceList__Output } from './kernel/hook/v1/ResourceList';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kernel: {
    container: {
      v1: {
        Attribute: MessageTypeDefinition<_kernel_container_v1_Attribute, _kernel_container_v1_Attribute__Output>
        Capabilities: MessageTypeDefinition<_kernel_container_v1_Capabilities, _kernel_container_v1_Capabilities__Output>
        CgroupSettings: MessageTypeDefinition<_kernel_container_v1_CgroupSettings, _kernel_container_v1_CgroupSettings__Output>
        Command: MessageTypeDefinition<_kernel_container_v1_Command, _kernel_container_v1_Command__Output>
        ContainerConfig: MessageTypeDefinition<_kernel_container_v1_ContainerConfig, _kernel_container_v1_ContainerConfig__Output>
        ContainerID: MessageTypeDefinition<_kernel_container_v1_ContainerID, _kernel_container_v1_ContainerID__Output>
        ContainerState: MessageTypeDefinition<_kernel_container_v1_ContainerState, _kernel_container_v1_ContainerState__Output>
        Device: MessageTypeDefinition<_kernel_container_v1_Device, _kernel_container_v1_Device__Output>
        DiskStatistics: MessageTypeDefinition<_kernel_container_v1_DiskStatistics, _kernel_container_v1_DiskStatistics__Output>
        EnvVar: MessageTypeDefinition<_kernel_container_v1_EnvVar, _kernel_container_v1_EnvVar__Output>
        IdMapping: MessageTypeDefinition<_kernel_container_v1_IdMapping, _kernel_container_v1_IdMapping__Output>
        ImageConfig: MessageTypeDefinition<_kernel_container_v1_ImageConfig, _kernel_container_v1_ImageConfig__Output>
        Label: MessageTypeDefinition<_kernel_container_v1_Label, _kernel_container_v1_Label__Output>
        LaunchInfo: MessageTypeDefinition<_kernel_container_v1_LaunchInfo, _kernel_container_v1_LaunchInfo__Output>
        Mount: MessageTypeDefinition<_kernel_container_v1_Mount, _kernel_container_v1_Mount__Output>
        Namespace: MessageTypeDefinition<_kernel_container_v1_Namespace, _kernel_container_v1_Namespace__Output>
        PersistentVolume: MessageTypeDefinition<_kernel_container_v1_PersistentVolume, _kernel_container_v1_PersistentVolume__Output>
        Resource: MessageTypeDefinition<_kernel_container_v1_Resource, _kernel_container_v1_Resource__Output>
        ResourceStatistics: MessageTypeDefinition<_kernel_container_v1_ResourceStatistics, _kernel_container_v1_ResourceStatistics__Output>
        Rlimit: MessageTypeDefinition<_kernel_container_v1_Rlimit, _kernel_container_v1_Rlimit__Output>
        User: MessageTypeDefinition<_kernel_container_v1_User, _kernel_container_v1_User__Output>
        ValueRange: MessageTypeDefinition<_kernel_container_v1_ValueRange, _kernel_container_v1_ValueRange__Output>
        ValueType: EnumTypeDefinition
      }
    }
    hook: {
      v1: {
        AgentPreLaunchRequest: MessageTypeDefinition<_kernel_hook_v1_AgentPreLaunchRequest, _kernel_hook_v1_AgentPreLaunchRequest__Output>
        AgentRemoveExecutorRequest: MessageTypeDefinition<_kernel_hook_v1_AgentRemoveExecutorRequest, _kernel_hook_v1_AgentRemoveExecutorRequest__Output>
        AgentResourcesRequest: MessageTypeDefinition<_kernel_hook_v1_AgentResourcesRequest, _kernel_hook_v1_AgentResourcesRequest__Output>
        AgentRunTaskRequest: MessageTypeDefinition<_kernel_hook_v1_AgentRunTaskRequest, _kernel_hook_v1_AgentRunTaskRequest__Output>
        AgentTaskStatusRequest: MessageTypeDefinition<_kernel_hook_v1_AgentTaskStatusRequest, _kernel_hook_v1_AgentTaskStatusRequest__Output>
        AttributeList: MessageTypeDefinition<_kernel_hook_v1_AttributeList, _kernel_hook_v1_AttributeList__Output>
        Decoration: MessageTypeDefinition<_kernel_hook_v1_Decoration, _kernel_hook_v1_Decoration__Output>
        Environment: MessageTypeDefinition<_kernel_hook_v1_Environment, _kernel_hook_v1_Environment__Output>
        /**
         * Hook is served by hook modules. A hook that has nothing to say for a call answers an empty
         * Decoration; a hook that does not implement a call answers PLT_ERR_UNSUPPORTED and is passed
         * over. A failing (or timed out) hook is logged and skipped, the value kept as it was before it,
         * except AgentPreLaunch, whose failure fails the task with a reason naming the hook. Each call
         * has a deadline (5 s by default, HOOK_TIMEOUT_MS); a hook past it counts as failed.
         */
        Hook: SubtypeConstructor<typeof grpc.Client, _kernel_hook_v1_HookClient> & { service: _kernel_hook_v1_HookDefinition }
        LabelList: MessageTypeDefinition<_kernel_hook_v1_LabelList, _kernel_hook_v1_LabelList__Output>
        MasterLaunchTaskRequest: MessageTypeDefinition<_kernel_hook_v1_MasterLaunchTaskRequest, _kernel_hook_v1_MasterLaunchTaskRequest__Output>
        ResourceList: MessageTypeDefinition<_kernel_hook_v1_ResourceList, _kernel_hook_v1_ResourceList__Output>
      }
    }
  }
}

