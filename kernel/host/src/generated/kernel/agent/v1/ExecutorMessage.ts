// Original file: agent.proto


/**
 * ExecutorMessage is opaque data from an executor to its framework.
 */
export interface ExecutorMessage {
  /**
   * Agent the executor runs on.
   */
  'agentId'?: (string);
  /**
   * Framework the executor belongs to.
   */
  'frameworkId'?: (string);
  /**
   * The executor.
   */
  'executorId'?: (string);
  /**
   * The data, passed through untouched.
   */
  'data'?: (Buffer | Uint8Array | string);
}

/**
 * ExecutorMessage is opaque data from an executor to its framework.
 */
export interface ExecutorMessage__Output {
  /**
   * Agent the executor runs on.
   */
  'agentId': (string);
  /**
   * Framework the executor belongs to.
   */
  'frameworkId': (string);
  /**
   * The executor.
   */
  'executorId': (string);
  /**
   * The data, passed through untouched.
   */
  'data': (Buffer);
}
