// Original file: kernel/isolator/v1/isolator.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * IsolateRequest names the container's process.
 */
export interface IsolateRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * Host pid of the container's init process.
   */
  'pid'?: (number);
}

/**
 * IsolateRequest names the container's process.
 */
export interface IsolateRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * Host pid of the container's init process.
   */
  'pid': (number);
}
