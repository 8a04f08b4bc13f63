// Original file: kernel/provisioner/v1/provisioner.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * ProgressRequest names the container whose pull to follow.
 */
export interface ProgressRequest {
  /**
   * The container being provisioned.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
}

/**
 * ProgressRequest names the container whose pull to follow.
 */
export interface ProgressRequest__Output {
  /**
   * The container being provisioned.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
}
