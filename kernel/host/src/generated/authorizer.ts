import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuthorizationBatchRequest as _kernel_authorizer_v1_AuthorizationBatchRequest, AuthorizationBatchRequest__Output as _kernel_authorizer_v1_AuthorizationBatchRequest__Output } from './kernel/authorizer/v1/AuthorizationBatchRequest';
import type { AuthorizationBatchResponse as _kernel_authorizer_v1_AuthorizationBatchResponse, AuthorizationBatchResponse__Output as _kernel_authorizer_v1_AuthorizationBatchResponse__Output } from './kernel/authorizer/v1/AuthorizationBatchResponse';
import type { AuthorizationObject as _kernel_authorizer_v1_AuthorizationObject, AuthorizationObject__Output as _kernel_authorizer_v1_AuthorizationObject__Output } from './kernel/authorizer/v1/AuthorizationObject';
import type { AuthorizationRequest as _kernel_authorizer_v1_AuthorizationRequest, AuthorizationRequest__Output as _kernel_authorizer_v1_AuthorizationRequest__Output } from './kernel/authorizer/v1/AuthorizationRequest';
import type { AuthorizationResponse as _kernel_authorizer_v1_AuthorizationResponse, AuthorizationResponse__Output as _kernel_authorizer_v1_AuthorizationResponse__Output } from './kernel/authorizer/v1/AuthorizationResponse';
import type { AuthorizerClient as _kernel_authorizer_v1_AuthorizerClient, AuthorizerDefinition as _kernel_authorizer_v1_AuthorizerDefinition } from './kernel/authorizer/v1/Authorizer';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kernel: {
    authorizer: {
      v1: {
        AuthorizationBatchRequest: MessageTypeDefinition<_kernel_authorizer_v1_AuthorizationBatchRequest, _kernel_authorizer_v1_AuthorizationBatchRequest__Output>
        AuthorizationBatchResponse: MessageTypeDefinition<_kernel_authorizer_v1_AuthorizationBatchResponse, _kernel_authorizer_v1_AuthorizationBatchResponse__Output>
        AuthorizationObject: MessageTypeDefinition<_kernel_authorizer_v1_AuthorizationObject, _kernel_authorizer_v1_AuthorizationObject__Output>
        AuthorizationRequest: MessageTypeDefinition<_kernel_authorizer_v1_AuthorizationRequest, _kernel_authorizer_v1_AuthorizationRequest__Output>
        AuthorizationResponse: MessageTypeDefinition<_kernel_authorizer_v1_AuthorizationResponse, _kernel_authorizer_v1_AuthorizationResponse__Output>
        /**
         * Authorizer is served by authorizer modules.
         */
        Authorizer: SubtypeConstructor<typeof grpc.Client, _kernel_authorizer_v1_AuthorizerClient> & { service: _kernel_authorizer_v1_AuthorizerDefinition }
      }
    }
  }
}

