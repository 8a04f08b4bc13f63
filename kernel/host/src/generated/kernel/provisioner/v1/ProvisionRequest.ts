// Original file: kernel/provisioner/v1/provisioner.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { Image as _kernel_provisioner_v1_Image, Image__Output as _kernel_provisioner_v1_Image__Output } from '../../../kernel/provisioner/v1/Image';

/**
 * ProvisionRequest asks for a rootfs for a container.
 */
export interface ProvisionRequest {
  /**
   * The container the rootfs is for.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * The image to provision.
   */
  'image'?: (_kernel_provisioner_v1_Image | null);
}

/**
 * ProvisionRequest asks for a rootfs for a container.
 */
export interface ProvisionRequest__Output {
  /**
   * The container the rootfs is for.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * The image to provision.
   */
  'image': (_kernel_provisioner_v1_Image__Output | null);
}
