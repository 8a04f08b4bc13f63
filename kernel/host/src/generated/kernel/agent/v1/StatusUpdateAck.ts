// Original file: agent.proto


/**
 * StatusUpdateAck tells the agent a status update was acknowledged and may be forgotten.
 */
export interface StatusUpdateAck {
  /**
   * The agent.
   */
  'agentId'?: (string);
  /**
   * Framework the task belongs to.
   */
  'frameworkId'?: (string);
  /**
   * The task.
   */
  'taskId'?: (string);
  /**
   * Uuid of the acknowledged update, exactly the bytes the update carried.
   */
  'uuid'?: (Buffer | Uint8Array | string);
}

/**
 * StatusUpdateAck tells the agent a status update was acknowledged and may be forgotten.
 */
export interface StatusUpdateAck__Output {
  /**
   * The agent.
   */
  'agentId': (string);
  /**
   * Framework the task belongs to.
   */
  'frameworkId': (string);
  /**
   * The task.
   */
  'taskId': (string);
  /**
   * Uuid of the acknowledged update, exactly the bytes the update carried.
   */
  'uuid': (Buffer);
}
