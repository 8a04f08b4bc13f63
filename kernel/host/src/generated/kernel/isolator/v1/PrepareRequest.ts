// Original file: kernel/isolator/v1/isolator.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { ContainerConfig as _kernel_container_v1_ContainerConfig, ContainerConfig__Output as _kernel_container_v1_ContainerConfig__Output } from '../../../kernel/container/v1/ContainerConfig';

/**
 * PrepareRequest describes a container about to be launched.
 */
export interface PrepareRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * What the container is and asks for.
   */
  'config'?: (_kernel_container_v1_ContainerConfig | null);
}

/**
 * PrepareRequest describes a container about to be launched.
 */
export interface PrepareRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * What the container is and asks for.
   */
  'config': (_kernel_container_v1_ContainerConfig__Output | null);
}
