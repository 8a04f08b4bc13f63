// Original file: kernel/launcher/v1/launcher.proto

import type { RecoveredContainer as _kernel_launcher_v1_RecoveredContainer, RecoveredContainer__Output as _kernel_launcher_v1_RecoveredContainer__Output } from '../../../kernel/launcher/v1/RecoveredContainer';
import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * RecoverResponse tells what became of known containers and which unknown ones still run.
 */
export interface RecoverResponse {
  /**
   * One entry per known container.
   */
  'containers'?: (_kernel_launcher_v1_RecoveredContainer)[];
  /**
   * Containers the launcher still runs that the agent did not list; the agent destroys them.
   */
  'orphans'?: (_kernel_container_v1_ContainerID)[];
}

/**
 * RecoverResponse tells what became of known containers and which unknown ones still run.
 */
export interface RecoverResponse__Output {
  /**
   * One entry per known container.
   */
  'containers': (_kernel_launcher_v1_RecoveredContainer__Output)[];
  /**
   * Containers the launcher still runs that the agent did not list; the agent destroys them.
   */
  'orphans': (_kernel_container_v1_ContainerID__Output)[];
}
