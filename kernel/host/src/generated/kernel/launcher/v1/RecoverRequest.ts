// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerState as _kernel_container_v1_ContainerState, ContainerState__Output as _kernel_container_v1_ContainerState__Output } from '../../../kernel/container/v1/ContainerState';

/**
 * RecoverRequest lists the containers the agent checkpointed.
 */
export interface RecoverRequest {
  /**
   * Containers the agent knows about.
   */
  'containers'?: (_kernel_container_v1_ContainerState)[];
}

/**
 * RecoverRequest lists the containers the agent checkpointed.
 */
export interface RecoverRequest__Output {
  /**
   * Containers the agent knows about.
   */
  'containers': (_kernel_container_v1_ContainerState__Output)[];
}
