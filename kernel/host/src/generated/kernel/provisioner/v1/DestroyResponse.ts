// Original file: kernel/provisioner/v1/provisioner.proto


/**
 * DestroyResponse says whether anything was removed.
 */
export interface DestroyResponse {
  /**
   * False when the container had no rootfs.
   */
  'destroyed'?: (boolean);
}

/**
 * DestroyResponse says whether anything was removed.
 */
export interface DestroyResponse__Output {
  /**
   * False when the container had no rootfs.
   */
  'destroyed': (boolean);
}
