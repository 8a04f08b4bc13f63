// Original file: agent.proto


/**
 * FrameworkMessage is opaque data from a framework to one of its executors.
 */
export interface FrameworkMessage {
  /**
   * Agent the executor runs on.
   */
  'agentId'?: (string);
  /**
   * The framework.
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
 * FrameworkMessage is opaque data from a framework to one of its executors.
 */
export interface FrameworkMessage__Output {
  /**
   * Agent the executor runs on.
   */
  'agentId': (string);
  /**
   * The framework.
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
