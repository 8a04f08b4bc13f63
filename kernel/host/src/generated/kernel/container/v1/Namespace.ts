// Original file: kernel/container/v1/container.proto


/**
 * Namespace is a Linux namespace the container gets.
 */
export interface Namespace {
  /**
   * Namespace type: "pid", "network", "mount", "ipc", "uts", "user", "cgroup" or "time".
   */
  'type'?: (string);
  /**
   * Path of an existing namespace to join (e.g. /proc/<pid>/ns/net); empty creates a new one.
   */
  'path'?: (string);
}

/**
 * Namespace is a Linux namespace the container gets.
 */
export interface Namespace__Output {
  /**
   * Namespace type: "pid", "network", "mount", "ipc", "uts", "user", "cgroup" or "time".
   */
  'type': (string);
  /**
   * Path of an existing namespace to join (e.g. /proc/<pid>/ns/net); empty creates a new one.
   */
  'path': (string);
}
