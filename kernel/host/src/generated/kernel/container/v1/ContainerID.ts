// Original file: kernel/container/v1/container.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * ContainerID names a container on an agent (Mesos ContainerID).
 */
export interface ContainerID {
  /**
   * The container's id, unique on its agent (a UUID for top-level containers).
   */
  'value'?: (string);
  /**
   * The parent container of a nested container; null for a top-level container.
   */
  'parent'?: (_kernel_container_v1_ContainerID | null);
}

/**
 * ContainerID names a container on an agent (Mesos ContainerID).
 */
export interface ContainerID__Output {
  /**
   * The container's id, unique on its agent (a UUID for top-level containers).
   */
  'value': (string);
  /**
   * The parent container of a nested container; null for a top-level container.
   */
  'parent': (_kernel_container_v1_ContainerID__Output | null);
}
