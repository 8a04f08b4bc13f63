// Original file: kernel/registry/v1/registry.proto


/**
 * GetRequest names the key to read.
 */
export interface GetRequest {
  /**
   * The key, e.g. "registry" or "agents/<id>".
   */
  'key'?: (string);
}

/**
 * GetRequest names the key to read.
 */
export interface GetRequest__Output {
  /**
   * The key, e.g. "registry" or "agents/<id>".
   */
  'key': (string);
}
