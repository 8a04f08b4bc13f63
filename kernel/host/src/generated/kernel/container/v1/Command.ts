// Original file: kernel/container/v1/container.proto


/**
 * Command is a command line run inside the container's context.
 */
export interface Command {
  /**
   * Argv; args[0] is resolved with the container's PATH.
   */
  'args'?: (string)[];
}

/**
 * Command is a command line run inside the container's context.
 */
export interface Command__Output {
  /**
   * Argv; args[0] is resolved with the container's PATH.
   */
  'args': (string)[];
}
