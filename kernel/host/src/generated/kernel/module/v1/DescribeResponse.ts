// Original file: kernel/module/v1/module.proto


export interface DescribeResponse {
  /**
   * Module kind, lowercase and singular: "contender", "isolator", "hook", ...
   */
  'kind'?: (string);
  /**
   * Module name within its kind: "standalone", "cgroups", ...
   */
  'name'?: (string);
  /**
   * The module's own version (semver).
   */
  'version'?: (string);
  /**
   * Kind API versions this module serves, e.g. ["v1"].
   */
  'apiVersions'?: (string)[];
  /**
   * JSON Schema of the module's config, as JSON text; empty means "no config accepted".
   */
  'configSchemaJson'?: (string);
  /**
   * Further kinds this module also serves (a contender also serves detector and registry).
   */
  'provides'?: (string)[];
}

export interface DescribeResponse__Output {
  /**
   * Module kind, lowercase and singular: "contender", "isolator", "hook", ...
   */
  'kind': (string);
  /**
   * Module name within its kind: "standalone", "cgroups", ...
   */
  'name': (string);
  /**
   * The module's own version (semver).
   */
  'version': (string);
  /**
   * Kind API versions this module serves, e.g. ["v1"].
   */
  'apiVersions': (string)[];
  /**
   * JSON Schema of the module's config, as JSON text; empty means "no config accepted".
   */
  'configSchemaJson': (string);
  /**
   * Further kinds this module also serves (a contender also serves detector and registry).
   */
  'provides': (string)[];
}
