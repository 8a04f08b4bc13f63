// Original file: kernel/isolator/v1/isolator.proto

import type { LaunchInfo as _kernel_container_v1_LaunchInfo, LaunchInfo__Output as _kernel_container_v1_LaunchInfo__Output } from '../../../kernel/container/v1/LaunchInfo';

/**
 * PrepareResponse carries this isolator's part of the container's launch.
 */
export interface PrepareResponse {
  /**
   * The part to merge; null when this isolator adds nothing.
   */
  'launchInfo'?: (_kernel_container_v1_LaunchInfo | null);
}

/**
 * PrepareResponse carries this isolator's part of the container's launch.
 */
export interface PrepareResponse__Output {
  /**
   * The part to merge; null when this isolator adds nothing.
   */
  'launchInfo': (_kernel_container_v1_LaunchInfo__Output | null);
}
