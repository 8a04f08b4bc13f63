// Original file: kernel/isolator/v1/isolator.proto

import type { NetworkInfo as _kernel_isolator_v1_NetworkInfo, NetworkInfo__Output as _kernel_isolator_v1_NetworkInfo__Output } from '../../../kernel/isolator/v1/NetworkInfo';

/**
 * ContainerStatus is isolator-specific status of a container (Mesos ContainerStatus).
 */
export interface ContainerStatus {
  /**
   * Networks the container is attached to.
   */
  'networkInfos'?: (_kernel_isolator_v1_NetworkInfo)[];
  /**
   * Host pid of the container's executor process; 0 when unknown to this isolator.
   */
  'executorPid'?: (number);
}

/**
 * ContainerStatus is isolator-specific status of a container (Mesos ContainerStatus).
 */
export interface ContainerStatus__Output {
  /**
   * Networks the container is attached to.
   */
  'networkInfos': (_kernel_isolator_v1_NetworkInfo__Output)[];
  /**
   * Host pid of the container's executor process; 0 when unknown to this isolator.
   */
  'executorPid': (number);
}
