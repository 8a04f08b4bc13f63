// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { TerminalSize as _kernel_launcher_v1_TerminalSize, TerminalSize__Output as _kernel_launcher_v1_TerminalSize__Output } from '../../../kernel/launcher/v1/TerminalSize';

/**
 * ExecInputRequest is input for an interactive exec.
 */
export interface ExecInputRequest {
  /**
   * The container the exec runs in.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * ExecRequest.exec_id of the exec.
   */
  'execId'?: (string);
  /**
   * Bytes written to the exec's stdin.
   */
  'stdin'?: (Buffer | Uint8Array | string);
  /**
   * Closes its stdin after `stdin`.
   */
  'closeStdin'?: (boolean);
  /**
   * Its terminal's new size (an exec with a terminal only).
   */
  'windowSize'?: (_kernel_launcher_v1_TerminalSize | null);
}

/**
 * ExecInputRequest is input for an interactive exec.
 */
export interface ExecInputRequest__Output {
  /**
   * The container the exec runs in.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * ExecRequest.exec_id of the exec.
   */
  'execId': (string);
  /**
   * Bytes written to the exec's stdin.
   */
  'stdin': (Buffer);
  /**
   * Closes its stdin after `stdin`.
   */
  'closeStdin': (boolean);
  /**
   * Its terminal's new size (an exec with a terminal only).
   */
  'windowSize': (_kernel_launcher_v1_TerminalSize__Output | null);
}
