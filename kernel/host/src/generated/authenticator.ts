import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AuthenticateRequest as _kernel_authenticator_v1_AuthenticateRequest, AuthenticateRequest__Output as _kernel_authenticator_v1_AuthenticateRequest__Output } from './kernel/authenticator/v1/AuthenticateRequest';
import type { AuthenticateResponse as _kernel_authenticator_v1_AuthenticateResponse, AuthenticateResponse__Output as _kernel_authenticator_v1_AuthenticateResponse__Output } from './kernel/authenticator/v1/AuthenticateResponse';
import type { AuthenticatorClient as _kernel_authenticator_v1_AuthenticatorClient, AuthenticatorDefinition as _kernel_authenticator_v1_AuthenticatorDefinition } from './kernel/authenticator/v1/Authenticator';
import type { IssueTokenRequest as _kernel_authenticator_v1_IssueTokenRequest, IssueTokenRequest__Output as _kernel_authenticator_v1_IssueTokenRequest__Output } from './kernel/authenticator/v1/IssueTokenRequest';
import type { IssueTokenResponse as _kernel_authenticator_v1_IssueTokenResponse, IssueTokenResponse__Output as _kernel_authenticator_v1_IssueTokenResponse__Output } from './kernel/authenticator/v1/IssueTokenResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kernel: {
    authenticator: {
      v1: {
        AuthenticateRequest: MessageTypeDefinition<_kernel_authenticator_v1_AuthenticateRequest, _kernel_authenticator_v1_AuthenticateRequest__Output>
        AuthenticateResponse: MessageTypeDefinition<_kernel_authenticator_v1_AuthenticateResponse, _kernel_authenticator_v1_AuthenticateResponse__Output>
        /**
         * Authenticator is served by authenticator modules; several are tried in order, first success wins.
         */
        Authenticator: SubtypeConstructor<typeof grpc.Client, _kernel_authenticator_v1_AuthenticatorClient> & { service: _kernel_authenticator_v1_AuthenticatorDefinition }
        IssueTokenRequest: MessageTypeDefinition<_kernel_authenticator_v1_IssueTokenRequest, _kernel_authenticator_v1_IssueTokenRequest__Output>
        IssueTokenResponse: MessageTypeDefinition<_kernel_authenticator_v1_IssueTokenResponse, _kernel_authenticator_v1_IssueTokenResponse__Output>
      }
    }
  }
}

