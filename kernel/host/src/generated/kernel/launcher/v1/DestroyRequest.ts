// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * DestroyRequest names the container to destroy.
 */
export interface DestroyRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
}

/**
 * DestroyRequest names the container to destroy.
 */
export interface DestroyRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
}
