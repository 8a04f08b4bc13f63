// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * StartRequest names the container to start.
 */
export interface StartRequest {
  /**
   * The launched container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
}

/**
 * StartRequest names the container to start.
 */
export interface StartRequest__Output {
  /**
   * The launched container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
}
