// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * KillRequest signals a container.
 */
export interface KillRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * Signal name, e.g. "SIGTERM" or "SIGKILL"; empty means SIGTERM.
   */
  'signal'?: (string);
  /**
   * Signal every process in the container, not only its init.
   */
  'all'?: (boolean);
}

/**
 * KillRequest signals a container.
 */
export interface KillRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * Signal name, e.g. "SIGTERM" or "SIGKILL"; empty means SIGTERM.
   */
  'signal': (string);
  /**
   * Signal every process in the container, not only its init.
   */
  'all': (boolean);
}
