// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { EnvVar as _kernel_container_v1_EnvVar, EnvVar__Output as _kernel_container_v1_EnvVar__Output } from '../../../kernel/container/v1/EnvVar';
import type { User as _kernel_container_v1_User, User__Output as _kernel_container_v1_User__Output } from '../../../kernel/container/v1/User';

/**
 * ExecRequest runs a command in a running container.
 */
export interface ExecRequest {
  /**
   * The container.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * The command's argv.
   */
  'args'?: (string)[];
  /**
   * Environment, added to the container's own.
   */
  'environment'?: (_kernel_container_v1_EnvVar)[];
  /**
   * Working directory inside the container; empty uses the container's.
   */
  'workingDir'?: (string);
  /**
   * Identity to run as; null uses the container's.
   */
  'user'?: (_kernel_container_v1_User | null);
  /**
   * Bytes written to the command's stdin, which is then closed.
   */
  'stdin'?: (Buffer | Uint8Array | string);
}

/**
 * ExecRequest runs a command in a running container.
 */
export interface ExecRequest__Output {
  /**
   * The container.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * The command's argv.
   */
  'args': (string)[];
  /**
   * Environment, added to the container's own.
   */
  'environment': (_kernel_container_v1_EnvVar__Output)[];
  /**
   * Working directory inside the container; empty uses the container's.
   */
  'workingDir': (string);
  /**
   * Identity to run as; null uses the container's.
   */
  'user': (_kernel_container_v1_User__Output | null);
  /**
   * Bytes written to the command's stdin, which is then closed.
   */
  'stdin': (Buffer);
}
