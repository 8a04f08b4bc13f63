// Original file: kernel/container/v1/container.proto

import type { EnvVar as _kernel_container_v1_EnvVar, EnvVar__Output as _kernel_container_v1_EnvVar__Output } from '../../../kernel/container/v1/EnvVar';
import type { Label as _kernel_container_v1_Label, Label__Output as _kernel_container_v1_Label__Output } from '../../../kernel/container/v1/Label';

/**
 * ImageConfig is the runtime config an image carries (Docker/OCI image config).
 */
export interface ImageConfig {
  /**
   * Entrypoint argv; empty when the image has none.
   */
  'entrypoint'?: (string)[];
  /**
   * Default arguments (Docker Cmd), appended to the entrypoint.
   */
  'cmd'?: (string)[];
  /**
   * Environment the image sets.
   */
  'env'?: (_kernel_container_v1_EnvVar)[];
  /**
   * Working directory inside the image; empty means "/".
   */
  'workingDir'?: (string);
  /**
   * User to run as: "name", "uid", "uid:gid" or "name:group"; empty means root.
   */
  'user'?: (string);
  /**
   * Image labels (e.g. com.nvidia.volumes.needed).
   */
  'labels'?: (_kernel_container_v1_Label)[];
  /**
   * Content digest of the image config ("sha256:..."), a stable id for the image.
   */
  'digest'?: (string);
}

/**
 * ImageConfig is the runtime config an image carries (Docker/OCI image config).
 */
export interface ImageConfig__Output {
  /**
   * Entrypoint argv; empty when the image has none.
   */
  'entrypoint': (string)[];
  /**
   * Default arguments (Docker Cmd), appended to the entrypoint.
   */
  'cmd': (string)[];
  /**
   * Environment the image sets.
   */
  'env': (_kernel_container_v1_EnvVar__Output)[];
  /**
   * Working directory inside the image; empty means "/".
   */
  'workingDir': (string);
  /**
   * User to run as: "name", "uid", "uid:gid" or "name:group"; empty means root.
   */
  'user': (string);
  /**
   * Image labels (e.g. com.nvidia.volumes.needed).
   */
  'labels': (_kernel_container_v1_Label__Output)[];
  /**
   * Content digest of the image config ("sha256:..."), a stable id for the image.
   */
  'digest': (string);
}
