// Original file: kernel/isolator/v1/isolator.proto


/**
 * Supported lists what this isolator provides beyond isolating a container.
 */
export interface Supported {
  /**
   * Named networks (NetworkInfo.name) this isolator joins containers to, e.g. CNI network names.
   */
  'networks'?: (string)[];
  /**
   * Volume source types (Mesos Volume.Source.Type names, e.g. "DOCKER_VOLUME") this isolator mounts.
   */
  'volumeSources'?: (string)[];
}

/**
 * Supported lists what this isolator provides beyond isolating a container.
 */
export interface Supported__Output {
  /**
   * Named networks (NetworkInfo.name) this isolator joins containers to, e.g. CNI network names.
   */
  'networks': (string)[];
  /**
   * Volume source types (Mesos Volume.Source.Type names, e.g. "DOCKER_VOLUME") this isolator mounts.
   */
  'volumeSources': (string)[];
}
