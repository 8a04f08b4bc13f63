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
import type { CleanupRequest as _kernel_isolator_v1_CleanupRequest, CleanupRequest__Output as _kernel_isolator_v1_CleanupRequest__Output } from './kernel/isolator/v1/CleanupRequest';
import type { CleanupResponse as _kernel_isolator_v1_CleanupResponse, CleanupResponse__Output as _kernel_isolator_v1_CleanupResponse__Output } from './kernel/isolator/v1/CleanupResponse';
import type { ContainerStatus as _kernel_isolator_v1_ContainerStatus, ContainerStatus__Output as _kernel_isolator_v1_ContainerStatus__Output } from './kernel/isolator/v1/ContainerStatus';
import type { IPAddress as _kernel_isolator_v1_IPAddress, IPAddress__Output as _kernel_isolator_v1_IPAddress__Output } from './kernel/isolator/v1/IPAddress';
import type { IsolateRequest as _kernel_isolator_v1_IsolateRequest, IsolateRequest__Output as _kernel_isolator_v1_IsolateRequest__Output } from './kernel/isolator/v1/IsolateRequest';
import type { IsolateResponse as _kernel_isolator_v1_IsolateResponse, IsolateResponse__Output as _kernel_isolator_v1_IsolateResponse__Output } from './kernel/isolator/v1/IsolateResponse';
import type { IsolatorClient as _kernel_isolator_v1_IsolatorClient, IsolatorDefinition as _kernel_isolator_v1_IsolatorDefinition } from './kernel/isolator/v1/Isolator';
import type { Limitation as _kernel_isolator_v1_Limitation, Limitation__Output as _kernel_isolator_v1_Limitation__Output } from './kernel/isolator/v1/Limitation';
import type { NetworkInfo as _kernel_isolator_v1_NetworkInfo, NetworkInfo__Output as _kernel_isolator_v1_NetworkInfo__Output } from './kernel/isolator/v1/NetworkInfo';
import type { PrepareRequest as _kernel_isolator_v1_PrepareRequest, PrepareRequest__Output as _kernel_isolator_v1_PrepareRequest__Output } from './kernel/isolator/v1/PrepareRequest';
import type { PrepareResponse as _kernel_isolator_v1_PrepareResponse, PrepareResponse__Output as _kernel_isolator_v1_PrepareResponse__Output } from './kernel/isolator/v1/PrepareResponse';
import type { RecoverRequest as _kernel_isolator_v1_RecoverRequest, RecoverRequest__Output as _kernel_isolator_v1_RecoverRequest__Output } from './kernel/isolator/v1/RecoverRequest';
import type { RecoverResponse as _kernel_isolator_v1_RecoverResponse, RecoverResponse__Output as _kernel_isolator_v1_RecoverResponse__Output } from './kernel/isolator/v1/RecoverResponse';
import type { StatusRequest as _kernel_isolator_v1_StatusRequest, StatusRequest__Output as _kernel_isolator_v1_StatusRequest__Output } from './kernel/isolator/v1/StatusRequest';
import type { Supported as _kernel_isolator_v1_Supported, Supported__Output as _kernel_isolator_v1_Supported__Output } from './kernel/isolator/v1/Supported';
import type { SupportsRequest as _kernel_isolator_v1_SupportsRequest, SupportsRequest__Output as _kernel_isolator_v1_SupportsRequest__Output } from './kernel/isolator/v1/SupportsRequest';
import type { UpdateRequest as _kernel_isolator_v1_UpdateRequest, UpdateRequest__Output as _kernel_isolator_v1_UpdateRequest__Output } from './kernel/isolator/v1/UpdateRequest';
import type { UpdateResponse as _kernel_isolator_v1_UpdateResponse, UpdateResponse__Output as _kernel_isolator_v1_UpdateResponse__Output } from './kernel/isolator/v1/UpdateResponse';
import type { UsageRequest as _kernel_isolator_v1_UsageRequest, UsageRequest__Output as _kernel_isolator_v1_UsageRequest__Output } from './kernel/isolator/v1/UsageRequest';
import type { WatchRequest as _kernel_isolator_v1_WatchRequest, WatchRequest__Output as _kernel_isolator_v1_WatchRequest__Output } from './kernel/isolator/v1/WatchRequest';

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
    isolator: {
      v1: {
        CleanupRequest: MessageTypeDefinition<_kernel_isolator_v1_CleanupRequest, _kernel_isolator_v1_CleanupRequest__Output>
        CleanupResponse: MessageTypeDefinition<_kernel_isolator_v1_CleanupResponse, _kernel_isolator_v1_CleanupResponse__Output>
        ContainerStatus: MessageTypeDefinition<_kernel_isolator_v1_ContainerStatus, _kernel_isolator_v1_ContainerStatus__Output>
        IPAddress: MessageTypeDefinition<_kernel_isolator_v1_IPAddress, _kernel_isolator_v1_IPAddress__Output>
        IsolateRequest: MessageTypeDefinition<_kernel_isolator_v1_IsolateRequest, _kernel_isolator_v1_IsolateRequest__Output>
        IsolateResponse: MessageTypeDefinition<_kernel_isolator_v1_IsolateResponse, _kernel_isolator_v1_IsolateResponse__Output>
        /**
         * Isolator is served by isolator modules. Per container: Prepare (in isolator order), Isolate
         * (all at once, after the process is created and before it runs), Watch, Update/Usage/Status while
         * it runs, Cleanup (reverse order, after every process is gone).
         */
        Isolator: SubtypeConstructor<typeof grpc.Client, _kernel_isolator_v1_IsolatorClient> & { service: _kernel_isolator_v1_IsolatorDefinition }
        Limitation: MessageTypeDefinition<_kernel_isolator_v1_Limitation, _kernel_isolator_v1_Limitation__Output>
        LimitationReason: EnumTypeDefinition
        NetworkInfo: MessageTypeDefinition<_kernel_isolator_v1_NetworkInfo, _kernel_isolator_v1_NetworkInfo__Output>
        PrepareRequest: MessageTypeDefinition<_kernel_isolator_v1_PrepareRequest, _kernel_isolator_v1_PrepareRequest__Output>
        PrepareResponse: MessageTypeDefinition<_kernel_isolator_v1_PrepareResponse, _kernel_isolator_v1_PrepareResponse__Output>
        RecoverRequest: MessageTypeDefinition<_kernel_isolator_v1_RecoverRequest, _kernel_isolator_v1_RecoverRequest__Output>
        RecoverResponse: MessageTypeDefinition<_kernel_isolator_v1_RecoverResponse, _kernel_isolator_v1_RecoverResponse__Output>
        StatusRequest: MessageTypeDefinition<_kernel_isolator_v1_StatusRequest, _kernel_isolator_v1_StatusRequest__Output>
        Supported: MessageTypeDefinition<_kernel_isolator_v1_Supported, _kernel_isolator_v1_Supported__Output>
        SupportsRequest: MessageTypeDefinition<_kernel_isolator_v1_SupportsRequest, _kernel_isolator_v1_SupportsRequest__Output>
        UpdateRequest: MessageTypeDefinition<_kernel_isolator_v1_UpdateRequest, _kernel_isolator_v1_UpdateRequest__Output>
        UpdateResponse: MessageTypeDefinition<_kernel_isolator_v1_UpdateResponse, _kernel_isolator_v1_UpdateResponse__Output>
        UsageRequest: MessageTypeDefinition<_kernel_isolator_v1_UsageRequest, _kernel_isolator_v1_UsageRequest__Output>
        WatchRequest: MessageTypeDefinition<_kernel_isolator_v1_WatchRequest, _kernel_isolator_v1_WatchRequest__Output>
      }
    }
  }
}

