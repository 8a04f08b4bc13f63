// Original file: kernel/provisioner/v1/provisioner.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * RecoverRequest lists the containers the agent still knows.
 */
export interface RecoverRequest {
  /**
   * Containers whose rootfs must be kept.
   */
  'known'?: (_kernel_container_v1_ContainerID)[];
}

/**
 * RecoverRequest lists the containers the agent still knows.
 */
export interface RecoverRequest__Output {
  /**
   * Containers whose rootfs must be kept.
   */
  'known': (_kernel_container_v1_ContainerID__Output)[];
}
