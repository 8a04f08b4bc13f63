// Original file: agent.proto


/**
 * StatusUpdate carries one task status update from the agent.
 */
export interface StatusUpdate {
  /**
   * Framework the task belongs to.
   */
  'frameworkId'?: (string);
  /**
   * Mesos v1 TaskStatus JSON, including agent_id, executor_id and uuid (base64) when it needs an ack.
   */
  'statusJson'?: (string);
  /**
   * The status's uuid as raw bytes (same as in status_json); empty for updates that need no ack.
   */
  'uuid'?: (Buffer | Uint8Array | string);
}

/**
 * StatusUpdate carries one task status update from the agent.
 */
export interface StatusUpdate__Output {
  /**
   * Framework the task belongs to.
   */
  'frameworkId': (string);
  /**
   * Mesos v1 TaskStatus JSON, including agent_id, executor_id and uuid (base64) when it needs an ack.
   */
  'statusJson': (string);
  /**
   * The status's uuid as raw bytes (same as in status_json); empty for updates that need no ack.
   */
  'uuid': (Buffer);
}
