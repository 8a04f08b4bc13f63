// Original file: agent.proto


/**
 * RunTask asks the agent to run one task.
 */
export interface RunTask {
  /**
   * Mesos v1 FrameworkInfo JSON of the task's framework.
   */
  'frameworkInfoJson'?: (string);
  /**
   * Mesos v1 TaskInfo JSON of the task (with its executor or command).
   */
  'taskInfoJson'?: (string);
}

/**
 * RunTask asks the agent to run one task.
 */
export interface RunTask__Output {
  /**
   * Mesos v1 FrameworkInfo JSON of the task's framework.
   */
  'frameworkInfoJson': (string);
  /**
   * Mesos v1 TaskInfo JSON of the task (with its executor or command).
   */
  'taskInfoJson': (string);
}
