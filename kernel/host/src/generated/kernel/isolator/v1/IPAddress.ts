// Original file: kernel/isolator/v1/isolator.proto


/**
 * IPAddress is one address of a container on a network.
 */
export interface IPAddress {
  /**
   * "IPv4" or "IPv6".
   */
  'protocol'?: (string);
  /**
   * The address, e.g. "10.1.0.7".
   */
  'ipAddress'?: (string);
}

/**
 * IPAddress is one address of a container on a network.
 */
export interface IPAddress__Output {
  /**
   * "IPv4" or "IPv6".
   */
  'protocol': (string);
  /**
   * The address, e.g. "10.1.0.7".
   */
  'ipAddress': (string);
}
