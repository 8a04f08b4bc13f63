// Original file: kernel/container/v1/container.proto


/**
 * Capabilities are the Linux capability sets of the container's process ("CAP_*" names).
 */
export interface Capabilities {
  /**
   * Bounding set.
   */
  'bounding'?: (string)[];
  /**
   * Effective set.
   */
  'effective'?: (string)[];
  /**
   * Permitted set.
   */
  'permitted'?: (string)[];
  /**
   * Inheritable set.
   */
  'inheritable'?: (string)[];
  /**
   * Ambient set (each must also be permitted and inheritable).
   */
  'ambient'?: (string)[];
}

/**
 * Capabilities are the Linux capability sets of the container's process ("CAP_*" names).
 */
export interface Capabilities__Output {
  /**
   * Bounding set.
   */
  'bounding': (string)[];
  /**
   * Effective set.
   */
  'effective': (string)[];
  /**
   * Permitted set.
   */
  'permitted': (string)[];
  /**
   * Inheritable set.
   */
  'inheritable': (string)[];
  /**
   * Ambient set (each must also be permitted and inheritable).
   */
  'ambient': (string)[];
}
