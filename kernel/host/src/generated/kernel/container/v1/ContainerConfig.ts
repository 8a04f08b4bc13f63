// Original file: kernel/container/v1/container.proto

import type { ContainerID as _kernel_container_v1_ContainerID, ContainerID__Output as _kernel_container_v1_ContainerID__Output } from '../../../kernel/container/v1/ContainerID';
import type { ImageConfig as _kernel_container_v1_ImageConfig, ImageConfig__Output as _kernel_container_v1_ImageConfig__Output } from '../../../kernel/container/v1/ImageConfig';
import type { Resource as _kernel_container_v1_Resource, Resource__Output as _kernel_container_v1_Resource__Output } from '../../../kernel/container/v1/Resource';
import type { PersistentVolume as _kernel_container_v1_PersistentVolume, PersistentVolume__Output as _kernel_container_v1_PersistentVolume__Output } from '../../../kernel/container/v1/PersistentVolume';

/**
 * ContainerConfig is what an isolator learns about a container it prepares (Mesos ContainerConfig).
 * Mesos objects travel as their Mesos v1 JSON text so every kind shares one JSON codec.
 */
export interface ContainerConfig {
  /**
   * The container being prepared.
   */
  'containerId'?: (_kernel_container_v1_ContainerID | null);
  /**
   * Host path of the container's sandbox directory.
   */
  'directory'?: (string);
  /**
   * User the task runs as on the host (Mesos CommandInfo.user or FrameworkInfo.user); may be empty.
   */
  'user'?: (string);
  /**
   * Host path of the provisioned root filesystem; empty when the container has no image.
   */
  'rootfs'?: (string);
  /**
   * Config of the container's image; null when the container has no image.
   */
  'imageConfig'?: (_kernel_container_v1_ImageConfig | null);
  /**
   * Resources the container requests.
   */
  'resources'?: (_kernel_container_v1_Resource)[];
  /**
   * Resource limits above the requests, by resource name ("cpus", "mem"); +Inf means unlimited.
   */
  'limits'?: ({[key: string]: number | string});
  /**
   * Mesos v1 TaskInfo JSON for command tasks; empty for executors and nested containers.
   */
  'taskInfoJson'?: (string);
  /**
   * Mesos v1 ExecutorInfo JSON for top-level executor containers; may be empty.
   */
  'executorInfoJson'?: (string);
  /**
   * Mesos v1 ContainerInfo JSON (image, volumes, network infos, linux info); may be empty.
   */
  'containerInfoJson'?: (string);
  /**
   * Mesos v1 CommandInfo JSON of the command the container will run.
   */
  'commandInfoJson'?: (string);
  /**
   * Persistent volumes among `resources`, with where the agent keeps them on the host.
   */
  'volumes'?: (_kernel_container_v1_PersistentVolume)[];
}

/**
 * ContainerConfig is what an isolator learns about a container it prepares (Mesos ContainerConfig).
 * Mesos objects travel as their Mesos v1 JSON text so every kind shares one JSON codec.
 */
export interface ContainerConfig__Output {
  /**
   * The container being prepared.
   */
  'containerId': (_kernel_container_v1_ContainerID__Output | null);
  /**
   * Host path of the container's sandbox directory.
   */
  'directory': (string);
  /**
   * User the task runs as on the host (Mesos CommandInfo.user or FrameworkInfo.user); may be empty.
   */
  'user': (string);
  /**
   * Host path of the provisioned root filesystem; empty when the container has no image.
   */
  'rootfs': (string);
  /**
   * Config of the container's image; null when the container has no image.
   */
  'imageConfig': (_kernel_container_v1_ImageConfig__Output | null);
  /**
   * Resources the container requests.
   */
  'resources': (_kernel_container_v1_Resource__Output)[];
  /**
   * Resource limits above the requests, by resource name ("cpus", "mem"); +Inf means unlimited.
   */
  'limits': ({[key: string]: number});
  /**
   * Mesos v1 TaskInfo JSON for command tasks; empty for executors and nested containers.
   */
  'taskInfoJson': (string);
  /**
   * Mesos v1 ExecutorInfo JSON for top-level executor containers; may be empty.
   */
  'executorInfoJson': (string);
  /**
   * Mesos v1 ContainerInfo JSON (image, volumes, network infos, linux info); may be empty.
   */
  'containerInfoJson': (string);
  /**
   * Mesos v1 CommandInfo JSON of the command the container will run.
   */
  'commandInfoJson': (string);
  /**
   * Persistent volumes among `resources`, with where the agent keeps them on the host.
   */
  'volumes': (_kernel_container_v1_PersistentVolume__Output)[];
}
