// Original file: kernel/isolator/v1/isolator.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * CleanupRequest names the container to release.
 */
export interface CleanupRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
}

/**
 * CleanupRequest names the container to release.
 */
export interface CleanupRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
}
