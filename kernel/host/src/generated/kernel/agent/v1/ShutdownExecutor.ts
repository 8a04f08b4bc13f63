// Original file: agent.proto


/**
 * ShutdownExecutor asks the agent to shut one executor down (the scheduler's SHUTDOWN call).
 */
export interface ShutdownExecutor {
  /**
   * The framework.
   */
  'frameworkId'?: (string);
  /**
   * The executor.
   */
  'executorId'?: (string);
}

/**
 * ShutdownExecutor asks the agent to shut one executor down (the scheduler's SHUTDOWN call).
 */
export interface ShutdownExecutor__Output {
  /**
   * The framework.
   */
  'frameworkId': (string);
  /**
   * The executor.
   */
  'executorId': (string);
}
