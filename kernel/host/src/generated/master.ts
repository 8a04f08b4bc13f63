import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { MasterInfo as _kernel_master_v1_MasterInfo, MasterInfo__Output as _kernel_master_v1_MasterInfo__Output } from './kernel/master/v1/MasterInfo';

export interface ProtoGrpcType {
  kernel: {
    master: {
      v1: {
        MasterInfo: MessageTypeDefinition<_kernel_master_v1_MasterInfo, _kernel_master_v1_MasterInfo__Output>
      }
    }
  }
}

