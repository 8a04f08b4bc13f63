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
import type { DestroyRequest as _kernel_launcher_v1_DestroyRequest, DestroyRequest__Output as _kernel_launcher_v1_DestroyRequest__Output } from './kernel/launcher/v1/DestroyRequest';
import type { DestroyResponse as _kernel_launcher_v1_DestroyResponse, DestroyResponse__Output as _kernel_launcher_v1_DestroyResponse__Output } from './kernel/launcher/v1/DestroyResponse';
import type { ExecInputRequest as _kernel_launcher_v1_ExecInputRequest, ExecInputRequest__Output as _kernel_launcher_v1_ExecInputRequest__Output } from './kernel/launcher/v1/ExecInputRequest';
import type { ExecInputResponse as _kernel_launcher_v1_ExecInputResponse, ExecInputResponse__Output as _kernel_launcher_v1_ExecInputResponse__Output } from './kernel/launcher/v1/ExecInputResponse';
import type { ExecOutput as _kernel_launcher_v1_ExecOutput, ExecOutput__Output as _kernel_launcher_v1_ExecOutput__Output } from './kernel/launcher/v1/ExecOutput';
import type { ExecRequest as _kernel_launcher_v1_ExecRequest, ExecRequest__Output as _kernel_launcher_v1_ExecRequest__Output } from './kernel/launcher/v1/ExecRequest';
import type { KillRequest as _kernel_launcher_v1_KillRequest, KillRequest__Output as _kernel_launcher_v1_KillRequest__Output } from './kernel/launcher/v1/KillRequest';
import type { KillResponse as _kernel_launcher_v1_KillResponse, KillResponse__Output as _kernel_launcher_v1_KillResponse__Output } from './kernel/launcher/v1/KillResponse';
import type { LaunchRequest as _kernel_launcher_v1_LaunchRequest, LaunchRequest__Output as _kernel_launcher_v1_LaunchRequest__Output } from './kernel/launcher/v1/LaunchRequest';
import type { LaunchResponse as _kernel_launcher_v1_LaunchResponse, LaunchResponse__Output as _kernel_launcher_v1_LaunchResponse__Output } from './kernel/launcher/v1/LaunchResponse';
import type { LauncherClient as _kernel_launcher_v1_LauncherClient, LauncherDefinition as _kernel_launcher_v1_LauncherDefinition } from './kernel/launcher/v1/Launcher';
import type { RecoverRequest as _kernel_launcher_v1_RecoverRequest, RecoverRequest__Output as _kernel_launcher_v1_RecoverRequest__Output } from './kernel/launcher/v1/RecoverRequest';
import type { RecoverResponse as _kernel_launcher_v1_RecoverResponse, RecoverResponse__Output as _kernel_launcher_v1_RecoverResponse__Output } from './kernel/launcher/v1/RecoverResponse';
import type { RecoveredContainer as _kernel_launcher_v1_RecoveredContainer, RecoveredContainer__Output as _kernel_launcher_v1_RecoveredContainer__Output } from './kernel/launcher/v1/RecoveredContainer';
import type { StartRequest as _kernel_launcher_v1_StartRequest, StartRequest__Output as _kernel_launcher_v1_StartRequest__Output } from './kernel/launcher/v1/StartRequest';
import type { StartResponse as _kernel_launcher_v1_StartResponse, StartResponse__Output as _kernel_launcher_v1_StartResponse__Output } from './kernel/launcher/v1/StartResponse';
import type { TerminalSize as _kernel_launcher_v1_TerminalSize, TerminalSize__Output as _kernel_launcher_v1_TerminalSize__Output } from './kernel/launcher/v1/TerminalSize';
import type { Termination as _kernel_launcher_v1_Termination, Termination__Output as _kernel_launcher_v1_Termination__Output } from './kernel/launcher/v1/Termination';
import type { WaitRequest as _kernel_launcher_v1_WaitRequest, WaitRequest__Output as _kernel_launcher_v1_WaitRequest__Output } from './kernel/launcher/v1/WaitRequest';

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
    launcher: {
      v1: {
        DestroyRequest: MessageTypeDefinition<_kernel_launcher_v1_DestroyRequest, _kernel_launcher_v1_DestroyRequest__Output>
        DestroyResponse: MessageTypeDefinition<_kernel_launcher_v1_DestroyResponse, _kernel_launcher_v1_DestroyResponse__Output>
        ExecInputRequest: MessageTypeDefinition<_kernel_launcher_v1_ExecInputRequest, _kernel_launcher_v1_ExecInputRequest__Output>
        ExecInputResponse: MessageTypeDefinition<_kernel_launcher_v1_ExecInputResponse, _kernel_launcher_v1_ExecInputResponse__Output>
        ExecOutput: MessageTypeDefinition<_kernel_launcher_v1_ExecOutput, _kernel_launcher_v1_ExecOutput__Output>
        ExecRequest: MessageTypeDefinition<_kernel_launcher_v1_ExecRequest, _kernel_launcher_v1_ExecRequest__Output>
        KillRequest: MessageTypeDefinition<_kernel_launcher_v1_KillRequest, _kernel_launcher_v1_KillRequest__Output>
        KillResponse: MessageTypeDefinition<_kernel_launcher_v1_KillResponse, _kernel_launcher_v1_KillResponse__Output>
        LaunchRequest: MessageTypeDefinition<_kernel_launcher_v1_LaunchRequest, _kernel_launcher_v1_LaunchRequest__Output>
        LaunchResponse: MessageTypeDefinition<_kernel_launcher_v1_LaunchResponse, _kernel_launcher_v1_LaunchResponse__Output>
        /**
         * Launcher is served by launcher modules. A container goes Launch -> (isolators' Isolate) ->
         * Start -> Wait; Kill signals it, Destroy removes it. Unknown containers fail with NotFound.
         */
        Launcher: SubtypeConstructor<typeof grpc.Client, _kernel_launcher_v1_LauncherClient> & { service: _kernel_launcher_v1_LauncherDefinition }
        RecoverRequest: MessageTypeDefinition<_kernel_launcher_v1_RecoverRequest, _kernel_launcher_v1_RecoverRequest__Output>
        RecoverResponse: MessageTypeDefinition<_kernel_launcher_v1_RecoverResponse, _kernel_launcher_v1_RecoverResponse__Output>
        RecoveredContainer: MessageTypeDefinition<_kernel_launcher_v1_RecoveredContainer, _kernel_launcher_v1_RecoveredContainer__Output>
        StartRequest: MessageTypeDefinition<_kernel_launcher_v1_StartRequest, _kernel_launcher_v1_StartRequest__Output>
        StartResponse: MessageTypeDefinition<_kernel_launcher_v1_StartResponse, _kernel_launcher_v1_StartResponse__Output>
        TerminalSize: MessageTypeDefinition<_kernel_launcher_v1_TerminalSize, _kernel_launcher_v1_TerminalSize__Output>
        Termination: MessageTypeDefinition<_kernel_launcher_v1_Termination, _kernel_launcher_v1_Termination__Output>
        WaitRequest: MessageTypeDefinition<_kernel_launcher_v1_WaitRequest, _kernel_launcher_v1_WaitRequest__Output>
      }
    }
  }
}

