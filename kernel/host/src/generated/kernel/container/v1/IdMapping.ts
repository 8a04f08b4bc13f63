// Original file: kernel/container/v1/container.proto


/**
 * IdMapping maps a range of ids inside a user namespace to host ids.
 */
export interface IdMapping {
  /**
   * First id inside the container.
   */
  'containerStart'?: (number);
  /**
   * First id on the host.
   */
  'hostStart'?: (number);
  /**
   * Number of ids mapped.
   */
  'size'?: (number);
}

/**
 * IdMapping maps a range of ids inside a user namespace to host ids.
 */
export interface IdMapping__Output {
  /**
   * First id inside the container.
   */
  'containerStart': (number);
  /**
   * First id on the host.
   */
  'hostStart': (number);
  /**
   * Number of ids mapped.
   */
  'size': (number);
}
