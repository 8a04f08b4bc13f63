// Original file: kernel/isolator/v1/isolator.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { Resource as _kernel_container_v1_Resource, Resource__Output as _kernel_container_v1_Resource__Output } from '../../../kernel/container/v1/Resource';

/**
 * UpdateRequest carries a container's new resources.
 */
export interface UpdateRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * Resources the container now requests.
   */
  'resourceRequests'?: (_kernel_container_v1_Resource)[];
  /**
   * Limits above the requests, by resource name ("cpus", "mem"); +Inf means unlimited.
   */
  'resourceLimits'?: ({[key: string]: number | string});
}

/**
 * UpdateRequest carries a container's new resources.
 */
export interface UpdateRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * Resources the container now requests.
   */
  'resourceRequests': (_kernel_container_v1_Resource__Output)[];
  /**
   * Limits above the requests, by resource name ("cpus", "mem"); +Inf means unlimited.
   */
  'resourceLimits': ({[key: string]: number});
}
