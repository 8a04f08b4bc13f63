// Original file: kernel/container/v1/container.proto


/**
 * EnvVar is one environment variable.
 */
export interface EnvVar {
  /**
   * Variable name, e.g. "PATH".
   */
  'name'?: (string);
  /**
   * Variable value.
   */
  'value'?: (string);
}

/**
 * EnvVar is one environment variable.
 */
export interface EnvVar__Output {
  /**
   * Variable name, e.g. "PATH".
   */
  'name': (string);
  /**
   * Variable value.
   */
  'value': (string);
}
