// Original file: kernel/hook/v1/hook.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { EnvVar as _kernel_container_v1_EnvVar, EnvVar__Output as _kernel_container_v1_EnvVar__Output } from '../../../kernel/container/v1/EnvVar';
import type { Label as _kernel_container_v1_Label, Label__Output as _kernel_container_v1_Label__Output } from '../../../kernel/container/v1/Label';

/**
 * AgentPreLaunchRequest describes a container about to launch.
 */
export interface AgentPreLaunchRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * Mesos v1 TaskInfo JSON; empty for executor containers.
   */
  'taskInfoJson'?: (string);
  /**
   * Mesos v1 ExecutorInfo JSON; empty for command tasks.
   */
  'executorInfoJson'?: (string);
  /**
   * Host path of the container's sandbox directory.
   */
  'directory'?: (string);
  /**
   * The container's environment so far.
   */
  'environment'?: (_kernel_container_v1_EnvVar)[];
  /**
   * The task's (or executor's) labels.
   */
  'labels'?: (_kernel_container_v1_Label)[];
}

/**
 * AgentPreLaunchRequest describes a container about to launch.
 */
export interface AgentPreLaunchRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * Mesos v1 TaskInfo JSON; empty for executor containers.
   */
  'taskInfoJson': (string);
  /**
   * Mesos v1 ExecutorInfo JSON; empty for command tasks.
   */
  'executorInfoJson': (string);
  /**
   * Host path of the container's sandbox directory.
   */
  'directory': (string);
  /**
   * The container's environment so far.
   */
  'environment': (_kernel_container_v1_EnvVar__Output)[];
  /**
   * The task's (or executor's) labels.
   */
  'labels': (_kernel_container_v1_Label__Output)[];
}
