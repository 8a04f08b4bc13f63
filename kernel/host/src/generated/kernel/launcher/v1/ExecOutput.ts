// Original file: kernel/launcher/v1/launcher.proto

import type { Termination as _kernel_launcher_v1_Termination, Termination__Output as _kernel_launcher_v1_Termination__Output } from '../../../kernel/launcher/v1/Termination';

/**
 * ExecOutput is one piece of an exec'd command's output, or its end.
 */
export interface ExecOutput {
  /**
   * A chunk of stdout.
   */
  'stdout'?: (Buffer | Uint8Array | string);
  /**
   * A chunk of stderr.
   */
  'stderr'?: (Buffer | Uint8Array | string);
  /**
   * The command ended; this is the last message.
   */
  'exit'?: (_kernel_launcher_v1_Termination | null);
  /**
   * Which piece this is.
   */
  'output'?: "stdout"|"stderr"|"exit";
}

/**
 * ExecOutput is one piece of an exec'd command's output, or its end.
 */
export interface ExecOutput__Output {
  /**
   * A chunk of stdout.
   */
  'stdout'?: (Buffer);
  /**
   * A chunk of stderr.
   */
  'stderr'?: (Buffer);
  /**
   * The command ended; this is the last message.
   */
  'exit'?: (_kernel_launcher_v1_Termination__Output | null);
  /**
   * Which piece this is.
   */
  'output'?: "stdout"|"stderr"|"exit";
}
