import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ApplyResponse as _kernel_registry_v1_ApplyResponse, ApplyResponse__Output as _kernel_registry_v1_ApplyResponse__Output } from './kernel/registry/v1/ApplyResponse';
import type { Entry as _kernel_registry_v1_Entry, Entry__Output as _kernel_registry_v1_Entry__Output } from './kernel/registry/v1/Entry';
import type { GetRequest as _kernel_registry_v1_GetRequest, GetRequest__Output as _kernel_registry_v1_GetRequest__Output } from './kernel/registry/v1/GetRequest';
import type { GetResponse as _kernel_registry_v1_GetResponse, GetResponse__Output as _kernel_registry_v1_GetResponse__Output } from './kernel/registry/v1/GetResponse';
import type { ListRequest as _kernel_registry_v1_ListRequest, ListRequest__Output as _kernel_registry_v1_ListRequest__Output } from './kernel/registry/v1/ListRequest';
import type { ListResponse as _kernel_registry_v1_ListResponse, ListResponse__Output as _kernel_registry_v1_ListResponse__Output } from './kernel/registry/v1/ListResponse';
import type { Mutation as _kernel_registry_v1_Mutation, Mutation__Output as _kernel_registry_v1_Mutation__Output } from './kernel/registry/v1/Mutation';
import type { RegistryClient as _kernel_registry_v1_RegistryClient, RegistryDefinition as _kernel_registry_v1_RegistryDefinition } from './kernel/registry/v1/Registry';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kernel: {
    registry: {
      v1: {
        ApplyResponse: MessageTypeDefinition<_kernel_registry_v1_ApplyResponse, _kernel_registry_v1_ApplyResponse__Output>
        Entry: MessageTypeDefinition<_kernel_registry_v1_Entry, _kernel_registry_v1_Entry__Output>
        GetRequest: MessageTypeDefinition<_kernel_registry_v1_GetRequest, _kernel_registry_v1_GetRequest__Output>
        GetResponse: MessageTypeDefinition<_kernel_registry_v1_GetResponse, _kernel_registry_v1_GetResponse__Output>
        ListRequest: MessageTypeDefinition<_kernel_registry_v1_ListRequest, _kernel_registry_v1_ListRequest__Output>
        ListResponse: MessageTypeDefinition<_kernel_registry_v1_ListResponse, _kernel_registry_v1_ListResponse__Output>
        Mutation: MessageTypeDefinition<_kernel_registry_v1_Mutation, _kernel_registry_v1_Mutation__Output>
        /**
         * Registry is served by registry modules; keys are strings, values opaque bytes.
         */
        Registry: SubtypeConstructor<typeof grpc.Client, _kernel_registry_v1_RegistryClient> & { service: _kernel_registry_v1_RegistryDefinition }
      }
    }
  }
}

