// Original file: agent.proto


/**
 * ShutdownFramework asks the agent to stop everything of a framework.
 */
export interface ShutdownFramework {
  /**
   * The framework.
   */
  'frameworkId'?: (string);
}

/**
 * ShutdownFramework asks the agent to stop everything of a framework.
 */
export interface ShutdownFramework__Output {
  /**
   * The framework.
   */
  'frameworkId': (string);
}
