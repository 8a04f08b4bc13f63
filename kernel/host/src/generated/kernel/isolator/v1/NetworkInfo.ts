// Original file: kernel/isolator/v1/isolator.proto

import type { IPAddress as _kernel_isolator_v1_IPAddress, IPAddress__Output as _kernel_isolator_v1_IPAddress__Output } from '../../../kernel/isolator/v1/IPAddress';

/**
 * NetworkInfo is a container's attachment to one network (Mesos NetworkInfo).
 */
export interface NetworkInfo {
  /**
   * Network name (the CNI network's name); empty for the host network.
   */
  'name'?: (string);
  /**
   * Addresses the container got on it.
   */
  'ipAddresses'?: (_kernel_isolator_v1_IPAddress)[];
}

/**
 * NetworkInfo is a container's attachment to one network (Mesos NetworkInfo).
 */
export interface NetworkInfo__Output {
  /**
   * Network name (the CNI network's name); empty for the host network.
   */
  'name': (string);
  /**
   * Addresses the container got on it.
   */
  'ipAddresses': (_kernel_isolator_v1_IPAddress__Output)[];
}
