// Original file: agent.proto


/**
 * ShutdownAgent tells an agent to stop.
 */
export interface ShutdownAgent {
  /**
   * Why, for the agent's log.
   */
  'message'?: (string);
}

/**
 * ShutdownAgent tells an agent to stop.
 */
export interface ShutdownAgent__Output {
  /**
   * Why, for the agent's log.
   */
  'message': (string);
}
