import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ConfigureRequest as _kernel_module_v1_ConfigureRequest, ConfigureRequest__Output as _kernel_module_v1_ConfigureRequest__Output } from './kernel/module/v1/ConfigureRequest';
import type { ConfigureResponse as _kernel_module_v1_ConfigureResponse, ConfigureResponse__Output as _kernel_module_v1_ConfigureResponse__Output } from './kernel/module/v1/ConfigureResponse';
import type { DescribeRequest as _kernel_module_v1_DescribeRequest, DescribeRequest__Output as _kernel_module_v1_DescribeRequest__Output } from './kernel/module/v1/DescribeRequest';
import type { DescribeResponse as _kernel_module_v1_DescribeResponse, DescribeResponse__Output as _kernel_module_v1_DescribeResponse__Output } from './kernel/module/v1/DescribeResponse';
import type { ModuleClient as _kernel_module_v1_ModuleClient, ModuleDefinition as _kernel_module_v1_ModuleDefinition } from './kernel/module/v1/Module';
import type { StartRequest as _kernel_module_v1_StartRequest, StartRequest__Output as _kernel_module_v1_StartRequest__Output } from './kernel/module/v1/StartRequest';
import type { StartResponse as _kernel_module_v1_StartResponse, StartResponse__Output as _kernel_module_v1_StartResponse__Output } from './kernel/module/v1/StartResponse';
import type { StopRequest as _kernel_module_v1_StopRequest, StopRequest__Output as _kernel_module_v1_StopRequest__Output } from './kernel/module/v1/StopRequest';
import type { StopResponse as _kernel_module_v1_StopResponse, StopResponse__Output as _kernel_module_v1_StopResponse__Output } from './kernel/module/v1/StopResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kernel: {
    module: {
      v1: {
        ConfigureRequest: MessageTypeDefinition<_kernel_module_v1_ConfigureRequest, _kernel_module_v1_ConfigureRequest__Output>
        ConfigureResponse: MessageTypeDefinition<_kernel_module_v1_ConfigureResponse, _kernel_module_v1_ConfigureResponse__Output>
        DescribeRequest: MessageTypeDefinition<_kernel_module_v1_DescribeRequest, _kernel_module_v1_DescribeRequest__Output>
        DescribeResponse: MessageTypeDefinition<_kernel_module_v1_DescribeResponse, _kernel_module_v1_DescribeResponse__Output>
        Module: SubtypeConstructor<typeof grpc.Client, _kernel_module_v1_ModuleClient> & { service: _kernel_module_v1_ModuleDefinition }
        StartRequest: MessageTypeDefinition<_kernel_module_v1_StartRequest, _kernel_module_v1_StartRequest__Output>
        StartResponse: MessageTypeDefinition<_kernel_module_v1_StartResponse, _kernel_module_v1_StartResponse__Output>
        StopRequest: MessageTypeDefinition<_kernel_module_v1_StopRequest, _kernel_module_v1_StopRequest__Output>
        StopResponse: MessageTypeDefinition<_kernel_module_v1_StopResponse, _kernel_module_v1_StopResponse__Output>
      }
    }
  }
}

