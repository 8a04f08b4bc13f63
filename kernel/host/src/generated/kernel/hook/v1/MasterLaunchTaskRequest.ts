// Original file: kernel/hook/v1/hook.proto

import type { Label as _kernel_container_v1_Label, Label__Output as _kernel_container_v1_Label__Output } from '../../../kernel/container/v1/Label';
import type { Resource as _kernel_container_v1_Resource, Resource__Output as _kernel_container_v1_Resource__Output } from '../../../kernel/container/v1/Resource';

/**
 * MasterLaunchTaskRequest describes a task the master is launching.
 */
export interface MasterLaunchTaskRequest {
  /**
   * Mesos v1 TaskInfo JSON.
   */
  'taskInfoJson'?: (string);
  /**
   * Mesos v1 FrameworkInfo JSON of the launching framework.
   */
  'frameworkInfoJson'?: (string);
  /**
   * Mesos v1 AgentInfo JSON of the target agent.
   */
  'agentInfoJson'?: (string);
  /**
   * The task's labels so far.
   */
  'labels'?: (_kernel_container_v1_Label)[];
  /**
   * The task's resources so far.
   */
  'resources'?: (_kernel_container_v1_Resource)[];
}

/**
 * MasterLaunchTaskRequest describes a task the master is launching.
 */
export interface MasterLaunchTaskRequest__Output {
  /**
   * Mesos v1 TaskInfo JSON.
   */
  'taskInfoJson': (string);
  /**
   * Mesos v1 FrameworkInfo JSON of the launching framework.
   */
  'frameworkInfoJson': (string);
  /**
   * Mesos v1 AgentInfo JSON of the target agent.
   */
  'agentInfoJson': (string);
  /**
   * The task's labels so far.
   */
  'labels': (_kernel_container_v1_Label__Output)[];
  /**
   * The task's resources so far.
   */
  'resources': (_kernel_container_v1_Resource__Output)[];
}
