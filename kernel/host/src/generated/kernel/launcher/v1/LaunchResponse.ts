// Original file: kernel/launcher/v1/launcher.proto


/**
 * LaunchResponse identifies the created container's process.
 */
export interface LaunchResponse {
  /**
   * Host pid of the container's init process.
   */
  'pid'?: (number);
  /**
   * Opaque state the agent checkpoints and hands back on Recover (e.g. the OCI bundle path).
   */
  'launcherState'?: (string);
}

/**
 * LaunchResponse identifies the created container's process.
 */
export interface LaunchResponse__Output {
  /**
   * Host pid of the container's init process.
   */
  'pid': (number);
  /**
   * Opaque state the agent checkpoints and hands back on Recover (e.g. the OCI bundle path).
   */
  'launcherState': (string);
}
