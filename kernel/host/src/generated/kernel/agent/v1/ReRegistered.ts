// Original file: agent.proto


/**
 * ReRegistered confirms a re-registration.
 */
export interface ReRegistered {
  /**
   * The agent's id.
   */
  'agentId'?: (string);
}

/**
 * ReRegistered confirms a re-registration.
 */
export interface ReRegistered__Output {
  /**
   * The agent's id.
   */
  'agentId': (string);
}
