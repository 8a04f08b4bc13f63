// Original file: kernel/isolator/v1/isolator.proto

import type { Resource as _kernel_container_v1_Resource, Resource__Output as _kernel_container_v1_Resource__Output } from '../../../kernel/container/v1/Resource';
import type { LimitationReason as _kernel_isolator_v1_LimitationReason, LimitationReason__Output as _kernel_isolator_v1_LimitationReason__Output } from '../../../kernel/isolator/v1/LimitationReason';

/**
 * Limitation reports that a container hit a limit (Mesos ContainerLimitation).
 */
export interface Limitation {
  /**
   * The resources whose limit was hit, with the amount in use.
   */
  'resources'?: (_kernel_container_v1_Resource)[];
  /**
   * Human-readable detail, copied into the task status message.
   */
  'message'?: (string);
  /**
   * Which limit was hit.
   */
  'reason'?: (_kernel_isolator_v1_LimitationReason);
}

/**
 * Limitation reports that a container hit a limit (Mesos ContainerLimitation).
 */
export interface Limitation__Output {
  /**
   * The resources whose limit was hit, with the amount in use.
   */
  'resources': (_kernel_container_v1_Resource__Output)[];
  /**
   * Human-readable detail, copied into the task status message.
   */
  'message': (string);
  /**
   * Which limit was hit.
   */
  'reason': (_kernel_isolator_v1_LimitationReason__Output);
}
