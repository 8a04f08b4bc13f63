// Original file: kernel/module/v1/module.proto


export interface StopRequest {
  /**
   * Milliseconds the module has to finish stopping before it is killed.
   */
  'deadlineMs'?: (number);
}

export interface StopRequest__Output {
  /**
   * Milliseconds the module has to finish stopping before it is killed.
   */
  'deadlineMs': (number);
}
