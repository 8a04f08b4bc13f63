import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ResolveRequest as _kernel_secret_resolver_v1_ResolveRequest, ResolveRequest__Output as _kernel_secret_resolver_v1_ResolveRequest__Output } from './kernel/secret_resolver/v1/ResolveRequest';
import type { ResolveResponse as _kernel_secret_resolver_v1_ResolveResponse, ResolveResponse__Output as _kernel_secret_resolver_v1_ResolveResponse__Output } from './kernel/secret_resolver/v1/ResolveResponse';
import type { Secret as _kernel_secret_resolver_v1_Secret, Secret__Output as _kernel_secret_resolver_v1_Secret__Output } from './kernel/secret_resolver/v1/Secret';
import type { SecretResolverClient as _kernel_secret_resolver_v1_SecretResolverClient, SecretResolverDefinition as _kernel_secret_resolver_v1_SecretResolverDefinition } from './kernel/secret_resolver/v1/SecretResolver';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kernel: {
    secret_resolver: {
      v1: {
        ResolveRequest: MessageTypeDefinition<_kernel_secret_resolver_v1_ResolveRequest, _kernel_secret_resolver_v1_ResolveRequest__Output>
        ResolveResponse: MessageTypeDefinition<_kernel_secret_resolver_v1_ResolveResponse, _kernel_secret_resolver_v1_ResolveResponse__Output>
        Secret: MessageTypeDefinition<_kernel_secret_resolver_v1_Secret, _kernel_secret_resolver_v1_Secret__Output>
        /**
         * SecretResolver is served by secret-resolver modules; the agent names one in agent.secretResolver.
         */
        SecretResolver: SubtypeConstructor<typeof grpc.Client, _kernel_secret_resolver_v1_SecretResolverClient> & { service: _kernel_secret_resolver_v1_SecretResolverDefinition }
      }
    }
  }
}

