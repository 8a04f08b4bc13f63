// Original file: kernel/container/v1/container.proto

import type { ValueType as _kernel_container_v1_ValueType, ValueType__Output as _kernel_container_v1_ValueType__Output } from '../../../kernel/container/v1/ValueType';
import type { ValueRange as _kernel_container_v1_ValueRange, ValueRange__Output as _kernel_container_v1_ValueRange__Output } from '../../../kernel/container/v1/ValueRange';

/**
 * Attribute is one agent attribute (Mesos Attribute): a name and a SCALAR, RANGES, SET or TEXT value.
 */
export interface Attribute {
  /**
   * Attribute name, e.g. "rack".
   */
  'name'?: (string);
  /**
   * Shape of the value; unspecified reads as TEXT.
   */
  'type'?: (_kernel_container_v1_ValueType);
  /**
   * Value of a SCALAR attribute.
   */
  'scalar'?: (number | string);
  /**
   * Ranges of a RANGES attribute.
   */
  'ranges'?: (_kernel_container_v1_ValueRange)[];
  /**
   * Items of a SET attribute.
   */
  'set'?: (string)[];
  /**
   * Value of a TEXT attribute.
   */
  'text'?: (string);
}

/**
 * Attribute is one agent attribute (Mesos Attribute): a name and a SCALAR, RANGES, SET or TEXT value.
 */
export interface Attribute__Output {
  /**
   * Attribute name, e.g. "rack".
   */
  'name': (string);
  /**
   * Shape of the value; unspecified reads as TEXT.
   */
  'type': (_kernel_container_v1_ValueType__Output);
  /**
   * Value of a SCALAR attribute.
   */
  'scalar': (number);
  /**
   * Ranges of a RANGES attribute.
   */
  'ranges': (_kernel_container_v1_ValueRange__Output)[];
  /**
   * Items of a SET attribute.
   */
  'set': (string)[];
  /**
   * Value of a TEXT attribute.
   */
  'text': (string);
}
