// Original file: kernel/container/v1/container.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { ContainerConfig as _kernel_container_v1_ContainerConfig, ContainerConfig__Output as _kernel_container_v1_ContainerConfig__Output } from '../../../kernel/container/v1/ContainerConfig';

/**
 * ContainerState is what the agent checkpointed about a container, handed back on recovery.
 */
export interface ContainerState {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * Host pid of the container's init process; 0 when unknown.
   */
  'pid'?: (number);
  /**
   * The config the container was prepared with.
   */
  'config'?: (_kernel_container_v1_ContainerConfig | null);
  /**
   * Opaque state the launcher returned from Launch (e.g. an OCI bundle path).
   */
  'launcherState'?: (string);
}

/**
 * ContainerState is what the agent checkpointed about a container, handed back on recovery.
 */
export interface ContainerState__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * Host pid of the container's init process; 0 when unknown.
   */
  'pid': (number);
  /**
   * The config the container was prepared with.
   */
  'config': (_kernel_container_v1_ContainerConfig__Output | null);
  /**
   * Opaque state the launcher returned from Launch (e.g. an OCI bundle path).
   */
  'launcherState': (string);
}
