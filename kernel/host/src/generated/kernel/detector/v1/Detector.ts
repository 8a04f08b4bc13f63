// Original file: kernel/detector/v1/detector.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DetectRequest as _kernel_detector_v1_DetectRequest, DetectRequest__Output as _kernel_detector_v1_DetectRequest__Output } from '../../../kernel/detector/v1/DetectRequest';
import type { LeaderInfo as _kernel_detector_v1_LeaderInfo, LeaderInfo__Output as _kernel_detector_v1_LeaderInfo__Output } from '../../../kernel/detector/v1/LeaderInfo';

/**
 * Detector is served by detector modules.
 */
export interface DetectorClient extends grpc.Client {
  /**
   * Detect streams the leading master: first the current one (possibly none), then one message
   * each time the leader changes. The stream ends with an error when the backend fails for good.
   */
  Detect(argument: _kernel_detector_v1_DetectRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_detector_v1_LeaderInfo__Output>;
  Detect(argument: _kernel_detector_v1_DetectRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_detector_v1_LeaderInfo__Output>;
  /**
   * Detect streams the leading master: first the current one (possibly none), then one message
   * each time the leader changes. The stream ends with an error when the backend fails for good.
   */
  detect(argument: _kernel_detector_v1_DetectRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_detector_v1_LeaderInfo__Output>;
  detect(argument: _kernel_detector_v1_DetectRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kernel_detector_v1_LeaderInfo__Output>;
  
}

/**
 * Detector is served by detector modules.
 */
export interface DetectorHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Detect streams the leading master: first the current one (possibly none), then one message
   * each time the leader changes. The stream ends with an error when the backend fails for good.
   */
  Detect: grpc.handleServerStreamingCall<_kernel_detector_v1_DetectRequest__Output, _kernel_detector_v1_LeaderInfo>;
  
}

export interface DetectorDefinition extends grpc.ServiceDefinition {
  Detect: MethodDefinition<_kernel_detector_v1_DetectRequest, _kernel_detector_v1_LeaderInfo, _kernel_detector_v1_DetectRequest__Output, _kernel_detector_v1_LeaderInfo__Output>
}
