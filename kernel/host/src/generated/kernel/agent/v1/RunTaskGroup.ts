// Original file: agent.proto


/**
 * RunTaskGroup asks the agent to run a task group under one executor.
 */
export interface RunTaskGroup {
  /**
   * Mesos v1 FrameworkInfo JSON of the tasks' framework.
   */
  'frameworkInfoJson'?: (string);
  /**
   * Mesos v1 ExecutorInfo JSON of the (default) executor.
   */
  'executorInfoJson'?: (string);
  /**
   * Mesos v1 TaskGroupInfo JSON.
   */
  'taskGroupJson'?: (string);
}

/**
 * RunTaskGroup asks the agent to run a task group under one executor.
 */
export interface RunTaskGroup__Output {
  /**
   * Mesos v1 FrameworkInfo JSON of the tasks' framework.
   */
  'frameworkInfoJson': (string);
  /**
   * Mesos v1 ExecutorInfo JSON of the (default) executor.
   */
  'executorInfoJson': (string);
  /**
   * Mesos v1 TaskGroupInfo JSON.
   */
  'taskGroupJson': (string);
}
