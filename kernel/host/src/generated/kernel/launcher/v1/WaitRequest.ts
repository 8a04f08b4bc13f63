// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * WaitRequest names the container to wait for.
 */
export interface WaitRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
}

/**
 * WaitRequest names the container to wait for.
 */
export interface WaitRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
}
