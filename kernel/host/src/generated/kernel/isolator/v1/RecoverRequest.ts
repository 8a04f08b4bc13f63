// Original file: kernel/isolator/v1/isolator.proto

import type { ContainerState as _kernel_container_v1_ContainerState, ContainerState__Output as _kernel_container_v1_ContainerState__Output } from '../../../kernel/container/v1/ContainerState';
import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * RecoverRequest hands the isolator the containers to recover.
 */
export interface RecoverRequest {
  /**
   * Containers the agent checkpointed.
   */
  'states'?: (_kernel_container_v1_ContainerState)[];
  /**
   * Containers the launcher still runs but the agent did not checkpoint; they will be destroyed,
   * so keep enough state to clean them up.
   */
  'orphans'?: (_kernel_container_v1_ContainerID)[];
}

/**
 * RecoverRequest hands the isolator the containers to recover.
 */
export interface RecoverRequest__Output {
  /**
   * Containers the agent checkpointed.
   */
  'states': (_kernel_container_v1_ContainerState__Output)[];
  /**
   * Containers the launcher still runs but the agent did not checkpoint; they will be destroyed,
   * so keep enough state to clean them up.
   */
  'orphans': (_kernel_container_v1_ContainerID__Output)[];
}
