// Original file: kernel/hook/v1/hook.proto

import type { Label as _kernel_container_v1_Label, Label__Output as _kernel_container_v1_Label__Output } from '../../../kernel/container/v1/Label';
import type { EnvVar as _kernel_container_v1_EnvVar, EnvVar__Output as _kernel_container_v1_EnvVar__Output } from '../../../kernel/container/v1/EnvVar';

/**
 * AgentRunTaskRequest describes a task an agent received.
 */
export interface AgentRunTaskRequest {
  /**
   * Mesos v1 TaskInfo JSON.
   */
  'taskInfoJson'?: (string);
  /**
   * Mesos v1 ExecutorInfo JSON of the task's executor; may be empty for command tasks.
   */
  'executorInfoJson'?: (string);
  /**
   * Mesos v1 FrameworkInfo JSON.
   */
  'frameworkInfoJson'?: (string);
  /**
   * Mesos v1 AgentInfo JSON of this agent.
   */
  'agentInfoJson'?: (string);
  /**
   * The task's labels so far.
   */
  'labels'?: (_kernel_container_v1_Label)[];
  /**
   * The environment so far of the task's command (command tasks) or its executor's command.
   */
  'environment'?: (_kernel_container_v1_EnvVar)[];
}

/**
 * AgentRunTaskRequest describes a task an agent received.
 */
export interface AgentRunTaskRequest__Output {
  /**
   * Mesos v1 TaskInfo JSON.
   */
  'taskInfoJson': (string);
  /**
   * Mesos v1 ExecutorInfo JSON of the task's executor; may be empty for command tasks.
   */
  'executorInfoJson': (string);
  /**
   * Mesos v1 FrameworkInfo JSON.
   */
  'frameworkInfoJson': (string);
  /**
   * Mesos v1 AgentInfo JSON of this agent.
   */
  'agentInfoJson': (string);
  /**
   * The task's labels so far.
   */
  'labels': (_kernel_container_v1_Label__Output)[];
  /**
   * The environment so far of the task's command (command tasks) or its executor's command.
   */
  'environment': (_kernel_container_v1_EnvVar__Output)[];
}
