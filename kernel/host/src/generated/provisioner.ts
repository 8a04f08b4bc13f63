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
import type { DestroyRequest as _kernel_provisioner_v1_DestroyRequest, DestroyRequest__Output as _kernel_provisioner_v1_DestroyRequest__Output } from './kernel/provisioner/v1/DestroyRequest';
import type { DestroyResponse as _kernel_provisioner_v1_DestroyResponse, DestroyResponse__Output as _kernel_provisioner_v1_DestroyResponse__Output } from './kernel/provisioner/v1/DestroyResponse';
import type { Image as _kernel_provisioner_v1_Image, Image__Output as _kernel_provisioner_v1_Image__Output } from './kernel/provisioner/v1/Image';
import type { ProgressRequest as _kernel_provisioner_v1_ProgressRequest, ProgressRequest__Output as _kernel_provisioner_v1_ProgressRequest__Output } from './kernel/provisioner/v1/ProgressRequest';
import type { ProvisionRequest as _kernel_provisioner_v1_ProvisionRequest, ProvisionRequest__Output as _kernel_provisioner_v1_ProvisionRequest__Output } from './kernel/provisioner/v1/ProvisionRequest';
import type { ProvisionResponse as _kernel_provisioner_v1_ProvisionResponse, ProvisionResponse__Output as _kernel_provisioner_v1_ProvisionResponse__Output } from './kernel/provisioner/v1/ProvisionResponse';
import type { ProvisionerClient as _kernel_provisioner_v1_ProvisionerClient, ProvisionerDefinition as _kernel_provisioner_v1_ProvisionerDefinition } from './kernel/provisioner/v1/Provisioner';
import type { PullProgress as _kernel_provisioner_v1_PullProgress, PullProgress__Output as _kernel_provisioner_v1_PullProgress__Output } from './kernel/provisioner/v1/PullProgress';
import type { RecoverRequest as _kernel_provisioner_v1_RecoverRequest, RecoverRequest__Output as _kernel_provisioner_v1_RecoverRequest__Output } from './kernel/provisioner/v1/RecoverRequest';
import type { RecoverResponse as _kernel_provisioner_v1_RecoverResponse, RecoverResponse__Output as _kernel_provisioner_v1_RecoverResponse__Output } from './kernel/provisioner/v1/RecoverResponse';

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
    provisioner: {
      v1: {
        DestroyRequest: MessageTypeDefinition<_kernel_provisioner_v1_DestroyRequest, _kernel_provisioner_v1_DestroyRequest__Output>
        DestroyResponse: MessageTypeDefinition<_kernel_provisioner_v1_DestroyResponse, _kernel_provisioner_v1_DestroyResponse__Output>
        Image: MessageTypeDefinition<_kernel_provisioner_v1_Image, _kernel_provisioner_v1_Image__Output>
        ProgressRequest: MessageTypeDefinition<_kernel_provisioner_v1_ProgressRequest, _kernel_provisioner_v1_ProgressRequest__Output>
        ProvisionRequest: MessageTypeDefinition<_kernel_provisioner_v1_ProvisionRequest, _kernel_provisioner_v1_ProvisionRequest__Output>
        ProvisionResponse: MessageTypeDefinition<_kernel_provisioner_v1_ProvisionResponse, _kernel_provisioner_v1_ProvisionResponse__Output>
        /**
         * Provisioner is served by provisioner modules.
         */
        Provisioner: SubtypeConstructor<typeof grpc.Client, _kernel_provisioner_v1_ProvisionerClient> & { service: _kernel_provisioner_v1_ProvisionerDefinition }
        PullProgress: MessageTypeDefinition<_kernel_provisioner_v1_PullProgress, _kernel_provisioner_v1_PullProgress__Output>
        RecoverRequest: MessageTypeDefinition<_kernel_provisioner_v1_RecoverRequest, _kernel_provisioner_v1_RecoverRequest__Output>
        RecoverResponse: MessageTypeDefinition<_kernel_provisioner_v1_RecoverResponse, _kernel_provisioner_v1_RecoverResponse__Output>
      }
    }
  }
}

