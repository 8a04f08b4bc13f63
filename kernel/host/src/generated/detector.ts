import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { DetectRequest as _kernel_detector_v1_DetectRequest, DetectRequest__Output as _kernel_detector_v1_DetectRequest__Output } from './kernel/detector/v1/DetectRequest';
import type { DetectorClient as _kernel_detector_v1_DetectorClient, DetectorDefinition as _kernel_detector_v1_DetectorDefinition } from './kernel/detector/v1/Detector';
import type { LeaderInfo as _kernel_detector_v1_LeaderInfo, LeaderInfo__Output as _kernel_detector_v1_LeaderInfo__Output } from './kernel/detector/v1/LeaderInfo';
import type { MasterInfo as _kernel_master_v1_MasterInfo, MasterInfo__Output as _kernel_master_v1_MasterInfo__Output } from './kernel/master/v1/MasterInfo';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kernel: {
    detector: {
      v1: {
        DetectRequest: MessageTypeDefinition<_kernel_detector_v1_DetectRequest, _kernel_detector_v1_DetectRequest__Output>
        /**
         * Detector is served by detector modules.
         */
        Detector: SubtypeConstructor<typeof grpc.Client, _kernel_detector_v1_DetectorClient> & { service: _kernel_detector_v1_DetectorDefinition }
        LeaderInfo: MessageTypeDefinition<_kernel_detector_v1_LeaderInfo, _kernel_detector_v1_LeaderInfo__Output>
      }
    }
    master: {
      v1: {
        MasterInfo: MessageTypeDefinition<_kernel_master_v1_MasterInfo, _kernel_master_v1_MasterInfo__Output>
      }
    }
  }
}

