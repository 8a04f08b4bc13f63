// Original file: kernel/hook/v1/hook.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';

/**
 * AgentRemoveExecutorRequest describes an executor whose container exited and was removed.
 */
export interface AgentRemoveExecutorRequest {
  /**
   * Framework the executor belonged to.
   */
  'frameworkId'?: (string);
  /**
   * Mesos v1 ExecutorInfo JSON; for a command task, the command executor the agent made for it.
   */
  'executorInfoJson'?: (string);
  /**
   * The executor's container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
}

/**
 * AgentRemoveExecutorRequest describes an executor whose container exited and was removed.
 */
export interface AgentRemoveExecutorRequest__Output {
  /**
   * Framework the executor belonged to.
   */
  'frameworkId': (string);
  /**
   * Mesos v1 ExecutorInfo JSON; for a command task, the command executor the agent made for it.
   */
  'executorInfoJson': (string);
  /**
   * The executor's container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
}
