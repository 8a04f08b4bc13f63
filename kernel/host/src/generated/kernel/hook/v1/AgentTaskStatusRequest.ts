// Original file: kernel/hook/v1/hook.proto

import type { Label as _kernel_container_v1_Label, Label__Output as _kernel_container_v1_Label__Output } from '../../../kernel/container/v1/Label';

/**
 * AgentTaskStatusRequest describes a status update passing through the agent.
 */
export interface AgentTaskStatusRequest {
  /**
   * Framework the task belongs to.
   */
  'frameworkId'?: (string);
  /**
   * Mesos v1 TaskStatus JSON.
   */
  'taskStatusJson'?: (string);
  /**
   * The status's labels so far.
   */
  'labels'?: (_kernel_container_v1_Label)[];
}

/**
 * AgentTaskStatusRequest describes a status update passing through the agent.
 */
export interface AgentTaskStatusRequest__Output {
  /**
   * Framework the task belongs to.
   */
  'frameworkId': (string);
  /**
   * Mesos v1 TaskStatus JSON.
   */
  'taskStatusJson': (string);
  /**
   * The status's labels so far.
   */
  'labels': (_kernel_container_v1_Label__Output)[];
}
