// Original file: agent.proto


/**
 * KillTask asks the agent to kill one task.
 */
export interface KillTask {
  /**
   * Framework the task belongs to.
   */
  'frameworkId'?: (string);
  /**
   * The task.
   */
  'taskId'?: (string);
  /**
   * Mesos v1 KillPolicy JSON overriding the task's own; empty keeps the task's.
   */
  'killPolicyJson'?: (string);
}

/**
 * KillTask asks the agent to kill one task.
 */
export interface KillTask__Output {
  /**
   * Framework the task belongs to.
   */
  'frameworkId': (string);
  /**
   * The task.
   */
  'taskId': (string);
  /**
   * Mesos v1 KillPolicy JSON overriding the task's own; empty keeps the task's.
   */
  'killPolicyJson': (string);
}
