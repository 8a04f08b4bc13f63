// Original file: kernel/module/v1/module.proto


export interface ConfigureRequest {
  /**
   * The module's config as JSON text, already validated by the host against config_schema_json.
   */
  'configJson'?: (string);
  /**
   * Kind API version the host chose (newest in both lists).
   */
  'apiVersion'?: (string);
  /**
   * Directory the module may keep state in across restarts.
   */
  'stateDir'?: (string);
  /**
   * Directory for runtime files (sockets, pid files) cleared at boot.
   */
  'runDir'?: (string);
}

export interface ConfigureRequest__Output {
  /**
   * The module's config as JSON text, already validated by the host against config_schema_json.
   */
  'configJson': (string);
  /**
   * Kind API version the host chose (newest in both lists).
   */
  'apiVersion': (string);
  /**
   * Directory the module may keep state in across restarts.
   */
  'stateDir': (string);
  /**
   * Directory for runtime files (sockets, pid files) cleared at boot.
   */
  'runDir': (string);
}
