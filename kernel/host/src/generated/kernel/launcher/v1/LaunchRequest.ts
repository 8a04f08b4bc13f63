// Original file: kernel/launcher/v1/launcher.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { LaunchInfo as _kernel_container_v1_LaunchInfo, LaunchInfo__Output as _kernel_container_v1_LaunchInfo__Output } from '../../../kernel/container/v1/LaunchInfo';

/**
 * LaunchRequest creates a container.
 */
export interface LaunchRequest {
  /**
   * The container to create.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * The merged isolation of every isolator plus the rootfs, user and working dir.
   */
  'launchInfo'?: (_kernel_container_v1_LaunchInfo | null);
  /**
   * The command's argv; args[0] is resolved with the container's PATH.
   */
  'args'?: (string)[];
  /**
   * Host path of the container's sandbox directory.
   */
  'directory'?: (string);
  /**
   * Host file the command's stdout is appended to; empty means <directory>/stdout.
   */
  'stdoutPath'?: (string);
  /**
   * Host file the command's stderr is appended to; empty means <directory>/stderr.
   */
  'stderrPath'?: (string);
}

/**
 * LaunchRequest creates a container.
 */
export interface LaunchRequest__Output {
  /**
   * The container to create.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * The merged isolation of every isolator plus the rootfs, user and working dir.
   */
  'launchInfo': (_kernel_container_v1_LaunchInfo__Output | null);
  /**
   * The command's argv; args[0] is resolved with the container's PATH.
   */
  'args': (string)[];
  /**
   * Host path of the container's sandbox directory.
   */
  'directory': (string);
  /**
   * Host file the command's stdout is appended to; empty means <directory>/stdout.
   */
  'stdoutPath': (string);
  /**
   * Host file the command's stderr is appended to; empty means <directory>/stderr.
   */
  'stderrPath': (string);
}
