import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ContendRequest as _kernel_contender_v1_ContendRequest, ContendRequest__Output as _kernel_contender_v1_ContendRequest__Output } from './kernel/contender/v1/ContendRequest';
import type { ContenderClient as _kernel_contender_v1_ContenderClient, ContenderDefinition as _kernel_contender_v1_ContenderDefinition } from './kernel/contender/v1/Contender';
import type { LeadershipEvent as _kernel_contender_v1_LeadershipEvent, LeadershipEvent__Output as _kernel_contender_v1_LeadershipEvent__Output } from './kernel/contender/v1/LeadershipEvent';
import type { WithdrawRequest as _kernel_contender_v1_WithdrawRequest, WithdrawRequest__Output as _kernel_contender_v1_WithdrawRequest__Output } from './kernel/contender/v1/WithdrawRequest';
import type { WithdrawResponse as _kernel_contender_v1_WithdrawResponse, WithdrawResponse__Output as _kernel_contender_v1_WithdrawResponse__Output } from './kernel/contender/v1/WithdrawResponse';
import type { MasterInfo as _kernel_master_v1_MasterInfo, MasterInfo__Output as _kernel_master_v1_MasterInfo__Output } from './kernel/master/v1/MasterInfo';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kernel: {
    contender: {
      v1: {
        ContendRequest: MessageTypeDefinition<_kernel_contender_v1_ContendRequest, _kernel_contender_v1_ContendRequest__Output>
        /**
         * Contender is served by contender modules, one candidacy per contending master.
         */
        Contender: SubtypeConstructor<typeof grpc.Client, _kernel_contender_v1_ContenderClient> & { service: _kernel_contender_v1_ContenderDefinition }
        LeadershipEvent: MessageTypeDefinition<_kernel_contender_v1_LeadershipEvent, _kernel_contender_v1_LeadershipEvent__Output>
        WithdrawRequest: MessageTypeDefinition<_kernel_contender_v1_WithdrawRequest, _kernel_contender_v1_WithdrawRequest__Output>
        WithdrawResponse: MessageTypeDefinition<_kernel_contender_v1_WithdrawResponse, _kernel_contender_v1_WithdrawResponse__Output>
      }
    }
    master: {
      v1: {
        MasterInfo: MessageTypeDefinition<_kernel_master_v1_MasterInfo, _kernel_master_v1_MasterInfo__Output>
      }
    }
  }
}

