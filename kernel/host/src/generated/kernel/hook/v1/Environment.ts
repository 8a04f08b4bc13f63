// Original file: kernel/hook/v1/hook.proto

import type { EnvVar as _kernel_container_v1_EnvVar, EnvVar__Output as _kernel_container_v1_EnvVar__Output } from '../../../kernel/container/v1/EnvVar';

/**
 * Environment is a full replacement environment.
 */
export interface Environment {
  /**
   * The variables.
   */
  'variables'?: (_kernel_container_v1_EnvVar)[];
}

/**
 * Environment is a full replacement environment.
 */
export interface Environment__Output {
  /**
   * The variables.
   */
  'variables': (_kernel_container_v1_EnvVar__Output)[];
}
