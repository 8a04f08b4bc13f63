// Original file: kernel/container/v1/container.proto


/**
 * Mount is one mount applied, in order, in the container's mount namespace (OCI mounts[]).
 */
export interface Mount {
  /**
   * Mount source: a host path for bind mounts, a device or a pseudo-filesystem name otherwise.
   */
  'source'?: (string);
  /**
   * Absolute path inside the container.
   */
  'target'?: (string);
  /**
   * Filesystem type ("bind", "tmpfs", "proc", ...); bind mounts may also use "none" with a bind option.
   */
  'type'?: (string);
  /**
   * Mount options as in OCI: "bind", "rbind", "ro", "nosuid", "mode=755", ...
   */
  'options'?: (string)[];
}

/**
 * Mount is one mount applied, in order, in the container's mount namespace (OCI mounts[]).
 */
export interface Mount__Output {
  /**
   * Mount source: a host path for bind mounts, a device or a pseudo-filesystem name otherwise.
   */
  'source': (string);
  /**
   * Absolute path inside the container.
   */
  'target': (string);
  /**
   * Filesystem type ("bind", "tmpfs", "proc", ...); bind mounts may also use "none" with a bind option.
   */
  'type': (string);
  /**
   * Mount options as in OCI: "bind", "rbind", "ro", "nosuid", "mode=755", ...
   */
  'options': (string)[];
}
