// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { EnvVar as _kernel_container_v1_EnvVar, EnvVar__Output as _kernel_container_v1_EnvVar__Output } from '../../../kernel/container/v1/EnvVar';
import type { User as _kernel_container_v1_User, User__Output as _kernel_container_v1_User__Output } from '../../../kernel/container/v1/User';
import type { TerminalSize as _kernel_launcher_v1_TerminalSize, TerminalSize__Output as _kernel_launcher_v1_TerminalSize__Output } from '../../../kernel/launcher/v1/TerminalSize';

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
   * Bytes written to the command's stdin, which is then closed (unless `interactive`).
   */
  'stdin'?: (Buffer | Uint8Array | string);
  /**
   * Keeps stdin open after `stdin`: ExecInput calls naming `exec_id` write to it and close it.
   */
  'interactive'?: (boolean);
  /**
   * Names the exec for ExecInput, unique among the container's running execs; required with
   * `interactive`.
   */
  'execId'?: (string);
  /**
   * Runs the command on a terminal (its controlling tty, in the container) of this size; the
   * terminal's output, stdout and stderr alike, comes as stdout. Null: no terminal.
   */
  'tty'?: (_kernel_launcher_v1_TerminalSize | null);
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
   * Bytes written to the command's stdin, which is then closed (unless `interactive`).
   */
  'stdin': (Buffer);
  /**
   * Keeps stdin open after `stdin`: ExecInput calls naming `exec_id` write to it and close it.
   */
  'interactive': (boolean);
  /**
   * Names the exec for ExecInput, unique among the container's running execs; required with
   * `interactive`.
   */
  'execId': (string);
  /**
   * Runs the command on a terminal (its controlling tty, in the container) of this size; the
   * terminal's output, stdout and stderr alike, comes as stdout. Null: no terminal.
   */
  'tty': (_kernel_launcher_v1_TerminalSize__Output | null);
}
