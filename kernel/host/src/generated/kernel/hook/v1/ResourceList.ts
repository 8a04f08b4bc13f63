// Original file: kernel/hook/v1/hook.proto

import type { Resource as _kernel_container_v1_Resource, Resource__Output as _kernel_container_v1_Resource__Output } from '../../../kernel/container/v1/Resource';

/**
 * ResourceList is a full replacement list of resources.
 */
export interface ResourceList {
  /**
   * The resources.
   */
  'resources'?: (_kernel_container_v1_Resource)[];
}

/**
 * ResourceList is a full replacement list of resources.
 */
export interface ResourceList__Output {
  /**
   * The resources.
   */
  'resources': (_kernel_container_v1_Resource__Output)[];
}
