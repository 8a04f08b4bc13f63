// Original file: kernel/hook/v1/hook.proto

import type { Attribute as _kernel_container_v1_Attribute, Attribute__Output as _kernel_container_v1_Attribute__Output } from '../../../kernel/container/v1/Attribute';

/**
 * AttributeList is a full replacement list of attributes.
 */
export interface AttributeList {
  /**
   * The attributes.
   */
  'attributes'?: (_kernel_container_v1_Attribute)[];
}

/**
 * AttributeList is a full replacement list of attributes.
 */
export interface AttributeList__Output {
  /**
   * The attributes.
   */
  'attributes': (_kernel_container_v1_Attribute__Output)[];
}
