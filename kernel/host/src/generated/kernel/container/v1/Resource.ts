// Original file: kernel/container/v1/container.proto

import type { ValueType as _kernel_container_v1_ValueType, ValueType__Output as _kernel_container_v1_ValueType__Output } from '../../../kernel/container/v1/ValueType';
import type { ValueRange as _kernel_container_v1_ValueRange, ValueRange__Output as _kernel_container_v1_ValueRange__Output } from '../../../kernel/container/v1/ValueRange';

/**
 * Resource is one Mesos resource in typed form, plus its full Mesos JSON when it has more.
 */
export interface Resource {
  /**
   * Resource name: "cpus", "mem" (MB), "disk" (MB), "gpus", "ports", ...
   */
  'name'?: (string);
  /**
   * Shape of the value.
   */
  'type'?: (_kernel_container_v1_ValueType);
  /**
   * Quantity of a SCALAR resource.
   */
  'scalar'?: (number | string);
  /**
   * Ranges of a RANGES resource.
   */
  'ranges'?: (_kernel_container_v1_ValueRange)[];
  /**
   * Items of a SET resource.
   */
  'set'?: (string)[];
  /**
   * Role the resource is allocated to or reserved for; "" or "*" means unreserved.
   */
  'role'?: (string);
  /**
   * The whole Mesos v1 Resource as JSON when it carries more (reservations, disk info); may be empty.
   */
  'resourceJson'?: (string);
}

/**
 * Resource is one Mesos resource in typed form, plus its full Mesos JSON when it has more.
 */
export interface Resource__Output {
  /**
   * Resource name: "cpus", "mem" (MB), "disk" (MB), "gpus", "ports", ...
   */
  'name': (string);
  /**
   * Shape of the value.
   */
  'type': (_kernel_container_v1_ValueType__Output);
  /**
   * Quantity of a SCALAR resource.
   */
  'scalar': (number);
  /**
   * Ranges of a RANGES resource.
   */
  'ranges': (_kernel_container_v1_ValueRange__Output)[];
  /**
   * Items of a SET resource.
   */
  'set': (string)[];
  /**
   * Role the resource is allocated to or reserved for; "" or "*" means unreserved.
   */
  'role': (string);
  /**
   * The whole Mesos v1 Resource as JSON when it carries more (reservations, disk info); may be empty.
   */
  'resourceJson': (string);
}
