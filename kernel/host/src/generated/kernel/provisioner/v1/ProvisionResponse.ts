// Original file: kernel/provisioner/v1/provisioner.proto

import type { ImageConfig as _kernel_container_v1_ImageConfig, ImageConfig__Output as _kernel_container_v1_ImageConfig__Output } from '../../../kernel/container/v1/ImageConfig';

/**
 * ProvisionResponse is the provisioned rootfs and the image's runtime config.
 */
export interface ProvisionResponse {
  /**
   * Host path of the container's root filesystem (a real directory, not a symlink).
   */
  'rootfs'?: (string);
  /**
   * Runtime config the image carries (entrypoint, cmd, env, working dir, user).
   */
  'config'?: (_kernel_container_v1_ImageConfig | null);
}

/**
 * ProvisionResponse is the provisioned rootfs and the image's runtime config.
 */
export interface ProvisionResponse__Output {
  /**
   * Host path of the container's root filesystem (a real directory, not a symlink).
   */
  'rootfs': (string);
  /**
   * Runtime config the image carries (entrypoint, cmd, env, working dir, user).
   */
  'config': (_kernel_container_v1_ImageConfig__Output | null);
}
