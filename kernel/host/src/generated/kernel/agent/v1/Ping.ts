// Original file: agent.proto


/**
 * Ping checks that the agent is alive.
 */
export interface Ping {
  /**
   * Whether the master considers the agent connected.
   */
  'connected'?: (boolean);
}

/**
 * Ping checks that the agent is alive.
 */
export interface Ping__Output {
  /**
   * Whether the master considers the agent connected.
   */
  'connected': (boolean);
}
