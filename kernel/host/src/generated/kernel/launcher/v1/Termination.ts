// Original file: kernel/launcher/v1/launcher.proto


/**
 * Termination is how a container's process (or an exec'd command) ended.
 */
export interface Termination {
  /**
   * Raw POSIX wait status (as Mesos reports it in executor FAILURE events).
   */
  'status'?: (number);
  /**
   * Exit code, when the process exited normally.
   */
  'exitCode'?: (number);
  /**
   * Number of the signal that killed the process, when it was killed.
   */
  'signal'?: (number);
  /**
   * Human-readable detail, e.g. "killed by SIGKILL".
   */
  'message'?: (string);
  '_exitCode'?: "exitCode";
  '_signal'?: "signal";
}

/**
 * Termination is how a container's process (or an exec'd command) ended.
 */
export interface Termination__Output {
  /**
   * Raw POSIX wait status (as Mesos reports it in executor FAILURE events).
   */
  'status': (number);
  /**
   * Exit code, when the process exited normally.
   */
  'exitCode'?: (number);
  /**
   * Number of the signal that killed the process, when it was killed.
   */
  'signal'?: (number);
  /**
   * Human-readable detail, e.g. "killed by SIGKILL".
   */
  'message': (string);
  '_exitCode'?: "exitCode";
  '_signal'?: "signal";
}
