// Original file: kernel/container/v1/container.proto


/**
 * Device is a device the container may use: a node inside it and an allow rule in the devices cgroup.
 */
export interface Device {
  /**
   * Path of the device node inside the container; empty adds only the cgroup rule.
   */
  'path'?: (string);
  /**
   * Device type: "c" (char), "b" (block), or "a" (all, cgroup rule only).
   */
  'type'?: (string);
  /**
   * Major number; -1 means any.
   */
  'major'?: (number);
  /**
   * Minor number; -1 means any.
   */
  'minor'?: (number);
  /**
   * Access the cgroup rule allows: any of "r", "w", "m" (e.g. "rwm").
   */
  'access'?: (string);
  /**
   * File mode of the node, e.g. 0666 (438); 0 lets the launcher choose.
   */
  'fileMode'?: (number);
  /**
   * Owner uid of the node.
   */
  'uid'?: (number);
  /**
   * Owner gid of the node.
   */
  'gid'?: (number);
}

/**
 * Device is a device the container may use: a node inside it and an allow rule in the devices cgroup.
 */
export interface Device__Output {
  /**
   * Path of the device node inside the container; empty adds only the cgroup rule.
   */
  'path': (string);
  /**
   * Device type: "c" (char), "b" (block), or "a" (all, cgroup rule only).
   */
  'type': (string);
  /**
   * Major number; -1 means any.
   */
  'major': (number);
  /**
   * Minor number; -1 means any.
   */
  'minor': (number);
  /**
   * Access the cgroup rule allows: any of "r", "w", "m" (e.g. "rwm").
   */
  'access': (string);
  /**
   * File mode of the node, e.g. 0666 (438); 0 lets the launcher choose.
   */
  'fileMode': (number);
  /**
   * Owner uid of the node.
   */
  'uid': (number);
  /**
   * Owner gid of the node.
   */
  'gid': (number);
}
