// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { Termination as _kernel_launcher_v1_Termination, Termination__Output as _kernel_launcher_v1_Termination__Output } from '../../../kernel/launcher/v1/Termination';

/**
 * RecoveredContainer is the state of one known container after recovery.
 */
export interface RecoveredContainer {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * Whether its init process still runs.
   */
  'running'?: (boolean);
  /**
   * How it ended; null while it runs or when the launcher cannot tell.
   */
  'termination'?: (_kernel_launcher_v1_Termination | null);
  /**
   * Host pid of its init process; 0 once it has exited.
   */
  'pid'?: (number);
}

/**
 * RecoveredContainer is the state of one known container after recovery.
 */
export interface RecoveredContainer__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * Whether its init process still runs.
   */
  'running': (boolean);
  /**
   * How it ended; null while it runs or when the launcher cannot tell.
   */
  'termination': (_kernel_launcher_v1_Termination__Output | null);
  /**
   * Host pid of its init process; 0 once it has exited.
   */
  'pid': (number);
}
