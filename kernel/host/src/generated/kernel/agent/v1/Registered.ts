// Original file: agent.proto


/**
 * Registered confirms a first registration.
 */
export interface Registered {
  /**
   * The id the master assigned; the agent checkpoints it.
   */
  'agentId'?: (string);
}

/**
 * Registered confirms a first registration.
 */
export interface Registered__Output {
  /**
   * The id the master assigned; the agent checkpoints it.
   */
  'agentId': (string);
}
