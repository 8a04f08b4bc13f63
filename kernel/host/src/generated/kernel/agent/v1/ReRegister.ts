// Original file: agent.proto

import type { Register as _kernel_agent_v1_Register, Register__Output as _kernel_agent_v1_Register__Output } from '../../../kernel/agent/v1/Register';

/**
 * ReRegister announces a known agent with everything it still runs.
 */
export interface ReRegister {
  /**
   * The agent as in Register, with agent_id set.
   */
  'agent'?: (_kernel_agent_v1_Register | null);
  /**
   * JSON array of Mesos v1 ExecutorInfo of executors it runs.
   */
  'executorInfosJson'?: (string);
  /**
   * JSON array of Mesos v1 Task of tasks it knows.
   */
  'tasksJson'?: (string);
  /**
   * JSON array of Mesos v1 FrameworkInfo of frameworks with executors or tasks on it.
   */
  'frameworkInfosJson'?: (string);
  /**
   * JSON array of completed frameworks (Mesos v1 FrameworkInfo), for the master's history.
   */
  'completedFrameworksJson'?: (string);
  /**
   * JSON array of Mesos v1 Resource the agent checkpointed (reservations, persistent volumes).
   */
  'checkpointedResourcesJson'?: (string);
}

/**
 * ReRegister announces a known agent with everything it still runs.
 */
export interface ReRegister__Output {
  /**
   * The agent as in Register, with agent_id set.
   */
  'agent': (_kernel_agent_v1_Register__Output | null);
  /**
   * JSON array of Mesos v1 ExecutorInfo of executors it runs.
   */
  'executorInfosJson': (string);
  /**
   * JSON array of Mesos v1 Task of tasks it knows.
   */
  'tasksJson': (string);
  /**
   * JSON array of Mesos v1 FrameworkInfo of frameworks with executors or tasks on it.
   */
  'frameworkInfosJson': (string);
  /**
   * JSON array of completed frameworks (Mesos v1 FrameworkInfo), for the master's history.
   */
  'completedFrameworksJson': (string);
  /**
   * JSON array of Mesos v1 Resource the agent checkpointed (reservations, persistent volumes).
   */
  'checkpointedResourcesJson': (string);
}
