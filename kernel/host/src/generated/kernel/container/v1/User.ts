// Original file: kernel/container/v1/container.proto


/**
 * User is the identity the container's process runs as.
 */
export interface User {
  /**
   * Uid inside the container.
   */
  'uid'?: (number);
  /**
   * Gid inside the container.
   */
  'gid'?: (number);
  /**
   * Supplementary group ids.
   */
  'additionalGids'?: (number)[];
  /**
   * User name to resolve inside the rootfs when uid is unset ("name" or "name:group").
   */
  'name'?: (string);
  '_uid'?: "uid";
  '_gid'?: "gid";
}

/**
 * User is the identity the container's process runs as.
 */
export interface User__Output {
  /**
   * Uid inside the container.
   */
  'uid'?: (number);
  /**
   * Gid inside the container.
   */
  'gid'?: (number);
  /**
   * Supplementary group ids.
   */
  'additionalGids': (number)[];
  /**
   * User name to resolve inside the rootfs when uid is unset ("name" or "name:group").
   */
  'name': (string);
  '_uid'?: "uid";
  '_gid'?: "gid";
}
