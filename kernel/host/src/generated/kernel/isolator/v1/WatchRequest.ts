// Original file: kernel/isolator/v1/isolator.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * WatchRequest names the container to watch.
 */
export interface WatchRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
}

/**
 * WatchRequest names the container to watch.
 */
export interface WatchRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
}
